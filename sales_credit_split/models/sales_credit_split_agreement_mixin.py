from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.system_write import split_system, split_system_writing

SPLIT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("agreed", "Agreed"),
    ("locked", "Locked"),
]
DRAFT = {"credit_split_state": "draft", "credit_split_agreed_by_id": False}


class SalesCreditSplitAgreementMixin(models.AbstractModel):
    """The agreement of a credit split before signing (业绩分配确认).

    Draft, submitted to the approver, agreed by the approver (who and when is
    recorded), locked (by the document, e.g. when an opportunity is won).
    Every participant is notified. Any change after submission of shares
    whose split type requires approval (revenue) sends the split back to
    draft; shares of other types (overlay, by default) change freely. A
    locked split is changed by sales managers only, and every such change is
    logged. The status changes through the actions
    only (``action_submit_split``, ``action_agree_split``,
    ``action_reset_split``), never by editing it.
    """

    _name = "sales.credit.split.agreement.mixin"
    _inherit = "sales.credit.split.mixin"
    _description = "Credit Split Agreement"

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
    credit_split_editable = fields.Boolean(compute="_compute_credit_split_editable")

    @api.depends_context("uid")
    @api.depends("credit_split_state")
    def _compute_credit_split_editable(self):
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for document in self:
            document.credit_split_editable = is_manager or document.credit_split_state != "locked"

    def write(self, vals):
        if not split_system_writing():
            self._credit_split_check_state_vals([vals])
        return super().write(vals)

    @api.model
    def _credit_split_check_state_vals(self, vals_list):
        if any(
            vals.get("credit_split_state", "draft") != "draft"
            or vals.get("credit_split_agreed_by_id")
            or vals.get("credit_split_agreed_date")
            for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "The split status changes through the Submit, Agree and Reset buttons of "
                    "the Credit Split tab, not by editing it."
                )
            )

    # ------------------------------------------------------------------ split mixin

    def _credit_split_approver(self):
        return self.user_id

    def _credit_split_check_edit(self):
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        locked = self.filtered(lambda doc: doc.credit_split_state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "The credit split of %(document)s is locked since the deal was won: only "
                    "a sales manager may change it.",
                    document=locked[0].display_name,
                )
            )

    def _credit_split_changed(self, lines, before, needs_agreement=True):
        locked = self.filtered(lambda doc: doc.credit_split_state == "locked")
        locked._credit_split_log(before, self.env._("Locked credit split changed by a manager."))
        if not needs_agreement:
            return
        pending = self.filtered(lambda doc: doc.credit_split_state in ("submitted", "agreed"))
        if pending:
            pending._credit_split_write_state(dict(DRAFT, credit_split_agreed_date=False))
            pending._credit_split_log(
                before,
                self.env._(
                    "The credit split changed: it is back to draft and needs a new agreement."
                ),
            )

    # ------------------------------------------------------------------ actions

    def action_submit_split(self):
        """Submit the split to the approver; they agree at once when alone or submitting."""
        for document in self:
            if document.credit_split_state != "draft":
                raise UserError(
                    self.env._(
                        "The credit split of %(document)s is already %(state)s: reset it to "
                        "draft to change it.",
                        document=document.display_name,
                        state=dict(SPLIT_STATES)[document.credit_split_state],
                    )
                )
            document._credit_split_check_total()
            approver = document._credit_split_approver()
            document._credit_split_write_state({"credit_split_state": "submitted"})
            if document._credit_split_approval_count() <= 1 or approver == self.env.user:
                document._credit_split_agree()
            else:
                document._credit_split_notify(
                    self.env._(
                        "Credit split submitted by %(user)s: %(owner)s, please agree it.",
                        user=self.env.user.name,
                        owner=approver.name,
                    ),
                    approver.partner_id,
                )
        return True

    def action_agree_split(self):
        """The approver (the claim owner) or a sales manager agrees the submitted split."""
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for document in self:
            if document.credit_split_state != "submitted":
                raise UserError(
                    self.env._(
                        "Only a submitted credit split can be agreed: submit the split of "
                        "%(document)s first.",
                        document=document.display_name,
                    )
                )
            approver = document._credit_split_approver()
            if approver != self.env.user and not is_manager:
                raise UserError(
                    self.env._(
                        "Only the claim owner %(owner)s or a sales manager may agree the credit "
                        "split of %(document)s.",
                        owner=approver.name,
                        document=document.display_name,
                    )
                )
            document._credit_split_check_total()
            document._credit_split_agree()
        return True

    def action_reset_split(self):
        """Back to draft; unlocking the split of a won deal needs a sales manager."""
        self._credit_split_check_edit()
        for document in self.filtered(lambda x: x.credit_split_state != "draft"):
            if document.credit_split_state == "locked":
                document._credit_split_log(
                    [], self.env._("Locked credit split reopened by a manager.")
                )
            document._credit_split_write_state(dict(DRAFT, credit_split_agreed_date=False))
        return True

    # ------------------------------------------------------------------ tools

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
        # business rule (checked by the callers) without owning the document
        with split_system():
            self.sudo().write(vals)

    def _credit_split_notify(self, title, extra_partners=None):
        """Post ``title`` and the shares, notifying every participant."""
        partners = self._credit_split_partners() | (extra_partners or self.env["res.partner"])
        shares = ", ".join(line._describe() for line in self.credit_split_line_ids)
        # sudo: a participant who does not own the document may not post on
        # it; the author stays the current user
        self.sudo().message_post(
            body=self.env._("%(title)s %(shares)s", title=title, shares=shares),
            partner_ids=partners.ids,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
