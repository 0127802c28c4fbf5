from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _split_commission_is_agent(self):
        """Whether OCA can pay this partner commissions of sales invoices."""
        self.ensure_one()
        commission = self.commission_id
        return bool(
            self.agent and commission and commission.settlement_type in (False, "sale_invoice")
        )
