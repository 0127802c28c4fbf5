from . import sales_credit_report
