from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_split_require_agreement = fields.Boolean(
        related="company_id.credit_split_require_agreement", readonly=False
    )
    credit_split_default_role_id = fields.Many2one(
        related="company_id.credit_split_default_role_id", readonly=False
    )
