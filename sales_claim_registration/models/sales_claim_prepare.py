"""Preparing a claim and refusing it (先报先得): the one preparation of single
claims (``create``) and batches (``_create_claims_batch``), and the one
refusal message."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesClaim(models.Model):
    """What a claim registers, and whether it may.

    Every claim, single or in a batch, is prepared by
    ``_prepare_claim_values``: the request is checked
    (``_check_claim_request``), the claim's company chosen
    (``_claim_company_id``), the keys computed by the customer identity
    service (``sales.customer.identity``), then the team, policy and
    protection days set (``_prepare_claim_policy``). A claim is refused when
    an active claim holds one of its keys (``_find_blocking_claims``), with
    one sentence naming the owner and the end date (``_refusal_message``).
    """

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _prepare_claim_vals(self, vals):
        """Fill customer, keys, policy and protection from what the user gave."""
        Partner = self.env["res.partner"]
        lead = self.env["crm.lead"].browse(vals.get("lead_id"))
        contact = Partner.browse(vals.get("contact_id"))
        partner = Partner.browse(vals.get("partner_id"))
        if not partner and contact:
            partner = contact.commercial_partner_id
        if not partner and lead:
            partner = lead.partner_id.commercial_partner_id
        company_partner = partner.commercial_partner_id
        phone_contact = contact or partner
        customer = {
            "partner": partner,
            "active": partner.active,
            "given_contact": contact,
            "commercial": company_partner,
            "company_id": company_partner.company_id.id,
            "is_company": company_partner.is_company,
            "name": company_partner.name,
            "name_key": company_partner.claim_name_key,
            "credit_code": company_partner.claim_credit_code_key,
            "contact": phone_contact,
            "number": phone_contact.mobile or phone_contact.phone,
            "contact_country": phone_contact.country_id,
            "customer_country": company_partner.country_id,
            "lead_id": lead.id,
        }
        return self._prepare_claim_values(vals, customer, lead)

    @api.model
    def _prepare_claim_values(self, vals, customer, lead=None, policies=None):
        """The one preparation of a claim, single or in a batch.

        ``customer``: the claimed customer as ``sales.customer.identity``
        ``_claim_keys`` reads it, plus ``active``, ``commercial`` (the
        company record), ``company_id`` (its ``res.company`` id) and
        ``given_contact`` (the contact given, if any). ``policies``: a cache
        of policies for batches. Returns the values of the claim, or raises
        a ``ValidationError`` naming what to fix.
        """
        values = dict(vals)
        key_type = values["key_type"] = values.get("key_type") or "company"
        self._check_claim_request(values, customer)
        values["partner_id"] = customer["commercial"].id
        values["company_id"] = self._claim_company_id(values, customer["company_id"], lead)
        customer = dict(customer, company=self.env["res.company"].browse(values["company_id"]))
        values.update(self.env["sales.customer.identity"]._claim_keys(key_type, customer))
        self._prepare_claim_policy(values, lead, policies)
        return values

    @api.model
    def _check_claim_request(self, vals, customer):
        """A customer that exists and is active, a contact of it, and an agent
        company for an agent's claim."""
        partner = customer["partner"]
        if not partner:
            raise ValidationError(self.env._("Choose the Customer to claim."))
        if not customer["active"]:
            raise ValidationError(
                self.env._(
                    "%(partner)s is archived: restore it before claiming it.",
                    partner=partner.display_name,
                )
            )
        contact = customer.get("given_contact")
        if contact and not contact.active:
            raise ValidationError(
                self.env._(
                    "Contact %(contact)s is archived: restore it or choose another contact.",
                    contact=contact.display_name,
                )
            )
        if contact and contact.commercial_partner_id != customer["commercial"]:
            raise ValidationError(
                self.env._(
                    "Contact: %(contact)s does not belong to %(customer)s; choose one of its "
                    "contacts.",
                    contact=contact.display_name,
                    customer=customer["commercial"].display_name,
                )
            )
        if vals.get("channel") == "agent" and not vals.get("agent_partner_id"):
            raise ValidationError(
                self.env._("Agent: an agent's claim names the agent company that registers it.")
            )

    @api.model
    def _claim_company_id(self, vals, customer_company_id, lead=None):
        """The company (``res.company``) a claim is registered in: the one
        given, else the customer's, else the opportunity's, else the
        current one."""
        return (
            vals.get("company_id")
            or customer_company_id
            or (lead and lead.company_id.id)
            or self.env.company.id
        )

    @api.model
    def _prepare_claim_policy(self, values, lead=None, policies=None):
        """Team, policy and protection days of a claim.

        The team is the opportunity's, else the owner's; the policy the one
        given, else the company's for the team and key type
        (``sales.claim.policy._get_policy``). ``policies`` caches them per
        company, team and key type for batches.
        """
        if "team_id" not in values:
            user = self.env["res.users"].browse(values.get("user_id") or self.env.uid)
            values["team_id"] = ((lead and lead.team_id) or user.sale_team_id).id
        Policy = self.env["sales.claim.policy"]
        key = values.get("policy_id") or (
            values["company_id"],
            values["team_id"],
            values["key_type"],
        )
        policy = policies.get(key) if policies is not None else None
        if policy is None:
            try:
                policy = Policy.browse(values.get("policy_id")) or Policy._get_policy(
                    self.env["res.company"].browse(values["company_id"]),
                    self.env["crm.team"].browse(values["team_id"]),
                    values["key_type"],
                )
            except ValidationError as exc:
                policy = exc.args[0]
            if policies is not None:
                policies[key] = policy
        if isinstance(policy, str):
            raise ValidationError(policy)
        values["policy_id"] = policy.id
        values.setdefault("base_days", policy.base_days)
        values.setdefault("max_days", policy.max_days)

    # ------------------------------------------------------------------ duplicates

    @api.model
    def _find_blocking_claims(self, vals):
        """Active claims that make the claim described by ``vals`` (prepared
        values) impossible: see ``sales.customer.identity``."""
        Identity = self.env["sales.customer.identity"]
        return Identity._find_blocking_claims([Identity._request_from_claim_vals(vals)])[0]

    @api.model
    def _check_not_claimed_locked(self, vals_list):
        """``_check_not_claimed`` for claims about to be written: their keys
        are locked first (``sales.customer.identity._lock_requests``), so a
        concurrent claim of the same customer by another key waits, or is
        seen."""
        if not vals_list:
            return
        Identity = self.env["sales.customer.identity"]
        requests = [Identity._request_from_claim_vals(vals) for vals in vals_list]
        for request, blocking in zip(
            requests, Identity._find_blocking_claims(requests, lock=True), strict=True
        ):
            if blocking:
                raise ValidationError(blocking[:1]._refusal_message())
            if request.get("raced"):
                raise ValidationError(
                    self.env._("This customer was claimed by someone else a moment ago.")
                )

    @api.model
    def _check_not_claimed(self, vals):
        blocking = self._find_blocking_claims(vals)
        if blocking:
            raise ValidationError(blocking[:1]._refusal_message())

    def _refusal_message(self, customer=None, escalate=True):
        """One sentence that says who owns the customer and until when.

        ``customer``: the partner that was asked for (by default the claim's
        own customer); ``escalate``: say that arbitration is the way forward
        (not in the reports of bulk callers, whose user cannot escalate).
        """
        self.ensure_one()
        values = {
            "customer": (customer or self.partner_id).display_name,
            "owner": self.user_id.name,
            "end": fields.Date.to_string(fields.Datetime.context_timestamp(self, self.date_end)),
            "ref": self.name,
        }
        if not escalate:
            return self.env._(
                "%(customer)s is already claimed by %(owner)s until %(end)s (claim %(ref)s).",
                **values,
            )
        return self.env._(
            "%(customer)s is already claimed by %(owner)s until %(end)s (claim %(ref)s); "
            "escalate to arbitration if you have evidence that it is yours.",
            **values,
        )
