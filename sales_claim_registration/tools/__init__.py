from . import claim_key
