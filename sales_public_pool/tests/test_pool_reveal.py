"""Daily reveal cap (每日查看上限): a member reveals a few pool customers a day."""

import threading

from odoo import SUPERUSER_ID, api
from odoo.exceptions import AccessError, UserError
from odoo.service.model import retrying
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolReveal(PoolCase):
    def test_reveal_shows_contacts_logs_and_caps(self):
        self.pool.reveal_daily_cap = 2
        customers = [self.new_customer(email=f"boss{i}@reveal.example.com") for i in range(3)]
        first = customers[0].with_user(self.rep_a)
        self.assertNotIn("boss0@", first.read(["email"])[0]["email"])
        first.action_pool_reveal()
        self.assertEqual(first.read(["email"])[0]["email"], "boss0@reveal.example.com")
        self.assertIn("revealed the contact data", customers[0].message_ids[0].body)
        first.action_pool_reveal()  # the same customer again costs nothing
        customers[1].with_user(self.rep_a).action_pool_reveal()
        with self.assertRaisesRegex(UserError, "daily reveal cap"):
            customers[2].with_user(self.rep_a).action_pool_reveal()
        # another member is not concerned by rep_a's reveals
        self.assertNotIn("boss0@", customers[0].with_user(self.rep_b).read(["email"])[0]["email"])
        # an outsider cannot even read the pool's customers
        with self.assertRaises(AccessError):
            customers[2].with_user(self.rep_out).action_pool_reveal()


class TestPoolRevealConcurrency(TransactionCase):
    """Parallel reveals in real, committed transactions never pass the cap."""

    def test_parallel_reveals_hold_the_cap(self):
        cap, workers = 3, 8
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
            user = env["res.users"].create(
                {
                    "name": "Reveal Racer",
                    "login": "reveal_racer",
                    "groups_id": [(6, 0, env.ref("sales_team.group_sale_salesman").ids)],
                }
            )
            pool = env["sales.pool"].create(
                {
                    "name": "Reveal race 公海",
                    "member_ids": [(6, 0, user.ids)],
                    "reveal_daily_cap": cap,
                }
            )
            partners = env["res.partner"].create(
                [{"name": f"并发查看 {i} 有限公司", "is_company": True} for i in range(workers)]
            )
            partners.with_context(pool_id=pool.id).action_put_in_pool()
            ids = (user.id, pool.id, partners.ids)
        outcome = []
        barrier = threading.Barrier(workers)

        def worker(partner_id):
            with self.registry.cursor() as cr:
                env = api.Environment(cr, ids[0], {"tracking_disable": True})

                def reveal():
                    env["res.partner"].browse(partner_id).action_pool_reveal()
                    return "revealed"

                barrier.wait()
                try:
                    # committed when the cursor closes, as a request's
                    outcome.append(retrying(reveal, env))
                except UserError:
                    outcome.append("capped")

        try:
            threads = [threading.Thread(target=worker, args=(pid,)) for pid in ids[2]]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                logged = env["sales.pool.reveal"].search_count([("pool_id", "=", ids[1])])
            self.assertEqual(outcome.count("revealed"), cap, outcome)
            self.assertEqual(logged, cap)
        finally:
            with self.registry.cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                env["sales.pool.reveal"].search([("pool_id", "=", ids[1])]).unlink()
                env["sales.daily.counter"].search([("user_id", "=", ids[0])]).unlink()
                env["res.partner"].browse(ids[2]).unlink()
                env["sales.pool"].browse(ids[1]).unlink()
                env["res.users"].browse(ids[0]).unlink()
