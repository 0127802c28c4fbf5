from odoo import api, fields, models
from odoo.tools import SQL

MOVE_TYPES = [
    ("claimed", "Claimed"),
    ("assigned", "Assigned"),
    ("transferred", "Transferred"),
    ("released", "Released"),
    ("recycled", "Recycled"),
    ("expired", "Expired"),
    ("overflow", "Moved to Overflow Pool"),
    ("locked", "Locked"),
    ("unlocked", "Unlocked"),
]


class SalesPoolMove(models.Model):
    """The moves log of the public pools (公海流转记录): every time a customer
    is claimed, assigned, transferred, released, recycled, expires, moves to
    the overflow pool or is locked, one line says who did it, when, why,
    from which owner and pool, to which owner and pool.

    Lines are evidence: nobody edits or deletes them. Crons insert them in
    bulk with ``_insert_moves`` (one ``INSERT ... SELECT`` per batch).
    """

    _name = "sales.pool.move"
    _description = "Public Pool Move"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True, readonly=True)
    move_type = fields.Selection(
        MOVE_TYPES, string="Move", required=True, index=True, readonly=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    from_pool_id = fields.Many2one("sales.pool", string="From Pool", index=True, readonly=True)
    to_pool_id = fields.Many2one("sales.pool", string="To Pool", index=True, readonly=True)
    from_user_id = fields.Many2one("res.users", string="From Owner", index=True, readonly=True)
    to_user_id = fields.Many2one("res.users", string="To Owner", index=True, readonly=True)
    author_id = fields.Many2one(
        "res.users",
        string="Done By",
        readonly=True,
        help="Who did the move (the cron's user for recycling).",
    )
    claim_id = fields.Many2one("sales.claim", index="btree_not_null", readonly=True)
    reason = fields.Char(readonly=True)
    note = fields.Text(string="Follow-up Note", readonly=True)
    customer_grade = fields.Selection(
        related="partner_id.customer_grade", string="Grade", store=False
    )

    @api.model
    def _insert_moves(self, rows):
        """Insert moves in bulk: one ``INSERT ... SELECT unnest(...)`` query.

        ``rows`` are dicts with the keys of ``_bulk_columns`` (missing = NULL).
        """
        if not rows:
            return
        now = fields.Datetime.now()
        cols = self._bulk_columns()
        arrays = {col: [row.get(col) or None for row in rows] for col in cols}
        arrays["date"] = [row.get("date") or now for row in rows]
        arrays["author_id"] = [row.get("author_id") or self.env.uid for row in rows]
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO sales_pool_move (
                    date, move_type, partner_id, company_id, from_pool_id, to_pool_id,
                    from_user_id, to_user_id, author_id, claim_id, reason, note,
                    create_uid, create_date, write_uid, write_date)
                SELECT d, t, p, c, fp, tp, fu, tu, a, cl, r, n, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(date)s::timestamp[], %(move_type)s::varchar[],
                              %(partner_id)s::int[],
                              %(company_id)s::int[], %(from_pool_id)s::int[], %(to_pool_id)s::int[],
                              %(from_user_id)s::int[], %(to_user_id)s::int[], %(author_id)s::int[],
                              %(claim_id)s::int[], %(reason)s::varchar[], %(note)s::text[])
                       AS m(d, t, p, c, fp, tp, fu, tu, a, cl, r, n)
                """,
                uid=self.env.uid,
                now=now,
                **arrays,
            )
        )
        self.invalidate_model()

    @api.model
    def _bulk_columns(self):
        return (
            "date",
            "move_type",
            "partner_id",
            "company_id",
            "from_pool_id",
            "to_pool_id",
            "from_user_id",
            "to_user_id",
            "author_id",
            "claim_id",
            "reason",
            "note",
        )
