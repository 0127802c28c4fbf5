from . import (
    crm_lead,
    mail_activity,
    res_config_settings,
    res_partner,
    sale_order,
    sales_batch_cron,
    sales_claim,
    sales_claim_conflict,
    sales_claim_documents,
    sales_claim_extension,
    sales_claim_milestone,
    sales_claim_policy,
)
