"""Locks (锁定): an owner keeps a few customers out of recycling for a while.

A locked customer's recycling due date (``res_partner_recycling.py``) is not
before the end of the lock; each pool sets how many customers a member may
lock (``lock_limit``) and for how long (``lock_days``).
"""

from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"

    pool_locked_until = fields.Date(
        string="Locked Until",
        readonly=True,
        copy=False,
        help="Recycling skips the customer until this date (锁定).",
    )
    pool_lock_user_id = fields.Many2one("res.users", string="Locked By", readonly=True, copy=False)

    def action_pool_lock(self):
        """The owner locks customers (锁定) so that recycling skips them."""
        partners = self.commercial_partner_id
        user = self.env.user
        today = fields.Date.context_today(self)
        partners._pool_check_owner(user)
        for pool, group in partners.grouped("pool_home_id").items():
            if not pool:
                raise UserError(
                    self.env._(
                        "%(partners)s belong to no pool, so no recycling applies: there is "
                        "nothing to lock.",
                        partners=", ".join(group.mapped("display_name")),
                    )
                )
            locked = self.search_count(
                [
                    ("pool_home_id", "=", pool.id),
                    ("pool_lock_user_id", "=", user.id),
                    ("pool_locked_until", ">=", today),
                    ("id", "not in", group.ids),
                ]
            )
            if locked + len(group) > pool.lock_limit:
                raise UserError(
                    self.env._(
                        "Pool %(pool)s allows %(limit)s locked customers per member and you "
                        "already lock %(count)s: unlock one first.",
                        pool=pool.display_name,
                        limit=pool.lock_limit,
                        count=locked,
                    )
                )
            until = today + timedelta(days=pool.lock_days)
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET pool_locked_until = %s, pool_lock_user_id = %s "
                    "WHERE id = ANY(%s)",
                    until,
                    user.id,
                    group.ids,
                )
            )
            self.env["sales.pool.move"]._insert_moves(
                [
                    {
                        "move_type": "locked",
                        "partner_id": p.id,
                        "company_id": p.claim_id.company_id.id,
                        "from_pool_id": pool.id,
                        "from_user_id": user.id,
                        "to_user_id": user.id,
                        "claim_id": p.claim_id.id,
                        "reason": self.env._("Locked until %(date)s", date=until),
                    }
                    for p in group
                ]
            )
        self.invalidate_model(["pool_locked_until", "pool_lock_user_id"])
        self._pool_recompute_recycle_date(partners.ids)
        return True

    def action_pool_unlock(self):
        partners = self.commercial_partner_id.filtered("pool_locked_until")
        partners._pool_check_owner(self.env.user)
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET pool_locked_until = NULL, pool_lock_user_id = NULL "
                "WHERE id = ANY(%s)",
                partners.ids,
            )
        )
        self.env["sales.pool.move"]._insert_moves(
            [
                {
                    "move_type": "unlocked",
                    "partner_id": p.id,
                    "company_id": p.claim_id.company_id.id,
                    "from_pool_id": p.pool_home_id.id,
                    "from_user_id": p.claim_owner_id.id,
                    "to_user_id": p.claim_owner_id.id,
                    "claim_id": p.claim_id.id,
                }
                for p in partners
            ]
        )
        self.invalidate_model(["pool_locked_until", "pool_lock_user_id"])
        self._pool_recompute_recycle_date(partners.ids)
        return True
