from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.bounds import MAX_DAYS, check_upper_bounds
from ..tools.rules_write import by_rules
from ..tools.uninstall import addon_uninstalling


class SalesClaimMilestone(models.Model):
    """Protection earned by progress (逐步延长).

    Each milestone adds its days once per claim when its trigger happens:
    the opportunity reaches a stage, an activity of a type is marked done
    (a visit with a business card, a demo), a quotation is sent or confirmed,
    or a user records it by hand with evidence. The total never exceeds the
    policy's maximum.
    """

    _name = "sales.claim.milestone"
    _description = "Claim Protection Milestone"
    _order = "policy_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    policy_id = fields.Many2one("sales.claim.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    trigger = fields.Selection(
        [
            ("stage", "Opportunity reaches a stage"),
            ("activity", "Activity of a type marked done"),
            ("quotation_sent", "Quotation sent"),
            ("quotation_confirmed", "Quotation confirmed"),
            ("manual", "Recorded by hand with evidence"),
        ],
        required=True,
        default="manual",
    )
    stage_id = fields.Many2one(
        "crm.stage",
        string="Stage",
        help="The milestone is reached when the claimed opportunity, or an "
        "opportunity of the claimed customer, reaches this stage or a later one.",
    )
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="Activity Type",
        help="The milestone is reached when an activity of this type is marked done "
        "on the customer or on one of its opportunities.",
    )
    days = fields.Integer(required=True, default=10, help="Days added to the protection.")

    @api.ondelete(at_uninstall=True)
    def _unlink_extensions_at_uninstall(self):
        """Uninstalling the addon: the extensions earned by the shipped
        milestones go before them, see ``tools/uninstall.py``."""
        if addon_uninstalling(self.env, "sales_claim_registration"):
            self.env.cr.execute(
                SQL("DELETE FROM sales_claim_extension WHERE milestone_id = ANY(%s)", self.ids)
            )

    @api.constrains("days")
    def _check_days_bound(self):
        check_upper_bounds(
            self,
            {"days": MAX_DAYS},
            lambda milestone: self.env._("milestone %(name)s", name=milestone.name),
        )

    @api.constrains("trigger", "stage_id", "activity_type_id", "days")
    def _check_trigger(self):
        for milestone in self:
            if milestone.days <= 0:
                raise ValidationError(
                    self.env._("Milestone %(name)s: Days must be more than 0.", name=milestone.name)
                )
            if milestone.trigger == "stage" and not milestone.stage_id:
                raise ValidationError(
                    self.env._(
                        "Milestone %(name)s: choose the Stage that triggers it.",
                        name=milestone.name,
                    )
                )
            if milestone.trigger == "activity" and not milestone.activity_type_id:
                raise ValidationError(
                    self.env._(
                        "Milestone %(name)s: choose the Activity Type that triggers it.",
                        name=milestone.name,
                    )
                )

    # ------------------------------------------------------------------ business

    def _matches(self, stage=None, activity_type=None):
        """Whether this milestone is reached by the given stage or activity type.

        A stage milestone is reached by its stage or any later stage (higher
        sequence) of the pipeline, won stages included.
        """
        self.ensure_one()
        if self.trigger == "stage":
            return bool(stage) and (
                stage == self.stage_id
                or (stage.sequence, stage.id) >= (self.stage_id.sequence, self.stage_id.id)
            )
        if self.trigger == "activity":
            return activity_type == self.activity_type_id
        return True

    @api.model
    def _reach(self, trigger, partners, leads, trigger_ref, stage=None, activity_type=None):
        """Apply the milestones of ``trigger`` to the active claims concerned (逐步延长).

        The claims concerned are the customer claims of ``partners`` (or of
        their commercial company) and the opportunity claims of ``leads``.
        Each milestone counts once per claim, and its days are capped so that
        the protection never exceeds the claim's maximum. ``trigger_ref``
        ("model,id") names the record that triggered it, kept as evidence.

        :return: the extension lines created
        """
        # sudo: milestones are earned by whoever moves the opportunity or marks
        # the activity done, even when that user cannot see the claim itself
        Claim = self.env["sales.claim"].sudo()
        domain = []
        if partners:
            domain = [
                "&",
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", partners.commercial_partner_id.ids),
            ]
        if leads:
            lead_domain = ["&", ("key_type", "=", "opportunity"), ("lead_id", "in", leads.ids)]
            domain = ["|", *domain, *lead_domain] if domain else lead_domain
        if not domain:
            return self.env["sales.claim.extension"]
        claims = Claim.search([("state", "=", "active"), *domain])
        return self._extend_claims(
            claims, trigger, trigger_ref, stage=stage, activity_type=activity_type
        )

    @api.model
    @by_rules
    def _extend_claims(self, claims, trigger, trigger_ref, stage=None, activity_type=None):
        """Create the extension lines the milestones of ``trigger`` earn on
        ``claims`` (restricted to the milestones in ``self`` when not empty)."""
        values = []
        for claim in claims:
            reached = claim.extension_ids.milestone_id
            room = claim.max_days - claim.base_days - claim.extension_days
            for milestone in claim.policy_id.milestone_ids:
                if self and milestone not in self:
                    continue
                if milestone.trigger != trigger or milestone in reached:
                    continue
                if not milestone._matches(stage=stage, activity_type=activity_type):
                    continue
                days = min(milestone.days, room)
                if days <= 0:
                    continue
                room -= days
                values.append(
                    {
                        "claim_id": claim.id,
                        "kind": "milestone",
                        "milestone_id": milestone.id,
                        "days": days,
                        "state": "approved",
                        "trigger_ref": trigger_ref,
                        "reason": milestone.name,
                    }
                )
        lines = self.env["sales.claim.extension"].sudo().create(values)
        for line in lines:
            line.claim_id.message_post(
                body=self.env._(
                    "Milestone %(milestone)s reached (%(ref)s): protection extended by "
                    "%(days)s days, until %(end)s.",
                    milestone=line.milestone_id.name,
                    ref=line.trigger_ref,
                    days=line.days,
                    end=fields.Date.to_string(line.claim_id.date_end),
                )
            )
        return lines

    @api.model
    def _record_ref(self, record):
        return f"{record._name},{record.id}"
