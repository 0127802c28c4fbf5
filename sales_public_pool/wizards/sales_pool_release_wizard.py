from odoo import api, fields, models
from odoo.exceptions import UserError


class SalesPoolReleaseWizard(models.TransientModel):
    """Release customers to their pool (释放) with a mandatory reason, and a
    follow-up note when the pool requires one."""

    _name = "sales.pool.release.wizard"
    _description = "Release Customers to the Public Pool"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    reason = fields.Char(
        required=True, help="Why you give the customers back, e.g. no budget this year."
    )
    note = fields.Text(
        string="Follow-up Note",
        help="What happened with the customer, for the next owner. Mandatory in pools "
        "that require it.",
    )
    note_required = fields.Boolean(compute="_compute_note_required")

    @api.depends("partner_ids")
    def _compute_note_required(self):
        for wizard in self:
            wizard.note_required = any(
                wizard.partner_ids.pool_home_id.mapped("require_release_note")
            )

    def action_release(self):
        self.ensure_one()
        partners = self.partner_ids.commercial_partner_id
        if not (self.reason or "").strip():
            raise UserError(self.env._("Reason is required: say why you release the customers."))
        not_owned = partners.filtered(lambda p: not p.claim_id)
        if not_owned:
            raise UserError(
                self.env._(
                    "%(partners)s is not owned by anyone: there is nothing to release.",
                    partners=", ".join(not_owned.mapped("display_name")),
                )
            )
        partners._pool_check_owner(self.env.user)
        needs_note = partners.pool_home_id.filtered("require_release_note")
        if needs_note and not (self.note or "").strip():
            raise UserError(
                self.env._(
                    "Pool %(pool)s requires a Follow-up Note when releasing: write what "
                    "happened with the customer.",
                    pool=needs_note[0].display_name,
                )
            )
        claims = partners.claim_id
        if self.note:
            for claim in claims:
                claim.sudo().message_post(body=self.note)  # sudo: managers release others' claims
        # sudo: ownership was checked above; pool administrators may not write others' claims
        claims.sudo().with_context(pool_release_note=self.note or False).action_release(
            self.reason.strip()
        )
        return {"type": "ir.actions.act_window_close"}
