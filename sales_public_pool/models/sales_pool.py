from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sales_claim_registration.tools.calendar_days import day_start, local_day

DISTRIBUTION_METHODS = [
    ("manual", "By Hand"),
    ("round_robin", "Round-Robin"),
    ("revenue", "Weighted by Won Revenue"),
    ("win_rate", "Weighted by Win Rate"),
]
NOT_NEGATIVE_FIELDS = (
    "holding_cap",
    "daily_cap",
    "reveal_daily_cap",
    "lock_limit",
    "lock_days",
    "warning_days",
    "cooldown_days",
    "max_cycles",
    "distribution_period_days",
)


class SalesPool(models.Model):
    """A public pool (公海) of unowned customers that members claim from.

    Owning a customer is always an active claim (报备): claiming from a pool
    creates a claim, releasing (释放) or recycling (回收) closes it. The pool
    holds the rules: holding cap (保有量上限) and daily claim cap (单日领取上限)
    per member, recycling rules (no follow-up for N days, no new opportunity
    for M days, not won within K days), locks (锁定), warnings, cooldown of the
    previous owner, and how many cycles a customer may do before moving on to
    the overflow pool. The recycling rules are in ``sales_pool_recycling.py``.

    Where a customer goes is explicit: its home pool, else the pool of the
    claim's sales team, else the company's default pool. When none exists the
    customer is flagged "without pool" and the move is logged, never lost.
    """

    _name = "sales.pool"
    _description = "Public Customer Pool"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # scope
    team_ids = fields.Many2many(
        "crm.team",
        "sales_pool_crm_team_rel",
        "pool_id",
        "team_id",
        string="Sales Teams",
        check_company=True,
        help="Customers whose claim was made in one of these teams return to this pool.",
    )
    business_line = fields.Char(help="The business line or department this pool serves.")
    is_default = fields.Boolean(
        string="Default Pool",
        help="Receives customers whose sales team has no pool. One per company.",
    )
    manager_ids = fields.Many2many(
        "res.users",
        "sales_pool_manager_rel",
        "pool_id",
        "user_id",
        string="Administrators",
        domain="[('share', '=', False)]",
        help="Sales managers who configure the pool, assign and distribute its customers.",
    )
    member_ids = fields.Many2many(
        "res.users",
        "sales_pool_member_rel",
        "pool_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False)]",
        help="Sales reps who see the pool's customers and may claim them.",
    )
    # caps
    holding_cap = fields.Integer(
        string="Holding Cap",
        default=50,
        help="Most customers a member may own at once (保有量上限); 0 means no cap.",
    )
    daily_cap = fields.Integer(
        string="Daily Claim Cap",
        default=80,
        help="Most customers a member may claim from this pool per day (单日领取上限); "
        "0 means no cap.",
    )
    reveal_daily_cap = fields.Integer(
        string="Daily Reveal Cap",
        default=20,
        help="Pool customers whose full contact data a member may reveal per day (公海防爬); "
        "0 means members never see them before claiming.",
    )
    won_counts_in_cap = fields.Boolean(
        string="Won Customers Count in Cap",
        default=True,
        help="When unchecked, customers with a won opportunity do not count against "
        "the holding caps.",
    )
    grade_rule_ids = fields.One2many(
        "sales.pool.grade.rule", "pool_id", string="Rules per Grade", copy=True
    )
    # return to the pool: cooldown (冷静期), cycles, overflow pool
    cooldown_days = fields.Integer(
        string="Re-claim Cooldown (days)",
        default=7,
        help="Days during which the previous owner may not claim the customer again.",
    )
    max_cycles = fields.Integer(
        string="Maximum Cycles",
        default=3,
        help="Returns to this pool after which the customer moves to the overflow pool; "
        "0 means no limit.",
    )
    overflow_pool_id = fields.Many2one(
        "sales.pool",
        string="Overflow Pool",
        check_company=True,
        help="Where customers go after the maximum number of cycles in this pool.",
    )
    require_release_note = fields.Boolean(
        string="Release Needs a Follow-up Note",
        help="Members must write a follow-up note when they release a customer.",
    )
    # locks
    lock_limit = fields.Integer(
        string="Locks per Member",
        default=5,
        help="Customers a member may lock (锁定) so that recycling skips them; 0 disables locks.",
    )
    lock_days = fields.Integer(string="Lock Duration (days)", default=30)
    # distribution
    distribution_method = fields.Selection(
        DISTRIBUTION_METHODS,
        required=True,
        default="round_robin",
        help="How administrators distribute customers among members.",
    )
    distribution_period_days = fields.Integer(
        string="Performance Period (days)",
        default=90,
        help="Period of won revenue or win rate used by weighted distribution.",
    )
    last_assigned_user_id = fields.Many2one(
        "res.users", readonly=True, help="Member who received the last round-robin customer."
    )
    # statistics
    customer_ids = fields.One2many("res.partner", "pool_id", string="Customers")
    customer_count = fields.Integer(string="In Pool", compute="_compute_statistics")
    claimed_today_count = fields.Integer(string="Claimed Today", compute="_compute_statistics")
    recycled_week_count = fields.Integer(string="Recycled this Week", compute="_compute_statistics")

    # ------------------------------------------------------------------ computes

    def _compute_statistics(self):
        Move = self.env["sales.pool.move"]
        # the user's today and week, in UTC like the move dates
        now = fields.Datetime.now()
        local_today = local_day(self.env, now)
        today = day_start(self.env, local_today)
        week = day_start(self.env, local_today - timedelta(days=local_today.weekday()))
        in_pool = dict(
            self.env["res.partner"]
            .sudo()  # counts only, shown on the dashboard of pools the user sees
            ._read_group([("pool_id", "in", self.ids)], ["pool_id"], ["__count"])
        )
        claimed = dict(
            Move.sudo()._read_group(
                [
                    ("from_pool_id", "in", self.ids),
                    ("move_type", "=", "claimed"),
                    ("date", ">=", today),
                ],
                ["from_pool_id"],
                ["__count"],
            )
        )
        recycled = dict(
            Move.sudo()._read_group(
                [
                    ("to_pool_id", "in", self.ids),
                    ("move_type", "in", ("recycled", "expired")),
                    ("date", ">=", week),
                ],
                ["to_pool_id"],
                ["__count"],
            )
        )
        for pool in self:
            pool.customer_count = in_pool.get(pool, 0)
            pool.claimed_today_count = claimed.get(pool, 0)
            pool.recycled_week_count = recycled.get(pool, 0)

    # ------------------------------------------------------------------ constraints

    @api.constrains(*NOT_NEGATIVE_FIELDS)
    def _check_not_negative(self):
        for pool in self:
            for fname in NOT_NEGATIVE_FIELDS:
                if pool[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of pool %(pool)s is below zero: enter 0 or more.",
                            field=pool._fields[fname].get_description(self.env)["string"],
                            pool=pool.display_name,
                        )
                    )

    @api.constrains("overflow_pool_id")
    def _check_overflow_cycle(self):
        for pool in self:
            seen = pool
            nxt = pool.overflow_pool_id
            while nxt:
                if nxt in seen:
                    raise ValidationError(
                        self.env._(
                            "The overflow pools of %(pool)s lead back to %(back)s: choose an "
                            "overflow pool that does not send customers back in a circle.",
                            pool=pool.display_name,
                            back=nxt.display_name,
                        )
                    )
                seen |= nxt
                nxt = nxt.overflow_pool_id

    @api.constrains("is_default", "company_id", "active")
    def _check_one_default(self):
        for pool in self.filtered(lambda p: p.is_default and p.active):
            others = self.search_count(
                [
                    ("company_id", "=", pool.company_id.id),
                    ("is_default", "=", True),
                    ("id", "!=", pool.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a default pool: uncheck Default Pool on "
                        "one of them.",
                        company=pool.company_id.display_name,
                    )
                )

    @api.constrains("team_ids", "active")
    def _check_team_one_pool(self):
        for pool in self.filtered("active"):
            other = self.search(
                [("team_ids", "in", pool.team_ids.ids), ("id", "!=", pool.id)], limit=1
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "A sales team of %(pool)s already sends its customers to %(other)s: "
                        "a team belongs to one pool only, remove it from one of them.",
                        pool=pool.display_name,
                        other=other.display_name,
                    )
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        pools = super().create(vals_list)
        pools._subscribe_people()
        return pools

    def write(self, vals):
        res = super().write(vals)
        if {"member_ids", "manager_ids"} & set(vals):
            self._subscribe_people()
        return res

    def _subscribe_people(self):
        """Members and administrators follow their pool: they see its chatter
        and its recycling digests land on a record they already follow."""
        for pool in self:
            partners = (pool.member_ids | pool.manager_ids).partner_id
            if partners:
                pool.message_subscribe(partner_ids=partners.ids)

    # ------------------------------------------------------------------ actions

    @api.readonly
    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_public_pool.res_partner_pool_action"
        )
        action["domain"] = [("pool_id", "=", self.id)]
        action["context"] = {"default_pool_id": self.id}
        return action

    @api.readonly
    def action_open_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_public_pool.sales_pool_move_action"
        )
        action["domain"] = ["|", ("from_pool_id", "=", self.id), ("to_pool_id", "=", self.id)]
        return action

    @api.readonly
    def action_distribute(self):
        self.ensure_one()
        self._check_administrator()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Distribute Customers"),
            "res_model": "sales.pool.distribute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_pool_id": self.id},
        }

    # ------------------------------------------------------------------ business

    def _is_administrator(self, user=None):
        user = user or self.env.user
        return user.has_group("sales_team.group_sale_manager") or all(
            user in pool.manager_ids for pool in self
        )

    def _check_administrator(self):
        if not self._is_administrator():
            raise UserError(
                self.env._(
                    "Only administrators of %(pools)s or sales managers may do this: ask one "
                    "of them.",
                    pools=", ".join(self.mapped("display_name")),
                )
            )

    def _check_member(self, users):
        """Only members take a pool's customers, by any path."""
        for pool in self:
            outsiders = users - pool.member_ids
            if outsiders:
                raise UserError(pool._not_member_message(outsiders))

    def _not_member_message(self, users):
        """The refusal for ``users`` who are not members of this pool."""
        self.ensure_one()
        return self.env._(
            "%(user)s is not a member of pool %(pool)s and cannot take its "
            "customers: ask an administrator of the pool to add them.",
            user=", ".join(users.mapped("name")),
            pool=self.display_name,
        )

    @api.model
    def _get_target_map(self, company_ids):
        """Pools customers return to, per company: ``(by_team, default, active_ids)``.

        ``by_team`` maps ``(company_id, team_id)`` to a pool id and ``default``
        maps a company id to its default pool id.
        """
        # sudo: routing customers back to a pool does not depend on who ended the claim
        pools = self.sudo().search([("company_id", "in", list(company_ids))])
        by_team, default = {}, {}
        for pool in pools:
            for team in pool.team_ids:
                by_team[(pool.company_id.id, team.id)] = pool.id
            if pool.is_default:
                default[pool.company_id.id] = pool.id
        return by_team, default, set(pools.ids)

    @api.model
    def _get_agent_pool_map(self, company_ids):
        """The pool of agents' customers (渠道客户) per company, when active.

        Agents' customers never go to a pool of the direct team: without
        such a pool they have none (see ``res.company.pool_agent_pool_id``).
        """
        # sudo: routing customers back to a pool does not depend on who ended the claim
        companies = self.env["res.company"].sudo().browse(list(company_ids))
        return {
            company.id: company.pool_agent_pool_id.id
            for company in companies
            if company.pool_agent_pool_id.active
        }
