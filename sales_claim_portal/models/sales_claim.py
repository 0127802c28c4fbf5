import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, email_normalize, format_date, plaintext2html

from odoo.addons.sales_claim_registration.tools.claim_key import (
    normalize_company_name,
    normalize_phone,
)

NAME_MAX = 128
NOTE_MAX = 2000


class SalesClaim(models.Model):
    """Agents register their customers (PRM 报备) from the portal.

    An agent's portal user types a company name, a contact and a phone; the
    customer is found by normalized name or phone, or created, and claimed
    with channel *agent* for the agent company. The claim is owned by the
    agent's account manager, an internal user. A refusal tells the agent that
    the customer is registered and until when, never by whom: agents must not
    learn each other's customers. Every attempt is logged, and attempts per
    user per day are capped (see ``sales.claim.portal.attempt``).
    """

    _inherit = "sales.claim"
    # Agents read their company's claims and post messages and evidence on
    # them from the portal chatter, without write access to the claim.
    _mail_post_access = "read"

    # internal texts: never readable by portal users, even through RPC
    note = fields.Text(groups="base.group_user")
    close_reason = fields.Char(groups="base.group_user")

    # ------------------------------------------------------------------ access links

    def _get_access_action(self, access_uid=None, force_website=False):
        """Agents open their claims in the portal, e.g. from a notification."""
        self.ensure_one()
        # sudo: only whether the user is a portal user is read
        user = self.env["res.users"].sudo().browse(access_uid) if access_uid else self.env.user
        if user.share and self.channel == "agent":
            return {
                "type": "ir.actions.act_url",
                "url": f"/my/claims/{self.id}",
                "target": "self",
                "res_id": self.id,
            }
        return super()._get_access_action(access_uid=access_uid, force_website=force_website)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Agents following a claim get the button that opens it in the portal."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        for name, _check, data in groups:
            if name == "portal":
                data.update(active=True, has_button_access=True)
        return groups

    # ------------------------------------------------------------------ registration

    @api.model
    def _portal_check_registration(self, values):
        """Validate what an agent typed in the registration form.

        Returns ``(data, errors)``: the cleaned values, and a message per
        wrong field that names the field and says how to fix it.
        """
        data = {
            key: (values.get(key) or "").strip()
            for key in ("company_name", "contact_name", "phone", "email", "note")
        }
        errors = {}
        for key, label in (
            ("company_name", self.env._("Company")),
            ("contact_name", self.env._("Contact")),
        ):
            if not data[key]:
                errors[key] = self.env._("%(field)s is required.", field=label)
            elif len(data[key]) > NAME_MAX:
                errors[key] = self.env._(
                    "%(field)s is too long: at most %(max)s characters.", field=label, max=NAME_MAX
                )
        data["name_key"] = normalize_company_name(data["company_name"])
        if "company_name" not in errors and not data["name_key"]:
            errors["company_name"] = self.env._(
                "Company: enter the registered company name (e.g. 深圳市某某科技有限公司); "
                "a legal form alone names no company."
            )
        data["phone_key"] = normalize_phone(data["phone"], self._portal_country().code)
        if not data["phone"]:
            errors["phone"] = self.env._("Phone is required.")
        elif not data["phone_key"]:
            errors["phone"] = self.env._(
                "Phone: %(phone)s is not a valid number. Enter a mobile or a landline with "
                "its area code, e.g. +86 138 0013 8000.",
                phone=data["phone"],
            )
        if data["email"] and not email_normalize(data["email"]):
            errors["email"] = self.env._(
                "Email: %(email)s is not a valid address, e.g. name@example.com.",
                email=data["email"],
            )
        if len(data["note"]) > NOTE_MAX:
            errors["note"] = self.env._(
                "Note is too long: at most %(max)s characters.", max=NOTE_MAX
            )
        return data, errors

    @api.model
    def _portal_country(self):
        """The country that national numbers and new customers are read in:
        the agent's (agents sell in their own market), else the company's."""
        agent = self.env.user.commercial_partner_id
        return agent.country_id or self.env.company.country_id

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
        Attempt._lock_user(user)
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
        if Attempt._cap_reached(user):
            message = self.env._(
                "You reached today's limit of %(cap)s registrations. Try again tomorrow, or "
                "ask your account manager.",
                cap=Attempt._get_daily_cap(),
            )
            return Attempt.create({**log, "result": "capped", "message": message})
        blocking = self._portal_blocking_claims(data)
        if blocking:
            message = blocking._portal_refusal_message(agent)
            return Attempt.create(
                {**log, "result": "refused", "claim_id": blocking.id, "message": message}
            )
        matches = self._portal_companies_by_name(data["name_key"]) | (
            self._portal_partners_by_phone(data["phone_key"]).commercial_partner_id
        )
        if matches.filtered("is_sales_agent"):
            message = self.env._(
                "This company or phone belongs to a sales agent, not to a customer: enter the "
                "customer's own registered name and phone."
            )
            return Attempt.create({**log, "result": "refused", "message": message})
        try:
            with self.env.cr.savepoint():
                claim = self._portal_create_claim(data, agent, manager)
        except ValidationError:
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
                {**log, "result": "refused", "claim_id": blocking.id, "message": message}
            )
        claim._portal_post_registration(data, attachments)
        message = self.env._(
            "%(customer)s is registered for you (claim %(ref)s), protected until %(end)s.",
            customer=claim.partner_id.name,
            ref=claim.name,
            end=claim._portal_date_end(),
        )
        return Attempt.create(
            {**log, "result": "accepted", "claim_id": claim.id, "message": message}
        )

    @api.model
    def _portal_blocking_claims(self, data):
        """Active claims of the customer an agent typed, matched by normalized
        company name or phone, whoever owns them. Best (latest end) first."""
        companies = self._portal_companies_by_name(data["name_key"])
        contacts = self._portal_partners_by_phone(data["phone_key"])
        # sudo: the agent must learn that a customer is taken even though
        # record rules hide other agents' and the direct team's claims; only
        # the end date is shown (``_portal_refusal_message``)
        return self.sudo().search(
            [
                ("state", "=", "active"),
                ("company_id", "=", self.env.company.id),
                "|",
                "|",
                ("customer_key", "=", data["name_key"]),
                "&",
                ("key_type", "=", "phone"),
                ("claim_key", "=", data["phone_key"]),
                ("partner_id", "in", (companies | contacts.commercial_partner_id).ids),
            ],
            order="date_end desc, id desc",
            limit=1,
        )

    @api.model
    def _portal_companies_by_name(self, name_key):
        # sudo: partners of other owners must be found to avoid duplicates
        return (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("claim_name_key", "=", name_key),
                    ("is_company", "=", True),
                    ("company_id", "in", (False, self.env.company.id)),
                ],
                order="id",
            )
        )

    @api.model
    def _portal_partners_by_phone(self, phone_key):
        """Partners whose phone or mobile is ``phone_key`` once normalized.

        Candidates share the last eight digits (stored numbers are spelled in
        many ways), then each is normalized and compared exactly.
        """
        digits = re.sub(r"\D", "", phone_key or "")[-8:]
        if not digits:
            return self.env["res.partner"]
        self.env["res.partner"].flush_model(["phone", "mobile", "active"])
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE active
                   AND (company_id IS NULL OR company_id = %(company)s)
                   AND (regexp_replace(coalesce(phone, ''), '\\D', '', 'g') LIKE %(pattern)s
                        OR regexp_replace(coalesce(mobile, ''), '\\D', '', 'g') LIKE %(pattern)s)
                 LIMIT 200
                """,
                company=self.env.company.id,
                pattern=f"%{digits}",
            )
        )
        # sudo: contacts of other owners must be found to detect a collision
        candidates = (
            self.env["res.partner"].sudo().browse([row[0] for row in self.env.cr.fetchall()])
        )
        country = self._portal_country().code
        return candidates.filtered(
            lambda p: (
                phone_key
                in (
                    normalize_phone(p.phone, p.country_id.code or country),
                    normalize_phone(p.mobile, p.country_id.code or country),
                )
            )
        )

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

    # ------------------------------------------------------------------ answers

    def _portal_date_end(self):
        """Protection end date as the agent reads it (its time zone and language)."""
        self.ensure_one()
        return format_date(self.env, fields.Datetime.context_timestamp(self, self.date_end))

    def _portal_refusal_message(self, agent):
        """What an agent is told when the customer is already claimed.

        Says that the customer is registered and until when; never by whom,
        in which team or through which channel (agents must not learn each
        other's customers). When the agent's own company holds the claim, it
        says so, since that is the agent's own information.
        """
        self.ensure_one()
        if self.agent_partner_id == agent:
            return self.env._(
                "Your company already registered this customer (claim %(ref)s), protected "
                "until %(end)s.",
                ref=self.name,
                end=self._portal_date_end(),
            )
        return self.env._(
            "This customer is already registered, protected until %(end)s. If you have "
            "evidence that it is yours, contact your account manager.",
            end=self._portal_date_end(),
        )

    # ------------------------------------------------------------------ extension

    def _portal_request_extension(self, reason):
        """The agent asks for the one manual extension (延期申请) of a claim.

        A claim approver decides; the request waits with state *requested*.
        """
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise ValidationError(
                self.env._("Reason: say why the customer needs more time, e.g. a demo is planned.")
            )
        if len(reason) > NOTE_MAX:
            raise ValidationError(
                self.env._("Reason is too long: at most %(max)s characters.", max=NOTE_MAX)
            )
        # sudo: the portal user has read access only; the caller checked it
        claim = self.sudo()
        if claim.state != "active":
            raise UserError(self.env._("Only an active claim can be extended."))
        if not claim.policy_id.allow_manual_extension or claim.policy_id.manual_extension_days < 1:
            raise UserError(self.env._("The policy of this claim allows no manual extension."))
        if claim.extension_ids.filtered(lambda e: e.kind == "manual"):
            raise UserError(
                self.env._("This claim already had its manual extension: only one is allowed.")
            )
        days = min(
            claim.policy_id.manual_extension_days,
            claim.max_days - claim.base_days - claim.extension_days,
        )
        if days < 1:
            raise UserError(
                self.env._("This claim already has the longest protection its policy allows.")
            )
        extension = claim._portal_file_extension(days, reason)
        claim.message_post(
            body=self.env._("Manual extension requested: %(reason)s", reason=reason),
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return extension

    def _portal_file_extension(self, days, reason):
        """File the request through the claim addon's own manual extension
        request (its checks, and the approvers' activities), on behalf of the
        claim owner: the agent's account manager. The agent stays the
        requester."""
        self.ensure_one()
        owner = self.user_id
        extension = (
            self.env["sales.claim.extension"]
            .with_user(owner)
            ._request_manual(self.with_user(owner), days, reason)
        )
        # sudo: the agent's portal user may not write extension lines
        extension.sudo().requested_by_id = self.env.user
        return extension
