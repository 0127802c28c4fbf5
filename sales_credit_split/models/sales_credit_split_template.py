from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.allocation import SHARE_DIGITS, format_percent, is_full, percent_total, split_total


class SalesCreditSplitTemplate(models.Model):
    """A default credit split (业绩分配模板), e.g. first touch 20 / service 60 / signing 20.

    A sales team may name one template: its opportunities start with one line
    per template role, all credited to the claim owner until the team puts
    the real contributors in place. The shares add up to exactly 100.
    """

    _name = "sales.credit.split.template"
    _description = "Credit Split Template"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the template between companies."
    )
    line_ids = fields.One2many(
        "sales.credit.split.template.line", "template_id", string="Roles", copy=True
    )
    total_percent = fields.Float(
        string="Total (%)", digits=(9, SHARE_DIGITS), compute="_compute_total_percent"
    )

    @api.depends("line_ids.percent")
    def _compute_total_percent(self):
        for template in self:
            template.total_percent = float(split_total(template.line_ids.mapped("percent")))

    @api.constrains("line_ids")
    def _check_total(self):
        for template in self:
            percents = template.line_ids.mapped("percent")
            if percents and not is_full(percents):
                raise ValidationError(
                    self.env._(
                        "The shares of template %(template)s add up to %(total)s%%: "
                        "change them so that they add up to exactly 100%%.",
                        template=template.name,
                        total=format_percent(percent_total(percents)),
                    )
                )
            roles = template.line_ids.role_id
            if len(roles) != len(template.line_ids):
                raise ValidationError(
                    self.env._(
                        "Template %(template)s lists a role twice: keep one line per role.",
                        template=template.name,
                    )
                )
