from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.rules_write import rules_write
from .sales_claim_register_wizard import CHANNELS


class SalesClaimProspectWizard(models.TransientModel):
    """Register a prospect (新客户报备): create the company and the contact
    when they do not exist yet, and claim them in one step.

    An existing company with the same normalized name is reused (never a
    second record of one customer), as is its contact with the same phone.
    Nothing is created when the claim is refused.
    """

    _name = "sales.claim.prospect.wizard"
    _description = "Register a Prospect"

    company_name = fields.Char(
        required=True, help="The registered company name (工商注册名称), e.g. 甲科技有限公司."
    )
    contact_name = fields.Char(help="The person you talk to.")
    mobile = fields.Char()
    phone = fields.Char()
    email = fields.Char()
    country_id = fields.Many2one(
        "res.country",
        string="Country",
        default=lambda self: self.env.company.country_id,
        help="Reads national phone numbers.",
    )
    key_type = fields.Selection(
        [("company", "Company name"), ("phone", "Phone")],
        string="Claim Key",
        required=True,
        default="company",
    )
    user_id = fields.Many2one(
        "res.users", string="Owner", required=True, default=lambda self: self.env.user
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", default=lambda self: self.env.user.sale_team_id
    )
    channel = fields.Selection(CHANNELS, required=True, default="direct")
    agent_partner_id = fields.Many2one("res.partner", string="Agent")
    note = fields.Text(help="Evidence and context, kept on the claim.")
    existing_partner_id = fields.Many2one(
        "res.partner", string="Existing Company", compute="_compute_checks"
    )
    warning_html = fields.Html(compute="_compute_checks", sanitize=False)
    near_match_html = fields.Html(compute="_compute_checks", sanitize=False)
    blocking_claim_id = fields.Many2one("sales.claim", compute="_compute_checks")

    def _name_key(self):
        key = self.env["sales.customer.identity"]._name_key(self.company_name)
        if not key:
            raise ValidationError(
                self.env._(
                    "Company Name: %(name)r has nothing left once legal forms and punctuation "
                    "are removed; enter the registered company name.",
                    name=self.company_name or "",
                )
            )
        return key

    def _phone_key(self):
        number = self.mobile or self.phone
        if not number:
            if self.key_type == "phone":
                raise ValidationError(self.env._("Mobile: a phone claim needs a phone number."))
            return False
        key = self.env["sales.customer.identity"]._phone_key(number, self.country_id.code)
        if not key:
            raise ValidationError(
                self.env._(
                    "Mobile: %(number)s is not a valid phone number; enter it with its "
                    "country, e.g. +86 138 0013 8000.",
                    number=number,
                )
            )
        return key

    def _find_company(self, name_key):
        """The oldest company of that name, archived ones included (they are
        refused with a clear message rather than registered twice)."""
        Identity = self.env["sales.customer.identity"]
        return Identity._find_companies(name_key, with_archived=True)[:1]

    def _blocking(self, name_key, phone_key, company):
        Identity = self.env["sales.customer.identity"]
        request = Identity._request(
            self.env.company.id,
            partner_ids=company.ids,
            customer_keys=[name_key],
            claim_keys=[(self.key_type, name_key if self.key_type == "company" else phone_key)],
            user_id=self.user_id.id,
        )
        return Identity._find_blocking_claims([request])[0]

    @api.depends("company_name", "mobile", "phone", "country_id", "key_type", "user_id")
    def _compute_checks(self):
        Register = self.env["sales.claim.register.wizard"]
        for wizard in self:
            wizard.existing_partner_id = wizard.blocking_claim_id = False
            wizard.warning_html = wizard.near_match_html = False
            if not wizard.company_name:
                continue
            try:
                name_key = wizard._name_key()
                phone_key = wizard._phone_key()
            except ValidationError as error:
                wizard.warning_html = Register._as_list([str(error)])
                continue
            company = wizard._find_company(name_key)
            wizard.existing_partner_id = company
            blocking = wizard._blocking(name_key, phone_key, company)[:1]
            wizard.blocking_claim_id = blocking
            wizard.warning_html = Register._as_list(
                [blocking._refusal_message()] if blocking else []
            )
            Partner = self.env["res.partner"]
            unavailable = Partner._claim_near_match_unavailable_message()
            near = [unavailable] if unavailable else []  # no silent "no similar customer"
            near += [
                self.env._(
                    "Similar customer: %(match)s (%(score)s%% similar)",
                    match=match.display_name,
                    score=round(score * 100),
                )
                for match, score in Partner._claim_near_matches(name_key, exclude_ids=company.ids)
            ]
            wizard.near_match_html = Register._as_list(near)

    def action_register(self):
        """Create what is missing and claim it; all or nothing."""
        self.ensure_one()
        name_key = self._name_key()
        phone_key = self._phone_key()
        company = self._find_company(name_key)
        blocking = self._blocking(name_key, phone_key, company)[:1]
        if blocking:
            raise ValidationError(blocking._refusal_message())
        Partner = self.env["res.partner"]
        if company and not company.active:
            raise ValidationError(
                self.env._(
                    "%(partner)s is archived: ask a manager to restore it before claiming it.",
                    partner=company.display_name,
                )
            )
        if not company:
            company = Partner.create(
                {
                    "name": self.company_name.strip(),
                    "is_company": True,
                    "country_id": self.country_id.id,
                    "user_id": self.user_id.id,
                }
            )
        company = Partner.browse(company.id)
        contact = Partner
        if phone_key:
            contact = (
                self.env["sales.customer.identity"]
                ._find_partners_by_phone([phone_key])
                .filtered(lambda c: c.parent_id == company)[:1]
            )
            contact = Partner.browse(contact.id)
        if not contact and (self.contact_name or phone_key):
            contact = Partner.create(
                {
                    "name": (self.contact_name or "").strip() or self.company_name.strip(),
                    "parent_id": company.id,
                    "mobile": self.mobile,
                    "phone": self.phone,
                    "email": self.email,
                    "country_id": self.country_id.id,
                    "type": "contact",
                }
            )
        if self.key_type == "phone" and not contact:
            raise UserError(self.env._("Contact Name: a phone claim needs the contact."))
        # the owner chosen in the wizard: record rules let reps register only
        # their own claims, managers register for their reps
        with rules_write():
            claim = self.env["sales.claim"].create(
                {
                    "partner_id": company.id,
                    "contact_id": contact.id,
                    "key_type": self.key_type,
                    "user_id": self.user_id.id,
                    "team_id": self.team_id.id,
                    "channel": self.channel,
                    "agent_partner_id": (
                        self.agent_partner_id.id if self.channel == "agent" else False
                    ),
                    "note": self.note,
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "sales.claim",
            "res_id": claim.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_escalate(self):
        """Refused: contest the owner's claim before sales operations (判单)."""
        self.ensure_one()
        return self.env["sales.claim.register.wizard"]._escalate_action(
            self.blocking_claim_id, self.channel, self.agent_partner_id
        )
