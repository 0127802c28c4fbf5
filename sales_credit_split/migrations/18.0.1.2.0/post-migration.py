"""Split types (18.0.1.2.0): every existing share and template is revenue.

Before split types every share was a share of the revenue that totals 100:
the shares and templates of existing documents get the shipped Revenue type
(their credited amounts do not change), and the shipped roles are revenue
roles. Custom roles keep no type: they stay allowed for every type.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

SHIPPED_ROLES = ("role_first_touch", "role_demo", "role_service", "role_signing")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    revenue = env.ref("sales_credit_split.split_type_revenue")
    for table in ("sales_credit_split_line", "sales_credit_split_template"):
        cr.execute(
            SQL(
                "UPDATE %s SET split_type_id = %s WHERE split_type_id IS NULL",
                SQL.identifier(table),
                revenue.id,
            )
        )
    env.invalidate_all()
    for name in SHIPPED_ROLES:
        role = env.ref(f"sales_credit_split.{name}", raise_if_not_found=False)
        if role and not role.split_type_ids:
            role.split_type_ids = revenue
