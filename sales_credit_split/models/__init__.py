from . import sales_credit_role
