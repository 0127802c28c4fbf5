"""The portal registration form of agents (PRM 报备): what they typed, checked."""

from odoo import api, models
from odoo.tools import email_normalize

from .sales_claim import NAME_MAX, NOTE_MAX


class SalesClaim(models.Model):
    """Checks of the registration form: each wrong field gets a message that
    names it and says how to fix it; the cleaned values go to
    ``_portal_register`` (``sales_claim_portal_register.py``)."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _portal_check_registration(self, values):
        """Validate what an agent typed in the registration form.

        Returns ``(data, errors)``: the cleaned values, and a message per
        wrong field that names the field and says how to fix it.
        """
        Identity = self.env["sales.customer.identity"]
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
        data["name_key"] = Identity._name_key(data["company_name"])
        if "company_name" not in errors and not data["name_key"]:
            errors["company_name"] = self.env._(
                "Company: enter the registered company name (e.g. 深圳市某某科技有限公司); "
                "a legal form alone names no company."
            )
        data["phone_key"] = Identity._phone_key(data["phone"], self._portal_country().code)
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
