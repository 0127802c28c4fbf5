from odoo import models


class SaleOrder(models.Model):
    """Quotations earn milestones: sent (action_quotation_sent or the email
    composer) and confirmed (action_confirm), for the customer's claim and
    the claim of the order's opportunity."""

    _inherit = "sale.order"

    def write(self, vals):
        triggers = {"sent": "quotation_sent", "sale": "quotation_confirmed"}
        trigger = triggers.get(vals.get("state"))
        changed = self.filtered(lambda order: order.state != vals["state"]) if trigger else self
        result = super().write(vals)
        if trigger and self.env["sales.claim"]._has_active_claims(
            changed.partner_id, changed.opportunity_id
        ):
            Milestone = self.env["sales.claim.milestone"]
            for order in changed:
                Milestone._reach(
                    trigger,
                    order.partner_id,
                    order.opportunity_id,
                    Milestone._record_ref(order),
                )
        return result
