"""Daily reveal cap (公海防爬, 每日查看上限): a pool member may see the full
contact data of a few pool customers a day before claiming them."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.calendar_days import today_start


class SalesPoolReveal(models.Model):
    """One pool customer whose contact data a member revealed.

    A member reveals at most the pool's ``reveal_daily_cap`` customers per
    day (their calendar day, ``tools/calendar_days.py``); a revealed
    customer stays readable in clear by that member for the rest of their
    day. Each reveal is logged here and on the customer's chatter. The cap is
    counted on a locked counter row (``sales.daily.counter``), so parallel
    requests cannot pass it.
    """

    _name = "sales.pool.reveal"
    _description = "Pool Contact Reveal"
    _order = "create_date desc, id desc"

    user_id = fields.Many2one(
        "res.users", required=True, readonly=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, readonly=True, ondelete="cascade"
    )
    pool_id = fields.Many2one("sales.pool", required=True, readonly=True, ondelete="cascade")
    company_id = fields.Many2one(related="pool_id.company_id", store=True)

    def init(self):
        self.env.cr.execute(
            "CREATE INDEX IF NOT EXISTS sales_pool_reveal_user_date_idx "
            "ON sales_pool_reveal (user_id, create_date)"
        )

    @api.model
    def _revealed_partner_ids(self, user):
        """Customers ``user`` revealed today (their calendar day)."""
        # the clock of create_date (the transaction's start): a reveal and
        # this check agree in one transaction, across midnight too
        since = today_start(self.env, self.env.cr.now(), user)
        rows = self.env.execute_query(
            SQL(
                "SELECT partner_id FROM sales_pool_reveal WHERE user_id = %s AND create_date >= %s",
                user.id,
                since,
            )
        )
        return [row[0] for row in rows]

    @api.model
    def _reveal(self, partner):
        """The current user reveals ``partner`` (a pool customer) for today."""
        user = self.env.user
        # sudo: the pool decides; a member may not read all its settings
        pool = partner.sudo().pool_id
        if not pool:
            raise UserError(
                self.env._(
                    "%(partner)s is not in a public pool: its owner sees its contacts.",
                    partner=partner.display_name,
                )
            )
        if user not in pool.member_ids | pool.manager_ids:
            raise UserError(pool._not_member_message(user))
        if partner.id in self._revealed_partner_ids(user):
            return self.browse()
        scope = f"pool.reveal.{pool.id}"
        if not self.env["sales.daily.counter"]._take(user, scope, pool.reveal_daily_cap):
            raise UserError(
                self.env._(
                    "You already revealed %(cap)s customers of pool %(pool)s today, its daily "
                    "reveal cap: claim the customer to see its contacts, or try tomorrow.",
                    cap=pool.reveal_daily_cap,
                    pool=pool.display_name,
                )
            )
        # sudo: the log is evidence written by this rule only
        reveal = self.sudo().create(
            {"user_id": user.id, "partner_id": partner.id, "pool_id": pool.id}
        )
        # sudo: members may read a pool customer but not post on it; a
        # notification, not a note, so it restarts no recycling countdown
        partner.sudo().message_post(
            body=self.env._(
                "%(user)s revealed the contact data (%(count)s of %(cap)s today in pool %(pool)s).",
                user=user.name,
                count=self.env["sales.daily.counter"]._taken_today(user, scope),
                cap=pool.reveal_daily_cap,
                pool=pool.display_name,
            ),
            author_id=user.partner_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return reveal
