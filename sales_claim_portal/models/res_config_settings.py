from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEFAULT_DAILY_CAP = 20


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    sales_claim_portal_daily_cap = fields.Integer(
        string="Agent Daily Claim Attempts",
        config_parameter="sales_claim_portal.daily_cap",
        default=DEFAULT_DAILY_CAP,
        help="How many customers one agent portal user may try to register per day, "
        "accepted or refused (单日报备上限). Caps probing of the register.",
    )
    sales_claim_portal_default_manager_id = fields.Many2one(
        "res.users",
        string="Default Agent Account Manager",
        config_parameter="sales_claim_portal.default_manager_id",
        domain="[('share', '=', False)]",
        help="Owner of portal claims of agents that have neither an account manager "
        "nor an internal salesperson.",
    )

    @api.constrains("sales_claim_portal_daily_cap")
    def _check_sales_claim_portal_daily_cap(self):
        for settings in self:
            if settings.sales_claim_portal_daily_cap < 1:
                raise ValidationError(
                    self.env._(
                        "Agent Daily Claim Attempts must be at least 1 (it is %(cap)s).",
                        cap=settings.sales_claim_portal_daily_cap,
                    )
                )
