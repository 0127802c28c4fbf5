from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools import calendar_days

from .sales_pool_grade_rule import GRADES

RECYCLE_RULES = [
    ("followup", "No follow-up"),
    ("opportunity", "No new opportunity"),
    ("win", "Not won in time"),
]
ENTRY_TYPES = [
    ("released", "Released"),
    ("recycled", "Recycled"),
    ("expired", "Expired"),
    ("overflow", "Moved to Overflow Pool"),
    ("manual", "Put by Hand"),
]
CUSTOMER_KEYS = ("company", "phone")
MASKED_FIELDS = {"phone", "mobile", "email", "email_formatted", "phone_sanitized"}


def _mask(fname, value):
    """Keep a hint of a phone or email, hide the rest: +86****00, b***@acme.cn."""
    if not value or not isinstance(value, str):
        return value
    if "email" in fname:
        return value[:1] + "***@" + value.rpartition("@")[2].rstrip(">")
    return value[:3] + "****" + value[-2:]


class ResPartner(models.Model):
    """Customers in public pools (公海客户) and the recycling countdown of owned ones.

    A customer is in a pool when nobody owns it (no active claim): ``pool_id``
    says which one. An owned customer keeps its home pool, the pool it returns
    to; its recycling due date (回收日期) is stored and indexed, and recomputed
    at once when a follow-up is logged, an opportunity is created or won, or
    the customer is locked.
    """

    _inherit = "res.partner"

    pool_id = fields.Many2one(
        "sales.pool",
        string="Public Pool",
        index="btree_not_null",
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
    pool_missing = fields.Boolean(
        string="Without Pool",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer lost its owner but no pool is configured for it: configure a "
        "default pool or a pool for its sales team, then put it in a pool.",
    )
    # countdown of owned customers
    pool_last_followup_date = fields.Datetime(
        string="Last Follow-up",
        readonly=True,
        copy=False,
        help="Last note, email, call or done activity on the customer or its opportunities.",
    )
    pool_last_opportunity_date = fields.Datetime(
        string="Last New Opportunity", readonly=True, copy=False
    )
    pool_recycle_date = fields.Datetime(
        string="Recycling Due",
        readonly=True,
        copy=False,
        help="When the customer returns to the pool unless followed up.",
    )
    pool_recycle_rule = fields.Selection(
        RECYCLE_RULES, string="Recycling Rule", readonly=True, copy=False
    )
    pool_days_left = fields.Integer(
        string="Days before Recycling",
        compute="_compute_pool_days_left",
        search="_search_pool_days_left",
        help="Calendar days left before the recycling due date, in your time zone.",
    )
    pool_warned_date = fields.Datetime(readonly=True, copy=False)
    pool_locked_until = fields.Date(
        string="Locked Until",
        readonly=True,
        copy=False,
        help="Recycling skips the customer until this date (锁定).",
    )
    pool_lock_user_id = fields.Many2one("res.users", string="Locked By", readonly=True, copy=False)
    # grade
    customer_grade = fields.Selection(
        GRADES,
        string="Customer Grade",
        default="D",
        index=True,
        readonly=True,
        copy=False,
        help="A/B/C/D by won revenue over the last 12 months (客户分级), thresholds in "
        "the CRM settings; recomputed by the pool cron.",
    )
    pool_won_revenue = fields.Monetary(
        string="Won Revenue (12 months)",
        currency_field="pool_currency_id",
        readonly=True,
        copy=False,
    )
    pool_currency_id = fields.Many2one("res.currency", compute="_compute_pool_currency_id")
    pool_phone_masked = fields.Char(
        string="Phone (masked)",
        compute="_compute_pool_masked",
        help="Contact details stay masked until the customer is claimed.",
    )
    pool_email_masked = fields.Char(string="Email (masked)", compute="_compute_pool_masked")
    pool_move_ids = fields.One2many("sales.pool.move", "partner_id", string="Pool Moves")

    # ------------------------------------------------------------------ computes

    @api.depends_context("uid")
    @api.depends("pool_recycle_date")
    def _compute_pool_days_left(self):
        """Calendar days to recycling in the user's time zone, as claims count them.

        Computed, not stored: a stored count would need a daily rewrite of
        every owned customer.
        """
        now = fields.Datetime.now()
        for partner in self:
            partner.pool_days_left = calendar_days.days_left(
                self.env, partner.pool_recycle_date, now
            )

    def _search_pool_days_left(self, operator, value):
        """The exact counterpart of the computed days left (same calendar days)."""
        if operator not in ("<", "<=", ">", ">=", "="):
            raise UserError(
                self.env._("Days before Recycling can only be compared (<, <=, >, >=, =).")
            )
        now = fields.Datetime.now()
        return calendar_days.days_left_domain(self.env, "pool_recycle_date", operator, value, now)

    def _compute_pool_currency_id(self):
        for partner in self:
            partner.pool_currency_id = (partner.company_id or self.env.company).currency_id

    @api.depends("phone", "mobile", "email", "pool_id")
    def _compute_pool_masked(self):
        for partner in self:
            phone = partner.mobile or partner.phone or False
            email = partner.email or False
            if partner.commercial_partner_id.pool_id:
                phone, email = _mask("phone", phone), _mask("email", email)
            partner.pool_phone_masked = phone
            partner.pool_email_masked = email

    def _read_format(self, fnames, load="_classic_read"):
        """Pool scraping (公海防爬): a pool customer's phone and email are
        masked for reps until they claim it; sales managers see them."""
        result = super()._read_format(fnames, load)
        masked = MASKED_FIELDS & set(fnames)
        if not masked or self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return result
        # sudo: the pool of a contact's company decides, whoever may read it
        pooled = set(self.sudo().filtered(lambda p: p.commercial_partner_id.pool_id).ids)
        for values in result:
            if values["id"] in pooled:
                for fname in masked:
                    values[fname] = _mask(fname, values[fname])
        return result

    def init(self):
        """Partial indexes: only owned customers have a recycling due date;
        few customers are graded above D or have won revenue (the daily
        regrade starts from those)."""
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_pool_recycle_date_idx
                ON res_partner (pool_recycle_date) WHERE pool_recycle_date IS NOT NULL;
            CREATE INDEX IF NOT EXISTS res_partner_pool_graded_idx
                ON res_partner (id) WHERE customer_grade <> 'D' OR pool_won_revenue <> 0
            """
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
        now = fields.Datetime.now()
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
            if (
                partner.pool_previous_owner_id == user
                and partner.pool_cooldown_until
                and partner.pool_cooldown_until > now
            ):
                raise UserError(
                    self.env._(
                        "You released or lost %(partner)s recently: you may claim it again "
                        "from %(date)s (cooldown of pool %(pool)s).",
                        partner=partner.display_name,
                        date=fields.Datetime.to_string(
                            fields.Datetime.context_timestamp(self, partner.pool_cooldown_until)
                        ),
                        pool=partner.pool_id.display_name,
                    )
                )
        self._pool_lock_rows(partners)
        partners = partners.with_env(self.env)
        self.env["sales.claim"].with_context(pool_move_type="claimed").create(
            [
                {
                    "partner_id": p.id,
                    "user_id": user.id,
                    "key_type": "company" if p.is_company else "phone",
                }
                for p in partners
            ]
        )
        return True

    def action_release_to_pool(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Release to Pool"),
            "res_model": "sales.pool.release.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

    def action_assign_from_pool(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign Customers"),
            "res_model": "sales.pool.assign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.commercial_partner_id.ids},
        }

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

    # ------------------------------------------------------------------ helpers

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

    @api.model
    def _pool_register_followup(self, partner_ids=(), lead_ids=()):
        """A follow-up was logged: restart the countdown of these customers at once."""
        if not partner_ids and not lead_ids:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET pool_last_followup_date = %(now)s
                 WHERE id IN (SELECT commercial_partner_id FROM res_partner WHERE id = ANY(%(p)s)
                              UNION
                              SELECT lp.commercial_partner_id FROM crm_lead l
                                JOIN res_partner lp ON lp.id = l.partner_id
                               WHERE l.id = ANY(%(l)s))
                RETURNING id
                """,
                now=fields.Datetime.now(),
                p=list(partner_ids),
                l=list(lead_ids),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["pool_last_followup_date"])
        self._pool_recompute_recycle_date(ids)

    @api.model
    def _pool_register_opportunity(self, lead_ids):
        """A new opportunity was created: restart the "no new opportunity" countdown."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET pool_last_opportunity_date = %(now)s
                 WHERE id IN (SELECT lp.commercial_partner_id FROM crm_lead l
                                JOIN res_partner lp ON lp.id = l.partner_id
                               WHERE l.id = ANY(%(l)s))
                RETURNING id
                """,
                now=fields.Datetime.now(),
                l=list(lead_ids),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.invalidate_model(["pool_last_opportunity_date"])
        self._pool_recompute_recycle_date(ids)

    @api.model
    def _pool_recompute_recycle_date(self, partner_ids=None):
        """Recompute the recycling due date (回收日期) of owned customers, set-based.

        Due date = the earliest of: last follow-up (or claim) + N days, last
        new opportunity (or claim) + M days, claim + K days unless won since
        the claim; N, M and K from the home pool or its rule for the
        customer's grade. No date when the pool exempts the customer (open
        opportunity, already won) or has no rule; not before the end of a
        lock, nor before the end of the protection period when the pool's
        rules may not end protected claims early. ``partner_ids=None``
        recomputes every owned customer (after an upgrade, or by hand): the
        due date only changes with its inputs, and each input change
        recomputes its customers at once.
        """
        if partner_ids is not None and not partner_ids:
            return
        self.env.flush_all()
        if partner_ids is None:
            scope = claim_scope = SQL("TRUE")
        else:
            scope = SQL("p.id = ANY(%s)", list(partner_ids))
            # the same scope on the claims, so that PostgreSQL does not hash
            # every active claim to join a few customers
            claim_scope = SQL("c.partner_id = ANY(%s)", list(partner_ids))
        self.env.cr.execute(
            SQL(
                """
                WITH target AS (
                    SELECT p.id FROM res_partner p
                     WHERE %(scope)s AND p.pool_recycle_date IS NOT NULL
                    UNION
                    SELECT c.partner_id FROM sales_claim c
                     WHERE %(claim_scope)s AND c.state = 'active'
                       AND c.key_type IN ('company', 'phone')
                ),
                owned AS (
                    SELECT p.id AS partner_id, c.date_start, c.date_end, p.pool_home_id,
                           p.customer_grade, p.pool_last_followup_date AS fu,
                           p.pool_last_opportunity_date AS opp, p.pool_locked_until AS lock_end
                      FROM target t
                      JOIN res_partner p ON p.id = t.id
                      JOIN sales_claim c ON c.partner_id = p.id AND c.state = 'active'
                                        AND c.key_type IN ('company', 'phone')
                     WHERE %(claim_scope)s
                ),
                leads AS (
                    SELECT lp.commercial_partner_id AS partner_id,
                           bool_or(l.active AND l.type = 'opportunity'
                                   AND NOT COALESCE(s.is_won, false)) AS has_open,
                           bool_or(l.active AND COALESCE(s.is_won, false)) AS has_won,
                           max(l.date_closed) FILTER (
                               WHERE l.active AND COALESCE(s.is_won, false)) AS last_won
                      FROM crm_lead l
                      JOIN res_partner lp ON lp.id = l.partner_id
                      LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE lp.commercial_partner_id IN (SELECT partner_id FROM owned)
                     GROUP BY lp.commercial_partner_id
                ),
                due AS (
                    SELECT o.partner_id, o.date_end, o.lock_end, sp.recycle_protected,
                           CASE WHEN sp.followup_rule THEN
                                GREATEST(o.date_start, o.fu) + make_interval(days =>
                                    COALESCE(NULLIF(gr.followup_days, 0), sp.followup_days))
                           END AS fu_due,
                           CASE WHEN sp.opportunity_rule THEN
                                GREATEST(o.date_start, o.opp) + make_interval(days =>
                                    COALESCE(NULLIF(gr.opportunity_days, 0), sp.opportunity_days))
                           END AS opp_due,
                           CASE WHEN sp.win_rule
                                 AND NOT COALESCE(ld.last_won >= o.date_start, false)
                                THEN o.date_start + make_interval(days =>
                                    COALESCE(NULLIF(gr.win_days, 0), sp.win_days))
                           END AS win_due,
                           (sp.id IS NULL OR NOT sp.active
                            OR (sp.exempt_open_opportunity AND COALESCE(ld.has_open, false))
                            OR (sp.exempt_won AND COALESCE(ld.has_won, false))) AS exempt
                      FROM owned o
                      LEFT JOIN sales_pool sp ON sp.id = o.pool_home_id
                      LEFT JOIN sales_pool_grade_rule gr ON gr.pool_id = sp.id
                                                        AND gr.grade = o.customer_grade
                      LEFT JOIN leads ld ON ld.partner_id = o.partner_id
                ),
                result AS (
                    SELECT t.id AS partner_id,
                           -- no rule due: no date (GREATEST skips NULLs, so the lock
                           -- or protection end alone would make a due date)
                           CASE WHEN d.exempt OR d.partner_id IS NULL
                                     OR LEAST(d.fu_due, d.opp_due, d.win_due) IS NULL THEN NULL
                                ELSE GREATEST(
                                    LEAST(d.fu_due, d.opp_due, d.win_due),
                                    CASE WHEN NOT d.recycle_protected THEN d.date_end END,
                                    (d.lock_end + 1)::timestamp)
                           END AS due_date,
                           CASE WHEN d.exempt OR d.partner_id IS NULL THEN NULL
                                WHEN LEAST(d.fu_due, d.opp_due, d.win_due) = d.fu_due
                                    THEN 'followup'
                                WHEN LEAST(d.fu_due, d.opp_due, d.win_due) = d.opp_due
                                    THEN 'opportunity'
                                WHEN d.win_due IS NOT NULL THEN 'win'
                           END AS rule
                      FROM target t
                      LEFT JOIN due d ON d.partner_id = t.id
                )
                UPDATE res_partner p
                   SET pool_recycle_date = r.due_date,
                       pool_recycle_rule = r.rule,
                       pool_warned_date = CASE WHEN r.due_date IS DISTINCT FROM p.pool_recycle_date
                                               THEN NULL ELSE p.pool_warned_date END
                  FROM result r
                 WHERE p.id = r.partner_id
                   -- rewrite only what changes: every rewritten row costs its indexes
                   AND (p.pool_recycle_date IS DISTINCT FROM r.due_date
                        OR p.pool_recycle_rule IS DISTINCT FROM r.rule)
                """,
                scope=scope,
                claim_scope=claim_scope,
            )
        )
        self.invalidate_model(["pool_recycle_date", "pool_recycle_rule", "pool_warned_date"])

    @api.model
    def _pool_update_grades(self, partner_ids=None):
        """Grade customers A/B/C/D (客户分级) by won revenue over the last 12 months.

        Won revenue is the expected revenue of won opportunities closed in
        the last 365 days; thresholds come from the customer's company (or the
        current one for shared customers). A customer without won revenue is
        grade D whatever the thresholds, so ``partner_ids=None`` only has to
        look at customers with won revenue in the window and customers
        graded or with revenue before (a partial index finds those): the
        daily run costs what the won deals cost, not the size of the
        customer base. Set-based, idempotent; returns the ids whose grade
        changed.
        """
        self.env.flush_all()
        if partner_ids is None:
            # commercial partners only, by construction (no filter on
            # id = commercial_partner_id: its bad estimate makes a slow plan)
            scope = SQL(
                """p.id IN (SELECT partner_id FROM rev
                            UNION
                            SELECT id FROM res_partner
                             WHERE customer_grade <> 'D' OR pool_won_revenue <> 0)"""
            )
        else:
            scope = SQL("p.id = ANY(%s) AND p.id = p.commercial_partner_id", list(partner_ids))
        self.env.cr.execute(
            SQL(
                """
                WITH rev AS (
                    SELECT lp.commercial_partner_id AS partner_id, sum(l.expected_revenue) AS amount
                      FROM crm_lead l
                      JOIN crm_stage s ON s.id = l.stage_id AND s.is_won
                      JOIN res_partner lp ON lp.id = l.partner_id
                     WHERE l.active AND COALESCE(l.date_closed, l.write_date) >= %(since)s
                     GROUP BY lp.commercial_partner_id
                ),
                graded AS (
                    SELECT p.id, COALESCE(rev.amount, 0) AS amount,
                           CASE WHEN COALESCE(rev.amount, 0) <= 0 THEN 'D'
                                WHEN rev.amount >= rc.pool_grade_a_amount THEN 'A'
                                WHEN rev.amount >= rc.pool_grade_b_amount THEN 'B'
                                WHEN rev.amount >= rc.pool_grade_c_amount THEN 'C'
                                ELSE 'D' END AS grade
                      FROM res_partner p
                      JOIN res_company rc ON rc.id = COALESCE(p.company_id, %(company)s)
                      LEFT JOIN rev ON rev.partner_id = p.id
                     WHERE %(scope)s
                )
                UPDATE res_partner p SET customer_grade = g.grade, pool_won_revenue = g.amount
                  FROM graded g
                 WHERE p.id = g.id
                   AND (p.customer_grade IS DISTINCT FROM g.grade
                        OR p.pool_won_revenue IS DISTINCT FROM g.amount)
                RETURNING p.id
                """,
                since=fields.Datetime.now() - timedelta(days=365),
                company=self.env.company.id,
                scope=scope,
            )
        )
        rows = self.env.cr.fetchall()
        self.invalidate_model(["customer_grade", "pool_won_revenue"])
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ cron

    @api.model
    def _cron_pool_recycle(self, batch_size=None):
        """Daily cron of the public pools: grades, countdowns, warnings, recycling (回收).

        1. regrade the customers whose won revenue changed, 2. recompute
        their due dates and those of the customers falling due, 3. warn
        owners with one digest activity each, 4. recycle due customers in
        batches:
        claims are picked with ``FOR NO KEY UPDATE SKIP LOCKED`` (two workers
        never take the same claim), closed through the claim API (their hook
        puts the customers into their pools and logs the moves in bulk), and
        each batch is committed outside tests. Re-running finds nothing left.
        Claims are closed in one SQL update per batch, then the claim hook
        ``_on_claims_ended('expired')`` runs, exactly as in the claim
        registration's own expiry cron.
        """
        # sudo: a technical setting, read by the cron whoever runs it
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("sales_public_pool.batch_size", 2000)
        )
        now = fields.Datetime.now()
        # grades move with time (won deals age out of the 12 months); due
        # dates only with their inputs, recomputed at once when those
        # change: recompute the regraded customers, and check again the
        # ones falling due before taking them from their owners
        regraded = self._pool_update_grades()
        self.env.cr.execute(SQL("SELECT id FROM res_partner WHERE pool_recycle_date <= %s", now))
        due = [row[0] for row in self.env.cr.fetchall()]
        self._pool_recompute_recycle_date(set(regraded) | set(due))
        self._pool_send_warnings()
        BatchCron = self.env["sales.batch.cron"]
        if BatchCron._batch_auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit  # outside tests only
        cr = self.env.cr
        Claim = self.env["sales.claim"]
        labels = dict(self._fields["pool_recycle_rule"]._description_selection(self.env))

        def pick():
            return SQL(
                """
                SELECT c.id, p.pool_recycle_rule
                  FROM sales_claim c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                   AND p.pool_recycle_date <= %s
                 ORDER BY p.pool_recycle_date, c.id
                 LIMIT %s
                 FOR NO KEY UPDATE OF c SKIP LOCKED
                """,
                now,
                batch_size,
            )

        def recycle(rows):
            texts = {
                rule: self.env._("Recycled: %(rule)s", rule=labels.get(rule, rule))
                for rule in {rule for _id, rule in rows}
            }
            reasons = [texts[rule] for _id, rule in rows]
            ids = [row[0] for row in rows]
            # SQL as the claim expiry cron does: the ORM write would track and
            # post a message per claim; the hook below logs the moves in bulk
            cr.execute(
                SQL(
                    """
                    UPDATE sales_claim c
                       SET state = 'expired', date_closed = %(now)s, close_reason = d.reason,
                           write_date = %(now)s, write_uid = %(uid)s
                      FROM unnest(%(ids)s::int[], %(reasons)s::varchar[]) AS d(id, reason)
                     WHERE c.id = d.id
                    """,
                    now=now,
                    uid=self.env.uid,
                    ids=ids,
                    reasons=reasons,
                )
            )
            Claim.invalidate_model(["state", "date_closed", "close_reason"])
            Claim.browse(ids).with_context(pool_move_type="recycled")._on_claims_ended("expired")

        # the due list was read above: no count per batch
        return BatchCron._run_batches(
            pick, recycle, total=len(due), label="sales.pool: customers recycled"
        )

    @api.model
    def _pool_send_warnings(self):
        """Warn owners before recycling: one digest activity per owner, not one per customer.

        Customers already due are not announced: this run recycles them.
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute("SELECT max(warning_days) FROM sales_pool WHERE active")
        # a constant bound the planner can estimate, before each pool's own
        horizon = now + timedelta(days=self.env.cr.fetchone()[0] or 0)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, c.user_id, p.pool_home_id
                  FROM res_partner p
                  JOIN sales_claim c ON c.partner_id = p.id AND c.state = 'active'
                                    AND c.key_type IN ('company', 'phone')
                  JOIN sales_pool sp ON sp.id = p.pool_home_id
                 WHERE p.pool_recycle_date > %(now)s AND p.pool_recycle_date <= %(horizon)s
                   AND p.pool_warned_date IS NULL
                   AND p.pool_recycle_date <= %(now)s + make_interval(days => sp.warning_days)
                 ORDER BY c.user_id, p.pool_recycle_date
                """,
                now=now,
                horizon=horizon,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        by_owner = {}
        for partner_id, user_id, pool_id in rows:
            by_owner.setdefault(user_id, []).append((partner_id, pool_id))
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        vals_list = []
        pool_model = self.env["ir.model"]._get_id("sales.pool")
        for user_id, items in by_owner.items():
            partners = self.browse([pid for pid, _pool in items])
            user = self.env["res.users"].browse(user_id)
            lines = Markup("").join(
                Markup("<li>%s - %s</li>")
                % (p.display_name, fields.Date.to_string(p.pool_recycle_date.date()))
                for p in partners
            )
            vals_list.append(
                {
                    "res_model_id": pool_model,
                    "res_id": items[0][1],
                    "user_id": user_id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "date_deadline": min(partners.mapped("pool_recycle_date")).date(),
                    "summary": self.with_context(lang=user.lang).env._(
                        "%(count)s of your customers will return to the public pool",
                        count=len(partners),
                    ),
                    "note": Markup("<ul>%s</ul>") % lines,
                }
            )
        # sudo: the cron warns every owner, whatever pool records they can read
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET pool_warned_date = %s WHERE id = ANY(%s)",
                now,
                [row[0] for row in rows],
            )
        )
        self.invalidate_model(["pool_warned_date"])
        return len(by_owner)
