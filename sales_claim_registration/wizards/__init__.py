from . import sales_claim_register_wizard
from . import sales_claim_prospect_wizard
from . import sales_claim_extension_wizard
from . import sales_claim_escalate_wizard
