from . import (
    crm_lead,
    crm_lead_batch,
    mail_activity,
    res_config_settings,
    res_partner,
    sale_order,
    sales_claim,
    sales_claim_conflict,
    sales_claim_extension,
    sales_claim_milestone,
    sales_claim_policy,
)
