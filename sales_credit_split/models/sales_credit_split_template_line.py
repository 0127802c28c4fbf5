from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.allocation import SHARE_DIGITS


class SalesCreditSplitTemplateLine(models.Model):
    """One role of a split template and its share (%) of the credit."""

    _name = "sales.credit.split.template.line"
    _description = "Credit Split Template Role"
    _order = "sequence, id"

    template_id = fields.Many2one(
        "sales.credit.split.template", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer(default=10)
    role_id = fields.Many2one("sales.credit.role", string="Role", required=True)
    percent = fields.Float(
        string="Share (%)",
        digits=(9, SHARE_DIGITS),
        required=True,
        help="Share of the deal's credit given to this role, between 0 and 100 (up to 6 "
        "decimals: a third is 33.333333).",
    )

    @api.constrains("percent")
    def _check_percent(self):
        for line in self:
            if line.percent <= 0 or line.percent > 100:
                raise ValidationError(
                    self.env._(
                        "Share of role %(role)s is %(value)s%%: enter more than 0 and at most 100.",
                        role=line.role_id.name,
                        value=line.percent,
                    )
                )
