"""Only the rules change a customer's pool state (issue 15, item 4), and
pool configuration is written by administrators only, within bounds
(item 5). Table-driven: one row per field and role."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .common import PoolCase

ROLES = ("rep_a", "rep_out", "admin", "manager")
# (field, value, label in the refusal, action named in the refusal)
PARTNER_ROWS = [
    ("pool_id", False, "Public Pool", "claim it from the pool"),
    ("pool_home_id", False, "Home Pool", "claim it from the pool"),
    ("pool_previous_owner_id", False, "Previous Owner", "claim it from the pool"),
    ("pool_cooldown_until", False, "Previous Owner Barred Until", "claim it from the pool"),
    ("pool_cycle_count", 0, "Cycles", "claim it from the pool"),
    ("pool_recycle_date", "2099-12-31 00:00:00", "Recycling Due", "log a follow-up"),
    ("pool_locked_until", "2099-12-31", "Locked Until", "lock or unlock"),
    ("pool_lock_user_id", "rep_a", "Locked By", "lock or unlock"),
    ("pool_last_followup_date", "2099-12-31 00:00:00", "Last Follow-up", "log a follow-up"),
    ("customer_grade", "A", "Customer Grade", "won revenue"),
]


class TestPoolRulesFields(PoolCase):
    def setUp(self):
        super().setUp()
        self.pooled = self.new_customer("规则公海客户有限公司")
        self.owned = self.new_customer("规则已领客户有限公司")
        self.owned.with_user(self.rep_b).action_claim_from_pool()

    def _snapshot(self, partners):
        self.env.flush_all()
        self.env.cr.execute(
            SQL("SELECT * FROM res_partner WHERE id = ANY(%s) ORDER BY id", partners.ids)
        )
        return self.env.cr.dictfetchall()

    def test_pool_fields_refused_for_every_role(self):
        partners = self.pooled | self.owned
        before = self._snapshot(partners)
        for fname, value, label, action in PARTNER_ROWS:
            value = self.rep_a.id if value == "rep_a" else value
            for role in ROLES:
                for partner in partners:
                    with self.subTest(field=fname, role=role, partner=partner.name):
                        with self.assertRaises(UserError) as refused:
                            partner.with_user(getattr(self, role)).write({fname: value})
                        self.assertIn(label, str(refused.exception))
                        self.assertIn(action, str(refused.exception))
        # the pool's list of customers writes the same field
        for command in ((4, self.owned.id), (3, self.pooled.id)):
            with self.subTest(command=command):
                with self.assertRaisesRegex(UserError, "Public Pool"):
                    self.pool.with_user(self.admin).write({"customer_ids": [command]})
        self.assertEqual(self._snapshot(partners), before)

    def test_pool_fields_refused_on_create(self):
        for fname, value, label, _action in PARTNER_ROWS:
            if not value:
                continue
            value = self.rep_a.id if value == "rep_a" else value
            with self.subTest(field=fname):
                with self.assertRaisesRegex(UserError, label):
                    self.env["res.partner"].with_user(self.manager).create(
                        {"name": "新公司", "is_company": True, fname: value}
                    )
        with self.assertRaisesRegex(UserError, "Public Pool"):
            self.env["res.partner"].with_user(self.admin).create(
                {"name": "新公司", "is_company": True, "pool_id": self.pool.id}
            )
        # a context default is a client's value too: ignored
        partner = (
            self.env["res.partner"]
            .with_user(self.manager)
            .with_context(default_pool_id=self.pool.id, default_customer_grade="A")
            .create({"name": "默认值公司", "is_company": True})
        )
        self.assertFalse(partner.pool_id)
        self.assertEqual(partner.customer_grade, "D")

    def test_salesperson_of_pool_and_claimed_customers(self):
        for role in ROLES:
            with self.subTest(role=role, customer="pooled"):
                with self.assertRaisesRegex(UserError, "Salesperson:.*public pool"):
                    self.pooled.with_user(getattr(self, role)).write(
                        {"user_id": getattr(self, role).id}
                    )
                self.assertFalse(self.pooled.user_id)
            with self.subTest(role=role, customer="owned, cleared"):
                # issue 16: clearing was not checked
                with self.assertRaisesRegex(UserError, "Salesperson:.*Pool Rep B"):
                    self.owned.with_user(getattr(self, role)).write({"user_id": False})
                self.assertEqual(self.owned.user_id, self.rep_b)

    def test_actions_still_work(self):
        """The pool's own paths write these fields: claim, lock, release."""
        self.pooled.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(self.pooled.user_id, self.rep_a)
        self.assertFalse(self.pooled.pool_id)
        self.pool.write({"lock_limit": 2, "lock_days": 10})
        self.pooled.with_user(self.rep_a).action_pool_lock()
        self.assertTrue(self.pooled.pool_locked_until)
        self.pooled.claim_id.with_user(self.rep_a).action_release("not interested")
        self.assertEqual(self.pooled.pool_id, self.pool)
        self.assertEqual(self.pooled.pool_previous_owner_id, self.rep_a)


