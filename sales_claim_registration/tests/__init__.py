from . import test_claim_key
from . import test_claim
