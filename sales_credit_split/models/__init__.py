from . import (
    account_move,
    crm_lead,
    crm_team,
    res_company,
    res_config_settings,
    sale_order,
    sales_credit_role,
    sales_credit_split_line,
    sales_credit_split_mixin,
    sales_credit_split_template,
    sales_credit_split_template_line,
    sales_credit_user_rate,
)