class TestPoolConfiguration(PoolCase):
    """Item 5: members read the pool and its grade rules; administrators of
    the pool and sales managers write them; numbers have upper bounds."""

    def test_rights(self):
        # (role, may write pool and its grade rules)
        for role, allowed in (("rep_a", False), ("rep_out", False), ("admin", True)):
            user = getattr(self, role)
            with self.subTest(role=role):
                if role != "rep_out":
                    self.assertEqual(
                        self.pool.with_user(user).read(["holding_cap"])[0]["id"], self.pool.id
                    )
                Rule = self.env["sales.pool.grade.rule"].with_user(user)
                vals = {"pool_id": self.pool.id, "grade": "D", "followup_days": 30}
                if allowed:
                    rule = Rule.create(vals)
                    rule.write({"holding_cap": 10})
                    self.pool.with_user(user).write({"holding_cap": 60})
                    rule.unlink()
                    continue
                with self.assertRaises(AccessError):
                    Rule.create(vals)
                with self.assertRaises(AccessError):
                    self.pool.with_user(user).write({"holding_cap": 999})
        rule = self.env["sales.pool.grade.rule"].create({"pool_id": self.pool.id, "grade": "A"})
        self.assertEqual(rule.with_user(self.rep_a).read(["grade"])[0]["grade"], "A")
        for op in ("write", "unlink"):
            with self.subTest(member=op):
                with self.assertRaises(AccessError):
                    if op == "write":
                        rule.with_user(self.rep_a).write({"holding_cap": 999})
                    else:
                        rule.with_user(self.rep_a).unlink()
        rule.with_user(self.manager).write({"holding_cap": 5})
        policy = self.env.ref("sales_claim_registration.policy_company_default")
        with self.assertRaises(AccessError):
            policy.with_user(self.admin).write({"base_days": 30})
        self.assertTrue(policy.with_user(self.rep_a).read(["base_days"]))

    def test_upper_bounds(self):
        rows = [
            (self.pool, "holding_cap", 100001, "Holding Cap"),
            (self.pool, "daily_cap", 100001, "Daily Claim Cap"),
            (self.pool, "lock_limit", 100001, "Locks per Member"),
            (self.pool, "lock_days", 3651, "Lock Duration"),
            (self.pool, "cooldown_days", 3651, "Re-claim Cooldown"),
            (self.pool, "warning_days", 3651, "Warning Days"),
            (self.pool, "followup_days", 9999, "No Follow-up Days"),
            (self.pool, "opportunity_days", 9999, "No New Opportunity Days"),
            (self.pool, "win_days", 9999, "Win Within Days"),
            (self.pool, "distribution_period_days", 9999, "Performance Period"),
            (self.pool, "max_cycles", 1001, "Maximum Cycles"),
        ]
        rule = self.env["sales.pool.grade.rule"].create({"pool_id": self.pool.id, "grade": "D"})
        rows += [
            (rule, "holding_cap", 999999, "Holding Cap for this Grade"),
            (rule, "followup_days", 9999, "No Follow-up Days"),
            (rule, "opportunity_days", 9999, "No New Opportunity Days"),
            (rule, "win_days", 9999, "Win Within Days"),
        ]
        policy = self.env.ref("sales_claim_registration.policy_company_default")
        rows += [
            (policy, "base_days", 2000000000, "Protection Days"),
            (policy, "max_days", 2000000000, "Maximum Days"),
            (policy, "reminder_days", 3651, "Reminder"),
            (policy, "manual_extension_days", 3651, "Manual Extension Days"),
            (policy.milestone_ids[:1], "days", 3651, "Days"),
        ]
        for record, fname, value, label in rows:
            with self.subTest(model=record._name, field=fname):
                before = record[fname]
                # the bounds hold for everyone, the superuser too
                with self.assertRaisesRegex(ValidationError, f"{label}.*at most"):
                    record.write({fname: value})
                self.assertEqual(record[fname], before)
        # the bounds themselves are accepted
        self.pool.with_user(self.manager).write({"holding_cap": 100000, "cooldown_days": 3650})
        policy.with_user(self.manager).write({"max_days": 3650})
        claim = self.claim(self.rep_a, self.new_customer(pool=False))
        self.assertLess(claim.date_end, fields.Datetime.now() + timedelta(days=3651))
