"""The credit report's columns on the shares (18.0.1.3.0).

``credited`` and ``credit_date`` are stored computed fields: created by the
ORM they would be computed share by share for every existing row. Created
and filled here with one ``UPDATE``, they are not new to the ORM.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        ALTER TABLE sales_credit_split_line
            ADD COLUMN IF NOT EXISTS credited boolean,
            ADD COLUMN IF NOT EXISTS credit_date date
        """
    )
    cr.execute(
        """
        UPDATE sales_credit_split_line line
           SET credited = (move.state = 'posted'
                           AND move.move_type IN ('out_invoice', 'out_refund')),
               credit_date = COALESCE(move.invoice_date, move.date)
          FROM account_move move
         WHERE move.id = line.move_id
        """
    )
    cr.execute(
        "UPDATE sales_credit_split_line SET credited = false "
        "WHERE move_id IS NULL AND credited IS NULL"
    )
