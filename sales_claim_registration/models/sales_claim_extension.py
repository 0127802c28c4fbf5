from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.bounds import MAX_DAYS
from ..tools.rules_write import by_rules, rules_writing, without_defaults

# the days a line adds and whether they count: written by the workflow below
RULES_FIELDS = ("claim_id", "kind", "milestone_id", "days", "state")


class SalesClaimExtension(models.Model):
    """Days added to a claim's protection: a reached milestone, or the one
    manual extension (延期申请) a claim approver granted.

    Only approved lines count in the claim's end date. A milestone counts
    once per claim (unique index in ``init``).
    """

    _name = "sales.claim.extension"
    _description = "Claim Protection Extension"
    _order = "create_date desc, id desc"

    claim_id = fields.Many2one("sales.claim", required=True, ondelete="cascade", index=True)
    user_id = fields.Many2one(related="claim_id.user_id", string="Owner")
    partner_id = fields.Many2one(related="claim_id.partner_id", string="Customer")
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    kind = fields.Selection(
        [("milestone", "Milestone"), ("manual", "Manual Extension")],
        required=True,
        default="milestone",
    )
    milestone_id = fields.Many2one("sales.claim.milestone", ondelete="restrict")
    days = fields.Integer(required=True, help="Days this line adds to the protection.")
    reason = fields.Text(help="Why the extension is needed, or the milestone reached.")
    trigger_ref = fields.Char(
        string="Triggered By",
        help="The record that triggered the milestone (model,id), kept as evidence.",
    )
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        required=True,
        default="approved",
        help="Only approved lines extend the protection.",
    )
    refuse_reason = fields.Text(readonly=True)
    requested_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(readonly=True)

    def init(self):
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_extension_milestone_uniq
                ON sales_claim_extension (claim_id, milestone_id)
                WHERE milestone_id IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_extension_manual_uniq
                ON sales_claim_extension (claim_id)
                WHERE kind = 'manual' AND state != 'refused';
            """
        )

    @api.constrains("days")
    def _check_days(self):
        for line in self:
            if line.days <= 0:
                raise ValidationError(self.env._("An extension must add at least one day."))
            if line.days > MAX_DAYS:
                raise ValidationError(
                    self.env._("Days: an extension adds at most %(max)s days.", max=MAX_DAYS)
                )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not rules_writing(self.env):
            # who may create extension lines at all speaks first
            self.check_access("create")
            self = without_defaults(self, RULES_FIELDS)
            for vals in vals_list:
                self._check_rules_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        if not rules_writing(self.env):
            self._check_rules_fields(vals)
        return super().write(vals)

    def _check_rules_fields(self, vals):
        """Extension days count only through the workflow: a milestone
        reached, or the one manual extension requested and approved."""
        given = [name for name in RULES_FIELDS if name in vals]
        if given:
            raise UserError(
                self.env._(
                    "%(fields)s of an extension are set by the rules only: request an extension "
                    "(延期申请) on the claim, approve or refuse it, or record a milestone.",
                    fields=", ".join(self._fields[name].string for name in given),
                )
            )

    # ------------------------------------------------------------------ workflow

    @api.model
    @by_rules
    def _request_manual(self, claim, days, reason):
        """The owner asks for the one manual extension of a claim (延期申请).

        Allowed once per claim, when the policy allows it, within the policy's
        extension days and the claim's maximum; claim approvers (sales VPs)
        get an activity to decide.
        """
        claim.ensure_one()
        user = self.env.user
        if claim.state != "active":
            raise UserError(self.env._("Only an active claim can be extended."))
        if claim.user_id != user and not user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "Only the owner of claim %(claim)s can ask to extend it.", claim=claim.name
                )
            )
        policy = claim.policy_id
        if not policy.allow_manual_extension:
            raise UserError(
                self.env._(
                    "Policy %(policy)s allows no manual extension.", policy=policy.display_name
                )
            )
        if claim.extension_ids.filtered(lambda e: e.kind == "manual"):
            raise UserError(
                self.env._(
                    "Claim %(claim)s already had its manual extension: one per claim.",
                    claim=claim.name,
                )
            )
        if not (reason or "").strip():
            raise ValidationError(self.env._("Reason: explain why the claim needs more time."))
        if days <= 0:
            raise ValidationError(
                self.env._("Days: ask for at least one day (you entered %(days)s).", days=days)
            )
        if days > policy.manual_extension_days:
            raise ValidationError(
                self.env._(
                    "Days: policy %(policy)s allows at most %(max)s days of manual extension.",
                    policy=policy.display_name,
                    max=policy.manual_extension_days,
                )
            )
        room = claim.max_days - claim.base_days - claim.extension_days
        if days > room:
            raise ValidationError(
                self.env._(
                    "Days: %(days)s more days would take claim %(claim)s beyond its maximum of "
                    "%(max)s days; at most %(room)s days are left.",
                    days=days,
                    claim=claim.name,
                    max=claim.max_days,
                    room=room,
                )
            )
        # sudo: the owner may create their request; approvers are notified by
        # activities on a claim the owner can read
        line = self.sudo().create(
            {
                "claim_id": claim.id,
                "kind": "manual",
                "days": days,
                "reason": reason,
                "state": "requested",
                "requested_by_id": user.id,
            }
        )
        for approver in claim._get_approvers():
            claim.sudo().activity_schedule(
                "sales_claim_registration.mail_activity_type_claim_extension",
                user_id=approver.id,
                summary=self.env._(
                    "Approve %(days)s more days for %(customer)s",
                    days=days,
                    customer=claim.partner_id.display_name,
                ),
                note=reason,
            )
        claim.message_post(
            body=self.env._(
                "%(user)s asks for %(days)s more days: %(reason)s",
                user=user.name,
                days=days,
                reason=reason,
            )
        )
        return line

    def _check_approver(self):
        if not (
            self.env.su or self.env.user.has_group("sales_claim_registration.group_claim_approver")
        ):
            raise UserError(
                self.env._("Only a claim approver (sales VP) can decide on an extension.")
            )
        if any(line.state != "requested" for line in self):
            raise UserError(self.env._("This extension was already decided."))

    @by_rules
    def action_approve(self):
        """A claim approver grants the requested days, while the claim still runs.

        A claim that has ended (released, expired, transferred, cancelled, or
        past its end date before the expiry cron ran) cannot be revived by an
        extension (保护期已结束不能延期): the request can only be refused.
        """
        self._check_approver()
        now = fields.Datetime.now()
        for line in self:
            claim = line.claim_id
            if claim.state != "active" or (claim.date_end and claim.date_end <= now):
                raise UserError(
                    self.env._(
                        "Claim %(claim)s has ended: an extension cannot revive it. Refuse the "
                        "request; the owner may claim the customer again if it is free.",
                        claim=claim.name,
                    )
                )
        self.write(
            {
                "state": "approved",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
            }
        )
        for line in self:
            line._notify_decision(
                self.env._(
                    "Extension of %(days)s days approved by %(user)s: protected until %(end)s.",
                    days=line.days,
                    user=self.env.user.name,
                    end=fields.Date.to_string(line.claim_id.date_end),
                )
            )
        return True

    @by_rules
    def action_refuse(self, reason=False):
        """A claim approver refuses the requested days."""
        self._check_approver()
        self.write(
            {
                "state": "refused",
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
                "refuse_reason": reason or False,
            }
        )
        for line in self:
            line._notify_decision(
                self.env._(
                    "Extension of %(days)s days refused by %(user)s. %(reason)s",
                    days=line.days,
                    user=self.env.user.name,
                    reason=reason or "",
                )
            )
        return True

    def _notify_decision(self, message):
        """Close the approvers' activities and tell the owner (both sides)."""
        # sudo: the approver closes activities assigned to other approvers too
        claim = self.claim_id.sudo()
        activity_type = self.env.ref("sales_claim_registration.mail_activity_type_claim_extension")
        claim.activity_ids.filtered(lambda a: a.activity_type_id == activity_type).unlink()
        claim.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=claim.user_id.id,
            summary=message,
        )
        claim.message_post(body=message)
