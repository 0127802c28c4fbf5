"""Batch registration (批量报备): many customer claims at once, set-based."""

import re

import psycopg2.errors

from odoo import api, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from .sales_claim import ClaimsRefused


class SalesClaim(models.Model):
    """The batch registration path of claims, for trusted bulk callers (the
    distribution of pool customers): ``_create_claims_batch``. Rows are
    prepared by the claims' one preparation (``_prepare_claim_values``),
    checked against the active claims in one query per chunk, then inserted
    (``sales_claim_batch_insert.py``)."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

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
        set-based: one query reads the customers, then each row goes through
        the claims' one preparation (``_prepare_claim_values``). Returns the
        accepted rows ``{"vals", "values", "partner"}``; appends the refused
        ones to ``refused``."""
        return self._check_claims_batch(
            self._prepare_claims_rows(chunk, state, refused), state, refused
        )

    @api.model
    def _prepare_claims_rows(self, chunk, state, refused):
        """The preparation of ``_prepare_claims_batch`` without the check
        against active claims (the adoption checks its own way)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT p.id, p.active, p.mobile, p.phone, p.country_id,
                       cp.id AS commercial_id, cp.name, cp.claim_name_key, cp.is_company,
                       cp.claim_credit_code_key,
                       cp.company_id, cp.country_id AS commercial_country_id
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = COALESCE(p.commercial_partner_id, p.id)
                 WHERE p.id = ANY(%s)
                """,
                list({vals.get("partner_id") or 0 for vals in chunk}),
            )
        )
        partners_data = {row["id"]: row for row in cr.dictfetchall()}
        Partner = self.env["res.partner"]
        partners = {p.id: p for p in Partner.browse(partners_data)}
        country_ids = {
            row[key]
            for row in partners_data.values()
            for key in ("country_id", "commercial_country_id")
        }
        countries = self.env["res.country"].browse(country_ids - {None})
        # the owners' teams, computed once for the chunk (``_prepare_claim_policy``)
        self.env["res.users"].browse(
            {vals.get("user_id") or self.env.uid for vals in chunk}
        ).mapped("sale_team_id")
        prepared = []
        for vals in chunk:
            data = partners_data.get(vals.get("partner_id"))
            partner = partners[data["id"]] if data else Partner
            customer = (
                self._batch_customer(data, partner, countries) if data else {"partner": Partner}
            )
            try:
                values = self._prepare_claim_values(
                    dict(vals, user_id=vals.get("user_id") or self.env.uid),
                    customer,
                    policies=state["policies"],
                )
            except ValidationError as exc:
                refused.append((vals, exc.args[0]))
                continue
            if not self._batch_companies_agree(values, data["company_id"], state):
                refused.append(
                    (
                        vals,
                        self.env._(
                            "%(customer)s cannot be claimed in company %(company)s: the customer, "
                            "or the owner's sales team, belongs to another company.",
                            customer=partner.display_name,
                            company=self.env["res.company"].browse(values["company_id"]).name,
                        ),
                    )
                )
                continue
            prepared.append({"vals": vals, "values": values, "partner": partner})
        return prepared

    @api.model
    def _batch_customer(self, data, partner, countries):
        """The customer of a batch row, as ``_prepare_claim_values`` reads it,
        from the row the chunk's query read (``partner``: the record given;
        ``countries``: the chunk's countries, read at once when needed)."""
        Partner = self.env["res.partner"]
        return {
            "partner": partner,
            "active": data["active"],
            "commercial": Partner.browse(data["commercial_id"]),
            "company_id": data["company_id"],
            "is_company": data["is_company"],
            "name": data["name"],
            "name_key": data["claim_name_key"],
            "credit_code": data["claim_credit_code_key"],
            "contact": partner,
            "number": data["mobile"] or data["phone"],
            "contact_country": countries.browse(data["country_id"]).with_prefetch(
                countries._prefetch_ids
            ),
            "customer_country": countries.browse(data["commercial_country_id"]).with_prefetch(
                countries._prefetch_ids
            ),
        }

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
        claims that block any of its rows (``sales.customer.identity``); a
        customer given twice is claimed once."""
        if not prepared:
            return []
        Identity = self.env["sales.customer.identity"]
        requests = [Identity._request_from_claim_vals(row["values"]) for row in prepared]
        blocking = Identity._find_blocking_claims(requests, lock=True)
        accepted = []
        for row, request, claims in zip(prepared, requests, blocking, strict=True):
            keys = Identity._request_match_keys(request)
            if claims:
                reason = claims.sorted("id")[:1]._refusal_message(row["partner"], escalate=False)
            elif request.get("raced"):
                reason = self.env._(
                    "%(customer)s was claimed by someone else a moment ago.",
                    customer=row["partner"].display_name,
                )
            elif keys & state["seen"]:
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

    def _insert_claims_batch(self, rows, state, refused, hook="_on_claims_started"):
        """Insert a checked chunk in a savepoint; skip the customers that a
        concurrent transaction claimed meanwhile (the unique indexes name
        them) or that the hooks refuse, and insert the rest again.
        ``hook``: the claims' hook run on the inserted claims
        (``_on_claims_adopted`` for the adoption of existing ownership)."""
        self._name_claims_batch([row["values"] for row in rows], state)
        while rows:
            try:
                with self.env.cr.savepoint():
                    claims = self._insert_claims_rows([row["values"] for row in rows])
                    claims._subscribe_owners_batch()
                    getattr(claims, hook)()
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
