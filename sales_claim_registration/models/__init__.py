from . import sales_claim_policy
from . import sales_claim_milestone
from . import sales_claim
from . import sales_claim_extension
from . import res_partner
