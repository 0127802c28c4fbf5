from odoo import api, models


class SalesClaim(models.Model):
    """No silent takeover, with the pools: a customer waiting in a public pool
    (公海) is handed out by the pool's rules (caps, cooldown), whatever
    salesperson it still shows."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _takeover_applies(self, partner):
        # sudo: the pool of a customer the claimant may not read
        return not partner.sudo().pool_id and super()._takeover_applies(partner)
