# isort: skip_file
from . import account_invoice_line_agent
from . import account_move
from . import account_move_line
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sales_credit_split_line
