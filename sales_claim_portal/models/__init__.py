from . import res_partner
from . import res_config_settings
from . import sales_claim
from . import sales_claim_portal_attempt
