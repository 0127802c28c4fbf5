from . import sales_pool_handover_wizard
