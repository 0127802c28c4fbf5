"""Concurrency: many reps, web workers and cron workers at once.

Each simulated worker is a thread with its own database cursor, so the
transactions really run side by side and commit for real (PostgreSQL row
locks, unique indexes and ``SKIP LOCKED`` decide who wins). Web requests go
through ``odoo.service.model.retrying`` like Odoo's RPC and HTTP layers, so a
serialization failure is retried as it would be in production. What the
tests commit is deleted again in ``_cleanup``.

Claims of other records that happen to be due in the database are locked by a
"bystander" cursor during the cron tests, so the crons (which skip locked
rows) only touch this test's data.
"""

import threading
import uuid
from functools import partial
from unittest.mock import patch

import psycopg2.errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError, ValidationError
from odoo.service.model import retrying
from odoo.tools import mute_logger

from .common import SuiteTransactionCase
from .scale_data import insert_claims, insert_companies

REFUSED = (UserError, ValidationError)


class TestConcurrency(SuiteTransactionCase):
    workers_timeout = 120

    def setUp(self):
        super().setUp()
        self.tag = uuid.uuid4().hex[:8]
        self.created = {"partners": [], "users": [], "pools": []}
        self.addCleanup(self._cleanup)
        self.has_pool = "pool_id" in self.env["res.partner"]._fields

    # ------------------------------------------------------------------ helpers

    def _commit(self, fn):
        """Run ``fn(env)`` as superuser in a new committed transaction."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = fn(env)
            env.flush_all()
            cr.commit()
        return result

    def _make_users(self, count):
        def create(env):
            group = env.ref("sales_team.group_sale_salesman")
            users = (
                env["res.users"]
                .with_context(no_reset_password=True)
                .create(
                    [
                        {
                            "name": f"Conc Rep {self.tag} {i}",
                            "login": f"conc_{self.tag}_{i}",
                            "groups_id": [(6, 0, [group.id])],
                        }
                        for i in range(count)
                    ]
                )
            )
            return users.ids

        ids = self._commit(create)
        self.created["users"] += ids
        return ids

    def _make_companies(self, count, prefix="Conc"):
        ids = self._commit(lambda env: insert_companies(env.cr, count, f"{prefix}{self.tag}"))
        self.created["partners"] += ids
        return ids

    def _make_pool(self, member_ids, partner_ids, **vals):
        def create(env):
            pool = env["sales.pool"].create(
                dict(
                    {
                        "name": f"Conc Pool {self.tag}",
                        "member_ids": [(6, 0, member_ids)],
                        "holding_cap": 0,
                        "daily_cap": 0,
                        "cooldown_days": 0,
                    },
                    **vals,
                )
            )
            env.cr.execute(
                """UPDATE res_partner SET pool_id = %s, pool_home_id = %s,
                          pool_date = now() at time zone 'utc'
                    WHERE id IN (SELECT unnest(%s::int[]))""",
                [pool.id, pool.id, partner_ids],
            )
            return pool.id

        pool_id = self._commit(create)
        self.created["pools"].append(pool_id)
        return pool_id

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def _run_parallel(self, jobs):
        """Run the callables at the same moment, one thread each; return
        their results (or the exception each raised)."""
        barrier = threading.Barrier(len(jobs))
        results = [None] * len(jobs)

        def target(i, job):
            try:
                barrier.wait(timeout=30)
                results[i] = job()
            except Exception as exc:  # reported to the test, which asserts on it
                results[i] = exc

        threads = [threading.Thread(target=target, args=(i, job)) for i, job in enumerate(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(self.workers_timeout)
            self.assertFalse(thread.is_alive(), "a worker hung")
        return results

    def _request(self, uid, fn):
        """One web request of user ``uid``: ``fn(env)`` in its own transaction,
        retried on serialization failures; returns "ok" or the refusal."""

        def job():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                try:
                    retrying(partial(fn, env), env)
                    cr.commit()
                    return "ok"
                except REFUSED as exc:
                    cr.rollback()
                    return exc

        return job

    def _query(self, sql, params=None):
        with self.registry.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()

    def _lock_other_due_claims(self, mine):
        """A bystander transaction locks every other active claim, so the
        crons under test (``SKIP LOCKED``) leave them alone."""
        cr = self.registry.cursor()
        cr.execute(
            """SELECT id FROM sales_claim WHERE state = 'active'
                AND id NOT IN (SELECT unnest(%s::int[])) FOR NO KEY UPDATE""",
            [mine],
        )
        return cr

    def _cleanup(self):
        partners, users, pools = (
            self.created["partners"],
            self.created["users"],
            self.created["pools"],
        )
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT id FROM sales_claim WHERE partner_id IN (SELECT unnest(%s::int[]))
                    OR user_id IN (SELECT unnest(%s::int[]))""",
                [partners, users],
            )
            claims = [r[0] for r in cr.fetchall()]
            for model, ids in (
                ("sales.claim", claims),
                ("res.partner", partners),
                ("sales.pool", pools),
            ):
                cr.execute(
                    "DELETE FROM mail_message WHERE model = %s AND res_id = ANY(%s)", [model, ids]
                )
                cr.execute(
                    "DELETE FROM mail_followers WHERE res_model = %s AND res_id = ANY(%s)",
                    [model, ids],
                )
                cr.execute(
                    "DELETE FROM mail_activity WHERE res_model = %s AND res_id = ANY(%s)",
                    [model, ids],
                )
            if self.has_pool:
                cr.execute("DELETE FROM sales_pool_move WHERE partner_id = ANY(%s)", [partners])
            cr.execute("DELETE FROM sales_claim WHERE id = ANY(%s)", [claims])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [partners])
            if pools:
                cr.execute("DELETE FROM sales_pool WHERE id = ANY(%s)", [pools])
            cr.execute("SELECT partner_id FROM res_users WHERE id = ANY(%s)", [users])
            user_partners = [r[0] for r in cr.fetchall()]
            cr.execute("DELETE FROM mail_activity WHERE user_id = ANY(%s)", [users])
            cr.execute("DELETE FROM res_users WHERE id = ANY(%s)", [users])
            cr.execute("DELETE FROM mail_message WHERE author_id = ANY(%s)", [user_partners])
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [user_partners])
            cr.commit()

    def _active_claims(self, partner_ids):
        return self._query(
            """SELECT partner_id, user_id FROM sales_claim WHERE state = 'active'
                AND partner_id IN (SELECT unnest(%s::int[])) ORDER BY partner_id""",
            [partner_ids],
        )

    # ------------------------------------------------------------------ claims

    def test_simultaneous_claims_of_one_customer(self):
        """Four reps claim the same company at the same moment: one wins."""
        users = self._make_users(4)
        [partner_id] = self._make_companies(1)

        def claim(env):
            env["sales.claim"].create(
                {"partner_id": partner_id, "key_type": "company", "user_id": env.uid}
            )

        results = self._run_parallel([self._request(uid, claim) for uid in users])
        self.assertEqual(results.count("ok"), 1, results)
        for res in results:
            if res != "ok":
                self.assertIsInstance(res, ValidationError)
        winner = users[results.index("ok")]
        self.assertEqual(self._active_claims([partner_id]), [(partner_id, winner)])
        owners = self._query(
            "SELECT DISTINCT user_id FROM res_partner WHERE commercial_partner_id = %s",
            [partner_id],
        )
        self.assertEqual(owners, [(winner,)], "the salesperson is the winner's, nobody else's")

    def test_simultaneous_claims_of_duplicate_company_records(self):
        """Two records of one company (same normalized name) claimed at once
        by two reps: the customer gets one owner, not two."""
        users = self._make_users(2)

        def create(env):
            ids = insert_companies(env.cr, 1, f"Dup{self.tag}")
            env.cr.execute(
                """INSERT INTO res_partner (name, complete_name, is_company, type, active,
                       partner_share, autopost_bills, claim_name_key, lang, create_date, write_date)
                   SELECT '  ' || upper(name), name, true, 'contact', true, true, 'ask',
                          claim_name_key, 'en_US', create_date, write_date
                     FROM res_partner WHERE id = %s RETURNING id""",
                ids,
            )
            twin = env.cr.fetchone()[0]
            env.cr.execute(
                "UPDATE res_partner SET commercial_partner_id = id WHERE id = %s", [twin]
            )
            return ids + [twin]

        partners = self._commit(create)
        self.created["partners"] += partners

        def claim(partner_id, env):
            env["sales.claim"].create(
                {"partner_id": partner_id, "key_type": "company", "user_id": env.uid}
            )

        results = self._run_parallel(
            [
                self._request(uid, partial(claim, pid))
                for uid, pid in zip(users, partners, strict=True)
            ]
        )
        self.assertEqual(results.count("ok"), 1, results)
        self.assertEqual(len(self._active_claims(partners)), 1)

    def test_parallel_pool_claims_of_one_rep_respect_caps(self):
        """One rep claims six pool customers from six browser tabs at once:
        the holding cap (2) holds; then the daily cap (3) holds."""
        [uid] = self._make_users(1)
        partners = self._make_companies(12)
        pool_id = self._make_pool([uid], partners, holding_cap=2)

        def claim(partner_id, env):
            env["res.partner"].browse(partner_id).action_claim_from_pool()

        results = self._run_parallel([self._request(uid, partial(claim, p)) for p in partners[:6]])
        self.assertEqual(results.count("ok"), 2, results)
        self.assertEqual(len(self._active_claims(partners)), 2)

        # daily cap: 3 claims a day whatever the holding
        def raise_caps(env):
            env["sales.pool"].browse(pool_id).write({"holding_cap": 0, "daily_cap": 3})

        self._commit(raise_caps)
        self.assertEqual(
            self._query("SELECT holding_cap, daily_cap FROM sales_pool WHERE id = %s", [pool_id]),
            [(0, 3)],
        )
        results = self._run_parallel([self._request(uid, partial(claim, p)) for p in partners[6:]])
        self.assertEqual(results.count("ok"), 1, results)
        self.assertEqual(len(self._active_claims(partners)), 3)
        owned_in_pool = self._query(
            """SELECT count(*) FROM res_partner p JOIN sales_claim c ON c.partner_id = p.id
                WHERE c.state = 'active' AND p.pool_id IS NOT NULL
                  AND p.id IN (SELECT unnest(%s::int[]))""",
            [partners],
        )
        self.assertEqual(owned_in_pool, [(0,)], "a claimed customer left its pool")

    def test_many_reps_claim_overlapping_pool_customers(self):
        """Six reps claim the same eight pool customers in different orders:
        every customer gets at most one owner, and nobody exceeds the cap."""
        users = self._make_users(6)
        partners = self._make_companies(8)
        self._make_pool(users, partners, holding_cap=3)

        def claim_all(order, env):
            won = 0
            for pid in order:
                try:
                    with env.cr.savepoint():
                        env["res.partner"].browse(pid).action_claim_from_pool()
                        env.flush_all()
                    won += 1
                except REFUSED:
                    pass
            return won

        jobs = [
            self._request(uid, partial(claim_all, partners[i:] + partners[:i]))
            for i, uid in enumerate(users)
        ]
        self._run_parallel(jobs)
        claims = self._active_claims(partners)
        owners_per_customer = {}
        for partner_id, user_id in claims:
            owners_per_customer.setdefault(partner_id, []).append(user_id)
        self.assertTrue(all(len(o) == 1 for o in owners_per_customer.values()), claims)
        per_user = {}
        for _partner_id, user_id in claims:
            per_user[user_id] = per_user.get(user_id, 0) + 1
        self.assertLessEqual(max(per_user.values()), 3)

    # ------------------------------------------------------------------ crons

    def _due_claims(self, count, users):
        def create(env):
            partners = insert_companies(env.cr, count, f"Due{self.tag}")
            policy = env.ref("sales_claim_registration.policy_company_default")
            claims = insert_claims(
                env.cr, partners, users, policy.id, env.company.id, days_old=40, base_days=30
            )
            return partners, claims

        partners, claims = self._commit(create)
        self.created["partners"] += partners
        return partners, claims

    def _expire_job(self, batch_size):
        def job():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                done = env["sales.claim"]._cron_expire_claims(batch_size=batch_size)
                cr.commit()
                return done

        return job

    def test_two_cron_workers_expire_the_same_batch(self):
        """Two expiry cron workers start together on 60 due claims (batches of
        7): every claim is expired once, by exactly one of them."""
        users = self._make_users(3)
        partners, claims = self._due_claims(60, users)
        bystander = self._lock_other_due_claims(claims)
        try:
            results = self._run_parallel([self._expire_job(7), self._expire_job(7)])
        finally:
            bystander.rollback()
            bystander.close()
        self.assertTrue(all(isinstance(r, int) for r in results), results)
        self.assertEqual(sum(results), 60, "a claim was processed twice or not at all")
        states = self._query(
            "SELECT state, count(*) FROM sales_claim WHERE id = ANY(%s) GROUP BY state", [claims]
        )
        self.assertEqual(states, [("expired", 60)])
        owned = self._query(
            "SELECT count(*) FROM res_partner WHERE id = ANY(%s) AND user_id IS NOT NULL",
            [partners],
        )
        self.assertEqual(owned, [(0,)], "an expired customer kept its salesperson")
        if self.has_pool:
            moves = self._query(
                """SELECT partner_id, count(*) FROM sales_pool_move
                    WHERE partner_id = ANY(%s) AND move_type = 'expired'
                    GROUP BY partner_id HAVING count(*) <> 1""",
                [partners],
            )
            self.assertEqual(moves, [], "a customer was moved to the pool twice")

    def test_cron_worker_with_an_older_snapshot_picks_again(self):
        """A worker whose transaction began before another worker expired and
        committed the due claims cannot lock them (REPEATABLE READ): it picks
        again on a fresh snapshot and finds nothing left, instead of failing."""
        users = self._make_users(2)
        _partners, claims = self._due_claims(12, users)
        snapshot_taken, other_done = threading.Event(), threading.Event()

        def late_worker():
            with self.registry.cursor() as cr:
                cr.execute("SELECT count(*) FROM sales_claim")  # the snapshot
                snapshot_taken.set()
                other_done.wait(timeout=60)
                env = api.Environment(cr, SUPERUSER_ID, {})
                done = env["sales.claim"]._cron_expire_claims(batch_size=5)
                cr.commit()
                return done

        def first_worker():
            snapshot_taken.wait(timeout=60)
            try:
                return self._expire_job(5)()
            finally:
                other_done.set()

        bystander = self._lock_other_due_claims(claims)
        try:
            late, first = self._run_parallel([late_worker, first_worker])
        finally:
            bystander.rollback()
            bystander.close()
        self.assertEqual((first, late), (12, 0))
        states = self._query(
            "SELECT state, count(*) FROM sales_claim WHERE id = ANY(%s) GROUP BY state", [claims]
        )
        self.assertEqual(states, [("expired", 12)])

    def test_interrupted_cron_resumes_without_loss_or_duplicate(self):
        """The expiry cron dies during its second batch; the committed first
        batch stays, the re-run processes exactly the rest."""
        users = self._make_users(2)
        partners, claims = self._due_claims(30, users)
        Claim = self.registry["sales.claim"]
        original = Claim._on_claims_ended
        calls = []

        def dies_on_second_batch(records, reason):
            calls.append(len(records))
            if len(calls) == 2:
                raise RuntimeError("worker killed")
            return original(records, reason)

        bystander = self._lock_other_due_claims(claims)
        try:
            with patch.object(Claim, "_on_claims_ended", dies_on_second_batch):
                [first] = self._run_parallel([self._expire_job(10)])
            self.assertIsInstance(first, RuntimeError)
            self.assertEqual(
                self._query(
                    "SELECT count(*) FROM sales_claim WHERE id = ANY(%s) AND state = 'expired'",
                    [claims],
                ),
                [(10,)],
                "the first batch was committed, the second rolled back",
            )
            [second] = self._run_parallel([self._expire_job(10)])
        finally:
            bystander.rollback()
            bystander.close()
        self.assertEqual(second, 20)
        self.assertEqual(
            self._query(
                "SELECT count(*) FROM sales_claim WHERE id = ANY(%s) AND state = 'expired'",
                [claims],
            ),
            [(30,)],
        )
        if self.has_pool:
            moves = self._query(
                """SELECT count(*), count(DISTINCT partner_id) FROM sales_pool_move
                    WHERE partner_id = ANY(%s) AND move_type = 'expired'""",
                [partners],
            )
            self.assertEqual(moves, [(30, 30)], "each customer moved to the pool exactly once")

    def test_two_recycling_cron_workers_recycle_the_same_batch(self):
        """Two pool recycling crons run together on 40 customers without
        follow-up: each customer is recycled once. A worker that loses a
        serialization race fails and its next run finds nothing left."""
        users = self._make_users(2)
        partners, claims = self._due_claims(40, users)

        def setup(env):
            pool = env["sales.pool"].create(
                {
                    "name": f"Conc Recycle {self.tag}",
                    "member_ids": [(6, 0, users)],
                    "holding_cap": 0,
                    "daily_cap": 0,
                    "followup_rule": True,
                    "followup_days": 5,
                    "recycle_protected": True,
                }
            )
            # protected until later, but no follow-up for 40 days: due by the rule
            env.cr.execute(
                """UPDATE sales_claim SET date_end = now() at time zone 'utc' + interval '20 days'
                    WHERE id = ANY(%s)""",
                [claims],
            )
            env.cr.execute(
                """UPDATE res_partner SET pool_home_id = %s,
                          pool_last_followup_date = now() at time zone 'utc' - interval '40 days'
                    WHERE id = ANY(%s)""",
                [pool.id, partners],
            )
            # the due dates as the last follow-up left them
            env["res.partner"]._pool_recompute_recycle_date(partners)
            return pool.id

        self.created["pools"].append(self._commit(setup))

        def recycle():
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                try:
                    done = env["res.partner"]._cron_pool_recycle(batch_size=6)
                except psycopg2.errors.SerializationFailure as exc:
                    cr.rollback()
                    return exc
                cr.commit()
                return done

        bystander = self._lock_other_due_claims(claims)
        try:
            results = self._run_parallel([recycle, recycle])
            # a worker that failed is simply run again, like the next cron tick
            retried = [recycle() for r in results if not isinstance(r, int)]
        finally:
            bystander.rollback()
            bystander.close()
        done = [r for r in results + retried if isinstance(r, int)]
        self.assertEqual(len(done), 2, results + retried)
        self.assertEqual(sum(done), 40, "a customer was recycled twice or not at all")
        moves = self._query(
            """SELECT count(*), count(DISTINCT partner_id) FROM sales_pool_move
                WHERE partner_id = ANY(%s) AND move_type = 'recycled'""",
            [partners],
        )
        self.assertEqual(moves, [(40, 40)])
        self.assertEqual(self._active_claims(partners), [])
