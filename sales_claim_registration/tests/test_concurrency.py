import threading
from datetime import timedelta

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase


class TestClaimConcurrency(TransactionCase):
    """One active claim per key, enforced by PostgreSQL (partial unique
    indexes): two workers claiming the same customer never both win.

    The claims are made in real, independent cursors that commit; everything
    committed is deleted in ``finally``.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _setup_customer(self, name):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            partner = env["res.partner"].create({"name": name, "is_company": True})
            admin = env.ref("base.user_admin")
            return partner.id, admin.id, admin.name

    def _cleanup(self, partner_id):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["sales.claim"].search([("partner_id", "=", partner_id)]).unlink()
            env["res.partner"].browse(partner_id).unlink()

    def _claim_vals(self, partner_id, user_id):
        return {"partner_id": partner_id, "user_id": user_id, "key_type": "company"}

    def test_committed_claim_refuses_the_second(self):
        partner_id, admin_id, admin_name = self._setup_customer("并发一号测试有限公司")
        try:
            with self.registry.cursor() as cr1:
                self._env(cr1)["sales.claim"].create(self._claim_vals(partner_id, admin_id))
                cr1.commit()
            with self.registry.cursor() as cr2:
                with self.assertRaises(ValidationError) as refused:
                    self._env(cr2)["sales.claim"].create(self._claim_vals(partner_id, admin_id))
                self.assertIn(admin_name, str(refused.exception))
        finally:
            self._cleanup(partner_id)

    def test_simultaneous_claims_exactly_one_wins(self):
        """The second insert waits on the unique index until the first
        transaction commits, then fails: exactly one claim is active."""
        partner_id, admin_id, _name = self._setup_customer("并发二号测试有限公司")
        outcome = {}
        try:
            cr1 = self.registry.cursor()
            cr2 = self.registry.cursor()
            watcher = self.registry.cursor()
            try:
                for cr in (cr1, cr2):
                    cr.execute("SET LOCAL lock_timeout = '30s'")
                self._env(cr1)["sales.claim"].create(self._claim_vals(partner_id, admin_id))
                pid2 = cr2._cnx.get_backend_pid()
                # cr2 decides that the customer is free before cr1 commits
                self.assertFalse(
                    self._env(cr2)["sales.claim"].search([("partner_id", "=", partner_id)])
                )

                def second_worker():
                    try:
                        self._env(cr2)["sales.claim"].create(self._claim_vals(partner_id, admin_id))
                        outcome["second"] = "won"
                    except ValidationError as error:
                        outcome["second"] = str(error)

                thread = threading.Thread(target=second_worker)
                thread.start()
                blocked = False
                while thread.is_alive() and not blocked:
                    watcher.execute(
                        "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = %s",
                        [pid2],
                    )
                    row = watcher.fetchone()
                    blocked = bool(row and row[0])
                    watcher.rollback()
                    if not blocked:
                        thread.join(0.05)
                self.assertTrue(blocked, "the second insert must wait for the first transaction")
                cr1.commit()
                thread.join()
                cr2.rollback()
            finally:
                for cr in (cr1, cr2, watcher):
                    cr.close()
            self.assertNotEqual(outcome.get("second"), "won")
            self.assertIn("a moment ago", outcome["second"])
            with self.registry.cursor() as cr:
                cr.execute(
                    "SELECT count(*) FROM sales_claim WHERE partner_id = %s AND state = 'active'",
                    [partner_id],
                )
                self.assertEqual(cr.fetchone()[0], 1)
        finally:
            self._cleanup(partner_id)

    def test_two_expiry_workers_never_take_the_same_claim(self):
        """A claim locked by one cron worker is skipped by the other
        (``FOR NO KEY UPDATE SKIP LOCKED``), which expires the rest."""
        partner_ids = []
        try:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                admin = env.ref("base.user_admin")
                partners = env["res.partner"].create(
                    [{"name": f"并发到期测试{i}有限公司", "is_company": True} for i in range(2)]
                )
                partner_ids = partners.ids
                past = env.cr.now().replace(microsecond=0) - timedelta(days=30)
                claims = env["sales.claim"].create(
                    [{**self._claim_vals(pid, admin.id), "date_start": past} for pid in partner_ids]
                )
                claim_ids = claims.ids
            worker1 = self.registry.cursor()
            worker2 = self.registry.cursor()
            try:
                worker1.execute(
                    "SELECT id FROM sales_claim WHERE id = %s FOR NO KEY UPDATE", [claim_ids[0]]
                )
                env2 = self._env(worker2)
                self.assertGreaterEqual(env2["sales.claim"]._cron_expire_claims(), 1)
                states = dict(
                    env2["sales.claim"].browse(claim_ids).mapped(lambda c: (c.id, c.state))
                )
                self.assertEqual(states, {claim_ids[0]: "active", claim_ids[1]: "expired"})
            finally:
                worker1.rollback()
                worker2.rollback()
                worker1.close()
                worker2.close()
        finally:
            for partner_id in partner_ids:
                self._cleanup(partner_id)
