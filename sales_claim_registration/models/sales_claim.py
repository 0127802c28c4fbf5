import logging
import re
from datetime import timedelta

import psycopg2.errors
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools import calendar_days
from ..tools.claim_key import normalize_company_name, normalize_phone
from .sales_claim_policy import KEY_TYPES

_logger = logging.getLogger(__name__)

ACTIVE = "active"
CLOSED_STATES = ("expired", "released", "won", "lost", "transferred", "cancelled")


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
        for claim in self:
            claim.display_name = (
                f"{claim.name} - {claim.partner_id.name}" if claim.partner_id else claim.name
            )

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
        """One active claim per key, per customer and per company name.

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
            CREATE INDEX IF NOT EXISTS sales_claim_active_customer_key_idx
                ON sales_claim (customer_key) WHERE state = 'active';
            CREATE INDEX IF NOT EXISTS sales_claim_active_end_idx
                ON sales_claim (date_end) WHERE state = 'active';
            CREATE INDEX IF NOT EXISTS sales_claim_active_reminder_idx
                ON sales_claim (date_reminder) WHERE state = 'active';
            CREATE INDEX IF NOT EXISTS sales_claim_active_user_idx
                ON sales_claim (user_id) WHERE state = 'active';
            """
        )

    # ------------------------------------------------------------------ CRUD

    # written by the claim's life cycle only (policy, crons, decisions)
    _LIFE_CYCLE_FIELDS = frozenset(
        {
            "state",
            "date_start",
            "base_days",
            "max_days",
            "policy_id",
            "date_closed",
            "close_reason",
            "reminded_end",
            "user_id",
        }
    )

    def _check_life_cycle_fields(self, fields_given):
        if self.env.su:
            return
        given = self._LIFE_CYCLE_FIELDS & set(fields_given)
        if given:
            labels = ", ".join(sorted(self._fields[name].string for name in given))
            raise UserError(
                self.env._(
                    "%(fields)s of a claim are set by its policy and life cycle: use the claim "
                    "actions (extend, release, arbitration) instead of editing them.",
                    fields=labels,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_life_cycle_fields(set(vals) - {"user_id"})
        vals_list = [self._prepare_claim_vals(vals) for vals in vals_list]
        active_vals = [vals for vals in vals_list if vals.get("state", ACTIVE) == ACTIVE]
        for vals in active_vals:
            self._check_not_claimed(vals)
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
        protected = {"partner_id", "key_type", "claim_key", "customer_key", "company_id"}
        if protected & set(vals) and not self.env.su:
            raise UserError(
                self.env._(
                    "The customer and key of a claim are evidence and cannot be changed. "
                    "Cancel the claim and register a new one."
                )
            )
        self._check_life_cycle_fields(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_cancelled(self):
        if any(claim.state == ACTIVE for claim in self) and not self.env.su:
            raise UserError(
                self.env._("Active claims cannot be deleted: release or cancel them first.")
            )

    @api.model
    def _prepare_claim_vals(self, vals):
        """Fill customer, keys, policy and protection from what the user gave."""
        vals = dict(vals)
        Partner = self.env["res.partner"]
        key_type = vals.get("key_type") or "company"
        vals["key_type"] = key_type
        lead = self.env["crm.lead"].browse(vals.get("lead_id"))
        contact = Partner.browse(vals.get("contact_id"))
        partner = Partner.browse(vals.get("partner_id"))
        if not partner and contact:
            partner = contact.commercial_partner_id
        if not partner and lead:
            partner = lead.partner_id.commercial_partner_id
        if not partner:
            raise ValidationError(self.env._("Choose the Customer to claim."))
        if not partner.active:
            raise ValidationError(
                self.env._(
                    "%(partner)s is archived: restore it before claiming it.",
                    partner=partner.display_name,
                )
            )
        if contact and not contact.active:
            raise ValidationError(
                self.env._(
                    "Contact %(contact)s is archived: restore it or choose another contact.",
                    contact=contact.display_name,
                )
            )
        company_partner = partner.commercial_partner_id
        if contact and contact.commercial_partner_id != company_partner:
            raise ValidationError(
                self.env._(
                    "Contact: %(contact)s does not belong to %(customer)s; choose one of its "
                    "contacts.",
                    contact=contact.display_name,
                    customer=company_partner.display_name,
                )
            )
        if vals.get("channel") == "agent" and not vals.get("agent_partner_id"):
            raise ValidationError(
                self.env._("Agent: an agent's claim names the agent company that registers it.")
            )
        vals["partner_id"] = company_partner.id
        vals["company_id"] = (
            vals.get("company_id")
            or company_partner.company_id.id
            or lead.company_id.id
            or self.env.company.id
        )
        company = self.env["res.company"].browse(vals["company_id"])
        customer_key = (
            normalize_company_name(company_partner.name) if company_partner.is_company else False
        )
        if key_type == "company":
            if not company_partner.is_company:
                raise ValidationError(
                    self.env._(
                        "%(partner)s is an individual without a company: a company-name claim "
                        "needs a company. Set its company, or claim it by phone.",
                        partner=partner.display_name,
                    )
                )
            if not customer_key:
                raise ValidationError(
                    self.env._(
                        "The company name %(name)r has nothing left once legal forms and "
                        "punctuation are removed: enter the registered company name.",
                        name=company_partner.name,
                    )
                )
            vals["claim_key"] = customer_key
        elif key_type == "phone":
            contact = contact or partner
            number = contact.mobile or contact.phone
            country = contact.country_id or company_partner.country_id or company.country_id
            phone = normalize_phone(number, country.code)
            if not phone:
                raise ValidationError(
                    self.env._(
                        "%(contact)s has no valid phone number (%(number)s): enter a mobile or "
                        "phone number with its country, e.g. +86 138 0013 8000.",
                        contact=contact.display_name,
                        number=number or self.env._("empty"),
                    )
                )
            vals["contact_id"] = contact.id
            vals["claim_key"] = phone
        else:
            if not lead:
                raise ValidationError(
                    self.env._("An opportunity claim needs the Opportunity it registers.")
                )
            vals["claim_key"] = f"lead:{lead.id}"
        vals["customer_key"] = customer_key or False
        user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
        if "team_id" not in vals:
            vals["team_id"] = (lead.team_id or user.sale_team_id).id
        team = self.env["crm.team"].browse(vals["team_id"])
        policy = self.env["sales.claim.policy"].browse(vals.get("policy_id"))
        if not policy:
            policy = self.env["sales.claim.policy"]._get_policy(company, team, key_type)
        vals["policy_id"] = policy.id
        vals.setdefault("base_days", policy.base_days)
        vals.setdefault("max_days", policy.max_days)
        return vals

    # ------------------------------------------------------------------ duplicates

    @api.model
    def _find_blocking_claims(self, vals):
        """Active claims that make the claim described by ``vals`` impossible."""
        domain = [("state", "=", ACTIVE), ("company_id", "=", vals["company_id"])]
        if vals["key_type"] == "opportunity":
            # one claim per opportunity, and no claim on another owner's customer
            conflict = [
                "|",
                "&",
                ("key_type", "=", "opportunity"),
                ("claim_key", "=", vals["claim_key"]),
                "&",
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "=", vals["partner_id"]),
            ]
        else:
            conflict = [
                "|",
                "|",
                "&",
                ("key_type", "=", vals["key_type"]),
                ("claim_key", "=", vals["claim_key"]),
                ("partner_id", "=", vals["partner_id"]),
            ]
            conflict.append(
                ("customer_key", "=", vals["customer_key"])
                if vals.get("customer_key")
                else ("id", "=", 0)
            )
        # sudo: a rep must learn who owns a customer even when record rules
        # hide that owner's claims; only owner and end date are shown.
        blocking = self.sudo().search(domain + conflict)
        # the owner's own claims never block: an opportunity claim does not stop
        # its owner from claiming the customer, nor the reverse
        if vals["key_type"] == "opportunity":
            return blocking.filtered(
                lambda c: c.key_type == "opportunity" or c.user_id.id != vals.get("user_id")
            )
        return blocking.filtered(
            lambda c: c.key_type != "opportunity" or c.user_id.id != vals.get("user_id")
        )

    @api.model
    def _check_not_claimed(self, vals):
        blocking = self._find_blocking_claims(vals)
        if blocking:
            raise ValidationError(blocking[:1]._refusal_message())

    def _refusal_message(self):
        """One sentence that says who owns the customer and until when."""
        self.ensure_one()
        return self.env._(
            "%(customer)s is already claimed by %(owner)s until %(end)s (claim %(ref)s); "
            "escalate to arbitration if you have evidence that it is yours.",
            customer=self.partner_id.display_name,
            owner=self.user_id.name,
            end=fields.Date.to_string(fields.Datetime.context_timestamp(self, self.date_end)),
            ref=self.name,
        )

    # ------------------------------------------------------------------ batch registration

    @api.model
    def _create_claims_batch(self, vals_list, chunk_size=None):
        """Register many customer claims at once (批量报备) for trusted bulk
        callers, such as the distribution of pool customers: a customer that
        cannot be claimed is skipped and reported, the others are claimed.

        The rules are those of ``create`` (first valid claim wins, claim keys,
        policy and protection, the hooks of other addons such as the pools'
        caps), checked set-based per chunk of rows (setting
        ``sales_claim_registration.batch_size``, 5,000 by default): one query
        reads the customers, one finds the active claims that block them, one
        draws the references, one ``INSERT`` writes the chunk inside a
        savepoint and the hooks (``_on_claims_started``) run once for it. When
        another transaction claimed a customer after these checks, a unique
        index refuses the insert: the customer it names is skipped and the
        chunk inserted again. Rows that the hooks refuse (``ClaimsRefused``,
        e.g. an owner over a cap) are skipped the same way.

        The ORM ``create`` is not used (about 1.5 ms a claim: defaults, company
        checks, chatter): overrides of ``create`` do not run, the hooks do.
        No chatter message and no email per claim: the owner follows the claim
        without being notified, the caller tells each owner once what they
        got. The user who runs the batch does not follow the claims.

        ``vals_list``: dicts with ``partner_id``, ``user_id`` and optionally
        ``key_type`` ('company' or 'phone'), ``team_id``, ``channel``,
        ``agent_partner_id``, ``company_id``, ``policy_id``, ``note``.
        Returns ``(claims, refused)``, ``refused`` a list of ``(vals, reason)``.
        """
        given = {key for vals in vals_list for key in vals}
        if given & {"contact_id", "lead_id"} or any(
            vals.get("key_type") == "opportunity" for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "Only customer claims (by company name or phone) can be registered in a batch."
                )
            )
        chunk_size = chunk_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.batch_size", 5000)
        )
        # sudo: trusted bulk callers check who may claim for whom themselves
        claims = self.sudo().with_context(sales_claim_batch=True)
        state = {"seen": set(), "policies": {}, "sequences": {}, "teams": {}}
        claim_ids, refused = [], []
        for start in range(0, len(vals_list), chunk_size):
            chunk = vals_list[start : start + chunk_size]
            rows = claims._prepare_claims_batch(chunk, state, refused)
            claim_ids += claims._insert_claims_batch(rows, state, refused).ids
        return self.browse(claim_ids), refused

    @api.model
    def _prepare_claims_batch(self, chunk, state, refused):
        """``_prepare_claim_vals`` and ``_check_not_claimed`` for a chunk,
        set-based. Returns the accepted rows ``{"vals", "values"}``; appends the
        refused ones to ``refused``."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT p.id, p.active, p.mobile, p.phone, pc.code AS country,
                       cp.id AS commercial_id, cp.name, cp.claim_name_key, cp.is_company,
                       cp.company_id, cc.code AS commercial_country
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                  LEFT JOIN res_country pc ON pc.id = p.country_id
                  LEFT JOIN res_country cc ON cc.id = cp.country_id
                 WHERE p.id = ANY(%s)
                """,
                list({vals.get("partner_id") or 0 for vals in chunk}),
            )
        )
        partners_data = {row["id"]: row for row in cr.dictfetchall()}
        Partner = self.env["res.partner"]
        partners = {p.id: p for p in Partner.browse(partners_data)}
        user_ids = {vals.get("user_id") or self.env.uid for vals in chunk}
        teams = {user.id: user.sale_team_id.id for user in self.env["res.users"].browse(user_ids)}
        companies = {}
        prepared = []
        for vals in chunk:
            data = partners_data.get(vals.get("partner_id"))
            if not data:
                refused.append((vals, self.env._("Choose the Customer to claim.")))
                continue
            partner = partners[data["id"]]
            is_company, name = data["is_company"], data["name"]
            number = data["mobile"] or data["phone"]
            key_type = vals.get("key_type") or "company"
            company_id = vals.get("company_id") or data["company_id"] or self.env.company.id
            customer_key = (
                (data["claim_name_key"] or normalize_company_name(name)) if is_company else False
            )
            values = dict(
                vals,
                key_type=key_type,
                partner_id=data["commercial_id"],
                company_id=company_id,
                customer_key=customer_key or False,
                user_id=vals.get("user_id") or self.env.uid,
            )
            reason = None
            if not data["active"]:
                reason = self.env._(
                    "%(partner)s is archived: restore it before claiming it.",
                    partner=partner.display_name,
                )
            elif vals.get("channel") == "agent" and not vals.get("agent_partner_id"):
                reason = self.env._(
                    "Agent: an agent's claim names the agent company that registers it."
                )
            elif key_type == "company" and not is_company:
                reason = self.env._(
                    "%(partner)s is an individual without a company: a company-name claim "
                    "needs a company. Set its company, or claim it by phone.",
                    partner=partner.display_name,
                )
            elif key_type == "company" and not customer_key:
                reason = self.env._(
                    "The company name %(name)r has nothing left once legal forms and "
                    "punctuation are removed: enter the registered company name.",
                    name=name,
                )
            elif key_type == "company":
                values["claim_key"] = customer_key
            else:
                if company_id not in companies:
                    companies[company_id] = self.env["res.company"].browse(company_id)
                code = (
                    data["country"]
                    or data["commercial_country"]
                    or companies[company_id].country_id.code
                )
                values["claim_key"] = normalize_phone(number, code)
                values["contact_id"] = partner.id
                if not values["claim_key"]:
                    reason = self.env._(
                        "%(contact)s has no valid phone number (%(number)s): enter a mobile or "
                        "phone number with its country, e.g. +86 138 0013 8000.",
                        contact=partner.display_name,
                        number=number or self.env._("empty"),
                    )
            if not reason:
                reason = self._prepare_batch_policy(values, teams, state)
            if not reason and not self._batch_companies_agree(values, data["company_id"], state):
                reason = self.env._(
                    "%(customer)s cannot be claimed in company %(company)s: the customer, or "
                    "the owner's sales team, belongs to another company.",
                    customer=partner.display_name,
                    company=self.env["res.company"].browse(company_id).name,
                )
            if reason:
                refused.append((vals, reason))
            else:
                prepared.append({"vals": vals, "values": values, "partner": partner})
        return self._check_claims_batch(prepared, state, refused)

    @api.model
    def _prepare_batch_policy(self, values, teams, state):
        """Team and policy of a batch row; policies are looked up once per
        company, team and key type. Returns the reason of a refusal, if any."""
        if "team_id" not in values:
            values["team_id"] = teams[values["user_id"]]
        Policy = self.env["sales.claim.policy"]
        key = (values["company_id"], values["team_id"], values["key_type"])
        if values.get("policy_id"):
            key = values["policy_id"]
            if key not in state["policies"]:
                state["policies"][key] = Policy.browse(key)
        elif key not in state["policies"]:
            try:
                state["policies"][key] = Policy._get_policy(
                    self.env["res.company"].browse(key[0]),
                    self.env["crm.team"].browse(key[1]),
                    key[2],
                )
            except ValidationError as exc:
                state["policies"][key] = exc.args[0]
        policy = state["policies"][key]
        if isinstance(policy, str):
            return policy
        values["policy_id"] = policy.id
        values.setdefault("base_days", policy.base_days)
        values.setdefault("max_days", policy.max_days)
        return None

    @api.model
    def _batch_companies_agree(self, values, partner_company_id, state):
        """What ``_check_company`` checks on ``create``, for a batch row: the
        customer and the team belong to the claim's company (or to none)."""
        team_id = values.get("team_id")
        if team_id not in state["teams"]:
            state["teams"][team_id] = self.env["crm.team"].browse(team_id).company_id.id
        return all(
            company in (False, None, values["company_id"])
            for company in (partner_company_id, state["teams"][team_id])
        )

    @api.model
    def _check_claims_batch(self, prepared, state, refused):
        """First valid claim wins, for a chunk: one query finds the active
        claims that block any of its rows (same rules as
        ``_find_blocking_claims``); a customer given twice is claimed once."""
        if not prepared:
            return []
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT id, company_id, partner_id, customer_key, key_type, claim_key, user_id
                  FROM sales_claim
                 WHERE state = 'active' AND company_id = ANY(%(companies)s)
                   AND (partner_id = ANY(%(partners)s) OR customer_key = ANY(%(names)s)
                        OR claim_key = ANY(%(keys)s))
                """,
                companies=list({row["values"]["company_id"] for row in prepared}),
                partners=list({row["values"]["partner_id"] for row in prepared}),
                names=list({row["values"]["customer_key"] or "" for row in prepared}),
                keys=list({row["values"]["claim_key"] for row in prepared}),
            )
        )
        index = {}
        for claim_id, company, partner, name, key_type, key, user in cr.fetchall():
            blocker = (claim_id, key_type, user)
            index.setdefault(("partner", company, partner), []).append(blocker)
            if name:
                index.setdefault(("name", company, name), []).append(blocker)
            index.setdefault(("key", company, key_type, key), []).append(blocker)
        blocker_ids = {blocker[0] for blockers in index.values() for blocker in blockers}
        blockers = {claim.id: claim for claim in self.browse(blocker_ids)}
        accepted = []
        for row in prepared:
            values = row["values"]
            keys = [
                ("partner", values["company_id"], values["partner_id"]),
                ("key", values["company_id"], values["key_type"], values["claim_key"]),
            ]
            if values["customer_key"]:
                keys.append(("name", values["company_id"], values["customer_key"]))
            blocking = [
                claim_id
                for key in keys
                for claim_id, key_type, user in index.get(key, ())
                # the owner's own opportunity claims never block
                if key_type != "opportunity" or user != values["user_id"]
            ]
            if blocking:
                claim = blockers[min(blocking)]
                reason = self.env._(
                    "%(customer)s is already claimed by %(owner)s until %(end)s (claim %(ref)s).",
                    customer=row["partner"].display_name,
                    owner=claim.user_id.name,
                    end=fields.Date.to_string(
                        fields.Datetime.context_timestamp(self, claim.date_end)
                    ),
                    ref=claim.name,
                )
            elif any(key in state["seen"] for key in keys):
                reason = self.env._(
                    "%(customer)s is given more than once: it is claimed once.",
                    customer=row["partner"].display_name,
                )
            else:
                state["seen"].update(keys)
                accepted.append(row)
                continue
            refused.append((row["vals"], reason))
        return accepted

    def _insert_claims_batch(self, rows, state, refused):
        """Insert a checked chunk in a savepoint; skip the customers that a
        concurrent transaction claimed meanwhile (the unique indexes name
        them) or that the hooks refuse, and insert the rest again."""
        self._name_claims_batch([row["values"] for row in rows], state)
        while rows:
            try:
                with self.env.cr.savepoint():
                    claims = self._insert_claims_rows([row["values"] for row in rows])
                    claims._subscribe_owners_batch()
                    claims._on_claims_started()
                    self.env.flush_all()
                return claims
            except psycopg2.errors.UniqueViolation as exc:
                losers = {
                    id(row): self.env._(
                        "%(customer)s was claimed by someone else a moment ago.",
                        customer=row["partner"].display_name,
                    )
                    for row in self._batch_race_losers(rows, exc)
                }
                if not losers:
                    raise ValidationError(
                        self.env._("This customer was claimed by someone else a moment ago.")
                    ) from None
            except ClaimsRefused as exc:
                losers = {
                    id(row): exc.refusals[row["values"]["partner_id"]]
                    for row in rows
                    if row["values"]["partner_id"] in exc.refusals
                }
                if not losers:
                    raise
            refused += [(row["vals"], losers[id(row)]) for row in rows if id(row) in losers]
            rows = [row for row in rows if id(row) not in losers]
        return self.browse()

    @api.model
    def _batch_race_losers(self, rows, exc):
        """The rows a unique violation is about. The transaction cannot see the
        winning claim (it committed after our snapshot): the error's detail,
        ``Key (company_id, partner_id)=(1, 42) already exists.``, names it."""
        match = re.search(r"\(([^()]*)\)=\((.*)\)", exc.diag.message_detail or "")
        if not match:
            return []
        columns = [column.strip() for column in match.group(1).split(",")]
        values = match.group(2).split(", ", len(columns) - 1)
        if len(values) != len(columns) or not set(columns) <= set(self._fields):
            return []
        wanted = list(zip(columns, values, strict=True))
        return [
            row
            for row in rows
            if all(str(row["values"].get(column)) == value for column, value in wanted)
        ]

    @api.model
    def _name_claims_batch(self, values_list, state):
        """References of a chunk: one query per company when the claim sequence
        is a standard one without date ranges, else one ``next_by_code`` each."""
        by_company = {}
        for values in values_list:
            if values.get("name", "/") == "/":
                by_company.setdefault(values["company_id"], []).append(values)
        Sequence = self.env["ir.sequence"]
        for company_id, todo in by_company.items():
            if company_id not in state["sequences"]:
                state["sequences"][company_id] = Sequence.search(
                    [("code", "=", "sales.claim"), ("company_id", "in", [company_id, False])],
                    order="company_id",
                    limit=1,
                )
            sequence = state["sequences"][company_id].with_company(company_id)
            if sequence.implementation != "standard" or sequence.use_date_range:
                for values in todo:
                    values["name"] = (
                        Sequence.with_company(company_id).next_by_code("sales.claim") or "/"
                    )
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                    f"ir_sequence_{sequence.id:03d}",
                    len(todo),
                )
            )
            prefix, suffix = sequence._get_prefix_suffix()
            for values, (number,) in zip(todo, self.env.cr.fetchall(), strict=True):
                values["name"] = prefix + "%%0%sd" % sequence.padding % number + suffix

    @api.model
    def _insert_claims_rows(self, values_list):
        """Insert prepared claims in one ``INSERT ... SELECT unnest(...)``.

        Every stored column is written: the given values, else the model's
        defaults (read once), the protection dates as ``_compute_date_end``
        computes them (no extension yet). Stored computed fields added by
        other addons are left to the ORM's recomputation.
        """
        now = fields.Datetime.now()
        computed = {"extension_days", "date_end", "date_reminder"}
        columns = [
            field
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in ("id", *models.MAGIC_COLUMNS)
        ]
        defaults = self.default_get(
            [f.name for f in columns if not f.compute and any(f.name not in v for v in values_list)]
        )
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{self._table}_id_seq",
                len(values_list),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        policies = self.env["sales.claim.policy"].browse({v["policy_id"] for v in values_list})
        reminders = {policy.id: policy.reminder_days for policy in policies}
        rows = []
        for values in values_list:
            row = dict(defaults, **values)
            row["date_start"] = fields.Datetime.to_datetime(row["date_start"]) or now
            row["extension_days"], row["date_end"], row["date_reminder"] = protection_dates(
                row["date_start"],
                row.get("base_days") or 0,
                row.get("max_days") or 0,
                0,
                reminders[row["policy_id"]],
            )
            rows.append(row)
        uids, nows = [self.env.uid] * len(ids), [now] * len(ids)
        arrays = {
            "id": (ids, "int4"),
            "create_uid": (uids, "int4"),
            "create_date": (nows, "timestamp"),
            "write_uid": (uids, "int4"),
            "write_date": (nows, "timestamp"),
        }
        for field in columns:
            if field.compute and field.name not in computed:
                continue
            if field.type in ("many2one", "char", "selection", "text", "datetime", "date"):
                # what convert_to_column does for these types, without a call per value
                values = [row.get(field.name) or None for row in rows]
            else:
                values = [
                    field.convert_to_column(row.get(field.name), self, row, validate=False)
                    for row in rows
                ]
            arrays[field.name] = (values, field.column_type[1])
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT * FROM unnest(%s)",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in arrays),
                SQL(", ").join(
                    SQL("%s::%s[]", values, SQL(column_type))
                    for values, column_type in arrays.values()
                ),
            )
        )
        claims = self.browse(ids)
        # what the hooks read, in one query (not every column by 1,000s)
        claims.fetch(["key_type", "partner_id", "user_id", "company_id"])
        for field in columns:
            if field.compute and field.name not in computed:
                self.env.add_to_compute(field, claims)
        return claims

    def _subscribe_owners_batch(self):
        """The owners follow their claims, as the Owner field's auto-subscription
        of ``create`` does, without its email: one query for the whole batch
        (the ORM's followers ``create`` costs 0.6 ms a claim)."""
        subtypes = self.env["mail.message.subtype"].default_subtypes(self._name)[0]
        self.env.cr.execute(
            SQL(
                """
                WITH followers AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, c.id, u.partner_id
                      FROM sales_claim c JOIN res_users u ON u.id = c.user_id
                     WHERE c.id = ANY(%(ids)s) AND u.partner_id IS NOT NULL
                    ON CONFLICT DO NOTHING
                    RETURNING id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT f.id, s.id FROM followers f, unnest(%(subtypes)s::int[]) AS s(id)
                """,
                model=self._name,
                ids=self.ids,
                subtypes=subtypes.ids,
            )
        )
        self.env["mail.followers"].invalidate_model()
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])

    # ------------------------------------------------------------------ ownership

    @api.model
    def _active_customer_claims(self, partners):
        """{commercial partner: active customer claim} for ``partners``."""
        if not partners:
            return {}
        # sudo: ownership is checked for users who cannot read others' claims
        claims = self.sudo().search(
            [
                ("state", "=", ACTIVE),
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", partners.commercial_partner_id.ids),
            ]
        )
        return {claim.partner_id: claim for claim in claims}

    @api.model
    def _has_active_claims(self, partners, leads):
        """Whether any active claim concerns these customers or opportunities:
        one query that spares milestone lookups on unclaimed records."""
        # sudo: a cheap existence check, nothing is shown
        return bool(
            self.sudo().search_count(
                [
                    ("state", "=", ACTIVE),
                    "|",
                    ("partner_id", "in", partners.commercial_partner_id.ids),
                    ("lead_id", "in", leads.ids),
                ],
                limit=1,
            )
        )

    @api.model
    def _ownership_enforced(self):
        """Setting "Enforce Claim Ownership" (客户归属一致), on by default."""
        enforced = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.enforce_ownership")
        )
        return bool(enforced) and enforced not in ("False", "0")

    @api.model
    def _ownership_bypassed(self):
        """Ownership consistency is not enforced for the superuser, the claim
        code itself (context ``sales_claim_bypass``), sales managers, or when
        the setting is off."""
        if self.env.su or self.env.context.get("sales_claim_bypass"):
            return True
        if not self._ownership_enforced():
            return True
        return self.env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _raise_ownership(self, claim):
        raise UserError(
            self.env._(
                "%(customer)s is claimed by %(owner)s until %(end)s: only the owner or a sales "
                "manager can be its salesperson or open opportunities for it.",
                customer=claim.partner_id.display_name,
                owner=claim.user_id.name,
                end=fields.Date.to_string(fields.Datetime.context_timestamp(self, claim.date_end)),
            )
        )

    # ------------------------------------------------------------------ life cycle

    def _close(self, state, reason=False):
        """End active claims: the owner loses the customer. Set-based."""
        claims = self.filtered(lambda c: c.state == ACTIVE)
        if not claims:
            return claims
        claims.check_access("write")
        # sudo: the life cycle fields are written by the claim code only, on
        # claims the caller may write
        claims.sudo().write(
            {"state": state, "date_closed": fields.Datetime.now(), "close_reason": reason}
        )
        claims._on_claims_ended(state)
        return claims

    def action_release(self, reason):
        """The owner gives the customer back (释放)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why you release the customer."))
        return self._close("released", reason)

    def action_cancel(self):
        """A sales manager voids a claim registered by mistake (作废)."""
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise UserError(self.env._("Only a sales manager can cancel a claim."))
        return self._close("cancelled", self.env._("Cancelled"))

    def action_open_extension_wizard(self):
        """The owner asks for the one manual extension (延期申请)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an Extension"),
            "res_model": "sales.claim.extension.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def action_open_escalate_wizard(self):
        """Contest this claim: open an arbitration request (判单)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Arbitration"),
            "res_model": "sales.claim.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    def action_view_conflicts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_claim_registration.sales_claim_conflict_action"
        )
        action["domain"] = [("claim_id", "=", self.id)]
        action["context"] = {"default_claim_id": self.id}
        return action

    def _record_manual_milestone(self, milestone, evidence):
        """The owner records a milestone reached outside the system, with evidence.

        The evidence is posted on the claim; the milestone counts once, capped
        at the claim's maximum.
        """
        self.ensure_one()
        user = self.env.user
        if self.state != ACTIVE:
            raise UserError(self.env._("Only an active claim can earn milestones."))
        if self.user_id != user and not user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "Only the owner of claim %(claim)s can record its milestones.", claim=self.name
                )
            )
        if milestone.trigger != "manual" or milestone.policy_id != self.policy_id:
            raise ValidationError(
                self.env._(
                    "Milestone: choose one recorded by hand of policy %(policy)s.",
                    policy=self.policy_id.display_name,
                )
            )
        if milestone in self.extension_ids.milestone_id:
            raise ValidationError(
                self.env._(
                    "Milestone %(milestone)s already counted on claim %(claim)s: each "
                    "milestone counts once.",
                    milestone=milestone.name,
                    claim=self.name,
                )
            )
        if not (evidence or "").strip():
            raise ValidationError(self.env._("Evidence: describe what proves the milestone."))
        lines = milestone._extend_claims(self.sudo(), "manual", f"{self._name},{self.id}")
        if not lines:
            raise ValidationError(
                self.env._(
                    "Claim %(claim)s already has its maximum of %(max)s days.",
                    claim=self.name,
                    max=self.max_days,
                )
            )
        lines.reason = evidence
        self.message_post(body=self.env._("Evidence: %(evidence)s", evidence=evidence))
        return lines

    def _get_approvers(self):
        """Claim approvers (sales VPs) of the claim's company: the team leader
        when he is one, else all of them."""
        self.ensure_one()
        group = self.env.ref("sales_claim_registration.group_claim_approver")
        # sudo: reps may not read group memberships
        approvers = group.sudo().users.filtered(
            lambda u: not u.share and u.active and self.company_id in u.company_ids
        )
        leader = self.team_id.user_id
        return leader if leader in approvers else approvers

    # ------------------------------------------------------------------ opportunities

    @api.model
    def _on_leads_won(self, leads):
        """Opportunities were won (赢单).

        An opportunity claim of a won opportunity is won: its job is done. A
        customer claim stays active when its owner wins an opportunity: the
        customer keeps its account manager, the "signed" milestone extends the
        protection and the normal expiry (or the pool's recycling rules) still
        apply. When someone else wins an opportunity of a claimed customer, an
        arbitration case is opened so sales operations decide who gets the
        credit (撞单).
        """
        # sudo: whoever moves the opportunity may not see the claims concerned
        Claim = self.sudo()
        lead_claims = Claim.search(
            [("state", "=", ACTIVE), ("key_type", "=", "opportunity"), ("lead_id", "in", leads.ids)]
        )
        lead_claims._close("won", self.env._("Opportunity won"))
        customer_claims = Claim.search(
            [
                ("state", "=", ACTIVE),
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", leads.partner_id.commercial_partner_id.ids),
            ]
        )
        by_partner = {claim.partner_id: claim for claim in customer_claims}
        contested = []
        for lead in leads:
            claim = by_partner.get(lead.partner_id.commercial_partner_id)
            if claim and lead.user_id and lead.user_id != claim.user_id:
                contested.append((claim, lead))
        if contested:
            self.env["sales.claim.conflict"]._open_for_won_leads(contested)

    @api.model
    def _on_leads_lost(self, leads):
        """Opportunities were lost: their opportunity claims are lost too."""
        # sudo: whoever marks the opportunity lost may not see its claim
        self.sudo().search(
            [("state", "=", ACTIVE), ("key_type", "=", "opportunity"), ("lead_id", "in", leads.ids)]
        )._close("lost", self.env._("Opportunity lost"))

    # ------------------------------------------------------------------ hooks

    def _on_claims_started(self):
        """Hook: claims just became active. The owner gets the customer.

        Set the salesperson of the customer and of its contacts to the owner,
        so that every document of the customer agrees.
        """
        if not self:
            return
        # one query for the whole batch, whatever the number of owners; read
        # from the table: a distribution starts thousands of claims at once
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET user_id = c.user_id
                  FROM sales_claim c
                 WHERE c.id = ANY(%s) AND c.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = c.partner_id
                   AND p.user_id IS DISTINCT FROM c.user_id
                """,
                self.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])

    def _on_claims_ended(self, reason):
        """Hook: claims just left the active state (``reason`` is the new state).

        The owner loses the customer: its salesperson is cleared when it is
        still the former owner. Other addons extend this (the public pool
        addon sends expired and released customers to a pool).
        """
        if reason in ("won", "transferred") or not self:
            return
        # one query for the whole batch, whatever the number of former owners;
        # read from the table, not the ORM: crons end thousands of claims
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET user_id = NULL
                  FROM sales_claim c
                 WHERE c.id = ANY(%s) AND c.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = c.partner_id
                   AND p.user_id = c.user_id
                """,
                self.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])

    @api.model
    def _set_salesperson(self, partners, user_id):
        """Set the salesperson of companies and their contacts in one query.

        SQL on purpose: the ORM write subscribes followers and tracks per
        record (about 110 partners/s), far too slow for expiry crons.
        """
        if not partners:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET user_id = %(user)s
                 WHERE id = ANY(%(ids)s) OR commercial_partner_id = ANY(%(ids)s)
                """,
                user=user_id or None,
                ids=partners.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])

    # ------------------------------------------------------------------ crons

    @api.model
    def _cron_expire_claims(self, batch_size=None):
        """Expire claims past their protection end (保护期到期).

        Batches of ``sales.batch.cron``: two workers never process the same
        claim, an interrupted run keeps its progress and a re-run continues.
        """
        batch_size = batch_size or self._cron_batch_size()
        self.env.flush_all()
        cr = self.env.cr
        now = fields.Datetime.now()
        held = self._expiry_held_sql()
        cr.execute(
            SQL(
                "SELECT count(*) FROM sales_claim "
                "WHERE state = 'active' AND date_end <= %s AND NOT (%s)",
                now,
                held,
            )
        )
        total = cr.fetchone()[0]  # counted once: no count per batch

        def pick():
            return SQL(
                """
                SELECT id FROM sales_claim
                 WHERE state = 'active' AND date_end <= %s AND NOT (%s)
                 ORDER BY date_end, id
                 LIMIT %s
                 FOR NO KEY UPDATE SKIP LOCKED
                """,
                now,
                held,
                batch_size,
            )

        def expire(rows):
            ids = [row[0] for row in rows]
            cr.execute(
                SQL(
                    """
                    UPDATE sales_claim
                       SET state = 'expired', date_closed = %(now)s, close_reason = %(reason)s,
                           write_date = %(now)s, write_uid = %(uid)s
                     WHERE id = ANY(%(ids)s)
                    """,
                    now=now,
                    uid=self.env.uid,
                    ids=ids,
                    reason=self.env._("Protection period ended"),
                )
            )
            self.invalidate_model(["state", "date_closed", "close_reason"])
            self.browse(ids)._on_claims_ended("expired")

        return self.env["sales.batch.cron"]._run_batches(
            pick, expire, total=total, label="sales.claim: claims expired"
        )

    @api.model
    def _expiry_held_sql(self):
        """Hook: SQL condition on ``sales_claim`` rows past their end that stay active.

        None here; the public pool keeps locked customers and customers its
        rules exempt (won customers) with their owner (sales_public_pool).
        """
        return SQL("FALSE")

    @api.model
    def _cron_remind_claims(self, batch_size=None):
        """Remind owners before their claims expire (到期提醒), one digest each.

        An owner whose claims enter their reminder window gets one activity
        "12 of your claims expire within 3 days" (updated, not duplicated, while
        it is open), never one per claim. Claims are marked with the end date
        they were reminded of, so a re-run sends nothing new and an extended
        claim is reminded again before its new end. Batches of
        ``sales.batch.cron``.
        """
        batch_size = batch_size or self._cron_batch_size()
        self.env.flush_all()
        cr = self.env.cr
        now = fields.Datetime.now()

        def pick():
            return SQL(
                """
                SELECT id, user_id FROM sales_claim
                 WHERE state = 'active' AND date_reminder <= %(now)s AND date_end > %(now)s
                   AND (reminded_end IS NULL OR reminded_end != date_end)
                 ORDER BY user_id, date_end, id
                 LIMIT %(limit)s
                 FOR NO KEY UPDATE SKIP LOCKED
                """,
                now=now,
                limit=batch_size,
            )

        def remind(rows):
            ids = [row[0] for row in rows]
            self._schedule_expiry_digests({row[1] for row in rows}, now)
            cr.execute(
                SQL("UPDATE sales_claim SET reminded_end = date_end WHERE id = ANY(%s)", ids)
            )
            self.invalidate_model(["reminded_end"])

        return self.env["sales.batch.cron"]._run_batches(
            pick, remind, label="sales.claim: claims reminded"
        )

    @api.model
    def _schedule_expiry_digests(self, user_ids, now):
        """One open digest activity per owner, counting all their claims in
        their reminder window. The activity sits on the owner's claim that
        expires first."""
        self.env.cr.execute(
            SQL(
                """
                SELECT user_id, array_agg(id ORDER BY date_end, id), max(date_end)
                  FROM sales_claim
                 WHERE state = 'active' AND user_id = ANY(%(users)s)
                   AND date_reminder <= %(now)s AND date_end > %(now)s
                 GROUP BY user_id
                """,
                users=list(user_ids),
                now=now,
            )
        )
        digests = self.env.cr.fetchall()
        activity_type = self.env.ref("sales_claim_registration.mail_activity_type_claim_expiry")
        Activity = self.env["mail.activity"].sudo()
        existing = {
            activity.user_id.id: activity
            for activity in Activity.search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("res_model", "=", self._name),
                    ("user_id", "in", list(user_ids)),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        to_create = []
        for user_id, claim_ids, last_end in digests:
            claims = self.browse(claim_ids)
            days = max(-(-(last_end - now).total_seconds() // 86400), 1)
            values = {
                "summary": self.env._(
                    "%(count)s of your claims expire within %(days)s days",
                    count=len(claim_ids),
                    days=int(days),
                ),
                "note": self._expiry_digest_note(claims[:50]),
                "date_deadline": fields.Date.to_date(claims[:1].date_end),
            }
            if user_id in existing:
                existing[user_id].write(values)
            else:
                to_create.append(
                    dict(
                        values,
                        activity_type_id=activity_type.id,
                        res_model_id=model_id,
                        res_id=claim_ids[0],
                        user_id=user_id,
                    )
                )
        # sudo: the cron schedules activities for owners on their own claims
        Activity.with_context(mail_activity_quick_update=True).create(to_create)

    def _expiry_digest_note(self, claims):
        lines = Markup("").join(
            Markup("<li>%s - %s: %s</li>")
            % (claim.name, claim.partner_id.display_name, fields.Date.to_string(claim.date_end))
            for claim in claims
        )
        return Markup("<ul>%s</ul>") % lines

    @api.model
    def _cron_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.cron_batch_size", 2000)
        )
