"""Applying the adoption of existing ownership (存量客户归属): the ``adopt``
customers become claims of their salesperson, chunk by chunk, set-based."""

import threading

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.sql_jit import jit_off_until_commit


class SalesClaimAdoption(models.AbstractModel):
    """How the ``adopt`` rows of ``_classify`` become claims.

    The classification proved these customers are unclaimed and owned by
    their salesperson: what a batch of strangers' claims checks at claim time
    is not needed, only what makes the claims true and unique:

    - each row goes through the claims' one preparation (keys, team, policy,
      protection: ``sales.claim._prepare_claims_rows``);
    - one query refuses the rows whose keys an active claim holds (what the
      unique indexes of ``sales.claim.init`` guarantee: customer, company
      name, credit code, claim key) and a key given twice keeps its first
      customer;
    - the customers are stamped as every claim path stamps them
      (``sales.customer.identity._lock_requests``, without advisory locks:
      100,000s of them would fill PostgreSQL's lock table): a customer that
      a rep claimed meanwhile, by any key, is refused ("claimed by someone else a
      moment ago"), as is a row a unique index refuses at the insert: the
      run goes on without them;
    - one ``INSERT`` per chunk writes the claims, then the claims' hook
      ``_on_claims_adopted`` (not ``_on_claims_started``: adoption is not a
      claim of a rep; the pools do not apply their caps to it) and one
      ``INSERT`` writes the chatter messages.

    The customers linked to a claimed customer only through shared phones or
    credit codes of other records (what a rep's claim widens to, up to two
    links away) are not searched: that search costs seconds per thousand
    customers, and adoption records the ownership the company already has.

    Outside tests each chunk is committed: an interrupted run keeps what it
    adopted, and the next run finds those customers ``claimed``.
    """

    _inherit = "sales.claim.adoption"

    @api.model
    def _adopt(self, rows, company, policy=None, note=None, chunk_size=None):
        """Claim the ``adopt`` rows for their salesperson in ``company``.
        Returns ``(claims, refused, partner_ids)``: ``refused`` a list of
        ``(vals, reason)`` as ``_create_claims_batch`` returns it,
        ``partner_ids`` the customers adopted."""
        chunk_size = chunk_size or int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.batch_size", 5000)
        )
        # sudo: a sales manager adopts for every salesperson of the company
        Claim = self.env["sales.claim"].sudo().with_context(sales_claim_batch=True)
        state = {"seen": set(), "policies": {}, "sequences": {}, "teams": {}}
        claim_ids, refused, partner_ids = [], [], []
        now = fields.Datetime.now()
        testing = getattr(threading.current_thread(), "testing", False)
        for start in range(0, len(rows), chunk_size):
            # bulk statements estimated on every customer: no JIT compiling
            jit_off_until_commit(self.env.cr)
            chunk = [
                self._adopt_vals(row, company, policy, note, now)
                for row in rows[start : start + chunk_size]
            ]
            prepared = Claim._prepare_claims_rows(chunk, state, refused)
            prepared = self._adopt_check(prepared, state, refused)
            claims = Claim._insert_claims_batch(prepared, state, refused, hook="_on_claims_adopted")
            bodies = self._claims_adopted_bodies(
                claims, {row["values"]["partner_id"]: row["values"] for row in prepared}
            )
            self._log_messages(list(bodies), list(bodies.values()))
            claim_ids += claims.ids
            partner_ids += list(bodies)
            if not testing:
                # progress: what is adopted stays adopted if a later chunk fails
                self.env.cr.commit()  # pylint: disable=invalid-commit
        return self.env["sales.claim"].browse(claim_ids), refused, partner_ids

    @api.model
    def _adopt_vals(self, row, company, policy, note, now):
        vals = {
            "partner_id": row["id"],
            "user_id": row["user_id"],
            "company_id": company.id,
            "key_type": "company" if row["is_company"] else "phone",
            "note": note,
        }
        if policy:
            vals["policy_id"] = policy.id
        if row["date_start"]:
            vals["date_start"] = min(row["date_start"], now)
        return vals

    @api.model
    def _adopt_check(self, prepared, state, refused):
        """Refuse the prepared rows whose keys an active claim holds, or a row
        before them in this run; lock and stamp the customers of the others.
        Returns the rows to insert."""
        if not prepared:
            return []
        values = [row["values"] for row in prepared]
        self.env.cr.execute(
            SQL(
                """
                WITH d AS (
                    SELECT * FROM unnest(%(i)s::int[], %(company)s::int[], %(partner)s::int[],
                                         %(kind)s::varchar[], %(key)s::varchar[],
                                         %(name)s::varchar[], %(code)s::varchar[])
                        AS d(i, company, partner, kind, key, name, code)
                )
                -- LATERAL: four probes of the unique indexes per row; a join
                -- is planned as hashes of every active claim (300,000 at a
                -- million customers) for each chunk
                SELECT d.i, x.id FROM d CROSS JOIN LATERAL (
                    SELECT c.id FROM sales_claim c
                     WHERE c.company_id = d.company AND c.key_type = d.kind
                       AND c.claim_key = d.key AND c.state = 'active'
                    UNION ALL
                    SELECT c.id FROM sales_claim c
                     WHERE c.company_id = d.company AND c.partner_id = d.partner
                       AND c.state = 'active' AND c.key_type IN ('company', 'phone')
                    UNION ALL
                    SELECT c.id FROM sales_claim c
                     WHERE c.company_id = d.company AND c.customer_key = d.name
                       AND c.state = 'active' AND c.key_type IN ('company', 'phone')
                    UNION ALL
                    SELECT c.id FROM sales_claim c
                     WHERE c.company_id = d.company AND c.credit_code_key = d.code
                       AND c.state = 'active' AND c.key_type IN ('company', 'phone')
                ) x
                 ORDER BY 1, 2
                """,
                i=list(range(len(values))),
                company=[v["company_id"] for v in values],
                partner=[v["partner_id"] for v in values],
                kind=[v["key_type"] for v in values],
                key=[v["claim_key"] or None for v in values],
                name=[v.get("customer_key") or None for v in values],
                code=[v.get("credit_code_key") or None for v in values],
            )
        )
        blocked = {}
        for index, claim_id in self.env.cr.fetchall():
            blocked.setdefault(index, claim_id)
        blockers = self.env["sales.claim"].sudo().browse(set(blocked.values()))
        Identity = self.env["sales.customer.identity"]
        accepted = []
        for index, row in enumerate(prepared):
            # the partners of a chunk share a prefetch set: name one, not 5,000
            row["partner"] = row["partner"].with_prefetch()
            vals = row["values"]
            company = vals["company_id"]
            keys = {
                ("partner", company, vals["partner_id"]),
                ("key", company, vals["key_type"], vals["claim_key"]),
                ("name", company, vals.get("customer_key") or None),
                ("uscc", company, vals.get("credit_code_key") or None),
            }
            keys = {key for key in keys if key[-1]}
            if index in blocked:
                claim = blockers.browse(blocked[index]).with_prefetch(blockers._prefetch_ids)
                reason = claim._refusal_message(row["partner"], escalate=False)
                refused.append((row["vals"], reason))
            elif keys & state["seen"]:
                refused.append(
                    (
                        row["vals"],
                        self.env._(
                            "%(customer)s has the company name, credit code or phone of a "
                            "customer adopted before it: adopted once.",
                            customer=row["partner"].display_name,
                        ),
                    )
                )
            else:
                state["seen"].update(keys)
                accepted.append(row)
        requests = [
            Identity._request(vals["company_id"], partner_ids=[vals["partner_id"]])
            for vals in (row["values"] for row in accepted)
        ]
        raced = Identity._lock_requests(requests, advisory=False)
        for index in sorted(raced):
            row = accepted[index]
            refused.append(
                (
                    row["vals"],
                    self.env._(
                        "%(customer)s was claimed by someone else a moment ago.",
                        customer=row["partner"].display_name,
                    ),
                )
            )
        return [row for index, row in enumerate(accepted) if index not in raced]
