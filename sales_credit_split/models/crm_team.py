from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmTeam(models.Model):
    _inherit = "crm.team"

    credit_split_template_id = fields.Many2one(
        "sales.credit.split.template",
        string="Credit Split Template",
        check_company=True,
        domain="[('split_type_id.total_rule', '=', 'exactly_100')]",
        help="Default split (业绩分配模板) of this team's new opportunities, credited to the "
        "claim owner until the real contributors are entered: a revenue template, whose "
        "shares add up to 100%.",
    )

    @api.constrains("credit_split_template_id")
    def _check_credit_split_template(self):
        """The default split is the deal's revenue: an overlay template alone could
        never be won."""
        for team in self:
            template = team.credit_split_template_id
            if template and template.split_type_id.total_rule != "exactly_100":
                raise ValidationError(
                    self.env._(
                        "Template %(template)s is of type %(type)s, whose shares do not add up "
                        "to 100%%: choose a revenue template for team %(team)s.",
                        template=template.name,
                        type=template.split_type_id.name,
                        team=team.name,
                    )
                )
