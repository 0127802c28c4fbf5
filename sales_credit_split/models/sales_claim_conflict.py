from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesClaimConflict(models.Model):
    """Arbitration decided as "share the credit" writes the split (判单分业绩).

    The owner of the contested claim and the claimant share the credit of the
    opportunity at stake: the claimant gets the decided share, the owner the
    rest, both with the company's default credit role. The arbiter's decision
    is the agreement (who and when are recorded); a won opportunity's split
    stays locked. The change is logged and both participants are notified.
    """

    _inherit = "sales.claim.conflict"

    credit_claimant_percent = fields.Float(
        string="Claimant's Credit Share (%)",
        digits=(5, 2),
        default=50.0,
        help="Share of the opportunity's credit given to the claimant when the decision is "
        "to share the credit; the owner of the claim gets the rest.",
    )

    @api.constrains("credit_claimant_percent")
    def _check_credit_claimant_percent(self):
        for conflict in self:
            if not 0 < conflict.credit_claimant_percent < 100:
                raise ValidationError(
                    self.env._(
                        "Claimant's Credit Share of case %(case)s is %(value)s%%: enter more "
                        "than 0 and less than 100, the owner gets the rest.",
                        case=conflict.name,
                        value=conflict.credit_claimant_percent,
                    )
                )

    def _apply_share_credit(self):
        res = super()._apply_share_credit()
        for conflict in self:
            conflict._credit_split_share()
        return res

    def _credit_split_share(self):
        self.ensure_one()
        # sudo: the arbiter applies the decision on opportunities of any team,
        # including won (locked) ones, without being their salesperson
        lead = self.lead_id.sudo()
        company = lead.company_id or self.company_id
        role = company.credit_split_default_role_id or self.env["sales.credit.role"].search(
            [("company_id", "in", [company.id, False])], limit=1
        )
        claimant_share = self.credit_claimant_percent
        before = [line._describe() for line in lead.credit_split_line_ids]
        lead._credit_split_replace(
            [
                {"user_id": self.owner_id.id, "role_id": role.id, "percent": 100 - claimant_share},
                {"user_id": self.claimant_id.id, "role_id": role.id, "percent": claimant_share},
            ]
        )
        if lead.credit_split_state != "locked":
            lead._credit_split_write_state(
                {
                    "credit_split_state": "agreed",
                    "credit_split_agreed_by_id": self.env.user.id,
                    "credit_split_agreed_date": fields.Datetime.now(),
                }
            )
        lead._credit_split_log(
            before,
            self.env._("Credit split decided by arbitration %(case)s.", case=self.name),
        )
        lead._credit_split_notify(
            self.env._("Arbitration %(case)s: the credit is shared.", case=self.name)
        )
