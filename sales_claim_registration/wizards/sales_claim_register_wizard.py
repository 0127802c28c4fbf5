from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.claim_key import normalize_company_name
from ..tools.rules_write import rules_write

CHANNELS = [("telesales", "Telesales"), ("direct", "Direct Sales"), ("agent", "Agent")]


class SalesClaimRegisterWizard(models.TransientModel):
    """The claim action (报备) on contacts (one or several) and opportunities.

    Before confirming, the user sees the customers that are already claimed
    (owner and end date, one sentence each) and the near matches: companies
    whose normalized name is similar (pg_trgm), which may be the same
    customer registered under another spelling. Customers already claimed
    are refused; a refused claimant can escalate to arbitration (判单).
    """

    _name = "sales.claim.register.wizard"
    _description = "Claim Customers"

    partner_ids = fields.Many2many(
        "res.partner", string="Customers", help="The companies (or individuals) to claim."
    )
    lead_id = fields.Many2one("crm.lead", string="Opportunity")
    key_type = fields.Selection(
        [("company", "Company name"), ("phone", "Phone"), ("opportunity", "Opportunity")],
        string="Claim Key",
        required=True,
        default="company",
        help="Company name for businesses, a contact's phone for consumers and small deals, "
        "the opportunity for key accounts whose departments buy separately.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact",
        help="The contact whose mobile or phone is registered (phone key).",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", default=lambda self: self.env.user.sale_team_id
    )
    channel = fields.Selection(CHANNELS, required=True, default="direct")
    agent_partner_id = fields.Many2one(
        "res.partner", string="Agent", help="The agent company that registers the customer."
    )
    note = fields.Text(help="Evidence and context, kept on the claim.")
    takeover_reason = fields.Char(
        help="Sales managers only: why you take over a customer that has another "
        "salesperson. Logged on the customer; the salesperson is notified.",
    )
    takeover_needed = fields.Boolean(compute="_compute_checks")
    # what the user learns before confirming
    warning_html = fields.Html(compute="_compute_checks", sanitize=False)
    near_match_html = fields.Html(compute="_compute_checks", sanitize=False)
    blocking_claim_id = fields.Many2one("sales.claim", compute="_compute_checks")
    can_register = fields.Boolean(compute="_compute_checks")
    result_html = fields.Html(readonly=True, sanitize=False)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")

    @api.model
    def _open_action(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claim (报备)"),
            "res_model": self._name,
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def _claim_values(self, partner):
        return {
            "partner_id": partner.id,
            "contact_id": self.contact_id.id if len(self.partner_ids) == 1 else False,
            "lead_id": self.lead_id.id,
            "key_type": self.key_type,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "channel": self.channel,
            "agent_partner_id": self.agent_partner_id.id if self.channel == "agent" else False,
            "note": self.note,
        }

    @api.depends(
        "partner_ids", "lead_id", "key_type", "contact_id", "user_id", "team_id", "takeover_reason"
    )
    def _compute_checks(self):
        Partner = self.env["res.partner"]
        for wizard in self:
            Claim = self.env["sales.claim"].with_context(
                sales_claim_takeover_reason=wizard.takeover_reason
            )
            warnings, near, blocking = [], [], Claim
            wizard.takeover_needed = False
            for partner in wizard.partner_ids._origin:
                try:
                    vals = Claim._prepare_claim_vals(wizard._claim_values(partner))
                except (UserError, ValidationError) as error:
                    warnings.append(str(error))
                    continue
                found = Claim._find_blocking_claims(vals)
                if found:
                    blocking |= found[:1]
                    warnings.append(found[:1]._refusal_message())
                salesperson, customer = Claim._takeover_of(vals)
                if salesperson and not found:
                    wizard.takeover_needed = True
                    try:
                        Claim._check_takeover(customer, salesperson)
                    except ValidationError as error:
                        warnings.append(str(error))
                family = Partner.search([("commercial_partner_id", "=", partner.id)])
                for match, score in Partner._claim_near_matches(
                    partner.claim_name_key, exclude_ids=family.ids
                ):
                    owner = match.claim_owner_id
                    near.append(
                        self.env._(
                            "%(partner)s looks like %(match)s (%(score)s%% similar)%(owner)s",
                            partner=partner.display_name,
                            match=match.display_name,
                            score=round(score * 100),
                            owner=self.env._(", claimed by %(owner)s", owner=owner.name)
                            if owner
                            else "",
                        )
                    )
            unavailable = Partner._claim_near_match_unavailable_message()
            if unavailable and wizard.partner_ids:
                near.insert(0, unavailable)  # no silent "no similar customer"
            wizard.warning_html = wizard._as_list(warnings)
            wizard.near_match_html = wizard._as_list(near)
            wizard.blocking_claim_id = blocking[:1]
            wizard.can_register = (
                bool(wizard.partner_ids) and len(warnings) < len(wizard.partner_ids)
            ) or (not wizard.partner_ids and wizard._lead_can_create_customer())

    def _lead_existing_customer(self):
        """The customer a new lead is about, found by its keys, if it exists.

        The normalized company name (place qualifiers, brackets and legal
        forms do not make another customer), else the contact's phone (E.164,
        the contact whose phone matches). Archived companies are not reused.
        """
        lead = self.lead_id
        # sudo: the duplicate check looks at every customer, as the claim
        # uniqueness does, whoever registers the lead
        Partner = self.env["res.partner"].sudo()
        company = [("company_id", "in", [lead.company_id.id or self.env.company.id, False])]
        name_key = normalize_company_name(lead.partner_name or "")
        if name_key:
            found = Partner.search(
                [("claim_name_key", "=", name_key), ("is_company", "=", True), *company],
                order="id",
                limit=1,
            )
            if found:
                return found.with_env(self.env)
        if "phone_sanitized" not in Partner._fields:  # no phone keys without mail.thread.phone
            return self.env["res.partner"]
        for number in (
            lead.phone_sanitized,
            lead.mobile and lead._phone_format(number=lead.mobile),
        ):
            if number:
                found = Partner.search(
                    [("phone_sanitized", "=", number), *company], order="id", limit=1
                )
                if found:
                    return found.with_env(self.env)
        return self.env["res.partner"]

    def _lead_can_create_customer(self):
        lead = self.lead_id
        return bool(lead) and not lead.partner_id and bool(lead.partner_name or lead.contact_name)

    @api.model
    def _as_list(self, lines):
        if not lines:
            return False
        return Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(
            Markup("<li>%s</li>") % line for line in lines
        )

    def action_register(self):
        """Claim every customer that is free; report the others."""
        self.ensure_one()
        if not self.partner_ids and self._lead_can_create_customer():
            # a new opportunity's company becomes a customer before it is
            # claimed: the existing one when its keys find it, else a new one
            existing = self._lead_existing_customer()
            if existing:
                self.lead_id.partner_id = existing
            else:
                self.lead_id._handle_partner_assignment(create_missing=True)
            self.partner_ids = self.lead_id.partner_id.commercial_partner_id
        if not self.partner_ids:
            raise ValidationError(self.env._("Customers: choose at least one customer to claim."))
        Claim = self.env["sales.claim"]
        free, refused = [], []
        # prepare everything first: bad input stops the whole batch before any write
        for partner in self.partner_ids:
            values = self._claim_values(partner)
            blocking = Claim._find_blocking_claims(Claim._prepare_claim_vals(values))
            if blocking:
                refused.append(blocking[:1]._refusal_message())
            else:
                free.append(values)
        if not free:
            raise ValidationError("\n".join(refused))
        # the owner chosen in the wizard: record rules let reps register only
        # their own claims, managers register for their reps
        with rules_write():
            claims = Claim.with_context(sales_claim_takeover_reason=self.takeover_reason).create(
                free
            )
        if not refused:
            if len(claims) == 1:
                return {
                    "type": "ir.actions.act_window",
                    "res_model": "sales.claim",
                    "res_id": claims.id,
                    "view_mode": "form",
                    "target": "current",
                }
            action = self.env["ir.actions.act_window"]._for_xml_id(
                "sales_claim_registration.sales_claim_action"
            )
            action["domain"] = [("id", "in", claims.ids)]
            action["context"] = {}
            return action
        claimed = [
            self.env._(
                "%(customer)s: claimed (%(ref)s).", customer=c.partner_id.display_name, ref=c.name
            )
            for c in claims
        ]
        self.write({"state": "done", "result_html": self._as_list(claimed + refused)})
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_escalate(self):
        """Refused: contest the owner's claim before sales operations (判单)."""
        self.ensure_one()
        return self._escalate_action(
            self.blocking_claim_id, self.channel, self.agent_partner_id, self.lead_id
        )

    @api.model
    def _escalate_action(self, claim, channel, agent, lead=None):
        """The arbitration request (判单) against ``claim`` by a refused
        claimant of ``channel`` (and ``agent``), about ``lead`` if any."""
        if not claim:
            raise UserError(self.env._("Nothing to escalate: the customer is not claimed."))
        context = {
            "default_claim_id": claim.id,
            "default_claimant_channel": channel,
            "default_claimant_agent_partner_id": agent.id,
        }
        if lead is not None:
            context["default_lead_id"] = lead.id
        return claim.action_open_escalate_wizard() | {"context": context}
