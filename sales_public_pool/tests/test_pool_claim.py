from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolClaim(PoolCase):
    def test_claim_from_pool_creates_claim_and_move(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(customer.claim_id.user_id, self.rep_a)
        self.assertEqual(customer.user_id, self.rep_a)
        self.assertFalse(customer.pool_id)
        self.assertEqual(customer.pool_home_id, self.pool)
        move = self.moves(customer, "claimed")
        self.assertEqual(move.from_pool_id, self.pool)
        self.assertEqual(move.to_user_id, self.rep_a)
        self.assertEqual(move.author_id, self.rep_a)
        self.assertTrue(customer.pool_recycle_date)
        self.assertEqual(customer.pool_recycle_rule, "followup")
        self.assertEqual(customer.pool_days_left, 5)

    def test_claim_refused_for_non_member_and_customer_not_in_pool(self):
        customer = self.new_customer()
        with self.assertRaisesRegex(UserError, "not a member of pool"):
            customer.with_user(self.rep_out).action_claim_from_pool()
        self.assertEqual(customer.pool_id, self.pool)
        outside = self.new_customer(pool=False)
        with self.assertRaisesRegex(UserError, "not in a public pool"):
            outside.with_user(self.rep_a).action_claim_from_pool()

    def test_second_rep_gets_clear_message(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        with self.assertRaisesRegex(UserError, "not in a public pool"):
            customer.with_user(self.rep_b).action_claim_from_pool()
        with self.assertRaisesRegex(ValidationError, "already claimed by Pool Rep A"):
            self.claim(self.rep_b, customer)

    def test_holding_cap_499_of_500_claims_exactly_one_more(self):
        """Daily cap 80, holding cap 500: a rep holding 499 can claim exactly one more."""
        self.pool.write({"holding_cap": 500, "daily_cap": 80})
        Partner = self.env["res.partner"]
        held = Partner.create(
            [{"name": f"保有客户 {i} 有限公司", "is_company": True} for i in range(499)]
        )
        self.env["sales.claim"].create(
            [{"partner_id": p.id, "user_id": self.rep_a.id, "team_id": self.team.id} for p in held]
        )
        first, second = self.new_customer(), self.new_customer()
        first.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(first.claim_owner_id, self.rep_a)
        with self.assertRaisesRegex(ValidationError, "above the holding cap of 500"):
            second.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(second.pool_id, self.pool, "a refused claim loses nothing")
        self.assertFalse(second.claim_id)

    def test_holding_cap_holds_on_direct_claims_and_batches(self):
        self.pool.holding_cap = 3
        customers = self.env["res.partner"].create(
            [{"name": f"批量客户 {i} 有限公司", "is_company": True} for i in range(5)]
        )
        with self.assertRaisesRegex(ValidationError, "holding cap of 3"):
            self.env["sales.claim"].create(
                [
                    {"partner_id": p.id, "user_id": self.rep_a.id, "team_id": self.team.id}
                    for p in customers
                ]
            )
        self.assertFalse(customers.claim_id)

    def test_won_customers_do_not_count_when_configured(self):
        self.pool.write({"holding_cap": 1, "won_counts_in_cap": False})
        won = self.new_customer()
        won.with_user(self.rep_a).action_claim_from_pool()
        stage_won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            {
                "name": "Won deal",
                "partner_id": won.id,
                "type": "opportunity",
                "stage_id": stage_won.id,
                "user_id": self.rep_a.id,
            }
        )
        other = self.new_customer()
        other.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(other.claim_owner_id, self.rep_a)

    def test_grade_cap(self):
        self.env["sales.pool.grade.rule"].create(
            {"pool_id": self.pool.id, "grade": "A", "holding_cap": 1}
        )
        a1, a2 = self.new_customer(), self.new_customer()
        (a1 | a2).write({"customer_grade": "A"})
        a1.with_user(self.rep_a).action_claim_from_pool()
        with self.assertRaisesRegex(ValidationError, "grade A customers"):
            a2.with_user(self.rep_a).action_claim_from_pool()
        d1 = self.new_customer()
        d1.with_user(self.rep_a).action_claim_from_pool()

    def test_daily_cap(self):
        self.pool.daily_cap = 2
        customers = [self.new_customer() for _i in range(3)]
        with freeze_time("2026-03-02 09:00:00"):
            customers[0].with_user(self.rep_a).action_claim_from_pool()
            customers[1].with_user(self.rep_a).action_claim_from_pool()
            with self.assertRaisesRegex(ValidationError, "daily claim cap of 2"):
                customers[2].with_user(self.rep_a).action_claim_from_pool()
        with freeze_time("2026-03-03 09:00:00"):
            customers[2].with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(customers[2].claim_owner_id, self.rep_a)

    def test_release_with_reason_and_cooldown(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        action = customer.with_user(self.rep_a).action_release_to_pool()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.rep_a)
            .with_context(**action["context"])
            .create({"reason": "没有预算"})
        )
        wizard.action_release()
        self.assertEqual(customer.pool_id, self.pool)
        self.assertEqual(customer.pool_release_reason, "没有预算")
        self.assertEqual(customer.pool_previous_owner_id, self.rep_a)
        self.assertEqual(customer.pool_entry_type, "released")
        self.assertEqual(customer.pool_cycle_count, 1)
        self.assertFalse(customer.user_id)
        self.assertEqual(self.moves(customer, "released").to_pool_id, self.pool)
        with self.assertRaisesRegex(UserError, "may claim it again"):
            customer.with_user(self.rep_a).action_claim_from_pool()
        customer.with_user(self.rep_b).action_claim_from_pool()
        self.assertEqual(customer.claim_owner_id, self.rep_b)

    def test_release_needs_note_when_pool_requires_it(self):
        self.pool.require_release_note = True
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        Wizard = self.env["sales.pool.release.wizard"].with_user(self.rep_a)
        wizard = Wizard.create({"partner_ids": customer.ids, "reason": "无意向"})
        self.assertTrue(wizard.note_required)
        with self.assertRaisesRegex(UserError, "Follow-up Note"):
            wizard.action_release()
        self.assertEqual(customer.claim_owner_id, self.rep_a, "nothing lost")
        wizard.note = "客户明年再联系"
        wizard.action_release()
        self.assertEqual(self.moves(customer, "released").note, "客户明年再联系")

    def test_release_refused_when_not_owner(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        wizard = (
            self.env["sales.pool.release.wizard"]
            .with_user(self.rep_b)
            .create({"partner_ids": customer.ids, "reason": "抢单"})
        )
        with self.assertRaisesRegex(UserError, "You do not own"):
            wizard.action_release()
        self.assertEqual(customer.claim_owner_id, self.rep_a)
        wizard.reason = "  "
        with self.assertRaisesRegex(UserError, "Reason is required"):
            wizard.action_release()
        unowned = self.new_customer()
        wizard = (
            self.env["sales.pool.release.wizard"]
            .with_user(self.rep_b)
            .create({"partner_ids": unowned.ids, "reason": "x"})
        )
        with self.assertRaisesRegex(UserError, "not owned by anyone"):
            wizard.action_release()
        # the pool administrator may release a member's customer
        wizard = (
            self.env["sales.pool.release.wizard"]
            .with_user(self.admin)
            .create({"partner_ids": customer.ids, "reason": "管理员释放"})
        )
        wizard.action_release()
        self.assertEqual(customer.pool_id, self.pool)

    def test_lock_and_unlock(self):
        self.pool.write({"lock_limit": 1, "lock_days": 10})
        first, second = self.new_customer(), self.new_customer()
        (first | second).with_user(self.rep_a).action_claim_from_pool()
        due = first.pool_recycle_date
        first.with_user(self.rep_a).action_pool_lock()
        self.assertTrue(first.pool_locked_until)
        self.assertGreater(first.pool_recycle_date, due)
        self.assertEqual(self.moves(first, "locked").to_user_id, self.rep_a)
        with self.assertRaisesRegex(UserError, "allows 1 locked"):
            second.with_user(self.rep_a).action_pool_lock()
        with self.assertRaisesRegex(UserError, "You do not own"):
            first.with_user(self.rep_b).action_pool_lock()
        first.with_user(self.rep_a).action_pool_unlock()
        self.assertFalse(first.pool_locked_until)
        self.assertEqual(first.pool_recycle_date, due)
        self.assertTrue(self.moves(first, "unlocked"))
        second.with_user(self.rep_a).action_pool_lock()

    def test_lock_without_pool(self):
        self.pool.team_ids = False
        customer = self.new_customer(pool=False)
        self.claim(self.rep_a, customer)
        self.assertFalse(customer.pool_home_id)
        with self.assertRaisesRegex(UserError, "nothing to lock"):
            customer.with_user(self.rep_a).action_pool_lock()

    def test_put_in_pool_checks(self):
        customer = self.new_customer(pool=False)
        with self.assertRaisesRegex(UserError, "Choose the pool"):
            customer.with_user(self.manager).action_put_in_pool()
        with self.assertRaisesRegex(UserError, "Only administrators"):
            customer.with_user(self.rep_a).with_context(pool_id=self.pool.id).action_put_in_pool()
        self.claim(self.rep_a, customer)
        with self.assertRaisesRegex(UserError, "are owned"):
            customer.with_user(self.manager).with_context(pool_id=self.pool.id).action_put_in_pool()

    def test_masked_contact_details(self):
        customer = self.new_customer(phone="+86 138 0013 9900", email="boss@jia.example.com")
        self.assertEqual(customer.pool_phone_masked, "+86****00")
        self.assertEqual(customer.pool_email_masked, "b***@jia.example.com")
        customer.with_user(self.rep_a).action_claim_from_pool()
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_phone_masked, "+86 138 0013 9900")

    def test_client_context_does_not_make_a_claim_an_assignment(self):
        """A client sends any context key over RPC: the keys that once told
        the pool how a claim came to be (an assignment by an administrator,
        a handover, a recycling) change neither the checks nor the history."""
        spoofed = {
            "pool_move_type": "assigned",
            "pool_from_user_id": self.admin.id,
            "pool_reason": "assigned by the administrator",
        }
        Claim = self.env["sales.claim"].with_user(self.rep_a).with_context(**spoofed)
        customer = self.new_customer()
        self.claim(self.rep_a, customer).action_release("试用不满意")
        with self.assertRaisesRegex(ValidationError, "may claim it again"):
            Claim.create(
                {"partner_id": customer.id, "user_id": self.rep_a.id, "key_type": "company"}
            )
        # the claim above and this one: the day's two
        self.pool.daily_cap = 2
        first, second = self.new_customer(), self.new_customer()
        first.with_user(self.rep_a).action_claim_from_pool()
        with self.assertRaisesRegex(ValidationError, "daily claim cap of 2"):
            Claim.create({"partner_id": second.id, "user_id": self.rep_a.id, "key_type": "company"})
        self.assertEqual(second.pool_id, self.pool)
        self.pool.daily_cap = 5
        claim = Claim.create(
            {"partner_id": second.id, "user_id": self.rep_a.id, "key_type": "company"}
        )
        move = self.moves(second)
        self.assertEqual(move.move_type, "claimed")
        self.assertFalse(move.from_user_id)
        self.assertFalse(move.reason)
        claim.with_user(self.rep_a).with_context(pool_move_type="recycled").action_release(
            "不需要了"
        )
        self.assertEqual(self.moves(second)[-1].move_type, "released")
        self.assertEqual(second.pool_entry_type, "released")

    def test_direct_claim_of_pool_customer_checks_membership_and_cooldown(self):
        """Every path: a claim created directly follows the pool's rules too."""
        customer = self.new_customer()
        with self.assertRaisesRegex(ValidationError, "not a member of pool"):
            # e.g. an import by an administrator
            self.env["sales.claim"].create({"partner_id": customer.id, "user_id": self.rep_out.id})
        claim = self.claim(self.rep_a, customer)
        claim.action_release("试用不满意")
        with self.assertRaisesRegex(ValidationError, "may claim it again"):
            self.claim(self.rep_a, customer)
        self.assertEqual(customer.pool_id, self.pool)
