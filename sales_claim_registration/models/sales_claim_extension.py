from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    company_id = fields.Many2one(related="claim_id.company_id", store=True)
    kind = fields.Selection(
        [("milestone", "Milestone"), ("manual", "Manual Extension")],
        required=True,
        default="milestone",
    )
    milestone_id = fields.Many2one("sales.claim.milestone", ondelete="restrict")
    days = fields.Integer(required=True)
    reason = fields.Text()
    trigger_ref = fields.Char(
        string="Triggered By",
        help="The record that triggered the milestone (model,id), kept as evidence.",
    )
    state = fields.Selection(
        [("requested", "Requested"), ("approved", "Approved"), ("refused", "Refused")],
        required=True,
        default="approved",
    )
    requested_by_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Datetime(readonly=True)

    _sql_constraints = [
        ("days_positive", "CHECK(days > 0)", "An extension must add at least one day."),
    ]

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
