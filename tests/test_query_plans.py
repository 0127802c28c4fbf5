"""The queries behind the hot paths use indexes, not sequential scans.

A modest data set (30,000 companies, 10,000 active claims) is generated in
the test transaction and analyzed, so the planner makes the choices it makes
on large tables. The hot paths are run for real, their SQL is captured, and
EXPLAIN of each captured query must not scan a large table sequentially.
"""

import re
from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.sql_db import Cursor
from odoo.tools import SQL

from .common import SuiteTransactionCase
from .scale_data import insert_claims, insert_companies

LARGE_TABLES = ("res_partner", "sales_claim", "sales_pool_move", "crm_lead")
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


class TestQueryPlans(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cr = cls.env.cr
        cls.users = cls.env["res.users"].create(
            [
                {
                    "name": f"Plan Rep {i}",
                    "login": f"plan_rep_{i}",
                    "groups_id": [(6, 0, [cls.env.ref("sales_team.group_sale_salesman").id])],
                }
                for i in range(5)
            ]
        )
        cls.partner_ids = insert_companies(cr, 30000, "Planco")
        policy = cls.env.ref("sales_claim_registration.policy_company_default")
        cls.claim_ids = insert_claims(
            cr, cls.partner_ids[:10000], cls.users.ids, policy.id, cls.env.company.id
        )
        cls.has_pool = "pool_id" in cls.env["res.partner"]._fields
        if cls.has_pool:
            cls.pool = cls.env["sales.pool"].create(
                {
                    "name": "Plan Pool",
                    "member_ids": [(6, 0, cls.users.ids)],
                    "holding_cap": 0,
                    "daily_cap": 0,
                }
            )
            cr.execute(
                """UPDATE res_partner SET pool_id = %s, pool_home_id = %s,
                          pool_date = now() at time zone 'utc' - (id %% 90) * interval '1 day'
                    WHERE id IN (SELECT unnest(%s::int[]))""",
                [cls.pool.id, cls.pool.id, cls.partner_ids[10000:]],
            )
            cr.execute(
                """UPDATE res_partner SET pool_home_id = %s,
                          pool_recycle_date = now() at time zone 'utc'
                                              + (id %% 30 + 1) * interval '1 day'
                    WHERE id IN (SELECT unnest(%s::int[]))""",
                [cls.pool.id, cls.partner_ids[:10000]],
            )
        cls.env.invalidate_all()
        cr.execute("ANALYZE res_partner")
        cr.execute("ANALYZE sales_claim")

    @contextmanager
    def capture(self):
        """Record every (query, params) the cursor runs."""
        queries = []
        original = Cursor.execute

        def execute(cr, query, params=None, log_exceptions=True):
            queries.append((query, params))
            return original(cr, query, params, log_exceptions)

        with patch.object(Cursor, "execute", execute):
            yield queries

    def explain(self, query, params):
        if isinstance(query, SQL):
            self.env.cr.execute(SQL("EXPLAIN %s", query))
        else:
            self.env.cr.execute("EXPLAIN " + query, params)
        return "\n".join(row[0] for row in self.env.cr.fetchall())

    def assertIndexed(self, queries, marker, tables=LARGE_TABLES):
        """The captured queries containing ``marker`` exist and scan no large
        table sequentially."""
        found = [(q, p) for q, p in queries if marker in str(q)]
        self.assertTrue(found, f"no query containing {marker!r} was run")
        for query, params in found:
            plan = self.explain(query, params)
            scanned = set(SEQ_SCAN.findall(plan)) & set(tables)
            self.assertFalse(scanned, f"sequential scan of {scanned} in:\n{query}\n{plan}")

    def test_near_match_uses_trigram_index(self):
        key = self.env["res.partner"].browse(self.partner_ids[12345]).claim_name_key
        with self.capture() as queries:
            matches = self.env["res.partner"]._claim_near_matches(key[:-1] + "x")
        self.assertTrue(matches)
        self.assertIndexed(queries, "claim_name_key %")
        plan = self.explain(*next((q, p) for q, p in queries if "claim_name_key %" in str(q)))
        self.assertIn("res_partner_claim_name_key_trgm_idx", plan)

    def test_exact_duplicate_check_uses_indexes(self):
        partner = self.env["res.partner"].browse(self.partner_ids[20000])
        key = self.env["res.partner"].browse(self.partner_ids[5]).claim_name_key
        vals = {
            "company_id": self.env.company.id,
            "key_type": "company",
            "claim_key": key,
            "customer_key": key,
            "partner_id": partner.id,
        }
        with self.capture() as queries:
            blocking = self.env["sales.claim"]._find_blocking_claims(vals)
        self.assertEqual(len(blocking), 1)
        self.assertIndexed(queries, '"sales_claim"')

    def test_identity_widening_of_a_batch_uses_indexes(self):
        """A distribution or batch widens hundreds of customers at once: the
        records of each customer are read through the commercial partner's
        index, never by hashing all of res_partner at each step of the
        recursion (which a join let PostgreSQL do, misestimating it)."""
        Identity = self.env["sales.customer.identity"]
        requests = [
            Identity._request(self.env.company.id, partner_ids=[pid])
            for pid in self.partner_ids[10000:10500]
        ]
        with self.capture() as queries:
            Identity._expand_requests(requests)
        self.assertTrue(all(request["expanded"] for request in requests))
        self.assertIndexed(queries, "WITH RECURSIVE k AS")

    def test_claim_registration_queries_use_indexes(self):
        partner_id = self.partner_ids[25000]
        if self.has_pool:
            self.env.cr.execute("UPDATE res_partner SET pool_id = NULL WHERE id = %s", [partner_id])
        with self.capture() as queries:
            self.env["sales.claim"].with_user(self.users[0]).create(
                {"partner_id": partner_id, "key_type": "company", "user_id": self.users[0].id}
            )
            self.env.flush_all()
        for query, params in queries:
            text = str(query)
            if text.lstrip().upper().startswith(("SELECT", "UPDATE", "WITH")) and (
                "sales_claim" in text or "res_partner" in text
            ):
                plan = self.explain(query, params)
                scanned = set(SEQ_SCAN.findall(plan)) & set(LARGE_TABLES)
                self.assertFalse(scanned, f"sequential scan of {scanned} in:\n{text}\n{plan}")

    def test_phone_lookup_uses_normalized_phone_index(self):
        """The identity service (and the portal through it) finds a phone,
        whatever its spelling, through the stored E.164 phones' indexes."""
        self.env.cr.execute(
            """UPDATE res_partner
                  SET claim_mobile_key = '+86138' || lpad(id::text, 8, '0'),
                      claim_phone_key = '+8610' || lpad(id::text, 8, '0')
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [self.partner_ids],
        )
        self.env.cr.execute("ANALYZE res_partner")
        self.env.invalidate_all()
        partner_id = self.partner_ids[4321]
        typed = f"+86 138-{partner_id // 10000:04d}-{partner_id % 10000:04d}"
        key = self.env["sales.customer.identity"]._phone_key(typed)
        with self.capture() as queries:
            found = self.env["sales.customer.identity"]._find_partners_by_phone([key])
        self.assertEqual(found.ids, [partner_id])
        self.assertIndexed(queries, "claim_mobile_key")
        plan = self.explain(*next((q, p) for q, p in queries if "claim_mobile_key" in str(q)))
        self.assertIn("res_partner__claim_mobile_key_index", plan)

    def test_expiry_cron_uses_partial_index_on_due_dates(self):
        with self.capture() as queries:
            done = self.env["sales.claim"]._cron_expire_claims()
        self.assertEqual(done, 0)
        # crm_lead holds only the demo opportunities here: PostgreSQL rightly
        # scans 44 rows; the won-customer check reaches leads through the
        # customer's contacts by index (sales_claim_expiry.py)
        self.assertIndexed(
            queries, "date_end <=", tables=("res_partner", "sales_claim", "sales_pool_move")
        )

    def test_active_claims_of_an_owner_use_partial_index(self):
        with self.capture() as queries:
            count = self.env["sales.claim"].search_count(
                [("user_id", "=", self.users[0].id), ("state", "=", "active")]
            )
        self.assertEqual(count, 2000)
        self.assertIndexed(queries, '"sales_claim"')

    def test_pool_queries_use_indexes(self):
        with self.capture() as queries:
            customers = self.env["res.partner"].search(
                [("pool_id", "=", self.pool.id)], order="pool_date, id", limit=80
            )
        self.assertEqual(len(customers), 80)
        self.assertIndexed(queries, '"res_partner"')
        # the pool list sorted by "In Pool Since" and the distribution's pick
        # read their 80 rows from the pool's date index, not the pool sorted
        found = [(q, p) for q, p in queries if "pool_date" in str(q) and "LIMIT" in str(q)]
        self.assertTrue(found)
        self.assertIn("res_partner_pool_date_id_idx", self.explain(*found[-1]))
        now = fields.Datetime.now()
        self.env.cr.execute(
            """EXPLAIN SELECT c.id FROM sales_claim c JOIN res_partner p ON p.id = c.partner_id
                WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                  AND p.pool_recycle_date <= %s
                  AND (p.pool_recycle_date, p.id) >= (%s, 0)
                ORDER BY p.pool_recycle_date, p.id LIMIT 500
                FOR NO KEY UPDATE OF c SKIP LOCKED""",
            [now, now - timedelta(days=400)],
        )
        plan = "\n".join(r[0] for r in self.env.cr.fetchall())
        self.assertFalse(set(SEQ_SCAN.findall(plan)) & set(LARGE_TABLES), plan)
        # the recycling cron's batches after the first (keyset on this index)
        self.assertIn("res_partner_pool_recycle_date_id_idx", plan)

    def test_idle_pool_cron_reads_indexed_rows_only(self):
        """With nothing due, the pool cron finds the customers to regrade, the
        due ones and the ones to warn through indexes: its cost does not grow
        with the number of customers."""
        with self.capture() as queries:
            done = self.env["res.partner"]._cron_pool_recycle()
        self.assertEqual(done, 0)
        # crm_lead is tiny here: the planner rightly scans it
        tables = ("res_partner", "sales_claim", "sales_pool_move")
        self.assertIndexed(queries, "WITH rev AS", tables)
        self.assertIndexed(queries, "WHERE pool_recycle_date <=", tables)
        # the customers to warn come from the due-date index; their claims
        # (a third of this small table) are rightly hashed, and looked up
        # by partner_id at the benchmark's scale
        self.assertIndexed(queries, "pool_warned_date IS NULL", ("res_partner",))

    def test_adoption_checks_use_indexes(self):
        """Adoption of existing ownership at a million customers: the check of
        each chunk against the active claims probes the unique indexes row by
        row, and the pool's follow-up reads the new claims by key, instead of
        hashing or scanning every active claim for each chunk of 5,000."""
        given = self.partner_ids[26000:28000]
        self.env.cr.execute(
            """UPDATE res_partner SET user_id = (%s::int[])[1 + id %% 5]
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [self.users.ids, given],
        )
        self.env.cr.execute("ANALYZE res_partner")
        self.env.invalidate_all()
        wizard = self.env["sales.claim.adoption.wizard"].create({})
        with self.capture() as queries:
            wizard.action_apply()
        self.assertEqual(wizard.adopted_count, len(given))
        self.assertIndexed(queries, "c.claim_key = d.key")
        if self.has_pool:
            # crm_lead is tiny here: the planner rightly scans it
            tables = ("res_partner", "sales_claim", "sales_pool_move")
            self.assertIndexed(queries, "p.pool_id, p.pool_home_id", tables)
            # the due dates of each chunk: its customers' claims probed by
            # customer, not the whole due-date index or every active claim
            self.assertIndexed(queries, "WITH homes AS", tables)

    def test_distribution_reads_its_claims_by_key(self):
        """A distribution at a million customers: the pool's take-out reads
        the new claims of each chunk by primary key and their customers by
        theirs, not a hash of every claim for each chunk of 5,000."""
        if not self.has_pool:
            self.skipTest("the pool addon is not installed")
        wizard = (
            self.env["sales.pool.distribute.wizard"]
            .with_context(default_pool_id=self.pool.id)
            .create({"pool_id": self.pool.id, "method": "round_robin", "count": 2000})
        )
        with self.capture() as queries:
            wizard.action_distribute()
        left = self.env["res.partner"].search_count([("pool_id", "=", self.pool.id)])
        self.assertEqual(left, 18000, "2,000 of the pool's 20,000 customers distributed")
        # crm_lead is tiny here: the planner rightly scans it
        tables = ("res_partner", "sales_claim", "sales_pool_move")
        self.assertIndexed(queries, "p.pool_cooldown_until", tables)
