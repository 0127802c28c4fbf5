"""Recycling (回收): an owned customer returns to the public pool (公海) when
its owner lets it sit, e.g. "no follow-up for N days".

Where the rule lives, in the order a customer meets it:

- the rules, per pool: ``sales_pool_recycling.py`` (fields ``followup_days``,
  ``opportunity_days``, ``win_days``, exemptions, warning days; the grade
  rules in ``sales_pool_grade_rule.py`` may shorten or lengthen them);
- the countdown of each owned customer, here: its inputs (last follow-up,
  last new opportunity) and its stored, indexed due date (回收日期),
  recomputed at once by ``_pool_recompute_recycle_date`` when an input
  changes: a follow-up is logged (``mail_message.py``), an opportunity is
  created or won (``crm_lead.py``), the customer is claimed
  (``sales_claim.py``) or locked (``res_partner_lock.py``), the pool's rules
  or grade thresholds change (``sales_pool_recycling.py``,
  ``res_company.py``);
- the daily cron that warns the owners and takes the due customers back:
  ``res_partner_recycling_cron.py``; the customer then goes back to its pool
  through the claim's end (``sales_claim.py``, ``_pool_return_customers``).
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools import calendar_days

RECYCLE_RULES = [
    ("followup", "No follow-up"),
    ("opportunity", "No new opportunity"),
    ("win", "Not won in time"),
]


class ResPartner(models.Model):
    """The recycling countdown (回收倒计时) of owned customers."""

    _inherit = "res.partner"

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

    def init(self):
        """Partial index: only owned customers have a recycling due date; with
        the id, the recycling cron's batches follow it (keyset, see
        ``res_partner_recycling_cron.py``) whatever the number of equal dates."""
        res = super().init()
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_pool_recycle_date_id_idx
                ON res_partner (pool_recycle_date, id) WHERE pool_recycle_date IS NOT NULL
            """
        )
        return res

    # ------------------------------------------------------------------ inputs

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
    def _pool_recompute_recycle_date(self, partner_ids=None, homes=None):
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
        recomputes its customers at once. ``homes``: ``{partner id: pool id}``,
        home pools written with the due date, in the same rewrite of the rows
        (the adoption of existing ownership gives its customers their home).
        """
        if partner_ids is not None and not partner_ids:
            return
        self.env.flush_all()
        if partner_ids is None:
            target = SQL(
                """
                SELECT p.id FROM res_partner p WHERE p.pool_recycle_date IS NOT NULL
                UNION
                SELECT c.partner_id FROM sales_claim c
                 WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                """
            )
        else:
            # the customers given, as they are: one without a claim or a date
            # gets none and is not rewritten (below). Filtering them first by
            # date or claim was planned as a walk of the whole due-date index
            # and of every active claim, at each call
            target = SQL("SELECT DISTINCT u.id FROM unnest(%s::int[]) AS u(id)", list(partner_ids))
        homes = homes or {}
        home_rows = SQL(
            "SELECT * FROM unnest(%s::int[], %s::int[]) AS h(id, home)",
            list(homes),
            list(homes.values()),
        )
        self.env.cr.execute(
            SQL(
                """
                WITH homes AS (%(home_rows)s),
                target AS (%(target)s),
                owned AS (
                    SELECT p.id AS partner_id, c.date_start, c.date_end,
                           COALESCE(h.home, p.pool_home_id) AS pool_home_id,
                           p.customer_grade, p.pool_last_followup_date AS fu,
                           p.pool_last_opportunity_date AS opp, p.pool_locked_until AS lock_end
                      FROM target t
                      JOIN res_partner p ON p.id = t.id
                      -- OFFSET 0: probe the claims of each customer on the
                      -- partner index; joined, a chunk of customers was
                      -- planned as a hash of every active claim
                      CROSS JOIN LATERAL (
                          SELECT c.date_start, c.date_end FROM sales_claim c
                           WHERE c.partner_id = p.id AND c.state = 'active'
                             AND c.key_type IN ('company', 'phone')
                          OFFSET 0
                      ) c
                      LEFT JOIN homes h ON h.id = p.id
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
                           END AS rule,
                           h.home
                      FROM target t
                      LEFT JOIN due d ON d.partner_id = t.id
                      LEFT JOIN homes h ON h.id = t.id
                )
                UPDATE res_partner p
                   SET pool_home_id = COALESCE(r.home, p.pool_home_id),
                       pool_recycle_date = r.due_date,
                       pool_recycle_rule = r.rule,
                       pool_warned_date = CASE WHEN r.due_date IS DISTINCT FROM p.pool_recycle_date
                                               THEN NULL ELSE p.pool_warned_date END
                  FROM result r
                 WHERE p.id = r.partner_id
                   -- rewrite only what changes: every rewritten row costs its indexes
                   AND (p.pool_recycle_date IS DISTINCT FROM r.due_date
                        OR p.pool_recycle_rule IS DISTINCT FROM r.rule
                        OR (r.home IS NOT NULL AND r.home IS DISTINCT FROM p.pool_home_id))
                """,
                home_rows=home_rows,
                target=target,
            )
        )
        self.invalidate_model(
            ["pool_home_id", "pool_recycle_date", "pool_recycle_rule", "pool_warned_date"]
        )
