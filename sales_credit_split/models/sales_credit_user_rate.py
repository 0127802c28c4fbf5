from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesCreditUserRate(models.Model):
    """A commission rate (提成比例) of one person, overriding the role's rate.

    Without a role the rate applies to every role of that user; a rate for a
    given role wins over the user's general rate, which wins over the role's.
    """

    _name = "sales.credit.user.rate"
    _description = "Personal Commission Rate"
    _order = "user_id, role_id"

    user_id = fields.Many2one("res.users", string="Salesperson", required=True, index=True)
    role_id = fields.Many2one(
        "sales.credit.role", string="Role", help="Leave empty to apply to every role."
    )
    commission_rate = fields.Float(string="Commission Rate (%)", digits=(5, 2), required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    _sql_constraints = [
        (
            "user_role_company_uniq",
            "UNIQUE NULLS NOT DISTINCT (user_id, role_id, company_id)",
            "A person has one commission rate per role and company: edit the existing rate.",
        ),
    ]

    @api.constrains("commission_rate")
    def _check_commission_rate(self):
        for rate in self:
            if rate.commission_rate < 0 or rate.commission_rate > 100:
                raise ValidationError(
                    self.env._(
                        "Commission Rate of %(user)s is %(value)s: enter a value between 0 "
                        "and 100.",
                        user=rate.user_id.name,
                        value=rate.commission_rate,
                    )
                )

    @api.model
    def _get_rates(self, lines):
        """{line: commission rate} for split lines, in one query.

        A rate of the user for the line's role wins over the user's rate for
        every role, which wins over the role's own rate.
        """
        users = lines.user_id
        # sudo: anyone computing a split may know the rate that applies, even
        # when the rate table is reserved to managers.
        rates = self.sudo().search([("user_id", "in", users.ids)]) if users else self.sudo()
        by_key = {(r.user_id.id, r.role_id.id, r.company_id.id): r.commission_rate for r in rates}
        result = {}
        for line in lines:
            company_id = (line.company_id or self.env.company).id
            key = (line.user_id.id, line.role_id.id, company_id)
            general = (line.user_id.id, False, company_id)
            result[line] = by_key.get(key, by_key.get(general, line.role_id.commission_rate))
        return result
