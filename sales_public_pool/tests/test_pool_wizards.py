from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolWizards(PoolCase):
    def test_assign_by_administrator(self):
        customers = self.new_customer() | self.new_customer()
        action = customers.with_user(self.admin).action_assign_from_pool()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.admin)
            .with_context(**action["context"])
            .create({"user_id": self.rep_b.id, "reason": "重点培养"})
        )
        self.assertEqual(wizard.pool_id, self.pool)
        wizard.action_assign()
        self.assertEqual(customers.claim_id.user_id, self.rep_b)
        move = self.moves(customers[0], "assigned")
        self.assertEqual(move.author_id, self.admin)
        self.assertEqual(move.reason, "重点培养")

    def test_assign_refusals(self):
        customer = self.new_customer()
        Wizard = self.env["sales.pool.assign.wizard"]
        with self.assertRaisesRegex(UserError, "Only administrators"):
            Wizard.with_user(self.rep_a).create(
                {"partner_ids": customer.ids, "user_id": self.rep_b.id}
            ).action_assign()
        with self.assertRaisesRegex(UserError, "not a member"):
            Wizard.with_user(self.admin).create(
                {"partner_ids": customer.ids, "user_id": self.rep_out.id}
            ).action_assign()
        outside = self.new_customer(pool=False)
        with self.assertRaisesRegex(UserError, "not in a pool"):
            Wizard.with_user(self.admin).create(
                {"partner_ids": outside.ids, "user_id": self.rep_a.id}
            ).action_assign()
        self.pool.holding_cap = 1
        two = self.new_customer() | self.new_customer()
        with self.assertRaisesRegex(ValidationError, "holding cap of 1"):
            Wizard.with_user(self.admin).create(
                {"partner_ids": two.ids, "user_id": self.rep_a.id}
            ).action_assign()
        self.assertEqual(two.pool_id, self.pool)

    def _distribute(self, method, customers=None, **vals):
        wizard = (
            self.env["sales.pool.distribute.wizard"]
            .with_user(self.admin)
            .create(
                {
                    "pool_id": self.pool.id,
                    "partner_ids": [(6, 0, (customers or []) and customers.ids)],
                    **vals,
                }
            )
        )
        wizard.method = method
        wizard.action_distribute()
        return wizard

    def test_distribute_round_robin_continues(self):
        customers = self.env["res.partner"]
        for _i in range(3):
            customers |= self.new_customer()
        wizard = self._distribute("round_robin", count=3)
        self.assertEqual(wizard.member_ids, self.pool.member_ids)
        owners = [c.claim_owner_id for c in customers]
        self.assertEqual(owners, [self.rep_a, self.rep_b, self.rep_a])
        self.assertEqual(self.pool.last_assigned_user_id, self.rep_a)
        nxt = self.new_customer()
        self._distribute("round_robin", nxt)
        self.assertEqual(nxt.claim_owner_id, self.rep_b)
        self.assertIn("Round-Robin", self.moves(nxt, "assigned").reason)

    def test_distribute_weighted_by_revenue(self):
        stage_won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            [
                {
                    "name": "A big",
                    "user_id": self.rep_a.id,
                    "expected_revenue": 300,
                    "stage_id": stage_won.id,
                },
                {
                    "name": "B small",
                    "user_id": self.rep_b.id,
                    "expected_revenue": 100,
                    "stage_id": stage_won.id,
                },
            ]
        ).write({"date_closed": "2026-01-01"})
        self.pool.distribution_period_days = 3650
        customers = self.env["res.partner"]
        for _i in range(4):
            customers |= self.new_customer()
        self._distribute("revenue", customers)
        count_a = len(customers.filtered(lambda c: c.claim_owner_id == self.rep_a))
        self.assertEqual(count_a, 3)

    def test_distribute_by_win_rate_skips_full_members(self):
        self.pool.holding_cap = 1
        held = self.new_customer()
        held.with_user(self.rep_a).action_claim_from_pool()
        customers = self.new_customer() | self.new_customer()
        # one left over: skipped and reported, the other one is distributed
        wizard = self._distribute("win_rate", customers)
        self.assertEqual(customers[0].claim_owner_id, self.rep_b)
        self.assertEqual(customers[1].pool_id, self.pool)
        self.assertFalse(customers[1].claim_id)
        with self.assertRaisesRegex(UserError, "at their holding cap"):
            wizard.action_distribute()

    def test_distribute_by_hand_and_refusals(self):
        customer = self.new_customer()
        with self.assertRaisesRegex(UserError, "Choose the members"):
            self._distribute("manual", customer)
        self._distribute("manual", customer, user_id=self.rep_b.id)
        self.assertEqual(customer.claim_owner_id, self.rep_b)
        with self.assertRaisesRegex(UserError, "no customer to distribute"):
            self._distribute("round_robin")
        self.overflow.manager_ids = self.admin
        foreign = self.new_customer(pool=self.overflow)
        with self.assertRaisesRegex(UserError, "is not in pool"):
            self._distribute("round_robin", foreign)
        with self.assertRaisesRegex(UserError, "Only administrators"):
            self.pool.with_user(self.rep_a).action_distribute()

    def test_handover_by_stage(self):
        successor = self.rep_b
        early, late, idle = self.new_customer(), self.new_customer(), self.new_customer()
        for customer in early | late | idle:
            customer.with_user(self.rep_a).action_claim_from_pool()
        stages = self.env["crm.stage"].search([("is_won", "=", False)], order="sequence")
        lead_early = self.env["crm.lead"].create(
            {
                "name": "early",
                "partner_id": early.id,
                "user_id": self.rep_a.id,
                "stage_id": stages[0].id,
                "team_id": self.team.id,
                "type": "opportunity",
            }
        )
        lead_late = self.env["crm.lead"].create(
            {
                "name": "late",
                "partner_id": late.id,
                "user_id": self.rep_a.id,
                "stage_id": stages[-1].id,
                "team_id": self.team.id,
                "type": "opportunity",
            }
        )
        activity = lead_early.activity_schedule(
            "mail.mail_activity_data_call", user_id=self.rep_a.id
        )
        wizard = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.manager)
            .create(
                {
                    "user_id": self.rep_a.id,
                    "successor_ids": [(6, 0, successor.ids)],
                    "reason": "离职",
                }
            )
        )
        lines = {line.stage_id: line for line in wizard.line_ids}
        self.assertEqual(lines[stages[0]].partner_ids, early)
        self.assertEqual(lines[stages[-1]].partner_ids, late)
        self.assertEqual(lines[self.env["crm.stage"]].partner_ids, idle)
        self.assertEqual(lines[self.env["crm.stage"]].customer_count, 1)
        lines[self.env["crm.stage"]].action = "release"
        wizard.action_handover()
        self.assertEqual(early.claim_owner_id, successor)
        self.assertEqual(late.claim_owner_id, successor)
        self.assertEqual(lead_early.user_id, successor)
        self.assertEqual(lead_early.team_id, self.team, "the team does not drift")
        self.assertEqual(lead_late.user_id, successor)
        self.assertEqual(activity.user_id, successor)
        self.assertEqual(idle.pool_id, self.pool)
        move = self.moves(early, "transferred")
        self.assertEqual((move.from_user_id, move.to_user_id), (self.rep_a, successor))
        self.assertEqual(self.moves(idle, "released").reason, "离职")

    def test_pool_administrator_hands_over_the_customers_of_their_pool(self):
        """A pool administrator, not a sales manager, lists and hands over the
        leaving rep's customers of the pools they administer only."""
        mine, other = self.new_customer(), self.new_customer(pool=self.overflow)
        for customer in mine | other:
            customer.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(other.pool_home_id, self.overflow)
        wizard = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.admin)
            .create({"user_id": self.rep_a.id, "successor_ids": [(6, 0, self.rep_b.ids)]})
        )
        self.assertEqual(wizard.line_ids.partner_ids, mine)
        wizard.action_handover()
        self.assertEqual(mine.claim_owner_id, self.rep_b)
        self.assertEqual(other.claim_owner_id, self.rep_a)

    def test_handover_refusals(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        wizard = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.manager)
            .create({"user_id": self.rep_a.id, "reason": "离职"})
        )
        with self.assertRaisesRegex(UserError, "Choose the Successors"):
            wizard.action_handover()
        wizard.successor_ids = self.rep_a
        with self.assertRaisesRegex(UserError, "own successor"):
            wizard.action_handover()
        wizard2 = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.rep_b)
            .create({"user_id": self.rep_a.id, "successor_ids": [(6, 0, self.rep_b.ids)]})
        )
        # a member lists none of a colleague's customers, nor hands them over
        self.assertFalse(wizard2.line_ids)
        with self.assertRaisesRegex(UserError, "Only sales managers"):
            wizard2.action_handover()
        self.assertEqual(customer.claim_owner_id, self.rep_a)
        empty = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.manager)
            .create({"user_id": self.rep_b.id})
        )
        self.assertFalse(empty.line_ids)

    def test_distribute_weighted_by_win_rate(self):
        stage_won = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = self.env["crm.lead"]
        won = Lead.create(
            [
                {"name": f"won {i}", "user_id": user.id, "stage_id": stage_won.id}
                for i, user in enumerate((self.rep_a, self.rep_a, self.rep_b))
            ]
        )
        lost = Lead.create({"name": "lost", "user_id": self.rep_b.id})
        lost.action_set_lost()
        (won | lost).write({"date_closed": "2026-01-01"})
        self.pool.distribution_period_days = 3650
        customers = self.env["res.partner"]
        for _i in range(3):
            customers |= self.new_customer()
        self._distribute("win_rate", customers)
        owners = customers.mapped("claim_owner_id")
        self.assertEqual(owners, self.rep_a | self.rep_b)
        count_a = len(customers.filtered(lambda c: c.claim_owner_id == self.rep_a))
        self.assertEqual(count_a, 2, "win rate 100% against 50%")
