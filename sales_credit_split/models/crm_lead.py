from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.system_write import split_system, split_system_writing


class CrmLead(models.Model):
    """The credit split of an opportunity (商机业绩分配) and its agreement.

    A new opportunity is credited by default to the claim owner (报备人) at
    100%, or split by the team's template. The split is agreed before signing
    (签约前确认) by the claim owner (see the agreement mixin). Winning needs a
    split of 100%, agreed when several people share the credit (company
    setting); winning locks the split.
    """

    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.credit.split.agreement.mixin"]

    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line", "lead_id", string="Credit Split", copy=False
    )
    credit_split_approver_id = fields.Many2one(
        "res.users",
        string="Split Approver",
        compute="_compute_credit_split_approver_id",
        help="The claim owner, who agrees the split when others take a share.",
    )

    def _compute_credit_split_approver_id(self):
        approvers = self._credit_split_approvers()
        for lead in self:
            lead.credit_split_approver_id = approvers[lead]

    # ------------------------------------------------------------------ mixin

    def _credit_split_base(self):
        revenue = self.expected_revenue
        return revenue, revenue, False

    def _credit_split_currency(self):
        return self.company_currency or self.env.company.currency_id

    def _credit_split_approver(self):
        self.ensure_one()
        return self._credit_split_approvers()[self]

    def _credit_split_approvers(self):
        """{lead: claim owner}: opportunity claim, else customer claim, else salesperson."""
        lead_ids = [i for i in self.ids if isinstance(i, int)]
        # sudo: the approver is known to everyone who sees the opportunity,
        # even when the claim itself is hidden by record rules.
        claims = self.env["sales.claim"].sudo()
        if lead_ids:
            claims = claims.search([("lead_id", "in", lead_ids), ("state", "=", "active")])
        by_lead = {claim.lead_id.id: claim.user_id for claim in claims}
        return {
            lead: by_lead.get(lead.id)
            or lead.partner_id.commercial_partner_id.sudo().claim_owner_id
            or lead.user_id
            for lead in self
        }

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not split_system_writing():
            self._credit_split_check_state_vals(vals_list)
        leads = super().create(vals_list)
        leads.filtered(
            lambda lead: lead.type == "opportunity" and not lead.credit_split_line_ids
        )._credit_split_set_default()
        won = leads.filtered(
            lambda lead: lead.stage_id.is_won and lead.credit_split_state != "locked"
        )
        won._credit_split_check_winnable()
        won._credit_split_write_state({"credit_split_state": "locked"})
        return leads

    def write(self, vals):
        winning = self._credit_split_reaching_won(vals)
        winning._credit_split_check_winnable()
        res = super().write(vals)
        needs_default = vals.get("type") == "opportunity" or vals.get("user_id")
        # Odoo's assignment and conversion: once for the batch
        batch = self._suite_batch_defer
        if needs_default and not batch("crm.lead", "_credit_split_set_missing_defaults", self.ids):
            self._credit_split_set_missing_defaults(self.ids)
        if winning:
            winning._credit_split_write_state({"credit_split_state": "locked"})
        return res

    def _credit_split_reaching_won(self, vals):
        if not vals.get("stage_id"):
            return self.browse()
        if not self.env["crm.stage"].browse(vals["stage_id"]).is_won:
            return self.browse()
        return self.filtered(lambda lead: lead.credit_split_state != "locked")

    def _credit_split_check_winnable(self):
        """Winning needs a split of 100%, agreed when several people share it."""
        for lead in self.filtered("credit_split_line_ids"):
            lead._credit_split_check_total()
            needs_agreement = lead.company_id.credit_split_require_agreement or (
                not lead.company_id and self.env.company.credit_split_require_agreement
            )
            if (
                needs_agreement
                and lead._credit_split_approval_count() > 1
                and lead.credit_split_state != "agreed"
            ):
                raise UserError(
                    self.env._(
                        "%(lead)s cannot be marked won: its credit split has %(count)s "
                        "participants and is not agreed. Submit the split and have "
                        "%(owner)s agree it first.",
                        lead=lead.display_name,
                        count=lead._credit_split_approval_count(),
                        owner=lead._credit_split_approver().name,
                    )
                )

    @api.model
    def _credit_split_set_missing_defaults(self, lead_ids):
        """Opportunities without split get their default split, in one batch.

        A lead made by a flow without a creditable salesperson (OdooBot,
        website form) gets it once a real salesperson is set; Odoo's
        assignment and conversion call this once per batch.
        """
        leads = self.browse(lead_ids).exists()
        leads.filtered(
            lambda lead: lead.type == "opportunity" and not lead.credit_split_line_ids
        )._credit_split_set_default()

    def _credit_split_set_default(self):
        """Replace the split of these leads by their default split, in one batch."""
        approvers = self._credit_split_approvers()
        vals_list = [
            dict(vals, lead_id=lead.id)
            for lead in self
            for vals in lead._credit_split_default_vals(approvers[lead])
        ]
        # sudo: the default split is decided by rule (claim owner, team
        # template), whoever creates the opportunity
        lines = self.env["sales.credit.split.line"].sudo()
        with split_system():
            lines.browse(self.credit_split_line_ids.ids).unlink()
            lines.create(vals_list)

    # ------------------------------------------------------------------ actions

    def action_default_split(self):
        """Replace the split by the default one (team template or claim owner)."""
        self._credit_split_check_edit()
        for lead in self:
            before = [line._describe() for line in lead.credit_split_line_ids]
            lead._credit_split_set_default()
            lead._credit_split_changed(lead.credit_split_line_ids, before)
        return True
