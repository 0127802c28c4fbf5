"""Agents ask for the one manual extension (延期申请) of their claims."""

from odoo import models
from odoo.exceptions import UserError, ValidationError

from .sales_claim import NOTE_MAX


class SalesClaim(models.Model):
    """Extension requests from the portal, filed through the claim addon's
    own manual extension request on behalf of the claim owner."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    def _portal_request_extension(self, reason):
        """The agent asks for the one manual extension (延期申请) of a claim.

        A claim approver decides; the request waits with state *requested*.
        """
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                self.env._("Reason: say why the customer needs more time, e.g. a demo is planned.")
            )
        if len(reason) > NOTE_MAX:
            raise ValidationError(
                self.env._("Reason is too long: at most %(max)s characters.", max=NOTE_MAX)
            )
        # sudo: the portal user has read access only; the caller checked it
        claim = self.sudo()
        if claim.state != "active":
            raise UserError(self.env._("Only an active claim can be extended."))
        if not claim.policy_id.allow_manual_extension or claim.policy_id.manual_extension_days < 1:
            raise UserError(self.env._("The policy of this claim allows no manual extension."))
        if claim.extension_ids.filtered(lambda e: e.kind == "manual"):
            raise UserError(
                self.env._("This claim already had its manual extension: only one is allowed.")
            )
        days = min(
            claim.policy_id.manual_extension_days,
            claim.max_days - claim.base_days - claim.extension_days,
        )
        if days < 1:
            raise UserError(
                self.env._("This claim already has the longest protection its policy allows.")
            )
        extension = claim._portal_file_extension(days, reason)
        claim.message_post(
            body=self.env._("Manual extension requested: %(reason)s", reason=reason),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return extension

    def _portal_file_extension(self, days, reason):
        """File the request through the claim addon's own manual extension
        request (its checks, and the approvers' activities), on behalf of the
        claim owner: the agent's account manager. The agent stays the
        requester."""
        self.ensure_one()
        owner = self.user_id
        extension = (
            self.env["sales.claim.extension"]
            .with_user(owner)
            ._request_manual(self.with_user(owner), days, reason)
        )
        # sudo: the agent's portal user may not write extension lines
        extension.sudo().requested_by_id = self.env.user
        return extension
