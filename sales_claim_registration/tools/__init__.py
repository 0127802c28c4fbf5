from . import claim_key, uninstall
