from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import ValidationError


class SalesClaim(models.Model):
    """No silent takeover (不许抢单): a customer whose salesperson is another
    active user is not claimed behind that salesperson's back.

    A company that installs the suite keeps the salespersons it had, without
    claims until the ownership is adopted. Claiming such a customer is
    refused for reps with one sentence naming the salesperson. Sales managers
    may take it over with a reason: it is written on the customer's chatter
    and the former salesperson is notified. Customers without salesperson,
    whose salesperson is archived, that the claimant already handles, or
    that the pool rules hand out (public pool addon) are claimed as before.
    Trusted code (the superuser, bulk callers) is not concerned.
    """

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model_create_multi
    def create(self, vals_list):
        takeovers = []
        for vals in vals_list:
            if vals.get("state", "active") != "active":
                continue
            salesperson, partner = self._takeover_of(vals)
            if salesperson:
                self._check_takeover(partner, salesperson)
                takeovers.append((partner, salesperson))
        claims = super().create(vals_list)
        for partner, salesperson in takeovers:
            self._notify_takeover(partner, salesperson)
        return claims

    @api.model
    def _takeover_of(self, vals):
        """``(salesperson, customer)`` when the claim described by ``vals``
        takes the customer from another active salesperson, else empty."""
        Users = self.env["res.users"]
        if self.env.su:
            return Users, None
        Partner = self.env["res.partner"]
        lead = self.env["crm.lead"].browse(vals.get("lead_id"))
        partner = (
            Partner.browse(vals.get("partner_id"))
            or Partner.browse(vals.get("contact_id"))
            or lead.partner_id
        ).commercial_partner_id
        # sudo: the salesperson of a customer the claimant may not read
        salesperson = partner.sudo().user_id
        claimant = vals.get("user_id") or self.env.uid
        if (
            not salesperson
            or salesperson.id == claimant
            or not salesperson.active
            or salesperson.share
            or not self._takeover_applies(partner)
        ):
            return Users, partner
        return salesperson, partner

    @api.model
    def _takeover_applies(self, partner):
        """Whether the rule applies: not when the customer is claimed (the
        claim's own refusal says more). The pool addon adds its own cases."""
        return not self._active_customer_claims(partner)

    @api.model
    def _check_takeover(self, partner, salesperson):
        user = self.env.user
        if not user.has_group("sales_team.group_sale_manager"):
            raise ValidationError(
                self.env._(
                    "%(customer)s is the customer of %(salesperson)s: ask them or a sales "
                    "manager to hand it over before claiming it.",
                    customer=partner.display_name,
                    salesperson=salesperson.name,
                )
            )
        if not (self.env.context.get("sales_claim_takeover_reason") or "").strip():
            raise ValidationError(
                self.env._(
                    "Takeover Reason: %(customer)s is the customer of %(salesperson)s; say why "
                    "you take it over (the reason is logged and %(salesperson)s is notified).",
                    customer=partner.display_name,
                    salesperson=salesperson.name,
                )
            )

    @api.model
    def _notify_takeover(self, partner, salesperson):
        reason = self.env.context["sales_claim_takeover_reason"].strip()
        # sudo: the manager may not follow the customer; the note stays internal
        partner.sudo().message_post(
            body=Markup("<p>%s</p>")
            % self.env._(
                "Taken over from %(salesperson)s by %(user)s: %(reason)s",
                salesperson=salesperson.name,
                user=self.env.user.name,
                reason=reason,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            partner_ids=salesperson.partner_id.ids,
        )
