from odoo import api, fields, models
from odoo.exceptions import UserError

STATE_FIELDS = {"credit_split_state", "credit_split_agreed_by_id", "credit_split_agreed_date"}
SPLIT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("agreed", "Agreed"),
    ("locked", "Locked"),
]


class CrmLead(models.Model):
    """The credit split of an opportunity (商机业绩分配) and its agreement.

    The split is agreed before signing (签约前确认): draft, submitted to the
    claim owner (报备人), agreed by them (who and when is recorded), locked
    when the opportunity is won. Every participant is notified. Winning needs
    an agreed split when several people share the credit (company setting).
    Any change after submission sends the split back to draft; a locked split
    is changed by sales managers only, and every such change is logged.
    """

    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.credit.split.mixin"]

    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line", "lead_id", string="Credit Split", copy=False
    )
    credit_split_state = fields.Selection(
        SPLIT_STATES,
        string="Split Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="Draft: being prepared. Submitted: waiting for the claim owner. Agreed: "
        "accepted by the claim owner. Locked: the opportunity is won.",
    )
    credit_split_agreed_by_id = fields.Many2one(
        "res.users", string="Split Agreed By", readonly=True, copy=False
    )
    credit_split_agreed_date = fields.Datetime(string="Split Agreed On", readonly=True, copy=False)
    credit_split_approver_id = fields.Many2one(
        "res.users",
        string="Split Approver",
        compute="_compute_credit_split_approver_id",
        help="The claim owner, who agrees the split when others take a share.",
    )

    credit_split_editable = fields.Boolean(compute="_compute_credit_split_editable")

    @api.depends_context("uid")
    @api.depends("credit_split_state")
    def _compute_credit_split_editable(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for lead in self:
            lead.credit_split_editable = is_manager or lead.credit_split_state != "locked"

    def _compute_credit_split_approver_id(self):
        for lead in self:
            lead.credit_split_approver_id = lead._credit_split_approver()

    # ------------------------------------------------------------------ mixin

    def _credit_split_base(self):
        revenue = self.expected_revenue
        return revenue, revenue, False

    def _credit_split_currency(self):
        return self.company_currency or self.env.company.currency_id

    def _credit_split_approver(self):
        """The claim owner: opportunity claim, else customer claim, else salesperson."""
        self.ensure_one()
        # sudo: the approver is known to everyone who sees the opportunity,
        # even when the claim itself is hidden by record rules.
        claim = (
            self.env["sales.claim"]
            .sudo()
            .search([("lead_id", "=", self.id), ("state", "=", "active")], limit=1)
            if self.id and isinstance(self.id, int)
            else self.env["sales.claim"]
        )
        owner = claim.user_id or self.partner_id.commercial_partner_id.sudo().claim_owner_id
        return owner or self.user_id

    def _credit_split_check_edit(self):
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        locked = self.filtered(lambda lead: lead.credit_split_state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "The credit split of %(lead)s is locked since the opportunity was won: only "
                    "a sales manager may change it.",
                    lead=locked[0].display_name,
                )
            )

    def _credit_split_changed(self, lines, before):
        locked = self.filtered(lambda lead: lead.credit_split_state == "locked")
        locked._credit_split_log(before, self.env._("Locked credit split changed by a manager."))
        pending = self.filtered(lambda lead: lead.credit_split_state in ("submitted", "agreed"))
        if pending:
            pending._credit_split_write_state(
                {
                    "credit_split_state": "draft",
                    "credit_split_agreed_by_id": False,
                    "credit_split_agreed_date": False,
                }
            )
            pending._credit_split_log(
                before,
                self.env._(
                    "The credit split changed: it is back to draft and needs a new agreement."
                ),
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads.filtered(
            lambda lead: lead.type == "opportunity" and not lead.credit_split_line_ids
        )._credit_split_set_default()
        return leads

    def write(self, vals):
        if STATE_FIELDS & set(vals) and not self.env.context.get("credit_split_system"):
            raise UserError(
                self.env._(
                    "The split status changes through the Submit, Agree and Reset buttons of "
                    "the Credit Split tab, not by editing it."
                )
            )
        winning = self._credit_split_reaching_won(vals)
        winning._credit_split_check_winnable()
        res = super().write(vals)
        if vals.get("type") == "opportunity":
            self.filtered(lambda lead: not lead.credit_split_line_ids)._credit_split_set_default()
        if winning:
            winning.with_context(credit_split_system=True).write({"credit_split_state": "locked"})
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
                and lead.credit_split_participant_count > 1
                and lead.credit_split_state != "agreed"
            ):
                raise UserError(
                    self.env._(
                        "%(lead)s cannot be marked won: its credit split has %(count)s "
                        "participants and is not agreed. Submit the split and have "
                        "%(owner)s agree it first.",
                        lead=lead.display_name,
                        count=lead.credit_split_participant_count,
                        owner=lead._credit_split_approver().name,
                    )
                )

    def _credit_split_set_default(self):
        for lead in self:
            vals_list = lead._credit_split_default_vals(lead._credit_split_approver())
            if vals_list:
                lead._credit_split_replace(vals_list)

    # ------------------------------------------------------------------ actions

    def action_default_split(self):
        """Replace the split by the default one (team template or claim owner)."""
        self._credit_split_check_edit()
        for lead in self:
            before = [line._describe() for line in lead.credit_split_line_ids]
            lead._credit_split_set_default()
            lead._credit_split_changed(lead.credit_split_line_ids, before)
        return True

    def action_submit_split(self):
        """Submit the split to the claim owner; they agree at once when alone or submitting."""
        for lead in self:
            if lead.credit_split_state != "draft":
                raise UserError(
                    self.env._(
                        "The credit split of %(lead)s is already %(state)s: reset it to draft "
                        "to change it.",
                        lead=lead.display_name,
                        state=dict(SPLIT_STATES)[lead.credit_split_state],
                    )
                )
            lead._credit_split_check_total()
            approver = lead._credit_split_approver()
            lead._credit_split_write_state({"credit_split_state": "submitted"})
            if lead.credit_split_participant_count <= 1 or approver == self.env.user:
                lead._credit_split_agree()
            else:
                lead._credit_split_notify(
                    self.env._(
                        "Credit split submitted by %(user)s: %(owner)s, please agree it.",
                        user=self.env.user.name,
                        owner=approver.name,
                    ),
                    approver.partner_id,
                )
        return True

    def action_agree_split(self):
        """The claim owner (or a sales manager) agrees the submitted split."""
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for lead in self:
            if lead.credit_split_state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted credit split can be agreed: submit the split of "
                        "%(lead)s first.",
                        lead=lead.display_name,
                    )
                )
            approver = lead._credit_split_approver()
            if approver != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only the claim owner %(owner)s or a sales manager may agree the credit "
                        "split of %(lead)s.",
                        owner=approver.name,
                        lead=lead.display_name,
                    )
                )
            lead._credit_split_check_total()
            lead._credit_split_agree()
        return True

    def action_reset_split(self):
        """Back to draft; unlocking a won opportunity's split needs a sales manager."""
        self._credit_split_check_edit()
        for lead in self.filtered(lambda x: x.credit_split_state != "draft"):
            if lead.credit_split_state == "locked":
                lead._credit_split_log([], self.env._("Locked credit split reopened by a manager."))
            lead._credit_split_write_state(
                {
                    "credit_split_state": "draft",
                    "credit_split_agreed_by_id": False,
                    "credit_split_agreed_date": False,
                }
            )
        return True

    def _credit_split_agree(self):
        self.ensure_one()
        self._credit_split_write_state(
            {
                "credit_split_state": "agreed",
                "credit_split_agreed_by_id": self.env.user.id,
                "credit_split_agreed_date": fields.Datetime.now(),
            }
        )
        self._credit_split_notify(
            self.env._("Credit split agreed by %(user)s.", user=self.env.user.name)
        )

    def _credit_split_write_state(self, vals):
        # sudo: participants and the claim owner submit and agree the split by
        # business rule (checked by the callers) without owning the opportunity
        self.sudo().with_context(credit_split_system=True).write(vals)

    def _credit_split_notify(self, title, extra_partners=None):
        partners = self._credit_split_partners() | (extra_partners or self.env["res.partner"])
        shares = ", ".join(line._describe() for line in self.credit_split_line_ids)
        # sudo: a participant who does not own the opportunity may not post on
        # it; the author stays the current user
        self.sudo().message_post(
            body=f"{title} {shares}",
            partner_ids=partners.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
