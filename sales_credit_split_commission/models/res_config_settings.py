from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    credit_split_commission = fields.Boolean(
        related="company_id.credit_split_commission", readonly=False
    )
