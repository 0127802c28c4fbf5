"""Customer identity across key types: the phones and credit codes of a
customer and of all its contacts widen a request, and the keys of the
requests about to be written are locked before they are checked."""

import hashlib
from contextlib import nullcontext

import psycopg2.errors

from odoo import api, models
from odoo.tools import SQL

from ..tools.sql_jit import jit_disabled

# PostgreSQL's default max_locks_per_transaction: above it, a batch only stamps
ADVISORY_LOCKS_MAX = 64
# above this many customers, a widening is estimated high enough for JIT
BULK_WIDENING = 100


def key_hash(key):
    """A signed 64-bit hash of a match key, as advisory locks take it."""
    digest = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class SalesCustomerIdentity(models.AbstractModel):
    """Keys across types (一个客户一个负责人).

    ``_expand_requests`` adds to each request, in one query for all of
    them, the customers (``related_partner_ids``) linked to it by a shared
    normalized company name, E.164 phone or mobile (of the customer or of
    any active contact) or unified social credit code, up to two links away,
    and all their keys (``("phone", key)``, ``("uscc", key)`` and names).
    A request is then blocked by the customer claims of these customers, by
    the phone claims of these numbers, by the claims that hold the code or
    one of the names.

    ``_lock_requests`` takes, before the check, a transaction-level advisory
    lock (``pg_advisory_xact_lock``) on the hash of every match key, in
    sorted order (no deadlock between claimers): a second claim of the same
    customer by another key waits until the first commits. Odoo's
    transactions are REPEATABLE READ, so the waiting one would still check
    against its old snapshot: each key is also stamped in
    ``sales_claim_key_stamp``, and a stamp committed after the snapshot
    raises a serialization failure. Such requests are returned: the caller
    refuses them ("claimed by someone else a moment ago").
    """

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.customer.identity"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _expand_requests(self, requests):
        """Widen ``requests`` (in place) with the customers that are the same
        real customer, and all their keys, in one query for all of them."""
        todo = [(index, r) for index, r in enumerate(requests) if not r.get("expanded")]
        if not todo:
            return
        given = [
            (index, kind, key)
            for index, request in todo
            for kind, key in [
                *request["claim_keys"],
                *(("name", name) for name in request["customer_keys"]),
            ]
            if kind in ("phone", "uscc", "name")
        ]
        customers = [(index, pid) for index, request in todo for pid in request["partner_ids"]]
        rows = []
        if given or customers:
            self.env["res.partner"].flush_model(
                [
                    "active",
                    "is_company",
                    "commercial_partner_id",
                    "claim_name_key",
                    "claim_phone_key",
                    "claim_mobile_key",
                    "claim_credit_code_key",
                ]
            )
            # a batch's recursion is estimated at millions of rows: compiling
            # it (JIT) took 2.6 s for a 0.1 s query; a claim's own widening is
            # estimated low and runs as it is, without two statements more
            bulk = len(todo) > BULK_WIDENING
            with jit_disabled(self.env.cr) if bulk else nullcontext():
                self.env.cr.execute(self._same_customer_query(given, customers))
                rows = self.env.cr.fetchall()
        extra = {}
        for index, customer_id, kind, key in rows:
            keys, names, partners = extra.setdefault(index, (set(), set(), set()))
            partners.add(customer_id)
            if key and kind == "name":
                names.add(key)
            elif key:
                keys.add((kind, key))
        for index, request in todo:
            keys, names, partners = extra.get(index, (set(), set(), set()))
            request["claim_keys"] = request["claim_keys"] + sorted(
                keys - set(request["claim_keys"])
            )
            request["customer_keys"] = request["customer_keys"] + sorted(
                names - set(request["customer_keys"])
            )
            request["related_partner_ids"] = sorted(partners - set(request["partner_ids"]))
            request["expanded"] = True

    @api.model
    def _same_customer_query(self, given, customers, depth=2):
        """Rows ``(request, customer, kind, key)``: the customers (commercial
        partners) linked to a request by a shared normalized name, phone or
        credit code, up to ``depth`` links away (a variant spelling of a
        company whose credit code is on an English record), with each of
        their keys. ``given``: ``(request, kind, key)`` typed keys;
        ``customers``: ``(request, partner id)``."""
        keys_of = SQL(
            """
            CROSS JOIN LATERAL (VALUES ('phone', p.claim_phone_key),
                                       ('phone', p.claim_mobile_key),
                                       ('uscc', p.claim_credit_code_key),
                                       ('name', CASE WHEN p.is_company
                                                     THEN p.claim_name_key END))
                  AS k(kind, key)
            """
        )
        # one indexed lookup per kind of key (no OR across columns)
        holders = SQL(
            """
            CROSS JOIN LATERAL (
                SELECT o.commercial_partner_id AS cid FROM res_partner o
                 WHERE k.kind = 'phone' AND o.claim_phone_key = k.key AND o.active
                UNION ALL
                SELECT o.commercial_partner_id FROM res_partner o
                 WHERE k.kind = 'phone' AND o.claim_mobile_key = k.key AND o.active
                UNION ALL
                SELECT o.commercial_partner_id FROM res_partner o
                 WHERE k.kind = 'uscc' AND o.claim_credit_code_key = k.key AND o.active
                UNION ALL
                SELECT o.id FROM res_partner o
                 WHERE k.kind = 'name' AND o.claim_name_key = k.key AND o.active
                   AND o.is_company
            ) AS h
            """
        )
        # the records of a customer, read through the commercial partner's
        # index: OFFSET 0 keeps the subquery a parameterized lookup per node;
        # joined plainly, PostgreSQL misestimates the recursion (a million
        # nodes for a few thousand) and hashes all of res_partner at each step
        records = SQL(
            """
            SELECT p.is_company, p.claim_phone_key, p.claim_mobile_key,
                   p.claim_credit_code_key, p.claim_name_key
              FROM res_partner p
             WHERE p.commercial_partner_id = n.cid AND p.active
            OFFSET 0
            """
        )
        return SQL(
            """
            WITH RECURSIVE k AS (
                SELECT * FROM unnest(%(g_req)s::int[], %(g_kind)s::varchar[],
                                     %(g_key)s::varchar[]) AS g(req, kind, key)
            ), seeds AS (
                SELECT r.req, c.commercial_partner_id AS cid
                  FROM unnest(%(c_req)s::int[], %(c_pid)s::int[]) AS r(req, pid)
                  JOIN res_partner c ON c.id = r.pid
                UNION
                SELECT k.req, h.cid FROM k %(holders)s
            ), nodes(req, cid, depth) AS (
                SELECT req, cid, 0 FROM seeds
                UNION
                SELECT n.req, h.cid, n.depth + 1
                  FROM nodes n
                  CROSS JOIN LATERAL (%(records)s) p
                  %(keys_of)s
                  %(holders)s
                 WHERE k.key IS NOT NULL AND n.depth < %(depth)s
            )
            SELECT DISTINCT n.req, n.cid, k.kind, k.key
              FROM (SELECT DISTINCT req, cid FROM nodes) n
              LEFT JOIN LATERAL (%(records)s) p ON true
              %(keys_of)s
            """,
            g_req=[row[0] for row in given],
            g_kind=[row[1] for row in given],
            g_key=[row[2] for row in given],
            c_req=[row[0] for row in customers],
            c_pid=[row[1] for row in customers],
            holders=holders,
            keys_of=keys_of,
            records=records,
            depth=depth,
        )

    @api.model
    def _lock_keys(self, request):
        """The lock keys of a request: its match keys, a partner counted
        once whether it is matched as a partner or as a customer."""
        return {
            (key[0] if key[0] != "customer" else "partner", *key[1:])
            for key in self._request_match_keys(request)
        }

    @api.model
    def _lock_requests(self, requests, advisory=True):
        """Lock the keys of ``requests`` (advisory locks, sorted), then stamp
        them. Returns the indexes of the requests a claim committed after
        this transaction's snapshot shares a key with.

        ``advisory=False`` only stamps, for the adoption of existing
        ownership, which writes 100,000s of keys in one transaction (the
        lock table holds about 64 locks per connection). The stamps alone
        still serialize it with concurrent claims: a key stamped by a
        transaction not yet committed makes the other stamp wait, then fail
        once the first commits. A batch with more keys than one connection's
        share of the lock table (``ADVISORY_LOCKS_MAX``) also only stamps:
        thousands of advisory locks in one transaction end in "out of shared
        memory" for every session of the server."""
        hashes = [sorted({key_hash(key) for key in self._lock_keys(r)}) for r in requests]
        every = sorted({value for values in hashes for value in values})
        if not every:
            return set()
        cr = self.env.cr
        if advisory and len(every) <= ADVISORY_LOCKS_MAX:
            cr.execute(SQL("SELECT pg_advisory_xact_lock(h) FROM unnest(%s::bigint[]) AS h", every))
        if self._stamp_keys(every):
            return set()
        # someone committed a claim of one of these keys after our snapshot:
        # find which requests, one savepoint each (a rare path)
        return {index for index, values in enumerate(hashes) if not self._stamp_keys(values)}

    @api.model
    def _stamp_keys(self, hashes):
        """Stamp ``hashes``; False when one was stamped by a transaction
        that committed after this transaction's snapshot."""
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    SQL(
                        """
                        INSERT INTO sales_claim_key_stamp (key_hash)
                        SELECT unnest(%s::bigint[])
                        ON CONFLICT (key_hash) DO UPDATE SET stamped_at = now()
                        """,
                        hashes,
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.SerializationFailure:
            return False
        return True
