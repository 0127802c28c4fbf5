from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.sales_claim_registration.tools.bounds import (
    MAX_CAP,
    MAX_DAYS,
    check_upper_bounds,
)

GRADES = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]


class SalesPoolGradeRule(models.Model):
    """Per-grade exceptions of a pool (客户分级): a holding cap for one grade
    (e.g. at most 20 grade-A customers per member) and recycling days that
    differ from the pool's. Zero means "as the pool"."""

    _name = "sales.pool.grade.rule"
    _description = "Public Pool Rule per Customer Grade"
    _order = "pool_id, grade"

    pool_id = fields.Many2one("sales.pool", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="pool_id.company_id", store=True)
    grade = fields.Selection(GRADES, required=True)
    holding_cap = fields.Integer(
        string="Holding Cap for this Grade",
        help="Most customers of this grade a member may own at once; 0 means no cap "
        "for this grade (the pool's holding cap still applies).",
    )
    followup_days = fields.Integer(
        string="No Follow-up Days",
        help="Days without a logged follow-up before recycling; 0 uses the pool's days.",
    )
    opportunity_days = fields.Integer(
        string="No New Opportunity Days",
        help="Days without a new opportunity before recycling; 0 uses the pool's days.",
    )
    win_days = fields.Integer(
        string="Win Within Days",
        help="Days after the claim within which the customer must be won; 0 uses the pool's days.",
    )

    _sql_constraints = [
        ("grade_uniq", "unique(pool_id, grade)", "A pool has one rule per customer grade."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        rules.pool_id._recompute_recycle_dates()
        return rules

    def write(self, vals):
        pools = self.pool_id
        res = super().write(vals)
        if {"pool_id", "grade", "followup_days", "opportunity_days", "win_days"} & set(vals):
            (pools | self.pool_id)._recompute_recycle_dates()
        return res

    def unlink(self):
        pools = self.pool_id
        res = super().unlink()
        pools._recompute_recycle_dates()
        return res

    @api.constrains("holding_cap", "followup_days", "opportunity_days", "win_days")
    def _check_upper_bounds(self):
        check_upper_bounds(
            self,
            {
                "holding_cap": MAX_CAP,
                "followup_days": MAX_DAYS,
                "opportunity_days": MAX_DAYS,
                "win_days": MAX_DAYS,
            },
            lambda rule: self.env._(
                "the grade %(grade)s rule of pool %(pool)s",
                grade=rule.grade,
                pool=rule.pool_id.display_name,
            ),
        )

    @api.constrains("holding_cap", "followup_days", "opportunity_days", "win_days")
    def _check_not_negative(self):
        for rule in self:
            for fname in ("holding_cap", "followup_days", "opportunity_days", "win_days"):
                if rule[fname] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of the grade %(grade)s rule of pool %(pool)s is negative: "
                            "enter 0 (same as the pool) or a positive number.",
                            field=rule._fields[fname].get_description(self.env)["string"],
                            grade=rule.grade,
                            pool=rule.pool_id.display_name,
                        )
                    )
