"""Query counts of the hot paths, pinned like Odoo's crm/tests/test_performances.py.

Each test runs twice (``warmup``: cold, then warm with the ORM caches
filled) and pins the warm count with ``assertQueryCount``. It then shows the
count does not grow: with thousands more customers and claims in the
database (single operations), or with six times more due records (crons,
which work in set-based batches).
"""

from odoo import Command, fields
from odoo.tests.common import warmup

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN

from .common import SuiteRoles, SuiteTransactionCase
from .scale_data import insert_claims, insert_companies


class TestQueryCounts(SuiteRoles, SuiteTransactionCase):
    test_tags = {"standard", "post_install", "is_query_count"}
    # reps in no team: a team would add the lookups of its pool to the counts
    EXTRA_USERS = {
        "rep_a": ("qc_rep_a", "QC Rep A", SALESMAN),
        "rep_b": ("qc_rep_b", "QC Rep B", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls.env.ref("sales_claim_registration.policy_company_default")
        cls.partner_ids = insert_companies(cls.env.cr, 40, "Qcount")
        cls.pool = cls.env["sales.pool"].create(
            {
                "name": "QC Pool",
                "member_ids": [Command.set((cls.rep_a | cls.rep_b).ids)],
                "holding_cap": 0,
                "daily_cap": 0,
                "cooldown_days": 0,
            }
        )
        cls.env.cr.execute(
            """UPDATE res_partner SET pool_id = %s, pool_home_id = %s,
                      pool_date = now() at time zone 'utc'
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [cls.pool.id, cls.pool.id, cls.partner_ids[20:]],
        )
        cls.env.invalidate_all()

    def partner(self, index):
        return self.env["res.partner"].browse(self.partner_ids[index])

    def count(self, fn):
        """Queries run by ``fn`` with a cold record cache (as in a new request),
        flushed, as ``assertQueryCount`` counts them."""
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        fn()
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - start

    def grow(self, count=1000):
        """Thousands more customers, claims (of the same reps) and pool customers."""
        ids = insert_companies(self.env.cr, count, f"Qgrow{self.cr.sql_log_count}")
        half = count // 2
        insert_claims(
            self.env.cr,
            ids[:half],
            (self.rep_a | self.rep_b).ids,
            self.policy.id,
            self.env.company.id,
        )
        self.env.cr.execute(
            """UPDATE res_partner SET pool_id = %s, pool_home_id = %s,
                      pool_date = now() at time zone 'utc'
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [self.pool.id, self.pool.id, ids[half:]],
        )
        self.env.cr.execute("ANALYZE res_partner")
        self.env.cr.execute("ANALYZE sales_claim")
        self.env.invalidate_all()

    def claim(self, index, user=None):
        user = user or self.rep_a
        return (
            self.env["sales.claim"]
            .with_user(user)
            .create(
                {"partner_id": self.partner_ids[index], "key_type": "company", "user_id": user.id}
            )
        )

    # ------------------------------------------------------------------ single operations

    @warmup
    def test_register_claim(self):
        self.env.invalidate_all()
        # +1: the keys across types are widened, locked and stamped (issue 15)
        with self.assertQueryCount(35):
            self.claim(0)
        before = self.count(lambda: self.claim(1))
        self.grow()
        after = self.count(lambda: self.claim(2))
        if self.warm:
            self.assertEqual(after, before, "registering a claim costs more with more claims")

    @warmup
    def test_claim_from_pool(self):
        Partner = self.env["res.partner"].with_user(self.rep_a)
        self.env.invalidate_all()
        with self.assertQueryCount(40):
            Partner.browse(self.partner_ids[20]).action_claim_from_pool()
        before = self.count(lambda: Partner.browse(self.partner_ids[21]).action_claim_from_pool())
        self.grow()
        after = self.count(lambda: Partner.browse(self.partner_ids[22]).action_claim_from_pool())
        if self.warm:
            self.assertEqual(after, before, "claiming from a pool costs more with more customers")

    @warmup
    def test_release(self):
        claims = [self.claim(i) for i in (3, 4, 5)]
        self.env.invalidate_all()
        self.env.invalidate_all()
        with self.assertQueryCount(17):
            claims[0].with_user(self.rep_a).action_release("No budget this year")
        before = self.count(lambda: claims[1].with_user(self.rep_a).action_release("No budget"))
        self.grow()
        after = self.count(lambda: claims[2].with_user(self.rep_a).action_release("No budget"))
        if self.warm:
            self.assertEqual(after, before, "releasing costs more with more claims")

    def _lead_with_split(self, index):
        role = self.env["sales.credit.role"].search([], limit=1)
        lead = self.env["crm.lead"].create(
            {
                "name": f"QC deal {index}",
                "type": "opportunity",
                "partner_id": self.partner_ids[index],
                "user_id": self.rep_a.id,
                "expected_revenue": 10000,
            }
        )
        lead.credit_split_line_ids = [Command.clear()] + [
            Command.create({"user_id": u.id, "role_id": role.id, "percent": p})
            for u, p in ((self.rep_a, 60), (self.rep_b, 40))
        ]
        lead.with_user(self.rep_b).action_submit_split()
        self.env.invalidate_all()
        return lead

    @warmup
    def test_agree_split(self):
        leads = [self._lead_with_split(i) for i in (6, 7, 8)]
        self.env.invalidate_all()
        # 51 before the split followed its source orders (two reads of the
        # order lines' groups, once per agreement, not per line); +1 reads
        # the split types of the shares (issue 20), once per agreement
        with self.assertQueryCount(54):
            leads[0].with_user(self.manager).action_agree_split()
        before = self.count(lambda: leads[1].with_user(self.manager).action_agree_split())
        self.grow()
        after = self.count(lambda: leads[2].with_user(self.manager).action_agree_split())
        if self.warm:
            self.assertEqual(after, before, "agreeing a split costs more with more records")
        self.assertEqual(leads[2].credit_split_state, "agreed")

    # ------------------------------------------------------------------ distribution

    def pool_customers(self, count):
        ids = insert_companies(self.env.cr, count, f"Qdist{self.cr.sql_log_count}")
        self.env.cr.execute(
            """UPDATE res_partner SET pool_id = %s, pool_home_id = %s,
                      pool_date = now() at time zone 'utc'
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [self.pool.id, self.pool.id, ids],
        )
        self.env.invalidate_all()
        return ids

    def distribute(self, partner_ids, members):
        wizard = (
            self.env["sales.pool.distribute.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "pool_id": self.pool.id,
                    "method": "round_robin",
                    "partner_ids": [Command.set(partner_ids)],
                    "member_ids": [Command.set(members.ids)],
                }
            )
        )
        return wizard.action_distribute()

    @warmup
    def test_distribution(self):
        """Distributing pool customers costs the same number of queries for
        10 or 60 customers, to 2 or 6 members: set-based, one notification
        per member created in bulk."""
        salesman = self.env.ref("sales_team.group_sale_salesman")
        more = self.env["res.users"].create(
            [
                {
                    "name": f"QC Member {i}",
                    "login": f"qc_member_{i}_{self.cr.sql_log_count}",
                    "groups_id": [Command.set(salesman.ids)],
                }
                for i in range(4)
            ]
        )
        two = self.rep_a | self.rep_b
        first = self.pool_customers(10)
        self.env.invalidate_all()
        # +5: widening, advisory locks and stamps of the keys, in savepoints (issue 15)
        with self.assertQueryCount(73):
            self.distribute(first, two)

        def measure(count, members):
            # the same distribution once first: every case is measured warm
            self.distribute(self.pool_customers(count), members)
            ids = self.pool_customers(count)
            return self.count(lambda: self.distribute(ids, members)), ids

        small, _ids = measure(10, two)
        large, _ids = measure(60, two)
        self.pool.member_ids = two | more
        wide, wide_ids = measure(60, two | more)
        if self.warm:
            # a query or two more or less depending on what the caches hold
            # (and whether the keys of a chunk are advisory-locked or stamped);
            # per customer or per member would be dozens more
            self.assertAlmostEqual(large, small, delta=2, msg="queries per customer")
            self.assertAlmostEqual(wide, small, delta=2, msg="queries per member")
        claims = self.env["sales.claim"].search([("partner_id", "in", wide_ids)])
        self.assertEqual(len(claims), 60)
        self.assertEqual(set(claims.user_id.ids), set((two | more).ids))

    # ------------------------------------------------------------------ crons over a batch

    def due_claims(self, count):
        ids = insert_companies(self.env.cr, count, f"Qdue{self.cr.sql_log_count}")
        claims = insert_claims(
            self.env.cr,
            ids,
            (self.rep_a | self.rep_b).ids,
            self.policy.id,
            self.env.company.id,
            days_old=40,
            base_days=30,
        )
        self.env.invalidate_all()
        return ids, claims

    def expire_others(self):
        """Claims due elsewhere in the database (demo data) are expired first,
        so each measured run handles exactly its own batch."""
        self.env["sales.claim"]._cron_expire_claims()

    @warmup
    def test_expiry_cron_batch(self):
        self.expire_others()
        self.due_claims(10)
        self.env.invalidate_all()
        # 12 before locks and the won exemption held at expiry and reasons
        # were written in their owner's language: once per batch; 15 since
        # the agents' pool of the companies is read (once per batch); 18 since
        # JIT is turned off for the count and each pick (a batch's transaction)
        with self.assertQueryCount(18):
            done = self.env["sales.claim"]._cron_expire_claims(batch_size=1000)
        self.assertEqual(done, 10)
        self.due_claims(10)
        small = self.count(lambda: self.env["sales.claim"]._cron_expire_claims(batch_size=1000))
        self.due_claims(60)
        large = self.count(lambda: self.env["sales.claim"]._cron_expire_claims(batch_size=1000))
        if self.warm:
            self.assertEqual(large, small, "the expiry cron runs queries per claim")

    def recycle_due(self, count):
        ids, claims = self.due_claims(count)
        now = fields.Datetime.now()
        self.env.cr.execute(
            "UPDATE sales_claim SET date_end = %s WHERE id IN (SELECT unnest(%s::int[]))",
            [now.replace(year=now.year + 1), claims],
        )
        self.env.cr.execute(
            """UPDATE res_partner SET pool_home_id = %s,
                      pool_last_followup_date = now() at time zone 'utc' - interval '40 days'
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [self.pool.id, ids],
        )
        self.env.invalidate_all()
        # the due date as the last follow-up left it
        self.env["res.partner"]._pool_recompute_recycle_date(ids)

    @warmup
    def test_recycling_cron_batch(self):
        self.pool.write({"followup_rule": True, "followup_days": 5, "recycle_protected": True})
        Partner = self.env["res.partner"]
        Partner._cron_pool_recycle(batch_size=1000)  # whatever else was due
        self.recycle_due(10)
        small = self.count(lambda: Partner._cron_pool_recycle(batch_size=1000))
        self.recycle_due(60)
        self.env.invalidate_all()
        # 16 before reasons were written in their owner's language (once per
        # batch); 18 since the agents' pool of the companies is read (once per
        # batch); 20 since JIT is turned off at each pick (a batch's transaction)
        with self.assertQueryCount(20):
            done = Partner._cron_pool_recycle(batch_size=1000)
        self.assertEqual(done, 60)
        self.recycle_due(60)
        large = self.count(lambda: Partner._cron_pool_recycle(batch_size=1000))
        if self.warm:
            self.assertEqual(large, small, "the recycling cron runs queries per customer")
