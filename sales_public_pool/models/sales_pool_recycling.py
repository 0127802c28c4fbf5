"""The recycling rules of a public pool (回收规则): when an owned customer
returns to the pool (公海).

A customer claimed from the pool is recycled when its owner lets it sit: no
follow-up for N days (``followup_days``), no new opportunity for M days
(``opportunity_days``), not won within K days of the claim (``win_days``);
customers with an open or won opportunity may be exempt, and the owners are
warned ``warning_days`` before. The rules per grade
(``sales_pool_grade_rule.py``) may set other days. The due date of each
customer is computed in ``res_partner_recycling.py``, the cron that recycles
them is in ``res_partner_recycling_cron.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

RULE_DAY_FIELDS = (
    "followup_rule",
    "followup_days",
    "opportunity_rule",
    "opportunity_days",
    "win_rule",
    "win_days",
)
# the inputs of the owned customers' recycling due dates
RECYCLE_RULE_FIELDS = {
    "active",
    "exempt_open_opportunity",
    "exempt_won",
    "recycle_protected",
    *RULE_DAY_FIELDS,
}


class SalesPool(models.Model):
    _inherit = "sales.pool"

    followup_rule = fields.Boolean(
        string="Recycle without Follow-up",
        default=True,
        help="Recycle customers without a logged follow-up (note, email, call, done activity).",
    )
    followup_days = fields.Integer(string="No Follow-up Days", default=5)
    opportunity_rule = fields.Boolean(string="Recycle without New Opportunity")
    opportunity_days = fields.Integer(string="No New Opportunity Days", default=15)
    win_rule = fields.Boolean(string="Recycle when not Won")
    win_days = fields.Integer(
        string="Win Within Days",
        default=90,
        help="Days after the claim within which the customer must be won.",
    )
    exempt_open_opportunity = fields.Boolean(
        string="Exempt Open Opportunities",
        help="Customers with an open opportunity are never recycled by the rules.",
    )
    exempt_won = fields.Boolean(
        string="Exempt Won Customers",
        default=True,
        help="Customers with a won opportunity are never recycled by the rules.",
    )
    recycle_protected = fields.Boolean(
        string="Rules End Protection Early",
        default=True,
        help="When checked, the rules recycle a customer even while its claim is "
        "protected; otherwise they wait for the end of the protection period.",
    )
    warning_days = fields.Integer(
        string="Warning Days",
        default=2,
        help="Owners get one digest activity this many days before their customers are recycled.",
    )

    @api.constrains(*RULE_DAY_FIELDS)
    def _check_rule_days(self):
        for pool in self:
            for rule, days in (
                ("followup_rule", "followup_days"),
                ("opportunity_rule", "opportunity_days"),
                ("win_rule", "win_days"),
            ):
                if pool[rule] and pool[days] < 1:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of pool %(pool)s must be at least 1 day while the rule "
                            "is enabled: enter the days, or uncheck %(rule)s.",
                            field=pool._fields[days].get_description(self.env)["string"],
                            rule=pool._fields[rule].get_description(self.env)["string"],
                            pool=pool.display_name,
                        )
                    )

    def write(self, vals):
        res = super().write(vals)
        if RECYCLE_RULE_FIELDS & set(vals):
            self._recompute_recycle_dates()
        return res

    def _recompute_recycle_dates(self):
        """The recycling rules changed: the due dates of the customers owned
        from these pools follow at once (the daily cron does not redo them)."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT p.id FROM res_partner p
                    WHERE p.pool_home_id = ANY(%s)
                      AND EXISTS (SELECT 1 FROM sales_claim c
                                   WHERE c.partner_id = p.id AND c.state = 'active'
                                     AND c.key_type IN ('company', 'phone'))""",
                self.ids,
            )
        )
        self.env["res.partner"]._pool_recompute_recycle_date(
            [row[0] for row in self.env.cr.fetchall()]
        )
