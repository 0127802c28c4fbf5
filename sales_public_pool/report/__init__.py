from . import sales_pool_member_report
