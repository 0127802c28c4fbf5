"""Split types (18.0.1.2.0): the type column exists before the ORM sees it.

A new stored computed column is computed by the ORM for every existing row,
one search of the revenue type per share: hours for millions of shares. The
column created here (empty) is not new to the ORM; ``post-migration.py``
fills it with one ``UPDATE`` per table, then the ORM makes it NOT NULL.
"""

from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    for table in ("sales_credit_split_line", "sales_credit_split_template"):
        cr.execute(
            SQL("ALTER TABLE %s ADD COLUMN IF NOT EXISTS split_type_id int4", SQL.identifier(table))
        )
