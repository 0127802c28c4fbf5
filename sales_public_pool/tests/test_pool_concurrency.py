import threading
from datetime import timedelta

import psycopg2.errors
from freezegun import freeze_time

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move

CTX = {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True}


@tagged("post_install", "-at_install")
class TestPoolConcurrency(TransactionCase):
    """Caps and exclusivity with real, independent database cursors.

    Everything these tests need is committed first and deleted at the end.
    """

    def setUp(self):
        super().setUp()
        self.data = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            group = env.ref("sales_team.group_sale_salesman")
            users = env["res.users"].create(
                [
                    {
                        "name": f"Concurrent Rep {i}",
                        "login": f"pool_concurrent_{i}",
                        "groups_id": [(6, 0, [group.id, env.ref("base.group_user").id])],
                    }
                    for i in (1, 2)
                ]
            )
            pool = env["sales.pool"].create(
                {
                    "name": "Concurrent 公海",
                    "member_ids": [(6, 0, users.ids)],
                    "holding_cap": 10,
                    "daily_cap": 80,
                }
            )
            customers = env["res.partner"].create(
                [{"name": f"并发客户 {i} 有限公司", "is_company": True} for i in range(100)]
            )
            customers.with_context(pool_id=pool.id).action_put_in_pool()
            self.data = {"users": users.ids, "pool": pool.id, "customers": customers.ids}
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            data = self.data
            cr.execute(
                "DELETE FROM sales_pool_move WHERE partner_id = ANY(%s)", [data["customers"]]
            )
            cr.execute("DELETE FROM sales_claim WHERE partner_id = ANY(%s)", [data["customers"]])
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            env["res.partner"].browse(data["customers"]).unlink()
            env["sales.pool"].browse(data["pool"]).unlink()
            users = env["res.users"].browse(data["users"])
            partners = users.partner_id
            users.unlink()
            partners.unlink()

    def _claim(self, cr, user_id, partner_id):
        env = api.Environment(cr, user_id, CTX)
        return env["res.partner"].browse(partner_id).action_claim_from_pool()

    def _active_claims(self, user_id=None):
        with self.registry.cursor() as cr:
            query = (
                "SELECT count(*) FROM sales_claim WHERE state = 'active' AND partner_id = ANY(%s)"
            )
            params = [self.data["customers"]]
            if user_id:
                query += " AND user_id = %s"
                params.append(user_id)
            cr.execute(query, params)
            return cr.fetchone()[0]

    def test_two_reps_same_customer_exactly_one_wins(self):
        rep1, rep2 = self.data["users"]
        customer = self.data["customers"][0]
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            self._claim(cr1, rep1, customer)
            with self.assertRaisesRegex(UserError, "being claimed by someone else right now"):
                self._claim(cr2, rep2, customer)
            cr2.rollback()
            cr1.commit()
            with self.assertRaisesRegex(UserError, "not in a public pool"):
                self._claim(cr2, rep2, customer)
        finally:
            cr1.close()
            cr2.close()
        self.assertEqual(self._active_claims(), 1)
        self.assertEqual(self._active_claims(rep1), 1)

    def test_parallel_claims_of_one_rep_serialize(self):
        """The second transaction started before the first committed: it must
        not count from its old snapshot; it fails and its retry sees the cap."""
        rep = self.data["users"][0]
        with self.registry.cursor() as cr:
            cr.execute("UPDATE sales_pool SET holding_cap = 1 WHERE id = %s", [self.data["pool"]])
        first, second = self.data["customers"][:2]
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            cr2.execute("SELECT count(*) FROM sales_claim")  # cr2's snapshot starts here
            self._claim(cr1, rep, first)
            cr1.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure):
                self._claim(cr2, rep, second)
            cr2.rollback()  # what Odoo does before retrying the request
            with self.assertRaisesRegex(ValidationError, "above the holding cap of 1"):
                self._claim(cr2, rep, second)
        finally:
            cr1.close()
            cr2.close()
        self.assertEqual(self._active_claims(rep), 1)

    def test_hundred_claims_at_once_never_exceed_cap(self):
        rep = self.data["users"][0]
        results = {"ok": 0, "refused": 0, "retried": 0}
        lock = threading.Lock()

        def worker(partner_ids):
            for partner_id in partner_ids:
                for _attempt in range(50):
                    with self.registry.cursor() as cr:
                        try:
                            self._claim(cr, rep, partner_id)
                            cr.commit()  # pylint: disable=invalid-commit  # an independent cursor
                            outcome = "ok"
                        except psycopg2.errors.SerializationFailure:
                            cr.rollback()
                            outcome = "retried"
                        except (UserError, ValidationError):
                            cr.rollback()
                            outcome = "refused"
                    with lock:
                        results[outcome] += 1
                    if outcome != "retried":
                        break

        customers = self.data["customers"]
        threads = [threading.Thread(target=worker, args=(customers[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(results["ok"], 10)
        self.assertEqual(results["refused"], 90)
        self.assertEqual(self._active_claims(rep), 10)

    def test_two_cron_workers_never_recycle_a_customer_twice(self):
        rep = self.data["users"][0]
        customers = self.data["customers"][:3]
        with self.registry.cursor() as cr:
            for partner_id in customers:
                self._claim(cr, rep, partner_id)
        later = fields.Datetime.now() + timedelta(days=6)
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            # worker 1 is busy with the first customer's claim
            cr1.execute(
                "SELECT id FROM sales_claim WHERE partner_id = %s AND state = 'active' "
                "FOR NO KEY UPDATE",
                [customers[0]],
            )
            with freeze_time(later):
                env2 = api.Environment(cr2, SUPERUSER_ID, CTX)
                # >=: customers of the demo data may be due as well
                self.assertGreaterEqual(env2["res.partner"]._cron_pool_recycle(), 2)
                cr2.execute(
                    "SELECT partner_id FROM sales_pool_move "
                    "WHERE move_type = 'recycled' AND partner_id = ANY(%s)",
                    [customers],
                )
                # the customer worker 1 holds is skipped, not waited for
                self.assertEqual(sorted(r[0] for r in cr2.fetchall()), sorted(customers[1:]))
            cr2.commit()  # pylint: disable=invalid-commit  # an independent cursor
            cr1.rollback()
            with freeze_time(later):
                env1 = api.Environment(cr1, SUPERUSER_ID, CTX)
                self.assertGreaterEqual(env1["res.partner"]._cron_pool_recycle(), 1)
                self.assertEqual(env1["res.partner"]._cron_pool_recycle(), 0)
            cr1.commit()  # pylint: disable=invalid-commit  # an independent cursor
        finally:
            cr1.close()
            cr2.close()
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT partner_id, count(*) FROM sales_pool_move "
                "WHERE move_type = 'recycled' AND partner_id = ANY(%s) GROUP BY partner_id",
                [customers],
            )
            self.assertEqual(dict(cr.fetchall()), dict.fromkeys(customers, 1))
        self.assertEqual(self._active_claims(), 0)

    # ------------------------------------------------------------------ distribution

    def _forget_claim_followers(self):
        """The owners follow the distributed claims: unfollow before the
        claims are deleted."""
        with self.registry.cursor() as cr:
            cr.execute(
                """DELETE FROM mail_followers WHERE res_model = 'sales.claim' AND res_id IN (
                       SELECT id FROM sales_claim WHERE partner_id = ANY(%s))""",
                [self.data["customers"]],
            )

    def _distribute(self, cr, partner_ids):
        self.addCleanup(self._forget_claim_followers)
        env = api.Environment(cr, SUPERUSER_ID, CTX)
        wizard = env["sales.pool.distribute.wizard"].create(
            {
                "pool_id": self.data["pool"],
                "method": "round_robin",
                "partner_ids": [(6, 0, partner_ids)],
                "member_ids": [(6, 0, self.data["users"])],
            }
        )
        action = wizard.action_distribute()
        env.flush_all()
        return action

    def _owners(self, partner_ids):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT partner_id, user_id FROM sales_claim "
                "WHERE state = 'active' AND partner_id = ANY(%s) ORDER BY partner_id",
                [partner_ids],
            )
            return cr.fetchall()

    def test_distribution_skips_customer_being_claimed(self):
        """A rep claims a customer while the administrator distributes it with
        others: one owner, the distribution skips it and distributes the rest.
        The daily claim cap (kept) does not concern assignments: the rep's
        claim does not make the distribution wait."""
        rep1, rep2 = self.data["users"]
        with self.registry.cursor() as cr:
            cr.execute("UPDATE sales_pool SET holding_cap = 0 WHERE id = %s", [self.data["pool"]])
        customers = self.data["customers"][:4]
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            self._claim(cr1, rep2, customers[1])
            action = self._distribute(cr2, customers)
            cr1.commit()  # pylint: disable=invalid-commit  # an independent cursor
            cr2.commit()  # pylint: disable=invalid-commit  # an independent cursor
        finally:
            cr1.close()
            cr2.close()
        self.assertEqual(
            self._owners(customers),
            [
                (customers[0], rep1),
                (customers[1], rep2),
                (customers[2], rep2),
                (customers[3], rep1),
            ],
        )
        self.assertIn("3 customers distributed", action["params"]["message"])
        self.assertIn("being claimed by someone else right now", action["params"]["message"])

    @mute_logger("odoo.sql_db")
    def test_distribution_loses_race_to_committed_claim(self):
        """Another transaction claims the same company under a second record
        and commits after the distribution read the claims: the unique index
        refuses the distribution's claim; that customer is skipped, the others
        are distributed."""
        rep1, rep2 = self.data["users"]
        customers = self.data["customers"][:3]
        with self.registry.cursor() as cr:
            cr.execute("UPDATE sales_pool SET holding_cap = 0 WHERE id = %s", [self.data["pool"]])
            env = api.Environment(cr, SUPERUSER_ID, CTX)
            twin = env["res.partner"].create(
                {"name": env["res.partner"].browse(customers[1]).name, "is_company": True}
            )
            self.data["customers"].append(twin.id)
        cr1, cr2 = self.registry.cursor(), self.registry.cursor()
        try:
            cr2.execute("SELECT count(*) FROM sales_claim")  # cr2's snapshot starts here
            env1 = api.Environment(cr1, SUPERUSER_ID, CTX)
            # an administrator's assignment: a rep's own claim of a pool
            # customer's twin is refused (test_pool_partner_lifecycle.py)
            with ownership_move("assigned"):
                env1["sales.claim"].create({"partner_id": twin.id, "user_id": rep2})
            cr1.commit()  # pylint: disable=invalid-commit  # an independent cursor
            action = self._distribute(cr2, customers)
            cr2.commit()  # pylint: disable=invalid-commit  # an independent cursor
        finally:
            cr1.close()
            cr2.close()
        self.assertEqual(
            self._owners(customers + [twin.id]),
            [(customers[0], rep1), (customers[2], rep1), (twin.id, rep2)],
        )
        message = action["params"]["message"]
        self.assertIn("2 customers distributed", message)
        self.assertIn("was claimed by someone else a moment ago", message)
