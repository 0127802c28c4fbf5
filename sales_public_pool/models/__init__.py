from . import sales_pool
