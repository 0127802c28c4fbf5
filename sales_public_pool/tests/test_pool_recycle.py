from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PoolCase

T0 = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestPoolRecycle(PoolCase):
    def _claim_at(self, when, user, customer):
        with freeze_time(when):
            customer.with_user(user).action_claim_from_pool()

    def _cron_at(self, when):
        with freeze_time(when):
            return self.env["res.partner"]._cron_pool_recycle()

    def test_no_followup_recycled_cooldown_then_overflow(self):
        """5-day rule: recycled by the cron; previous owner barred during the
        cooldown; after 3 cycles the customer moves to the overflow pool."""
        customer = self.new_customer()
        reps = [self.rep_a, self.rep_b, self.rep_a]
        when = T0
        for cycle, rep in enumerate(reps, start=1):
            self._claim_at(when, rep, customer)
            self.assertEqual(self._cron_at(when + timedelta(days=4, hours=23)), 0)
            self.assertEqual(customer.claim_owner_id, rep)
            self.assertEqual(self._cron_at(when + timedelta(days=5, minutes=1)), 1)
            customer.invalidate_recordset()
            self.assertFalse(customer.claim_id)
            self.assertEqual(customer.pool_previous_owner_id, rep)
            if cycle < 3:
                self.assertEqual(customer.pool_id, self.pool)
                self.assertEqual(customer.pool_cycle_count, cycle)
                self.assertEqual(customer.pool_entry_type, "recycled")
                with (
                    freeze_time(when + timedelta(days=6)),
                    self.assertRaisesRegex(UserError, "may claim it again"),
                ):
                    customer.with_user(rep).action_claim_from_pool()
            when += timedelta(days=13)
        self.assertEqual(customer.pool_id, self.overflow)
        self.assertEqual(customer.pool_entry_type, "overflow")
        self.assertEqual(customer.pool_cycle_count, 0)
        self.assertEqual(len(self.moves(customer, "recycled")), 3)
        overflow_move = self.moves(customer, "overflow")
        self.assertEqual(overflow_move.from_pool_id, self.pool)
        self.assertEqual(overflow_move.to_pool_id, self.overflow)
        recycled = self.moves(customer, "recycled")[0]
        self.assertIn("No follow-up", recycled.reason)
        self.assertEqual(recycled.claim_id.state, "expired")
        # idempotent: running again recycles nothing
        self.assertEqual(self._cron_at(when), 0)

    def test_followup_restarts_countdown_at_once(self):
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=5))
        with freeze_time(T0 + timedelta(days=4)):
            customer.with_user(self.rep_a).message_post(body="电话沟通需求", message_type="comment")
            self.assertEqual(customer.pool_last_followup_date, T0 + timedelta(days=4))
            self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=9))
            self.assertEqual(customer.pool_days_left, 5)
        self.assertEqual(self._cron_at(T0 + timedelta(days=6)), 0)
        # a done activity on an opportunity of the customer counts too
        lead = self.env["crm.lead"].create(
            {
                "name": "Follow-up lead",
                "partner_id": customer.id,
                "type": "opportunity",
                "user_id": self.rep_a.id,
            }
        )
        with freeze_time(T0 + timedelta(days=8)):
            activity = lead.activity_schedule("mail.mail_activity_data_call", user_id=self.rep_a.id)
            activity.action_feedback("打过电话")
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=13))
        # tracking notifications are no follow-up
        with freeze_time(T0 + timedelta(days=10)):
            customer.message_post(body="tracking", message_type="notification")
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=13))

    def test_opportunity_and_win_rules_per_grade(self):
        self.pool.write(
            {
                "followup_rule": False,
                "opportunity_rule": True,
                "opportunity_days": 15,
                "win_rule": True,
                "win_days": 30,
                "exempt_won": False,
            }
        )
        self.env["sales.pool.grade.rule"].create(
            {"pool_id": self.pool.id, "grade": "B", "opportunity_days": 10}
        )
        customer = self.new_customer()
        customer.customer_grade = "B"
        self._claim_at(T0, self.rep_a, customer)
        self.assertEqual(customer.pool_recycle_rule, "opportunity")
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=10))
        with freeze_time(T0 + timedelta(days=9)):
            self.env["crm.lead"].create(
                {"name": "New need", "partner_id": customer.id, "user_id": self.rep_a.id}
            )
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=19))
        with freeze_time(T0 + timedelta(days=25)):
            self.env["crm.lead"].create(
                {"name": "Another need", "partner_id": customer.id, "user_id": self.rep_a.id}
            )
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_recycle_rule, "win")
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=30))
        self.assertEqual(self._cron_at(T0 + timedelta(days=30, minutes=1)), 1)
        self.assertIn("Not won in time", self.moves(customer, "recycled").reason)

    def test_exemptions_and_protection(self):
        self.pool.write({"exempt_open_opportunity": True, "exempt_won": True})
        open_customer, won_customer = self.new_customer(), self.new_customer()
        self._claim_at(T0, self.rep_a, open_customer)
        self._claim_at(T0, self.rep_a, won_customer)
        self.env["crm.lead"].create(
            {
                "name": "Open deal",
                "partner_id": open_customer.id,
                "type": "opportunity",
                "user_id": self.rep_a.id,
            }
        )
        lead = self.env["crm.lead"].create(
            {
                "name": "Won deal",
                "partner_id": won_customer.id,
                "type": "opportunity",
                "expected_revenue": 500000,
                "user_id": self.rep_a.id,
            }
        )
        lead.action_set_won()
        (open_customer | won_customer).invalidate_recordset()
        self.assertFalse(open_customer.pool_recycle_date)
        self.assertFalse(won_customer.pool_recycle_date)
        self.assertEqual(won_customer.customer_grade, "B")
        self.assertEqual(won_customer.pool_won_revenue, 500000)
        self.assertEqual(self._cron_at(T0 + timedelta(days=6)), 0)
        # rules that may not end protection wait for the claim's end
        self.pool.write({"recycle_protected": False, "exempt_open_opportunity": False})
        self.env["res.partner"]._pool_recompute_recycle_date(open_customer.ids)
        self.assertEqual(open_customer.pool_recycle_date, open_customer.claim_id.date_end)

    def test_locked_customer_skipped(self):
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        with freeze_time(T0):
            customer.with_user(self.rep_a).action_pool_lock()
        self.assertEqual(self._cron_at(T0 + timedelta(days=6)), 0)
        self.assertEqual(customer.claim_owner_id, self.rep_a)

    def test_warning_digest_one_per_owner(self):
        customers = [self.new_customer() for _i in range(3)]
        for customer in customers[:2]:
            self._claim_at(T0, self.rep_a, customer)
        self._claim_at(T0, self.rep_b, customers[2])
        Activity = self.env["mail.activity"]
        domain = [("res_model", "=", "sales.pool"), ("res_id", "=", self.pool.id)]
        self._cron_at(T0 + timedelta(days=2))
        self.assertFalse(Activity.search(domain))
        self._cron_at(T0 + timedelta(days=3, hours=1))
        activities = Activity.search(domain)
        self.assertEqual(sorted(activities.user_id.ids), sorted((self.rep_a | self.rep_b).ids))
        digest_a = activities.filtered(lambda a: a.user_id == self.rep_a)
        self.assertIn("2 of your customers", digest_a.summary)
        self.assertIn(customers[0].name, str(digest_a.note))
        # idempotent: no second digest for the same due dates
        self._cron_at(T0 + timedelta(days=3, hours=2))
        self.assertEqual(len(Activity.search(domain)), 2)

    def test_expired_claim_lands_in_pool(self):
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        self.pool.followup_rule = False
        claim = customer.claim_id
        with freeze_time(claim.date_end + timedelta(minutes=1)):
            self.env["sales.claim"]._cron_expire_claims()
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_id, self.pool)
        self.assertEqual(customer.pool_entry_type, "expired")
        self.assertEqual(self.moves(customer, "expired").from_user_id, self.rep_a)

    def test_team_pool_default_pool_and_no_pool(self):
        other_team = self.env["crm.team"].create({"name": "Other team 其他"})
        customer = self.new_customer(pool=False)
        self.env["sales.claim"].create(
            {"partner_id": customer.id, "user_id": self.rep_a.id, "team_id": other_team.id}
        )
        self.assertFalse(customer.pool_home_id)
        customer.claim_id.action_release("无人跟进")
        self.assertFalse(customer.pool_id)
        self.assertTrue(customer.pool_missing, "no pool: visible, never lost")
        move = self.moves(customer, "released")
        self.assertIn("No pool configured", move.reason)
        self.assertFalse(move.to_pool_id)
        # with a default pool the next one lands there
        self.overflow.is_default = True
        customer2 = self.new_customer(pool=False)
        self.env["sales.claim"].create(
            {"partner_id": customer2.id, "user_id": self.rep_a.id, "team_id": other_team.id}
        )
        customer2.claim_id.action_release("无人跟进")
        self.assertEqual(customer2.pool_id, self.overflow)
        # the team's pool wins over the default one
        customer3 = self.new_customer(pool=False)
        self.env["sales.claim"].create(
            {"partner_id": customer3.id, "user_id": self.rep_a.id, "team_id": self.team.id}
        )
        customer3.claim_id.action_release("无人跟进")
        self.assertEqual(customer3.pool_id, self.pool)
        customer.with_user(self.manager).with_context(pool_id=self.pool.id).action_put_in_pool()
        self.assertFalse(customer.pool_missing)
        self.assertEqual(customer.pool_id, self.pool)

    def test_grades_from_won_revenue(self):
        self.company.write(
            {"pool_grade_a_amount": 1000, "pool_grade_b_amount": 500, "pool_grade_c_amount": 100}
        )
        customer = self.new_customer(pool=False)
        stage_won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        lead = self.env["crm.lead"].create(
            {
                "name": "deal",
                "partner_id": customer.id,
                "expected_revenue": 600,
                "user_id": self.rep_a.id,
            }
        )
        lead.write({"stage_id": stage_won.id})
        customer.invalidate_recordset()
        self.assertEqual(customer.customer_grade, "B")
        self.env["crm.lead"].create(
            {
                "name": "deal 2",
                "partner_id": customer.id,
                "expected_revenue": 600,
                "stage_id": stage_won.id,
                "user_id": self.rep_a.id,
            }
        )
        self.env["res.partner"]._pool_update_grades()
        self.assertEqual(customer.customer_grade, "A")
        with freeze_time(datetime.now() + timedelta(days=400)):
            self.env["res.partner"]._pool_update_grades([customer.id])
        self.assertEqual(customer.customer_grade, "D")
        self.assertEqual(customer.pool_won_revenue, 0)

    def test_daily_cron_regrades_when_deals_age_out(self):
        """The cron regrades without being told which customers: one whose won
        deal left the 12 months drops to D; new thresholds apply at once."""
        self.company.write(
            {"pool_grade_a_amount": 1000, "pool_grade_b_amount": 500, "pool_grade_c_amount": 100}
        )
        customer = self.new_customer()
        stage_won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            {
                "name": "aging deal",
                "partner_id": customer.id,
                "expected_revenue": 600,
                "stage_id": stage_won.id,
                "user_id": self.rep_a.id,
            }
        )
        customer.invalidate_recordset()
        self.assertEqual(customer.customer_grade, "B")
        self.company.pool_grade_b_amount = 700
        self.assertEqual(customer.customer_grade, "C", "new thresholds regrade at once")
        self._cron_at(datetime.now() + timedelta(days=400))
        self.assertEqual(customer.customer_grade, "D")
        self.assertEqual(customer.pool_won_revenue, 0)

    def test_rule_changes_move_due_dates_at_once(self):
        """Due dates follow the pool's rules when they change, not at the next cron."""
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=5))
        self.pool.followup_days = 8
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=8))
        rule = self.env["sales.pool.grade.rule"].create(
            {"pool_id": self.pool.id, "grade": "D", "followup_days": 3}
        )
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=3))
        rule.followup_days = 4
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=4))
        rule.unlink()
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=8))
        self.pool.followup_rule = False
        self.assertFalse(customer.pool_recycle_date)
        self.assertEqual(self._cron_at(T0 + timedelta(days=30)), 0)

    def test_cron_checks_due_dates_again_before_recycling(self):
        """A due date left behind by a change that bypassed the ORM (import,
        SQL) is recomputed before the customer is taken from its owner."""
        customer = self.new_customer()
        self._claim_at(T0, self.rep_a, customer)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET pool_last_followup_date = %s WHERE id = %s",
            [T0 + timedelta(days=4), customer.id],
        )
        customer.invalidate_recordset()
        self.assertEqual(self._cron_at(T0 + timedelta(days=6)), 0)
        self.assertEqual(customer.claim_owner_id, self.rep_a)
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=9))
        self.assertEqual(self._cron_at(T0 + timedelta(days=9, minutes=1)), 1)

    def test_days_left_is_searchable(self):
        soon, later = self.new_customer(), self.new_customer()
        self._claim_at(T0, self.rep_a, soon)
        self._claim_at(T0 + timedelta(days=3), self.rep_a, later)
        Partner = self.env["res.partner"]
        with freeze_time(T0 + timedelta(days=3, hours=1)):
            # soon: due in 1 day 23 h -> 2 days left; later: 5 days left
            self.assertEqual((soon | later).mapped("pool_days_left"), [2, 5])
            ids = (soon | later).ids
            for domain, expected in [
                ([("pool_days_left", "<", 3)], soon),
                ([("pool_days_left", "<=", 2)], soon),
                ([("pool_days_left", ">", 2)], later),
                ([("pool_days_left", ">=", 5)], later),
                ([("pool_days_left", "=", 5)], later),
            ]:
                self.assertEqual(Partner.search(domain + [("id", "in", ids)]), expected, domain)

    def test_recycle_in_batches(self):
        customers = [self.new_customer() for _i in range(3)]
        for customer in customers:
            self._claim_at(T0, self.rep_a, customer)
        with freeze_time(T0 + timedelta(days=6)):
            done = self.env["res.partner"]._cron_pool_recycle(batch_size=2)
        self.assertEqual(done, 3)
        self.assertTrue(all(c.pool_id == self.pool for c in customers))

    def test_recycling_is_set_based(self):
        """Recycling 6 customers costs the same queries as recycling 2 (the
        first run only warms the caches up)."""
        counts = []
        for size in (1, 2, 6):
            customers = [self.new_customer() for _i in range(size)]
            for customer in customers:
                self._claim_at(T0, self.rep_a, customer)
            self.env.invalidate_all()
            with freeze_time(T0 + timedelta(days=6)):
                before = self.cr.sql_log_count
                self.assertEqual(self.env["res.partner"]._cron_pool_recycle(), size)
                counts.append(self.cr.sql_log_count - before)
            self.assertTrue(all(c.pool_id == self.pool for c in customers))
        self.assertEqual(counts[1], counts[2])

    def test_won_stays_lost_returns(self):
        won, lost = self.new_customer(), self.new_customer()
        (won | lost).with_user(self.rep_a).action_claim_from_pool()
        won.claim_id._close("won", "签约")
        self.assertFalse(won.pool_id, "a won customer does not go back to the pool")
        self.assertFalse(self.moves(won, "released"))
        lost.claim_id._close("lost", "选择了竞品")
        self.assertEqual(lost.pool_id, self.pool)
        self.assertEqual(lost.pool_release_reason, "选择了竞品")
        self.assertEqual(self.moves(lost, "released").from_user_id, self.rep_a)
