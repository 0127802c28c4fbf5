from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PoolCase

T0 = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestPoolEdges(PoolCase):
    """The pool's rules hold at the end of protection too (保护期到期)."""

    def _claim_at(self, when, user, customer):
        with freeze_time(when):
            customer.with_user(user).action_claim_from_pool()
        return customer.claim_id

    def _expire_at(self, when):
        with freeze_time(when):
            self.env["sales.claim"]._cron_expire_claims()

    def test_lock_survives_protection_expiry(self):
        self.pool.write({"followup_rule": False, "lock_days": 60})
        customer = self.new_customer()
        claim = self._claim_at(T0, self.rep_a, customer)
        with freeze_time(T0 + timedelta(days=1)):
            customer.with_user(self.rep_a).action_pool_lock()
        self.assertLess(claim.date_end, T0 + timedelta(days=30))
        self._expire_at(T0 + timedelta(days=30))
        customer.invalidate_recordset()
        self.assertEqual(claim.state, "active", "a locked customer stays with its owner")
        self.assertEqual(customer.claim_owner_id, self.rep_a)
        self.assertFalse(customer.pool_id)
        self.assertFalse(customer.pool_cooldown_until)
        # once the lock has ended, the protection end applies
        self._expire_at(T0 + timedelta(days=63))
        self.assertEqual(claim.state, "expired")
        self.assertEqual(customer.pool_id, self.pool)

    def test_won_exempt_customer_survives_protection_expiry(self):
        self.pool.write({"followup_rule": False, "exempt_won": True})
        customer = self.new_customer()
        claim = self._claim_at(T0, self.rep_a, customer)
        won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        with freeze_time(T0 + timedelta(days=3)):
            self.env["crm.lead"].create(
                {
                    "name": "T won deal",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": self.rep_a.id,
                    "stage_id": won.id,
                }
            )
        self._expire_at(T0 + timedelta(days=120))
        customer.invalidate_recordset()
        self.assertEqual(claim.state, "active", "a won customer is exempt in this pool")
        self.assertFalse(customer.pool_id)
        self.pool.exempt_won = False
        self._expire_at(T0 + timedelta(days=121))
        self.assertEqual(claim.state, "expired")

    def test_lock_in_pool_without_rules_gives_no_due_date(self):
        self.pool.write({"followup_rule": False, "opportunity_rule": False, "win_rule": False})
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        self.assertFalse(customer.pool_recycle_date)
        customer.with_user(self.rep_a).action_pool_lock()
        customer.invalidate_recordset()
        self.assertFalse(customer.pool_recycle_date, "no rule: nothing to recycle after the lock")
        self.assertFalse(customer.pool_recycle_rule)
