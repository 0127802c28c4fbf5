from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.sales_pool import DISTRIBUTION_METHODS


class SalesPoolDistributeWizard(models.TransientModel):
    """Distribute pool customers among members (公海分配).

    By hand: every customer goes to the chosen member. Round-robin: one
    customer each, in turn, continuing after the member who got the last
    customer of the previous run. Weighted: each member gets a share
    proportional to their won revenue, or win rate, over the pool's period
    (equal shares when nobody has a result), rounded by largest remainder.
    Members at their holding cap are skipped; the caps are checked again by
    the claims themselves.
    """

    _name = "sales.pool.distribute.wizard"
    _description = "Distribute Pool Customers"

    pool_id = fields.Many2one("sales.pool", required=True)
    method = fields.Selection(
        DISTRIBUTION_METHODS,
        required=True,
        default=lambda self: (
            self.env["sales.pool"]
            .browse(self.env.context.get("default_pool_id"))
            .distribution_method
            or "round_robin"
        ),
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        help="Customers to distribute; leave empty to take the oldest customers of the pool.",
    )
    count = fields.Integer(
        string="Number of Customers",
        default=10,
        help="How many of the pool's oldest customers to distribute.",
    )
    member_ids = fields.Many2many(
        "res.users", string="Members", compute="_compute_member_ids", store=True, readonly=False
    )
    user_id = fields.Many2one("res.users", string="Member (by hand)")
    reason = fields.Char()

    @api.depends("pool_id")
    def _compute_member_ids(self):
        for wizard in self:
            wizard.member_ids = wizard.pool_id.member_ids

    def action_distribute(self):
        self.ensure_one()
        pool = self.pool_id
        pool._check_administrator()
        # sudo: customers of other pools are named in the refusal below
        partners = self.partner_ids.sudo().commercial_partner_id or self.env["res.partner"].search(
            [("pool_id", "=", pool.id)], order="pool_date, id", limit=self.count
        )
        if not partners:
            raise UserError(
                self.env._("Pool %(pool)s has no customer to distribute.", pool=pool.name)
            )
        foreign = partners.filtered(lambda p: p.pool_id != pool)
        if foreign:
            raise UserError(
                self.env._(
                    "%(partners)s is not in pool %(pool)s: remove it from the list.",
                    partners=", ".join(foreign.mapped("display_name")),
                    pool=pool.name,
                )
            )
        members = self.user_id if self.method == "manual" else self.member_ids
        if not members:
            raise UserError(
                self.env._("Choose the members to distribute to (Member, by hand, or Members).")
            )
        pool._check_member(members)
        allocation, last_user = self._allocate(partners, members)
        self.env["res.partner"]._pool_lock_rows(partners)
        label = dict(DISTRIBUTION_METHODS)[self.method]
        reason = self.reason or self.env._("Distributed: %(method)s", method=label)
        Claim = self.env["sales.claim"].sudo()  # sudo: administrators create claims for members
        for user, group in allocation.items():
            Claim.with_context(pool_move_type="assigned", pool_reason=reason).create(
                [
                    {
                        "partner_id": p.id,
                        "user_id": user.id,
                        "key_type": "company" if p.is_company else "phone",
                    }
                    for p in group
                ]
            )
        if self.method == "round_robin" and allocation:
            # sudo: the round-robin pointer is bookkeeping, not a setting
            pool.sudo().last_assigned_user_id = last_user
        return {"type": "ir.actions.act_window_close"}

    # ------------------------------------------------------------------ allocation

    def _capacity(self, members):
        """Customers each member may still take (None = no cap)."""
        pool = self.pool_id
        if not pool.holding_cap:
            return dict.fromkeys(members, None)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT user_id, count(*) FROM sales_claim
                    WHERE state = 'active' AND key_type IN ('company', 'phone')
                      AND user_id = ANY(%s) AND company_id = %s GROUP BY user_id""",
                members.ids,
                pool.company_id.id,
            )
        )
        held = dict(self.env.cr.fetchall())
        return {m: max(pool.holding_cap - held.get(m.id, 0), 0) for m in members}

    def _weights(self, members):
        pool = self.pool_id
        since = fields.Datetime.now() - timedelta(days=pool.distribution_period_days or 90)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT l.user_id,
                       COALESCE(sum(l.expected_revenue) FILTER (WHERE s.is_won AND l.active), 0),
                       count(*) FILTER (WHERE s.is_won AND l.active),
                       count(*) FILTER (WHERE NOT l.active AND l.probability = 0)
                  FROM crm_lead l LEFT JOIN crm_stage s ON s.id = l.stage_id
                 WHERE l.user_id = ANY(%s) AND l.date_closed >= %s
                 GROUP BY l.user_id
                """,
                members.ids,
                since,
            )
        )
        stats = {uid: (rev, won, lost) for uid, rev, won, lost in self.env.cr.fetchall()}
        weights = {}
        for member in members:
            rev, won, lost = stats.get(member.id, (0, 0, 0))
            if self.method == "revenue":
                weights[member] = float(rev)
            else:
                weights[member] = won / (won + lost) if won + lost else 0.0
        if not any(weights.values()):
            weights = dict.fromkeys(members, 1.0)
        return weights

    def _allocate(self, partners, members):
        """Return ``({member: partners}, last member served)`` following the method."""
        capacity = self._capacity(members)
        order = list(members)
        if self.method == "round_robin" and self.pool_id.last_assigned_user_id in order:
            start = order.index(self.pool_id.last_assigned_user_id) + 1
            order = order[start:] + order[:start]
        if self.method in ("revenue", "win_rate"):
            weights = self._weights(members)
            total = sum(weights.values())
            exact = {m: len(partners) * weights[m] / total for m in order}
            quota = {m: int(exact[m]) for m in order}
            leftover = len(partners) - sum(quota.values())
            for m in sorted(order, key=lambda m: exact[m] - quota[m], reverse=True)[:leftover]:
                quota[m] += 1
        else:
            quota = dict.fromkeys(order, len(partners))
        allocation = dict.fromkeys(order, self.env["res.partner"])
        queue = list(partners)
        last_user = self.env["res.users"]
        while queue:
            progress = False
            for member in order:
                if not queue:
                    break
                cap = capacity[member]
                if len(allocation[member]) >= quota[member] or (cap is not None and cap <= 0):
                    continue
                allocation[member] |= queue.pop(0)
                last_user = member
                if cap is not None:
                    capacity[member] = cap - 1
                progress = True
            if not progress:
                if any(c is None or c > 0 for c in capacity.values()) and any(
                    len(allocation[m]) >= quota[m] for m in order
                ):
                    quota = dict.fromkeys(order, len(partners))  # spill over to the others
                    continue
                raise UserError(
                    self.env._(
                        "The members of pool %(pool)s are at their holding cap: %(count)s "
                        "customers could not be distributed. Raise the cap or add members.",
                        pool=self.pool_id.name,
                        count=len(queue),
                    )
                )
        return {m: group for m, group in allocation.items() if group}, last_user
