from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolConfiguration(PoolCase):
    def test_pool_belongs_to_company(self):
        pool = self.env["sales.pool"].create({"name": "SMB 公海 2"})
        self.assertEqual(pool.company_id, self.env.company)

    def test_negative_caps_refused(self):
        for fname in ("holding_cap", "daily_cap", "lock_limit", "cooldown_days", "max_cycles"):
            with self.assertRaisesRegex(ValidationError, "below zero"):
                self.pool.write({fname: -1})

    def test_zero_day_rules_refused(self):
        with self.assertRaisesRegex(ValidationError, "at least 1 day"):
            self.pool.followup_days = 0
        with self.assertRaisesRegex(ValidationError, "at least 1 day"):
            self.pool.write({"opportunity_rule": True, "opportunity_days": 0})
        # a disabled rule may keep 0 days
        self.pool.write({"win_rule": False, "win_days": 0})

    def test_grade_rule_negative_refused(self):
        with self.assertRaisesRegex(ValidationError, "negative"):
            self.env["sales.pool.grade.rule"].create(
                {"pool_id": self.pool.id, "grade": "A", "holding_cap": -2}
            )

    def test_overflow_pool_cycles_refused(self):
        with self.assertRaisesRegex(ValidationError, "lead back"):
            self.pool.overflow_pool_id = self.pool
        with self.assertRaisesRegex(ValidationError, "lead back"):
            self.overflow.overflow_pool_id = self.pool

    def test_one_default_pool_and_one_pool_per_team(self):
        self.pool.is_default = True
        with self.assertRaisesRegex(ValidationError, "default pool"):
            self.overflow.is_default = True
        with self.assertRaisesRegex(ValidationError, "one pool only"):
            self.overflow.team_ids = self.team

    def test_grade_thresholds_must_decrease(self):
        with self.assertRaisesRegex(ValidationError, "Grade A from"):
            self.company.pool_grade_b_amount = self.company.pool_grade_a_amount + 1
        settings = self.env["res.config.settings"].create({"pool_grade_c_amount": 10})
        settings.execute()
        self.assertEqual(self.company.pool_grade_c_amount, 10)

    def test_dashboard_statistics_and_actions(self):
        customer = self.new_customer()
        self.assertEqual(self.pool.customer_count, 1)
        customer.with_user(self.rep_a).action_claim_from_pool()
        self.pool.invalidate_recordset()
        self.assertEqual(self.pool.customer_count, 0)
        self.assertEqual(self.pool.claimed_today_count, 1)
        action = self.pool.action_open_customers()
        self.assertEqual(action["domain"], [("pool_id", "=", self.pool.id)])
        self.assertIn("domain", self.pool.action_open_moves())
        self.assertEqual(
            self.pool.with_user(self.admin).action_distribute()["res_model"],
            "sales.pool.distribute.wizard",
        )
        report = self.env["sales.pool.member.report"].search(
            [("pool_id", "=", self.pool.id), ("user_id", "=", self.rep_a.id)]
        )
        self.assertEqual(report.holding_count, 1)
        self.assertEqual(report.claimed_today, 1)
        self.assertEqual(report.holding_cap, 50)
