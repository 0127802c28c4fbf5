from . import (
    crm_lead,
    mail_message,
    res_company,
    res_config_settings,
    res_partner,
    res_users,
    sales_claim,
    sales_claim_takeover,
    sales_pool,
    sales_pool_grade_rule,
    sales_pool_move,
)
