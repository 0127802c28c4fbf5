from odoo import api, fields, models


class SalesClaimExtensionWizard(models.TransientModel):
    """The owner asks for the one manual extension (延期申请), or records a
    milestone reached outside the system with its evidence."""

    _name = "sales.claim.extension.wizard"
    _description = "Extend a Claim"

    claim_id = fields.Many2one("sales.claim", required=True)
    policy_id = fields.Many2one(related="claim_id.policy_id")
    request_type = fields.Selection(
        [("extension", "Ask for a manual extension"), ("milestone", "Record a milestone")],
        string="Request",
        required=True,
        default="extension",
    )
    days = fields.Integer(
        compute="_compute_days",
        store=True,
        readonly=False,
        help="Days asked for; at most the policy's manual extension days and the claim's maximum.",
    )
    reason = fields.Text(help="Why the claim needs more time, or the evidence of the milestone.")
    milestone_id = fields.Many2one(
        "sales.claim.milestone",
        string="Milestone",
        domain="[('policy_id', '=', policy_id), ('trigger', '=', 'manual')]",
    )

    @api.depends("claim_id")
    def _compute_days(self):
        for wizard in self:
            wizard.days = wizard.claim_id.policy_id.manual_extension_days

    def action_confirm(self):
        self.ensure_one()
        if self.request_type == "milestone":
            self.claim_id._record_manual_milestone(self.milestone_id, self.reason)
        else:
            self.env["sales.claim.extension"]._request_manual(self.claim_id, self.days, self.reason)
        return {"type": "ir.actions.act_window_close"}
