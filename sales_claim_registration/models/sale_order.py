from odoo import api, models


class SaleOrder(models.Model):
    """Quotations earn milestones: sent (action_quotation_sent or the email
    composer) and confirmed (action_confirm), for the customer's claim and
    the claim of the order's opportunity. A claimed customer's quotations
    are its owner's, as its opportunities are (客户归属一致, ``crm_lead.py``):
    another rep neither quotes it nor makes themselves its salesperson."""

    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        default_partner = self.env.context.get("default_partner_id")
        default_user = self.env.context.get("default_user_id")
        self._check_claim_owner(
            [
                (vals.get("partner_id") or default_partner, vals.get("user_id") or default_user)
                for vals in vals_list
            ],
            creating=True,
        )
        return super().create(vals_list)

    def _check_claim_owner(self, pairs, creating=False):
        """Refuse ``(customer id, salesperson id)`` pairs of documents that
        put a claimed customer with another salesperson than its owner, or,
        created by another user than the owner. Not for the superuser: a
        customer's own checkout on the website, or Odoo's crons, write as it."""
        Claim = self.env["sales.claim"]
        if self.env.su or Claim._ownership_bypassed():
            return
        Partner = self.env["res.partner"]
        claims = Claim._active_customer_claims(
            Partner.browse({partner_id for partner_id, _user in pairs if partner_id}),
            Partner._claim_company_domain(),
        )
        for partner_id, user_id in pairs:
            claim = claims.get(Partner.browse(partner_id).commercial_partner_id)
            if claim and (
                (user_id and user_id != claim.user_id.id)
                or (creating and self.env.user != claim.user_id)
            ):
                Claim._raise_ownership(claim)

    def write(self, vals):
        if "partner_id" in vals or "user_id" in vals:
            self._check_claim_owner(
                [
                    (
                        vals["partner_id"] if "partner_id" in vals else order.partner_id.id,
                        vals["user_id"] if "user_id" in vals else order.user_id.id,
                    )
                    for order in self
                ]
            )
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
