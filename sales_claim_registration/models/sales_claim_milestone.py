from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    policy_id = fields.Many2one(
        "sales.claim.policy", required=True, ondelete="cascade", index=True
    )
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

    _sql_constraints = [
        ("days_positive", "CHECK(days > 0)", "A milestone must add at least one day."),
    ]

    @api.constrains("trigger", "stage_id", "activity_type_id", "days")
    def _check_trigger(self):
        for milestone in self:
            if milestone.days <= 0:
                raise ValidationError(
                    self.env._(
                        "Milestone %(name)s: Days must be more than 0.", name=milestone.name
                    )
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
