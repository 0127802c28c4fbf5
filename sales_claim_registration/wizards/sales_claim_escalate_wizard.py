from odoo import fields, models
from odoo.exceptions import ValidationError

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
        if self.attachment_ids:
            # sudo: attachments uploaded in the wizard move to the case as evidence
            self.attachment_ids.sudo().write({"res_model": conflict._name, "res_id": conflict.id})
            conflict.message_post(
                body=self.env._("Evidence submitted by the claimant."),
                attachment_ids=self.attachment_ids.ids,
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": conflict._name,
            "res_id": conflict.id,
            "view_mode": "form",
            "target": "current",
        }
