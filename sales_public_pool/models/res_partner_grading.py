"""Customer grades (客户分级): A/B/C/D by won revenue over the last 12 months.

The thresholds are company settings (``res_company.py``); the pools may set
caps and recycling days per grade (``sales_pool_grade_rule.py``).
"""

from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .sales_pool_grade_rule import GRADES


class ResPartner(models.Model):
    _inherit = "res.partner"

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

    def _compute_pool_currency_id(self):
        for partner in self:
            partner.pool_currency_id = (partner.company_id or self.env.company).currency_id

    def init(self):
        """Partial index: few customers are graded above D or have won
        revenue, and the daily regrade starts from those."""
        res = super().init()
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_pool_graded_idx
                ON res_partner (id) WHERE customer_grade <> 'D' OR pool_won_revenue <> 0
            """
        )
        return res

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
