# isort: skip_file
# the mixin is defined before the models that inherit from it
from . import sales_credit_role
from . import sales_credit_user_rate
from . import sales_credit_split_template
from . import sales_credit_split_template_line
from . import sales_credit_split_type
from . import sales_credit_split_mixin
from . import sales_credit_split_check
from . import sales_credit_split_summary
from . import sales_credit_split_agreement_mixin
from . import sales_credit_split_line
from . import sales_credit_split_line_product
from . import sales_credit_split_line_rate
from . import sales_credit_split_line_derived
from . import crm_team
from . import crm_lead
from . import sale_order
from . import sale_order_line
from . import account_move
from . import account_move_duplicate
from . import account_move_line
from . import res_company
from . import res_config_settings
from . import sales_claim_conflict
from . import res_users
