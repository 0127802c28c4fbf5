from odoo import fields, models


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
