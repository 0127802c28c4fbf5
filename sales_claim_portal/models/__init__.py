from . import (
    res_config_settings,
    res_partner,
    sales_claim,
    sales_claim_portal_attempt,
    sales_claim_portal_extension,
    sales_claim_portal_form,
    sales_claim_portal_register,
)
