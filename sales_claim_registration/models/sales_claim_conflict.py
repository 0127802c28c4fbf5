import logging

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.rules_write import by_rules, rules_writing

_logger = logging.getLogger(__name__)


class SalesClaimConflict(models.Model):
    """An arbitration case (判单 / 仲裁) about who owns a claimed customer.

    Opened when a refused claimant escalates with evidence, or automatically
    when an opportunity of a claimed customer is won by someone other than
    the claim owner (撞单). A claim arbiter (sales operations) decides:

    - keep: the owner keeps the customer;
    - transfer: the contested claim ends (transferred) and the claimant gets
      a new claim of the same key;
    - share: both keep working together and the credit of the opportunity is
      split (see ``_apply_share_credit``).

    The evidence is the chatter: messages and attachments of both sides.
    """

    _name = "sales.claim.conflict"
    _description = "Claim Arbitration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    claim_id = fields.Many2one(
        "sales.claim",
        string="Contested Claim",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
        help="The claim whose owner is contested.",
    )
    partner_id = fields.Many2one(related="claim_id.partner_id", store=True, string="Customer")
    owner_id = fields.Many2one(
        "res.users",
        string="Owner",
        readonly=True,
        help="The owner of the contested claim when the case was opened.",
    )
    claim_date_end = fields.Datetime(related="claim_id.date_end", string="Protected Until")
    claimant_id = fields.Many2one(
        "res.users",
        string="Claimant",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
        help="Who contests the claim and would get the customer on a transfer.",
    )
    claimant_channel = fields.Selection(
        [("telesales", "Telesales"), ("direct", "Direct Sales"), ("agent", "Agent")],
        string="Claimant Channel",
        default="direct",
    )
    claimant_agent_partner_id = fields.Many2one("res.partner", string="Claimant Agent")
    lead_id = fields.Many2one(
        "crm.lead",
        string="Opportunity",
        index="btree_not_null",
        check_company=True,
        help="The opportunity at stake; needed to share its credit.",
    )
    origin = fields.Selection(
        [
            ("escalation", "Refused claim escalated"),
            ("won_by_other", "Won by someone else"),
            ("merged", "Customers merged"),
        ],
        required=True,
        default="escalation",
        readonly=True,
    )
    merged_claim_id = fields.Many2one(
        "sales.claim",
        string="Merged Claim",
        readonly=True,
        index="btree_not_null",
        help="The claim closed when its customer was merged into the contested claim's "
        "customer: registered later, by the claimant.",
    )
    reason = fields.Text(required=True, help="Why the claimant thinks the customer is theirs.")
    state = fields.Selection(
        [("open", "Open"), ("decided", "Decided"), ("cancelled", "Cancelled")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )
    decision = fields.Selection(
        [
            ("keep", "Keep the owner"),
            ("transfer", "Transfer to the claimant"),
            ("share", "Share the credit"),
        ],
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(
        string="Decision Note", help="The arbiter's reasons, kept with the decision."
    )
    decided_by_id = fields.Many2one("res.users", string="Decided By", readonly=True)
    date_decided = fields.Datetime(string="Decided On", readonly=True)
    new_claim_id = fields.Many2one(
        "sales.claim",
        string="New Claim",
        readonly=True,
        help="The claimant's claim after a transfer.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            claim = self.env["sales.claim"].sudo().browse(vals.get("claim_id"))
            if not (vals.get("reason") or "").strip():
                raise ValidationError(
                    self.env._("Reason: explain why the customer should be yours.")
                )
            if claim.user_id.id == vals.get("claimant_id", self.env.uid):
                raise ValidationError(self.env._("You cannot contest your own claim."))
            vals.setdefault("company_id", claim.company_id.id)
            vals.setdefault("owner_id", claim.user_id.id)
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(vals["company_id"])
                    .next_by_code("sales.claim.conflict")
                    or "/"
                )
        conflicts = super().create(vals_list)
        conflicts._notify_arbiters()
        return conflicts

    def write(self, vals):
        # what the case is about: fixed when it is opened (evidence, 判单)
        facts = {"claim_id", "owner_id", "claimant_id", "origin", "merged_claim_id", "company_id"}
        given = facts & set(vals)
        if given and not rules_writing(self.env):
            raise UserError(
                self.env._(
                    "%(fields)s of an arbitration case are fixed when it is opened: cancel the "
                    "case and escalate again.",
                    fields=", ".join(sorted(self._fields[name].string for name in given)),
                )
            )
        # the decision and its reasons are the arbiter's, not the parties'
        decided = {
            "state",
            "decision",
            "decision_note",
            "decided_by_id",
            "date_decided",
            "new_claim_id",
        }
        if decided & set(vals) and not self._is_arbiter():
            raise UserError(self.env._("Only a claim arbiter (sales operations) can decide."))
        return super().write(vals)

    # ------------------------------------------------------------------ opening

    @api.model
    def _open_for_won_leads(self, claims_and_leads):
        """Open a case for each opportunity won by someone else than the owner
        (one open case per claim and opportunity, even when won again)."""
        # sudo: the winner of the opportunity may not see the contested claim
        open_cases = self.sudo().search(
            [
                ("state", "=", "open"),
                ("claim_id", "in", [claim.id for claim, _lead in claims_and_leads]),
                ("lead_id", "in", [lead.id for _claim, lead in claims_and_leads]),
            ]
        )
        known = {(case.claim_id.id, case.lead_id.id) for case in open_cases}
        claims_and_leads = [
            (claim, lead) for claim, lead in claims_and_leads if (claim.id, lead.id) not in known
        ]
        values = [
            {
                "claim_id": claim.id,
                "claimant_id": lead.user_id.id,
                "lead_id": lead.id,
                "origin": "won_by_other",
                "reason": self.env._(
                    "%(user)s won opportunity %(lead)s of %(customer)s, claimed by %(owner)s.",
                    user=lead.user_id.name,
                    lead=lead.name,
                    customer=claim.partner_id.display_name,
                    owner=claim.user_id.name,
                ),
            }
            for claim, lead in claims_and_leads
        ]
        return self.sudo().create(values)

    def _notify_arbiters(self):
        """Claim arbiters of the company get an activity to decide."""
        group = self.env.ref("sales_claim_registration.group_claim_arbiter")
        # sudo: reps may not read group memberships
        arbiters = group.sudo().users.filtered(lambda u: not u.share and u.active)
        for conflict in self.sudo():
            for arbiter in arbiters.filtered(lambda u, c=conflict: c.company_id in u.company_ids):
                conflict.activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=arbiter.id,
                    summary=self.env._(
                        "Arbitrate %(customer)s: %(owner)s or %(claimant)s",
                        customer=conflict.partner_id.display_name,
                        owner=conflict.owner_id.name,
                        claimant=conflict.claimant_id.name,
                    ),
                )

    # ------------------------------------------------------------------ decisions

    def action_decide_keep(self):
        return self._decide("keep")

    def action_decide_transfer(self):
        return self._decide("transfer")

    def action_decide_share(self):
        return self._decide("share")

    def action_cancel(self):
        """The claimant withdraws the case, or an arbiter closes it as void."""
        for conflict in self:
            if conflict.state != "open":
                raise UserError(self.env._("Only an open case can be cancelled."))
            if conflict.claimant_id != self.env.user and not self._is_arbiter():
                raise UserError(
                    self.env._("Only the claimant or a claim arbiter can cancel this case.")
                )
        self.sudo().activity_ids.unlink()
        # sudo: the claimant may withdraw the case without being an arbiter
        self.sudo().write({"state": "cancelled"})
        return True

    def _is_arbiter(self):
        return self.env.su or self.env.user.has_group(
            "sales_claim_registration.group_claim_arbiter"
        )

    def _decide(self, decision):
        """Record the arbiter's decision and apply it."""
        if not self._is_arbiter():
            raise UserError(self.env._("Only a claim arbiter (sales operations) can decide."))
        for conflict in self:
            if conflict.state != "open":
                raise UserError(self.env._("Case %(case)s is already closed.", case=conflict.name))
            if not (conflict.decision_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Decision Note: write the reasons of the decision on case %(case)s.",
                        case=conflict.name,
                    )
                )
            if decision == "share" and not conflict.lead_id:
                raise ValidationError(
                    self.env._(
                        "Opportunity: sharing the credit needs the opportunity at stake on "
                        "case %(case)s.",
                        case=conflict.name,
                    )
                )
        self.write(
            {
                "state": "decided",
                "decision": decision,
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        for conflict in self:
            if decision == "transfer":
                conflict._apply_transfer()
            elif decision == "share":
                conflict._apply_share_credit()
            conflict._notify_decision()
        return True

    @by_rules
    def _apply_transfer(self):
        """Close the contested claim (transferred) and open one for the claimant."""
        self.ensure_one()
        # sudo: the arbiter applies a decision on claims of other teams
        old = self.claim_id.sudo()
        old._close(
            "transferred",
            self.env._(
                "Transferred to %(user)s by arbitration %(case)s",
                user=self.claimant_id.name,
                case=self.name,
            ),
        )
        new = (
            self.env["sales.claim"]
            .sudo()
            .create(
                {
                    "partner_id": old.partner_id.id,
                    "contact_id": old.contact_id.id,
                    "lead_id": (self.lead_id or old.lead_id).id,
                    "key_type": old.key_type,
                    "user_id": self.claimant_id.id,
                    "team_id": self.claimant_id.sale_team_id.id,
                    "channel": self.claimant_channel or "direct",
                    "agent_partner_id": self.claimant_agent_partner_id.id,
                    "company_id": old.company_id.id,
                    "note": self.env._("Transferred by arbitration %(case)s", case=self.name),
                }
            )
        )
        self.new_claim_id = new
        new._transfer_documents(
            old.partner_id,
            old.user_id,
            self.claimant_id,
            leads=(self.lead_id | old.lead_id) if old.key_type == "opportunity" else None,
        )
        return new

    def _apply_share_credit(self):
        """Hook: the arbiter decided that owner and claimant share the credit.

        Here it only logs the decision on the case and on the contested claim.
        The credit split addon (sales_credit_split) overrides this method to
        write the split lines (业绩分配) of ``self.lead_id`` between
        ``self.owner_id`` and ``self.claimant_id``; the decision guarantees
        that ``lead_id`` is set. Overrides must call ``super()``.
        """
        for conflict in self:
            message = self.env._(
                "Arbitration %(case)s: %(owner)s and %(claimant)s share the credit of %(lead)s.",
                case=conflict.name,
                owner=conflict.owner_id.name,
                claimant=conflict.claimant_id.name,
                lead=conflict.lead_id.name,
            )
            # sudo: the arbiter may not have write access to the claim's chatter
            conflict.claim_id.sudo().message_post(body=message)
            _logger.info(
                "sales.claim.conflict %s: share credit on lead %s",
                conflict.name,
                conflict.lead_id.id,
            )
        return True

    def _notify_decision(self):
        """Close the arbiters' activities; owner and claimant are told."""
        self.ensure_one()
        decision = dict(self._fields["decision"]._description_selection(self.env))[self.decision]
        # sudo: the deciding arbiter closes activities assigned to other arbiters
        self.sudo().activity_ids.unlink()
        body = self.env._(
            "Decision by %(user)s: %(decision)s. %(note)s",
            user=self.env.user.name,
            decision=decision,
            note=self.decision_note,
        )
        self.message_post(
            body=body,
            partner_ids=(self.owner_id | self.claimant_id).partner_id.ids,
            subtype_xmlid="mail.mt_comment",
        )
