from odoo import models


class SalesCreditSplitLine(models.Model):
    _inherit = "sales.credit.split.line"

    def _split_commission_partner(self):
        """The partner paid as commission agent: the user's partner, or the agent."""
        self.ensure_one()
        return self.user_id.partner_id or self.agent_partner_id
