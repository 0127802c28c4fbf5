"""Customers in public pools (公海客户): where they are, and the pool actions.

The rest of the pool partner lives next to this file, one concern each:
``res_partner_masking.py`` (contact data hidden until claimed, 公海防爬),
``res_partner_lock.py`` (锁定), ``res_partner_recycling.py`` (回收: the due
date of owned customers), ``res_partner_recycling_cron.py`` (the daily cron
and its warnings) and ``res_partner_grading.py`` (客户分级 A/B/C/D). The caps
are checked on the claims (``sales_claim_caps.py``).
"""

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

ENTRY_TYPES = [
    ("released", "Released"),
    ("recycled", "Recycled"),
    ("expired", "Expired"),
    ("overflow", "Moved to Overflow Pool"),
    ("manual", "Put by Hand"),
]


class ResPartner(models.Model):
    """Customers in public pools (公海客户).

    A customer is in a pool when nobody owns it (no active claim): ``pool_id``
    says which one. An owned customer keeps its home pool, the pool it returns
    to and whose rules apply to it.
    """

    _inherit = "res.partner"

    # indexed with the date it entered the pool (``init``)
    pool_id = fields.Many2one(
        "sales.pool",
        string="Public Pool",
        readonly=True,
        copy=False,
        help="The pool the customer is in, waiting to be claimed.",
    )
    pool_home_id = fields.Many2one(
        "sales.pool",
        string="Home Pool",
        readonly=True,
        copy=False,
        help="The pool whose rules apply to the customer and to which it returns.",
    )
    pool_date = fields.Datetime(string="In Pool Since", readonly=True, copy=False)
    pool_entry_type = fields.Selection(
        ENTRY_TYPES, string="Entered Pool By", readonly=True, copy=False
    )
    pool_cycle_count = fields.Integer(
        string="Cycles",
        readonly=True,
        copy=False,
        help="Times the customer returned to its current pool; at the pool's maximum it "
        "moves to the overflow pool.",
    )
    pool_previous_owner_id = fields.Many2one(
        "res.users", string="Previous Owner", readonly=True, copy=False
    )
    pool_release_reason = fields.Char(string="Last Release Reason", readonly=True, copy=False)
    pool_cooldown_until = fields.Datetime(
        string="Previous Owner Barred Until",
        readonly=True,
        copy=False,
        help="The previous owner may not claim the customer again before this date.",
    )
    # indexed where true only (``init``)
    pool_missing = fields.Boolean(
        string="Without Pool",
        readonly=True,
        copy=False,
        help="The customer lost its owner but no pool is configured for it: configure a "
        "default pool or a pool for its sales team, then put it in a pool.",
    )
    pool_move_ids = fields.One2many("sales.pool.move", "partner_id", string="Pool Moves")

    def init(self):
        """Partial indexes, on the few rows that need them: a pool's customers
        in the order they entered it (the pool list sorted by "In Pool
        Since", the distribution's pick: 80 rows read, not the whole pool
        sorted), and the customers without a pool (a filter). A plain index
        on ``pool_missing`` would hold every customer ever taken out of a
        pool (false is not null)."""
        res = super().init()
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_pool_date_id_idx
                ON res_partner (pool_id, pool_date, id) WHERE pool_id IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_pool_missing_idx
                ON res_partner (id) WHERE pool_missing
            """
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_pool_customer(self):
        self._check_pool_customer_kept(self.env._("deleted"))

    def _check_pool_customer_kept(self, action):
        """A pool customer is company data shared by the pool's members: a
        sales manager may delete or archive it (a false or duplicate
        record), nobody else, not even with Odoo's right to delete
        contacts; archived, it would leave every member's list."""
        if self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return
        # sudo: the pool decides, whether or not the user may read it
        pooled = self.sudo().filtered("pool_id")
        if pooled:
            raise UserError(
                self.env._(
                    "%(partners)s waits in public pool %(pool)s and cannot be %(action)s: "
                    "claim it from the pool, or ask a sales manager about a false record.",
                    partners=", ".join(pooled.mapped("display_name")),
                    pool=pooled[:1].pool_id.display_name,
                    action=action,
                )
            )

    # ------------------------------------------------------------------ actions

    def action_claim_from_pool(self):
        """A member claims customers from their pool (领取).

        The partner rows are locked with ``NOWAIT`` first: of two reps who
        claim the same customer at the same moment exactly one wins and the
        other learns it at once; the claim itself is created through
        sales_claim_registration, whose hooks enforce the caps.
        """
        # sudo: a non-member cannot read the pool's customers; the membership
        # check below must still give them a clear message
        partners = self.sudo().commercial_partner_id
        user = self.env.user
        for partner in partners:
            if not partner.pool_id:
                raise UserError(
                    self.env._(
                        "%(partner)s is not in a public pool (it may have just been claimed): "
                        "refresh the list.",
                        partner=partner.display_name,
                    )
                )
            partner.pool_id._check_member(user)
            if partner.pool_id.company_id not in self.env.companies:
                raise UserError(
                    self.env["sales.claim"]._pool_other_company_message(partner.pool_id, partner)
                )
            refusal = partner._pool_cooldown_refusal(
                user, partner.pool_previous_owner_id.id, partner.pool_cooldown_until
            )
            if refusal:
                raise UserError(refusal)
        self._pool_lock_rows(partners)
        partners = partners.with_env(self.env)
        self.env["sales.claim"].create(
            [
                {
                    "partner_id": p.id,
                    "user_id": user.id,
                    "key_type": "company" if p.is_company else "phone",
                    # the pool's company, whichever of the user's is current
                    "company_id": p.sudo().pool_id.company_id.id,
                }
                for p in partners
            ]
        )
        return True

    @api.readonly
    def action_release_to_pool(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release to Pool"),
            "res_model": "sales.pool.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    @api.readonly
    def action_assign_from_pool(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Customers"),
            "res_model": "sales.pool.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_put_in_pool(self):
        """Administrators put unowned customers (e.g. "without pool") into a pool."""
        pool = self.env["sales.pool"].browse(self.env.context.get("pool_id"))
        if not pool:
            raise UserError(self.env._("Choose the pool to put the customers in."))
        pool._check_administrator()
        partners = self.commercial_partner_id
        owned = partners.filtered("claim_id")
        if owned:
            raise UserError(
                self.env._(
                    "%(partners)s are owned: only unowned customers can be put in a pool.",
                    partners=", ".join(owned.mapped("display_name")),
                )
            )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET pool_id = %(pool)s, pool_home_id = %(pool)s,
                       pool_date = %(now)s, pool_entry_type = 'manual', pool_missing = false,
                       pool_cycle_count = 0
                 WHERE id = ANY(%(ids)s)
                """,
                pool=pool.id,
                now=fields.Datetime.now(),
                ids=partners.ids,
            )
        )
        self.invalidate_model()
        return True

    # ------------------------------------------------------------------ rules

    def _pool_cooldown_refusal(self, user, previous_owner_id, cooldown_until):
        """Cooldown (冷静期): the previous owner of a customer may not claim
        it again before ``pool_cooldown_until`` (the pool's cooldown days
        after they released or lost it). Returns the refusal, or ``False``.

        Every path that claims a pool customer asks here: the claim from the
        pool (one customer, the values of the record) and the hook of every
        claim (``sales.claim._pool_check_claimable``, the values of its own
        query, so that the batch costs no query more).
        """
        if previous_owner_id != user.id or not cooldown_until:
            return False
        if cooldown_until <= fields.Datetime.now():
            return False
        self.ensure_one()
        values = {
            "partner": self.display_name,
            "date": fields.Datetime.to_string(
                fields.Datetime.context_timestamp(self, cooldown_until)
            ),
            # sudo: the name of the pool only, for who may not read it
            "pool": self.sudo().pool_id.display_name,
        }
        if user == self.env.user:
            return self.env._(
                "You released or lost %(partner)s recently: you may claim it again "
                "from %(date)s (cooldown of pool %(pool)s).",
                **values,
            )
        return self.env._(
            "%(user)s released or lost %(partner)s recently and may claim it again "
            "from %(date)s (cooldown of pool %(pool)s).",
            user=user.name,
            **values,
        )

    def _pool_check_owner(self, user):
        """Only the owner, an administrator of the home pool or a sales manager."""
        for partner in self:
            if partner.claim_owner_id == user:
                continue
            if (
                partner.claim_id
                and partner.pool_home_id
                and partner.pool_home_id._is_administrator(user)
            ):
                continue
            if partner.claim_id and user.has_group("sales_team.group_sale_manager"):
                continue
            raise UserError(
                self.env._(
                    "You do not own %(partner)s (owner: %(owner)s): only its owner or an "
                    "administrator of its pool can do this.",
                    partner=partner.display_name,
                    owner=partner.claim_owner_id.name or self.env._("nobody"),
                )
            )

    def _pool_lock_rows(self, partners):
        """Lock the partner rows, or say at once that someone else is claiming them."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM res_partner WHERE id = ANY(%s) ORDER BY id "
                        "FOR NO KEY UPDATE NOWAIT",
                        partners.ids,
                    )
                )
        except (psycopg2.errors.LockNotAvailable, psycopg2.errors.SerializationFailure):
            raise UserError(
                self.env._(
                    "%(partners)s is being claimed by someone else right now: refresh the "
                    "pool and choose another customer.",
                    partners=", ".join(partners.mapped("display_name")),
                )
            ) from None
