from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .sales_claim_register_wizard import CHANNELS


class SalesClaimEscalateWizard(models.TransientModel):
    """A refused claimant escalates to arbitration (判单) with evidence."""

    _name = "sales.claim.escalate.wizard"
    _description = "Escalate a Claim to Arbitration"

    claim_id = fields.Many2one("sales.claim", string="Contested Claim", required=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", help="The opportunity at stake, if any."
    )
    reason = fields.Text(
        required=True, help="Why the customer should be yours: first contact, visits, quotes..."
    )
    claimant_channel = fields.Selection(CHANNELS, string="Your Channel", default="direct")
    claimant_agent_partner_id = fields.Many2one("res.partner", string="Your Agent")
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Evidence", help="Screenshots, visit reports, business cards."
    )

    def action_escalate(self):
        self.ensure_one()
        if not (self.reason or "").strip():
            raise ValidationError(self.env._("Reason: explain why the customer should be yours."))
        own, readable = self._evidence_attachments()
        conflict = self.env["sales.claim.conflict"].create(
            {
                "claim_id": self.claim_id.id,
                "lead_id": self.lead_id.id,
                "reason": self.reason,
                "claimant_id": self.env.uid,
                "claimant_channel": self.claimant_channel,
                "claimant_agent_partner_id": self.claimant_agent_partner_id.id,
            }
        )
        if own or readable:
            # sudo: the user's own uploads move to the case as evidence
            own.sudo().write({"res_model": conflict._name, "res_id": conflict.id})
            # sudo: attachments of records the user reads are copied, never taken away
            copies = readable.sudo().copy({"res_model": conflict._name, "res_id": conflict.id})
            conflict.message_post(
                body=self.env._("Evidence submitted by the claimant."),
                attachment_ids=(own | copies).ids,
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": conflict._name,
            "res_id": conflict.id,
            "view_mode": "form",
            "target": "current",
        }

    def _evidence_attachments(self):
        """Evidence is the user's own uploads (created by them, not yet linked
        to a record, as Odoo's mail composer accepts) or attachments of
        records the user can read (copied). Anything else is refused: an
        attachment id is not a key to someone else's file.

        Returns (own uploads, readable attachments of records).
        """
        # sudo: who created an attachment and where it belongs decide, not ACLs
        attachments = self.attachment_ids.sudo()
        own = attachments.filtered(
            lambda a: (
                a.create_uid.id == self.env.uid and (not a.res_id or a.res_model == self._name)
            )
        )
        readable = attachments - own
        for attachment in readable:
            try:
                attachment.with_env(self.env).check_access("read")
                if not attachment.res_id:
                    raise AccessError(attachment.name)
            except AccessError:
                raise UserError(
                    self.env._(
                        "Evidence: you cannot attach %(name)s, it is neither your own upload nor "
                        "a file of a record you can read. Upload the file yourself.",
                        name=attachment.name,
                    )
                ) from None
        return own, readable
