from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_split_require_agreement = fields.Boolean(
        string="Agreed Split Required to Win",
        default=True,
        help="An opportunity shared by several participants can be marked won only once its "
        "credit split is agreed by the claim owner.",
    )
    credit_split_default_role_id = fields.Many2one(
        "sales.credit.role",
        string="Default Credit Role",
        help="Role of the claim owner's 100% share when the team has no split template.",
    )
