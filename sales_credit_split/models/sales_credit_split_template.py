from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.allocation import SHARE_DIGITS, format_percent, is_full, percent_total, split_total


class SalesCreditSplitTemplate(models.Model):
    """A default credit split (业绩分配模板), e.g. first touch 20 / service 60 / signing 20.

    A sales team may name one template: its opportunities start with one line
    per template role, all credited to the claim owner until the team puts
    the real contributors in place. A template is of one split type: the
    shares of a revenue template add up to exactly 100; a team's default
    split is a revenue template.
    """

    _name = "sales.credit.split.template"
    _description = "Credit Split Template"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the template between companies."
    )
    split_type_id = fields.Many2one(
        "sales.credit.split.type",
        string="Split Type",
        required=True,
        ondelete="restrict",
        default=lambda self: self.env["sales.credit.split.type"]._get_revenue(),
        help="The type of the shares this template proposes; the roles must allow it.",
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

    @api.constrains("line_ids", "split_type_id")
    def _check_total(self):
        for template in self:
            percents = template.line_ids.mapped("percent")
            full_rule = template.split_type_id.total_rule == "exactly_100"
            if full_rule and percents and not is_full(percents):
                raise ValidationError(
                    self.env._(
                        "The shares of template %(template)s add up to %(total)s%%: "
                        "change them so that they add up to exactly 100%%.",
                        template=template.name,
                        total=format_percent(percent_total(percents)),
                    )
                )
            refused = template.line_ids.role_id.filtered(
                lambda role, t=template: (
                    role.split_type_ids and t.split_type_id not in role.split_type_ids
                )
            )
            if refused:
                raise ValidationError(
                    self.env._(
                        "Template %(template)s is of type %(type)s, which role %(role)s is not "
                        "credited in: choose another role, or allow the type on the role.",
                        template=template.name,
                        type=template.split_type_id.name,
                        role=refused[0].name,
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
