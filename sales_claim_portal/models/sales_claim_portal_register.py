"""Agents register their customers (PRM 报备) from the portal."""

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import plaintext2html

from odoo.addons.sales_claim_registration.tools.rules_write import rules_write


class SalesClaim(models.Model):
    """Registration from the portal: the form is checked, the customer found
    by normalized company name or phone (``sales.customer.identity``) or
    created, and claimed with channel *agent* for the agent company. A
    refusal never names the owner (``_portal_refusal_message``); every
    attempt is logged and capped (``sales.claim.portal.attempt``)."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _portal_register(self, values, attachments=()):
        """Register a customer for the agent of the current portal user.

        ``values``: company_name, contact_name, phone, email, note, ip_address;
        ``attachments``: ``(file name, content, mimetype)`` tuples, evidence.
        Returns the logged ``sales.claim.portal.attempt``; its ``result``
        says accepted, refused or capped and its ``message`` what to tell
        the agent. Bad input raises ``ValidationError`` and is not an attempt.
        """
        user = self.env.user
        agent = user.commercial_partner_id
        if not agent.is_sales_agent:
            raise AccessError(self.env._("Only users of a sales agent may register customers."))
        data, errors = self._portal_check_registration(values)
        if errors:
            raise ValidationError("\n".join(errors.values()))
        manager = agent._get_sales_agent_manager()
        if not manager:
            raise UserError(
                self.env._(
                    "Your company has no account manager yet: ask your contact at %(company)s "
                    "to assign one, then register again.",
                    company=self.env.company.name,
                )
            )
        # sudo: the log is for sales operations; agents may neither read nor write it
        Attempt = self.env["sales.claim.portal.attempt"].sudo()
        log = {
            "user_id": user.id,
            "agent_partner_id": agent.id,
            "company_id": self.env.company.id,
            "company_name": data["company_name"],
            "contact_name": data["contact_name"],
            "phone": data["phone"],
            "name_key": data["name_key"],
            "phone_key": data["phone_key"],
            "ip_address": values.get("ip_address"),
        }
        if not Attempt._take_attempt(user):
            message = self.env._(
                "You reached today's limit of %(cap)s registrations. Try again tomorrow, or "
                "ask your account manager.",
                cap=Attempt._get_daily_cap(),
            )
            return Attempt.create(
                {**log, "result": "capped", "reason": "daily_cap", "message": message}
            )
        blocking = self._portal_blocking_claims(data)
        if blocking:
            message = blocking._portal_refusal_message(agent)
            return Attempt.create(
                {
                    **log,
                    "result": "refused",
                    "reason": "already_claimed",
                    "claim_id": blocking.id,
                    "message": message,
                }
            )
        matches = self._portal_companies_by_name(data["name_key"]) | (
            self._portal_partners_by_phone(data["phone_key"]).commercial_partner_id
        )
        if matches.filtered("is_sales_agent"):
            message = self.env._(
                "This company or phone belongs to a sales agent, not to a customer: enter the "
                "customer's own registered name and phone."
            )
            return Attempt.create(
                {**log, "result": "refused", "reason": "sales_agent", "message": message}
            )
        try:
            with self.env.cr.savepoint():
                claim = self._portal_create_claim(data, agent, manager)
        except ValidationError as error:
            # claimed a moment ago by someone else, or the customer cannot be
            # claimed; the core message names the owner, so it is not shown
            blocking = self._portal_blocking_claims(data)
            message = (
                blocking._portal_refusal_message(agent)
                if blocking
                else self.env._(
                    "This customer cannot be registered from the portal. Ask your account manager."
                )
            )
            return Attempt.create(
                {
                    **log,
                    "result": "refused",
                    "reason": "claimed_meanwhile" if blocking else "not_claimable",
                    "reason_detail": str(error.args[0]),
                    "claim_id": blocking.id,
                    "message": message,
                }
            )
        claim._portal_post_registration(data, attachments)
        message = self.env._(
            "%(customer)s is registered for you (claim %(ref)s), protected until %(end)s.",
            customer=claim.partner_id.name,
            ref=claim.name,
            end=claim._portal_date_end(),
        )
        return Attempt.create(
            {
                **log,
                "result": "accepted",
                "reason": "accepted",
                "claim_id": claim.id,
                "message": message,
            }
        )

    @api.model
    @api.model
    def _portal_blocking_claims(self, data):
        """Active claims of the customer an agent typed, matched by normalized
        company name or phone, whoever owns them. Best (latest end) first."""
        Identity = self.env["sales.customer.identity"]
        companies = self._portal_companies_by_name(data["name_key"])
        contacts = self._portal_partners_by_phone(data["phone_key"])
        # every claim blocks (no claimant): the agent must learn that a
        # customer is taken even though record rules hide other agents' and
        # the direct team's claims; only the end date is shown
        # (``_portal_refusal_message``)
        request = Identity._request(
            self.env.company.id,
            partner_ids=(companies | contacts.commercial_partner_id).ids,
            customer_keys=[data["name_key"]],
            claim_keys=[("phone", data["phone_key"])],
        )
        blocking = Identity._find_blocking_claims([request])[0]
        return blocking.sorted(lambda claim: (claim.date_end, claim.id), reverse=True)[:1]

    @api.model
    def _portal_companies_by_name(self, name_key):
        """Companies of that normalized name, shared or of the current company."""
        Identity = self.env["sales.customer.identity"]
        return Identity._find_companies(name_key, company=self.env.company)

    @api.model
    def _portal_partners_by_phone(self, phone_key):
        """Partners whose phone or mobile is ``phone_key`` once normalized
        (the stored E.164 phones, indexed), shared or of the current company."""
        Identity = self.env["sales.customer.identity"]
        return Identity._find_partners_by_phone([phone_key], company=self.env.company)

    @api.model
    def _portal_create_claim(self, data, agent, manager):
        """Find or create the customer and its contact, then claim it for the agent."""
        # sudo: portal users may create neither partners nor claims; the
        # caller checked that the user belongs to an agent and the daily cap
        Partner = self.env["res.partner"].sudo()
        company = self._portal_companies_by_name(data["name_key"])[:1]
        contacts = self._portal_partners_by_phone(data["phone_key"])
        if not company:
            company = Partner.create(
                {
                    "name": data["company_name"],
                    "is_company": True,
                    "country_id": self._portal_country().id,
                }
            )
        contact = contacts.filtered(lambda p: p.commercial_partner_id == company)[:1]
        if not contact:
            contact = Partner.create(
                {
                    "name": data["contact_name"],
                    "parent_id": company.id,
                    "type": "contact",
                    "phone": data["phone_key"],
                    "email": data["email"] or False,
                }
            )
        # the agent's account manager owns the claim: a rule of the portal
        with rules_write():
            return self.sudo().create(
                {
                    "partner_id": company.id,
                    "contact_id": contact.id,
                    "key_type": "company",
                    "channel": "agent",
                    "agent_partner_id": agent.id,
                    "user_id": manager.id,
                    "company_id": self.env.company.id,
                    "note": data["note"] or False,
                }
            )

    def _portal_post_registration(self, data, attachments):
        """Keep what the agent sent as evidence: a message by the agent's user
        on the claim, with the note and the attached files."""
        self.ensure_one()
        body = self.env._(
            "Registered from the portal: %(company)s, contact %(contact)s, phone %(phone)s.",
            company=data["company_name"],
            contact=data["contact_name"],
            phone=data["phone"],
        )
        if data["note"]:
            body = f"{body}\n\n{data['note']}"
        # sudo: the portal user has no write access on claims nor attachments
        self.sudo().message_post(
            body=plaintext2html(body),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[(name, content) for name, content, _mimetype in attachments],
        )
