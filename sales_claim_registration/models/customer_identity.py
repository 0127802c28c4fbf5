"""Customer identity (客户识别): the keys that say who a customer is, and the
active claims that hold any of them."""

from odoo import api, models
from odoo.exceptions import ValidationError

from ..tools.claim_key import normalize_company_name, normalize_phone

# claim key types that claim the whole customer (a company and all its contacts)
CUSTOMER_KEY_TYPES = ("company", "phone")


class SalesCustomerIdentity(models.AbstractModel):
    """Who a customer is, for every path that registers one: single claims,
    batches and distributions, the prospect and claim wizards, opportunity
    and pool claims, the agents' portal.

    **Keys.** A claim registers one key (``claim_key``) of a type
    (``key_type``): the normalized company name (工商名称, legal forms,
    widths, brackets and traditional characters removed), the E.164 phone of
    a contact, or an opportunity. The claimed company's normalized name is
    kept besides (``customer_key``): a second partner record with the same
    name is the same customer. ``_claim_keys`` computes them; each key type
    is one method ``_claim_key_<type>``.

    **Blocking (先报先得).** A request to claim a customer is described by a
    *request* dict (``_request``): the company (``res.company``) it is made
    in, the partners that are the customer, its normalized names, its claim
    keys ``(key_type, key)``, the claimant and whether it claims an
    opportunity. Requests and active claims are turned into match keys
    (``_request_match_keys``, ``_claim_match_keys``); an active claim blocks
    a request when they share one, unless the claim is the claimant's own
    claim of the other kind (an owner's opportunity claim never stops him
    claiming the customer, nor the reverse). ``_find_blocking_claims``
    does it for many requests in one query.

    **Across key types.** A customer claim also holds the customer's unified
    social credit code (``credit_code_key``, 统一社会信用代码), and a request
    is widened (``_expand_requests``, ``customer_identity_keys.py``) with the
    E.164 phones and mobiles of the customer and of all its contacts, its
    credit code, and the other customers that carry one of them: a company
    claim is refused when a phone claim holds one of its contacts' numbers,
    a phone claim when a company claim's contacts carry that number, and
    records of one company with one credit code are one customer.

    **Concurrency.** Before the check, the write paths (``create`` and the
    batch) lock every match key of their requests (``_lock_requests``): two
    claims of one customer by different keys are checked one after the
    other, never both against a snapshot without the other.
    """

    _name = "sales.customer.identity"
    _description = "Customer Identity (claim keys)"

    # ------------------------------------------------------------------ normalization

    @api.model
    def _name_key(self, name):
        """Normalized company name, or False when nothing is left of it."""
        return normalize_company_name(name) or False

    @api.model
    def _phone_key(self, number, country_code=None):
        """E.164 form of a phone number, or False when it is not valid."""
        return normalize_phone(number, country_code) or False

    @api.model
    def _phone_country(self, contact_country, customer_country, company):
        """The country national numbers are read in: the contact's, else its
        company's (the customer's), else the country of ``company``
        (``res.company``: the claim's, or the partner's)."""
        return contact_country or customer_country or company.country_id

    @api.model
    def _partner_phone_country(self, partner):
        """The country the national numbers of ``partner`` are read in."""
        return self._phone_country(
            partner.country_id,
            partner.commercial_partner_id.country_id,
            partner.company_id or self.env.company,
        )

    # ------------------------------------------------------------------ claim keys

    @api.model
    def _claim_keys(self, key_type, customer):
        """``{"claim_key", "customer_key"[, "contact_id"]}`` of a claim of
        ``customer`` by ``key_type``, or a ``ValidationError`` that says
        what to fix.

        ``customer`` is a dict, from records (single claims) or from one
        query (batches): ``partner`` (the record given, named in errors),
        ``is_company``, ``name``, ``name_key`` (the stored normalized name,
        if known), ``contact`` (the partner whose phone is claimed),
        ``number`` (its mobile, else phone), ``contact_country`` and
        ``customer_country`` (``res.country``), ``company`` (the claim's
        ``res.company``) and ``lead_id``.
        """
        customer_key = (
            (customer.get("name_key") or self._name_key(customer["name"]))
            if customer["is_company"]
            else False
        )
        method = getattr(self, f"_claim_key_{key_type}")
        keys = {"customer_key": customer_key or False, **method(customer, customer_key)}
        if key_type in CUSTOMER_KEY_TYPES:
            keys["credit_code_key"] = customer.get("credit_code") or False
        return keys

    @api.model
    def _check_company_name(self, name):
        """A company name names a company: a string of at most 256
        characters (what is left once legal forms and places are removed
        is checked by ``_claim_key_company``)."""
        if not isinstance(name, str) or len(name) > 256:
            raise ValidationError(
                self.env._(
                    "Company Name: enter the registered company name as text of at most 256 "
                    "characters."
                )
            )

    @api.model
    def _claim_key_company(self, customer, customer_key):
        """Company-name claim: the normalized name of a company."""
        self._check_company_name(customer["name"])
        if not customer["is_company"]:
            raise ValidationError(
                self.env._(
                    "%(partner)s is an individual without a company: a company-name claim "
                    "needs a company. Set its company, or claim it by phone.",
                    partner=customer["partner"].display_name,
                )
            )
        if not customer_key:
            raise ValidationError(
                self.env._(
                    "The company name %(name)r has nothing left once legal forms and "
                    "punctuation are removed: enter the registered company name.",
                    name=customer["name"],
                )
            )
        return {"claim_key": customer_key}

    @api.model
    def _claim_key_phone(self, customer, customer_key):
        """Phone claim: the E.164 mobile (else phone) of the contact."""
        contact, number = customer["contact"], customer["number"]
        country = self._phone_country(
            customer["contact_country"], customer["customer_country"], customer["company"]
        )
        phone = self._phone_key(number, country.code)
        if not phone:
            raise ValidationError(
                self.env._(
                    "%(contact)s has no valid phone number (%(number)s): enter a mobile or "
                    "phone number with its country, e.g. +86 138 0013 8000.",
                    contact=contact.display_name,
                    number=number or self.env._("empty"),
                )
            )
        return {"claim_key": phone, "contact_id": contact.id}

    @api.model
    def _claim_key_opportunity(self, customer, customer_key):
        """Opportunity claim: one opportunity of a key account."""
        if not customer.get("lead_id"):
            raise ValidationError(
                self.env._("An opportunity claim needs the Opportunity it registers.")
            )
        return {"claim_key": f"lead:{customer['lead_id']}"}

    # ------------------------------------------------------------------ lookups

    @api.model
    def _find_companies(self, name_key, company=None, with_archived=False):
        """Companies whose normalized name is ``name_key``, oldest first;
        only those shared or of ``company`` (``res.company``) when given."""
        if not name_key:
            return self.env["res.partner"]
        domain = [("claim_name_key", "=", name_key), ("is_company", "=", True)]
        if company:
            domain.append(("company_id", "in", (False, company.id)))
        # sudo: duplicates are searched among every company, visible or not
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=not with_archived)
            .search(domain, order="id")
        )

    @api.model
    def _find_partners_by_phone(self, phone_keys, company=None):
        """Active partners whose phone or mobile is one of the E.164
        ``phone_keys``, through the stored normalized phones (indexed);
        only those shared or of ``company`` (``res.company``) when given."""
        phone_keys = [key for key in phone_keys if key]
        if not phone_keys:
            return self.env["res.partner"]
        domain = [
            "|",
            ("claim_phone_key", "in", phone_keys),
            ("claim_mobile_key", "in", phone_keys),
        ]
        if company:
            domain.append(("company_id", "in", (False, company.id)))
        # sudo: contacts of other owners must be found to detect a collision
        return self.env["res.partner"].sudo().search(domain, order="id")

    # ------------------------------------------------------------------ blocking claims

    @api.model
    def _request(
        self,
        company_id,
        partner_ids=(),
        customer_keys=(),
        claim_keys=(),
        user_id=None,
        opportunity=False,
    ):
        """A request to claim a customer, as ``_find_blocking_claims`` reads it.

        ``claim_keys``: ``(key_type, key)`` pairs; ``user_id``: the claimant,
        whose own claims of the other kind never block (None: every claim
        blocks); ``opportunity``: the request claims an opportunity, which
        only customer claims of other owners and claims of the same
        opportunity block.
        """
        return {
            "company_id": company_id,
            "partner_ids": [pid for pid in partner_ids if pid],
            "customer_keys": [key for key in customer_keys if key],
            "claim_keys": [(key_type, key) for key_type, key in claim_keys if key],
            "user_id": user_id,
            "opportunity": opportunity,
        }

    @api.model
    def _request_from_claim_vals(self, vals):
        """The request of a claim prepared by ``sales.claim`` (its values)."""
        return self._request(
            vals["company_id"],
            partner_ids=[vals["partner_id"]],
            customer_keys=[vals.get("customer_key")],
            claim_keys=[
                (vals["key_type"], vals["claim_key"]),
                ("uscc", vals.get("credit_code_key")),
            ],
            user_id=vals.get("user_id"),
            opportunity=vals["key_type"] not in CUSTOMER_KEY_TYPES,
        )

    @api.model
    def _request_match_keys(self, request):
        """What a request is recognized by. An opportunity request is matched
        on its partners by customer claims only (``customer``)."""
        company = request["company_id"]
        partner_tag = "customer" if request["opportunity"] else "partner"
        keys = {("key", company, key_type, key) for key_type, key in request["claim_keys"]}
        keys.update((partner_tag, company, pid) for pid in request["partner_ids"])
        # customers that share a phone or a credit code with the request's
        keys.update(("customer", company, pid) for pid in request.get("related_partner_ids", ()))
        if not request["opportunity"]:
            keys.update(("name", company, name) for name in request["customer_keys"])
        return keys

    @api.model
    def _claim_match_keys(self, claim):
        """What an active claim holds (same vocabulary as ``_request_match_keys``)."""
        company, partner = claim.company_id.id, claim.partner_id.id
        keys = {("key", company, claim.key_type, claim.claim_key), ("partner", company, partner)}
        if claim.key_type in CUSTOMER_KEY_TYPES:
            keys.add(("customer", company, partner))
        if claim.customer_key:
            keys.add(("name", company, claim.customer_key))
        if claim.credit_code_key:
            keys.add(("key", company, "uscc", claim.credit_code_key))
        return keys

    @api.model
    def _claim_blocks(self, claim, request, request_keys=None):
        """Whether the active ``claim`` makes ``request`` impossible."""
        if request_keys is None:
            request_keys = self._request_match_keys(request)
        if not request_keys & self._claim_match_keys(claim):
            return False
        # the owner's own claims of the other kind never block
        own = request["user_id"] and claim.user_id.id == request["user_id"]
        other_kind = (claim.key_type in CUSTOMER_KEY_TYPES) == request["opportunity"]
        return not (own and other_kind)

    @api.model
    def _find_blocking_claims(self, requests, lock=False):
        """The active claims that block each request: a list of ``sales.claim``
        recordsets (sudo, in the claims' order), one per request, found with
        one query for all the requests, after one query that widens them
        (``_expand_requests``). ``lock``: first lock the requests' keys
        (``_lock_requests``), for the paths that then write the claims; a
        request that lost a race to a claim this transaction cannot see is
        marked ``raced``."""
        Claim = self.env["sales.claim"].sudo()
        self._expand_requests(requests)
        if lock:
            for index in self._lock_requests(requests):
                requests[index]["raced"] = True
        companies = {request["company_id"] for request in requests}
        partners = {
            pid
            for request in requests
            for pid in (*request["partner_ids"], *request.get("related_partner_ids", ()))
        }
        names = {name for request in requests for name in request["customer_keys"]}
        pairs = {pair for request in requests for pair in request["claim_keys"]}
        keys = {key for kind, key in pairs if kind != "uscc"}
        codes = {key for kind, key in pairs if kind == "uscc"}
        if not (partners or names or keys or codes):
            return [Claim] * len(requests)
        matches = [("partner_id", "in", list(partners))] if partners else []
        if names:
            matches.append(("customer_key", "in", list(names)))
        if keys:
            matches.append(("claim_key", "in", list(keys)))
        if codes:
            matches.append(("credit_code_key", "in", list(codes)))
        # sudo: a rep must learn that a customer is taken even when record
        # rules hide the claim; callers show what the rules allow
        candidates = Claim.search_fetch(
            [
                ("state", "=", "active"),
                ("company_id", "in", list(companies)),
                *(["|"] * (len(matches) - 1)),
                *matches,
            ],
            [
                "company_id",
                "partner_id",
                "customer_key",
                "credit_code_key",
                "key_type",
                "claim_key",
                "user_id",
                "name",
                "date_end",
            ],
        )
        position, by_key = {}, {}
        for index, claim in enumerate(candidates):
            position[claim.id] = index
            for key in self._claim_match_keys(claim):
                by_key.setdefault(key, []).append(claim)
        result = []
        for request in requests:
            request_keys = self._request_match_keys(request)
            found = {
                claim.id
                for key in request_keys
                for claim in by_key.get(key, ())
                if self._claim_blocks(claim, request, request_keys)
            }
            result.append(
                Claim.browse(sorted(found, key=position.get)).with_prefetch(
                    candidates._prefetch_ids
                )
            )
        return result
