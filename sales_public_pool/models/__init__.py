from . import (
    crm_lead,
    mail_message,
    res_company,
    res_config_settings,
    res_partner,
    sales_claim,
    sales_claim_expiry,
    sales_pool,
    sales_pool_followup,
    sales_pool_grade_rule,
    sales_pool_move,
)
