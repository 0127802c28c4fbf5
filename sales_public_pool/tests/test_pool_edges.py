from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import PoolCase

T0 = datetime(2026, 3, 2, 9, 0, 0)


class Timeline:
    """Claims and expiry runs at given moments."""

    def _claim_at(self, when, user, customer):
        with freeze_time(when):
            customer.with_user(user).action_claim_from_pool()
        return customer.claim_id

    def _expire_at(self, when):
        with freeze_time(when):
            self.env["sales.claim"]._cron_expire_claims()


@tagged("post_install", "-at_install")
class TestPoolEdges(Timeline, PoolCase):
    """The pool's rules hold at the end of protection too (保护期到期)."""

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


@tagged("post_install", "-at_install")
class TestAgentCustomersStayOutOfDirectPools(Timeline, PoolCase):
    """The direct team never takes an agent's protected customer (渠道保护):
    it is not recycled into a direct pool, and when its claim ends it goes to
    the pool the settings name for agents' customers, or to none."""

    def setUp(self):
        super().setUp()
        self.agent = self.env["res.partner"].create({"name": "T 渠道代理商", "is_company": True})
        self.agents_pool = self.env["sales.pool"].create(
            {"name": "渠道公海 Agents", "followup_rule": True, "followup_days": 10}
        )

    def _agent_claim(self, customer):
        with freeze_time(T0):
            return (
                self.env["sales.claim"]
                .with_user(self.rep_a)
                .create(
                    {
                        "partner_id": customer.id,
                        "user_id": self.rep_a.id,
                        "key_type": "company",
                        "channel": "agent",
                        "agent_partner_id": self.agent.id,
                    }
                )
            )

    def test_without_agents_pool_never_recycled_nor_pooled(self):
        self.assertFalse(self.env.company.pool_agent_pool_id)
        customer = self.new_customer()
        claim = self._agent_claim(customer)
        customer.invalidate_recordset()
        self.assertFalse(customer.pool_recycle_date, "the direct pool's 5 days do not apply")
        with freeze_time(T0 + timedelta(days=6)):
            self.env["res.partner"]._cron_pool_recycle()
        self.assertEqual(claim.state, "active")
        self._expire_at(claim.date_end + timedelta(hours=1))
        customer.invalidate_recordset()
        self.assertEqual(claim.state, "expired")
        self.assertFalse(customer.pool_id, "not in the direct team's pool")
        self.assertTrue(customer.pool_missing)
        self.assertIn("agents' customers", self.moves(customer, "expired").reason)

    def test_agents_pool_recycles_and_receives(self):
        self.env.company.pool_agent_pool_id = self.agents_pool
        customer = self.new_customer()
        claim = self._agent_claim(customer)
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_home_id, self.agents_pool)
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=10))
        self._expire_at(claim.date_end + timedelta(hours=1))
        customer.invalidate_recordset()
        self.assertEqual(claim.state, "expired")
        self.assertEqual(customer.pool_id, self.agents_pool)

    def test_direct_claims_keep_their_pool(self):
        self.env.company.pool_agent_pool_id = self.agents_pool
        customer = self.new_customer()
        claim = self._claim_at(T0, self.rep_a, customer)
        self._expire_at(claim.date_end + timedelta(hours=1))
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_id, self.pool)
