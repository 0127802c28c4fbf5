"""The grade thresholds (客户分级) of a company: see ``res_partner_grading.py``."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError

GRADE_FIELDS = {"pool_grade_a_amount", "pool_grade_b_amount", "pool_grade_c_amount"}


class ResCompany(models.Model):
    _inherit = "res.company"

    pool_grade_a_amount = fields.Monetary(
        string="Grade A from",
        currency_field="currency_id",
        default=1000000.0,
        help="Won revenue over the last 12 months from which a customer is grade A.",
    )
    pool_grade_b_amount = fields.Monetary(
        string="Grade B from",
        currency_field="currency_id",
        default=300000.0,
        help="Won revenue over the last 12 months from which a customer is grade B.",
    )
    pool_grade_c_amount = fields.Monetary(
        string="Grade C from",
        currency_field="currency_id",
        default=1.0,
        help="Won revenue over the last 12 months from which a customer is grade C; "
        "below it the customer is grade D (potential).",
    )

    pool_agent_pool_id = fields.Many2one(
        "sales.pool",
        string="Pool for Agents' Customers",
        check_company=True,
        help="Where customers registered through an agent (渠道报备) go when their claim "
        "ends, and whose rules recycle them. Never a pool of the direct team: empty, "
        "agents' customers are never recycled and leave their claim without pool.",
    )

    def write(self, vals):
        res = super().write(vals)
        if GRADE_FIELDS & set(vals):
            # new thresholds: regrade now, and the due dates that depend on grades
            Partner = self.env["res.partner"]
            Partner._pool_recompute_recycle_date(Partner._pool_update_grades())
        return res

    @api.constrains("pool_grade_a_amount", "pool_grade_b_amount", "pool_grade_c_amount")
    def _check_pool_grades(self):
        for company in self:
            if not (
                company.pool_grade_a_amount
                >= company.pool_grade_b_amount
                >= company.pool_grade_c_amount
                >= 0
            ):
                raise ValidationError(
                    self.env._(
                        "Customer grade thresholds of %(company)s must go down from A to C and "
                        "not be negative: Grade A from >= Grade B from >= Grade C from >= 0.",
                        company=company.name,
                    )
                )
