from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..tools.bounds import MAX_DAYS, check_upper_bounds
from ..tools.uninstall import addon_uninstalling

KEY_TYPES = [
    ("company", "Company name"),
    ("phone", "Phone"),
    ("opportunity", "Opportunity"),
]


class SalesClaimPolicy(models.Model):
    """How long a claim (报备) protects its owner, and how it is extended.

    The policy that applies to a new claim is the first active one, by
    sequence, of the claim's company whose sales team and key type match; a
    policy without a team applies to every team. Claims copy the days they
    were granted, so editing a policy never rewrites running claims.
    """

    _name = "sales.claim.policy"
    _description = "Claim Registration Policy"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        check_company=True,
        help="Leave empty to apply the policy to every sales team of the company.",
    )
    key_type = fields.Selection(
        KEY_TYPES,
        string="Claim Key",
        required=True,
        default="company",
        help="What identifies the claimed customer: its registered company name "
        "(toB), a contact's phone number (toC and small deals) or one opportunity "
        "(key accounts whose departments buy separately).",
    )
    base_days = fields.Integer(
        string="Protection Days",
        required=True,
        default=14,
        help="Days a new claim is exclusive to its owner. Usually 1-2x the average "
        "deal cycle: 14 days for a 1-2 week cycle, 60 or more for enterprise deals.",
    )
    max_days = fields.Integer(
        string="Maximum Days",
        required=True,
        default=90,
        help="Total protection a claim can reach with every extension included.",
    )
    reminder_days = fields.Integer(
        string="Reminder (days before end)",
        default=3,
        help="Owners get a reminder activity this many days before their claims expire.",
    )
    allow_manual_extension = fields.Boolean(
        string="Manual Extension",
        default=True,
        help="Owners may ask once per claim for an extension, approved by a claim approver.",
    )
    manual_extension_days = fields.Integer(string="Manual Extension Days", default=15)
    milestone_ids = fields.One2many(
        "sales.claim.milestone", "policy_id", string="Milestones", copy=True
    )

    @api.ondelete(at_uninstall=True)
    def _unlink_claims_at_uninstall(self):
        """Uninstalling the addon: its claims (and their conflicts) go before
        the shipped policies they point at, see ``tools/uninstall.py``."""
        if not addon_uninstalling(self.env, "sales_claim_registration"):
            return
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM sales_claim_conflict WHERE claim_id IN (
                    SELECT id FROM sales_claim WHERE policy_id = ANY(%(ids)s));
                DELETE FROM sales_claim WHERE policy_id = ANY(%(ids)s);
                """,
                ids=self.ids,
            )
        )

    @api.constrains("base_days", "max_days", "reminder_days", "manual_extension_days")
    def _check_days(self):
        self._check_days_bounds()
        for policy in self:
            if policy.base_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: Protection Days must be more than 0 (it is %(days)s).",
                        policy=policy.name,
                        days=policy.base_days,
                    )
                )
            if policy.max_days < policy.base_days:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: Maximum Days (%(max)s) cannot be less than "
                        "Protection Days (%(base)s). Raise Maximum Days.",
                        policy=policy.name,
                        max=policy.max_days,
                        base=policy.base_days,
                    )
                )
            if policy.reminder_days < 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: Reminder days cannot be negative.",
                        policy=policy.name,
                    )
                )
            if policy.allow_manual_extension and policy.manual_extension_days <= 0:
                raise ValidationError(
                    self.env._(
                        "Policy %(policy)s: Manual Extension Days must be more than 0, "
                        "or untick Manual Extension.",
                        policy=policy.name,
                    )
                )

    def _check_days_bounds(self):
        """At most ten years (``tools/bounds.py``): dates beyond overflow."""
        check_upper_bounds(
            self,
            dict.fromkeys(
                ("base_days", "max_days", "reminder_days", "manual_extension_days"), MAX_DAYS
            ),
            lambda policy: self.env._("policy %(policy)s", policy=policy.display_name),
        )

    @api.model
    def _get_policy(self, company, team, key_type):
        """The policy that governs a new claim, or an error naming what to configure."""
        domain = [("company_id", "=", company.id), ("key_type", "=", key_type)]
        policies = self.search(domain)
        policy = (
            policies.filtered(lambda p: team and p.team_id == team)[:1]
            or policies.filtered(lambda p: not p.team_id)[:1]
        )
        if not policy:
            raise ValidationError(
                self.env._(
                    "No claim policy for key type '%(key)s' in company %(company)s. "
                    "Create one under CRM > Configuration > Claim Policies.",
                    key=dict(self._fields["key_type"]._description_selection(self.env))[key_type],
                    company=company.name,
                )
            )
        return policy
