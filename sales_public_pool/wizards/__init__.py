from . import (
    sales_pool_assign_wizard,
    sales_pool_distribute_wizard,
    sales_pool_distribute_wizard_allocation,
    sales_pool_handover_line,
    sales_pool_handover_wizard,
    sales_pool_release_wizard,
)
