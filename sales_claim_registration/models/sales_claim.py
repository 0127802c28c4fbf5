"""The claim (报备): its fields, computes, database guarantees and CRUD.

The model ``sales.claim`` spans several files, one concern each:
``sales_claim_prepare.py`` (preparing and refusing a claim),
``sales_claim_batch.py`` and ``sales_claim_batch_insert.py`` (registering
many claims at once), ``sales_claim_ownership.py`` (the owner is the
salesperson, and the hooks that hand customers over),
``sales_claim_life_cycle.py`` (release, cancel, extensions, opportunities
won or lost) and ``sales_claim_cron.py`` (expiry and reminders),
``sales_claim_rules_fields.py`` (the fields only the rules write). Who a
customer is lives in ``customer_identity.py``.
"""

from datetime import timedelta

import psycopg2.errors

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import calendar_days
from ..tools.rules_write import rules_writing, without_defaults
from .sales_claim_policy import KEY_TYPES

ACTIVE = "active"
CLOSED_STATES = ("expired", "released", "won", "lost", "transferred", "cancelled", "merged")


def protection_dates(date_start, base_days, max_days, extra_days, reminder_days):
    """``(extension days, end, reminder)`` of a claim: start plus protection
    days plus approved extensions, at most the maximum; the reminder comes
    ``reminder_days`` before the end."""
    total = min(base_days + extra_days, max_days or base_days + extra_days)
    if not date_start:
        return total - base_days, False, False
    date_end = date_start + timedelta(days=total)
    return total - base_days, date_end, date_end - timedelta(days=reminder_days or 0)


class ClaimsRefused(ValidationError):
    """Some rows of a batch of claims (``_create_claims_batch``) are refused.

    Raised by the checks of the claims' hooks (caps of the public pools...)
    when the context key ``sales_claim_batch`` is set: ``refusals`` maps the
    claimed customer (commercial partner id) to the reason. The batch rolls
    back, skips these rows and registers the others.
    """

    def __init__(self, refusals):
        self.refusals = refusals
        super().__init__("\n".join(refusals.values()))


