from . import sales_pool_release_wizard
from . import sales_pool_assign_wizard
from . import sales_pool_distribute_wizard
from . import sales_pool_handover_wizard