class SalesClaim(models.Model):
    """A claim registration (报备): who first registered a customer, and until when.

    First valid claim wins. Exclusivity is enforced by PostgreSQL, not by a
    search before the insert: partial unique indexes on active claims (see
    ``init``) make two simultaneous claims of the same customer impossible;
    the loser gets a ``ValidationError`` naming the owner and the end date.

    A company and all its contacts are one customer: claims by company name
    or by a contact's phone are "customer claims" and at most one is active per
    commercial partner, and per normalized company name. Opportunity claims
    (key accounts whose departments buy separately) are one per opportunity.

    Other addons extend the life cycle through two hooks, both called with
    the claims concerned, in batches, after the state was written:
    ``_on_claims_started()`` and ``_on_claims_ended(reason)``.
    """

    _name = "sales.claim"
    _description = "Customer Claim Registration"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    # what is claimed
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        help="The commercial company (or the individual, for consumers) that is claimed.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        check_company=True,
        help="The contact whose phone was registered, when the claim key is a phone.",
    )
    lead_id = fields.Many2one(
        "crm.lead", string="Opportunity", index="btree_not_null", check_company=True
    )
    key_type = fields.Selection(KEY_TYPES, string="Claim Key", required=True, default="company")
    claim_key = fields.Char(
        string="Normalized Key",
        required=True,
        readonly=True,
        index=True,
        help="The normalized company name, E.164 phone or opportunity the claim registers.",
    )
    customer_key = fields.Char(
        string="Normalized Company Name",
        readonly=True,
        help="Normalized name of the claimed company: a second partner record with the "
        "same name counts as the same customer.",
    )
    credit_code_key = fields.Char(
        string="Credit Code",
        readonly=True,
        help="Unified social credit code (统一社会信用代码) of the claimed company: a second "
        "partner record with the same code counts as the same customer.",
    )
    # who
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", index=True, check_company=True)
    channel = fields.Selection(
        [("telesales", "Telesales"), ("direct", "Direct Sales"), ("agent", "Agent")],
        required=True,
        default="direct",
        tracking=True,
    )
    agent_partner_id = fields.Many2one(
        "res.partner",
        string="Agent",
        index="btree_not_null",
        help="The partner company (agent, reseller) that registered the customer.",
    )
    # protection
    policy_id = fields.Many2one("sales.claim.policy", required=True, readonly=True)
    date_start = fields.Datetime(
        string="Claimed On", required=True, readonly=True, default=fields.Datetime.now
    )
    base_days = fields.Integer(string="Protection Days", readonly=True)
    max_days = fields.Integer(string="Maximum Days", readonly=True)
    extension_ids = fields.One2many("sales.claim.extension", "claim_id", string="Extensions")
    extension_days = fields.Integer(compute="_compute_date_end", store=True)
    date_end = fields.Datetime(
        string="Protected Until",
        compute="_compute_date_end",
        store=True,
        tracking=True,
        help="Claim date plus protection days plus approved extensions, at most the maximum.",
    )
    date_reminder = fields.Datetime(compute="_compute_date_end", store=True)
    reminded_end = fields.Datetime(
        readonly=True, copy=False, help="The end date the owner was last reminded of."
    )
    days_left = fields.Integer(compute="_compute_days_left", search="_search_days_left")
    state = fields.Selection(
        [
            ("active", "Active"),
            ("expired", "Expired"),
            ("released", "Released"),
            ("won", "Won"),
            ("lost", "Lost"),
            ("transferred", "Transferred"),
            ("cancelled", "Cancelled"),
            ("merged", "Merged"),
        ],
        required=True,
        default=ACTIVE,
        readonly=True,
        tracking=True,
        copy=False,
    )
    date_closed = fields.Datetime(readonly=True, copy=False)
    close_reason = fields.Char(readonly=True, copy=False, tracking=True)
    note = fields.Text(help="Evidence and context: who introduced the customer, what was agreed.")
    # extensions and arbitration
    manual_extension_state = fields.Selection(
        [
            ("none", "Not requested"),
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        string="Manual Extension",
        compute="_compute_manual_extension_state",
        help="The one manual extension (延期申请) the owner may ask for.",
    )
    conflict_ids = fields.One2many("sales.claim.conflict", "claim_id", string="Conflicts")
    conflict_count = fields.Integer(compute="_compute_conflict_count")

    # ------------------------------------------------------------------ computes

    @api.depends("date_start", "base_days", "max_days", "extension_ids.days", "extension_ids.state")
    def _compute_date_end(self):
        for claim in self:
            extra = sum(
                claim.extension_ids.filtered(lambda e: e.state == "approved").mapped("days")
            )
            claim.extension_days, claim.date_end, claim.date_reminder = protection_dates(
                claim.date_start,
                claim.base_days,
                claim.max_days,
                extra,
                claim.policy_id.reminder_days,
            )

    @api.depends_context("uid")
    @api.depends("date_end", "state")
    def _compute_days_left(self):
        """Calendar days to the end, in the user's time zone (see tools/calendar_days.py)."""
        now = fields.Datetime.now()
        for claim in self:
            active = claim.state == ACTIVE
            claim.days_left = (
                calendar_days.days_left(self.env, claim.date_end, now) if active else 0
            )

    @api.depends("name", "partner_id")
    def _compute_display_name(self):
        # sudo: who may read a claim may read the name of the customer it
        # claims; an agent's portal user may not read that partner itself
        for claim in self:
            customer = claim.sudo().partner_id
            claim.display_name = f"{claim.name} - {customer.name}" if customer else claim.name

    @api.depends("extension_ids.kind", "extension_ids.state")
    def _compute_manual_extension_state(self):
        for claim in self:
            manual = claim.extension_ids.filtered(lambda e: e.kind == "manual")
            pending = manual.filtered(lambda e: e.state != "refused")[:1]
            claim.manual_extension_state = (pending or manual[:1]).state or "none"

    def _compute_conflict_count(self):
        counts = dict(
            self.env["sales.claim.conflict"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.conflict_count = counts.get(claim, 0)

    def _search_days_left(self, operator, value):
        """The exact counterpart of the computed days left (same calendar days)."""
        if operator not in ("<", "<=", ">", ">=", "="):
            raise UserError(self.env._("Unsupported search on days left: %s", operator))
        now = fields.Datetime.now()
        return [
            ("state", "=", ACTIVE),
            *calendar_days.days_left_domain(self.env, "date_end", operator, value, now),
        ]

    # ------------------------------------------------------------------ database

    def init(self):
        """One active claim per key, per customer, per company name and per
        credit code; the key stamps of ``_lock_requests``
        (``customer_identity_keys.py``).

        Partial unique indexes cannot be declared in ``_sql_constraints``
        in 18.0; a violation is turned into a readable error by ``create``.
        """
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_active_key_uniq
                ON sales_claim (company_id, key_type, claim_key) WHERE state = 'active';
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_active_customer_uniq
                ON sales_claim (company_id, partner_id)
                WHERE state = 'active' AND key_type IN ('company', 'phone');
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_active_customer_key_uniq
                ON sales_claim (company_id, customer_key)
                WHERE state = 'active' AND key_type IN ('company', 'phone')
                  AND customer_key IS NOT NULL;
            CREATE UNIQUE INDEX IF NOT EXISTS sales_claim_active_credit_code_uniq
                ON sales_claim (company_id, credit_code_key)
                WHERE state = 'active' AND key_type IN ('company', 'phone')
                  AND credit_code_key IS NOT NULL;
            CREATE TABLE IF NOT EXISTS sales_claim_key_stamp (
                key_hash bigint PRIMARY KEY,
                stamped_at timestamp NOT NULL DEFAULT now()
            );
            CREATE INDEX IF NOT EXISTS sales_claim_active_customer_key_idx
                ON sales_claim (customer_key) WHERE state = 'active';
            -- with id: the expiry cron's batches follow it (keyset, see
            -- sales_claim_cron.py) whatever the number of equal end dates
            CREATE INDEX IF NOT EXISTS sales_claim_active_end_id_idx
                ON sales_claim (date_end, id) WHERE state = 'active';
            CREATE INDEX IF NOT EXISTS sales_claim_active_reminder_idx
                ON sales_claim (date_reminder) WHERE state = 'active';
            CREATE INDEX IF NOT EXISTS sales_claim_active_user_idx
                ON sales_claim (user_id) WHERE state = 'active';
            """
        )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not rules_writing(self.env):
            # a new claim names what it claims, for its own user; the rest
            # is prepared below (context defaults of the rest are ignored)
            self = without_defaults(self, self._PROTECTED_NAMES - self._CREATE_FIELDS)
            for vals in vals_list:
                self._check_rules_fields(set(vals) - self._CREATE_FIELDS - {"user_id"})
        # a claim for someone else: after the insert, so that the record rules
        # (a rep registers their own claims) speak first
        for_others = not rules_writing(self.env) and any(
            vals.get("user_id") not in (None, False, self.env.uid) for vals in vals_list
        )
        vals_list = [self._prepare_claim_vals(vals) for vals in vals_list]
        active_vals = [vals for vals in vals_list if vals.get("state", ACTIVE) == ACTIVE]
        self._check_not_claimed_locked(active_vals)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(vals["company_id"])
                    .next_by_code("sales.claim")
                    or "/"
                )
        try:
            with self.env.cr.savepoint():
                claims = super().create(vals_list)
                claims.flush_recordset()
                if for_others:
                    self._check_rules_fields({"user_id"})
        except psycopg2.errors.UniqueViolation:
            # Lost a race: another transaction committed a claim of the same
            # customer between our check and our insert.
            for vals in active_vals:
                self._check_not_claimed(vals)
            raise ValidationError(
                self.env._("This customer was claimed by someone else a moment ago.")
            ) from None
        claims.filtered(lambda c: c.state == ACTIVE)._on_claims_started()
        return claims

    def write(self, vals):
        self._check_rules_fields(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_cancelled(self):
        if any(claim.state == ACTIVE for claim in self) and not self.env.su:
            raise UserError(
                self.env._("Active claims cannot be deleted: release or cancel them first.")
            )
