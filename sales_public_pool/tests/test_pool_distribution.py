from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolDistribution(PoolCase):
    """Distribution (公海分配) in bulk: what cannot be distributed is skipped
    and reported, the rest is distributed; one notification per member."""

    def distribute(self, customers, method="round_robin", **vals):
        wizard = (
            self.env["sales.pool.distribute.wizard"]
            .with_user(self.admin)
            .create({"pool_id": self.pool.id, "partner_ids": [(6, 0, customers.ids)], **vals})
        )
        wizard.method = method
        return wizard.action_distribute()

    def new_customers(self, count, **vals):
        customers = self.env["res.partner"]
        for _i in range(count):
            customers |= self.new_customer(**vals)
        return customers

    def test_skips_customer_claimed_meanwhile_and_reports_it(self):
        first, last = self.new_customers(2)
        taken = self.new_customer(pool=False)
        # the same company under a second record, claimed by someone else
        # before this record entered the pool: the customer is in the pool,
        # but it is owned (first claim wins)
        twin = self.env["res.partner"].create({"name": taken.name, "is_company": True})
        self.claim(self.rep_out, twin)
        taken.with_context(pool_id=self.pool.id).with_user(self.manager).action_put_in_pool()
        action = self.distribute(first | taken | last)
        self.assertEqual(first.claim_owner_id, self.rep_a)
        self.assertEqual(last.claim_owner_id, self.rep_a)
        self.assertFalse(taken.claim_id)
        self.assertEqual(taken.pool_id, self.pool, "a skipped customer stays in its pool")
        self.assertEqual(twin.claim_owner_id, self.rep_out)
        params = action["params"]
        self.assertEqual(params["type"], "warning")
        self.assertIn("2 customers distributed to 1 members", params["message"])
        self.assertIn("1 skipped", params["message"])
        self.assertIn(f"{taken.name} is already claimed by Pool Outsider", params["message"])
        self.assertEqual(self.pool.last_assigned_user_id, self.rep_a, "the last one served")
        summary = self.env["mail.message"].search(
            [("model", "=", "sales.pool"), ("res_id", "=", self.pool.id)], order="id desc", limit=1
        )
        self.assertIn("1 customers skipped", summary.body)
        self.assertIn("Pool Outsider", summary.body)

    def test_claimed_customer_left_the_pool(self):
        customer, other = self.new_customers(2)
        customer.with_user(self.rep_b).action_claim_from_pool()
        action = self.distribute(customer | other, method="manual", user_id=self.rep_a.id)
        self.assertEqual(customer.claim_owner_id, self.rep_b)
        self.assertEqual(other.claim_owner_id, self.rep_a)
        self.assertIn("already claimed by Pool Rep B", action["params"]["message"])

    def test_nothing_distributed_is_an_error(self):
        customer = self.new_customer()
        customer.with_user(self.rep_b).action_claim_from_pool()
        with self.assertRaisesRegex(Exception, "No customer could be distributed"):
            self.distribute(customer)

    def test_members_at_holding_cap_are_skipped(self):
        self.pool.holding_cap = 2
        for customer in self.new_customers(2):
            customer.with_user(self.rep_a).action_claim_from_pool()
        customers = self.new_customers(4)
        action = self.distribute(customers)
        self.assertEqual(customers[:2].claim_owner_id, self.rep_b)
        self.assertFalse(customers[2:].claim_id)
        self.assertEqual(customers[2:].pool_id, self.pool)
        self.assertIn("2 skipped", action["params"]["message"])
        self.assertIn("holding cap", action["params"]["message"])

    def test_room_at_holding_cap_counts_as_the_claims_do(self):
        """Won customers left out of the cap (``won_counts_in_cap`` off) leave
        room in the distribution too: the wizard counts a member's holding
        as the claims' own cap check does."""
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
        customer = self.new_customer()
        action = self.distribute(customer, method="manual", user_id=self.rep_a.id)
        self.assertEqual(customer.claim_owner_id, self.rep_a)
        self.assertEqual(action["params"]["type"], "success")
        self.pool.won_counts_in_cap = True
        other = self.new_customer()
        with self.assertRaisesRegex(Exception, "holding cap"):
            self.distribute(other, method="manual", user_id=self.rep_a.id)
        self.assertEqual(other.pool_id, self.pool)

    def test_member_over_grade_cap_is_skipped_not_the_distribution(self):
        """The wizard counts the pool's holding cap; a cap per grade is
        checked by the claims: the claims over it are skipped."""
        self.env["sales.pool.grade.rule"].create(
            {"pool_id": self.pool.id, "grade": "D", "holding_cap": 1}
        )
        customers = self.new_customers(3)
        action = self.distribute(customers, method="manual", user_id=self.rep_a.id)
        self.assertEqual(customers[0].claim_owner_id, self.rep_a)
        self.assertFalse(customers[1:].claim_id)
        self.assertIn("grade D", action["params"]["message"])
        self.assertIn(customers[2].name, action["params"]["message"])

    def test_owners_notified_once_salesperson_moves_followers(self):
        customers = self.new_customers(5)
        contact = self.env["res.partner"].create(
            {"name": "联系人 张三", "parent_id": customers[0].id, "type": "contact"}
        )
        mails_before = self.env["mail.mail"].search_count([])
        messages_before = self.env["mail.message"].search([]).ids
        self.distribute(customers, reason="季度分配")
        self.assertEqual(
            [c.user_id for c in customers],
            [self.rep_a, self.rep_b, self.rep_a, self.rep_b, self.rep_a],
        )
        self.assertEqual(contact.user_id, self.rep_a, "the contacts follow their company")
        self.assertEqual(self.env["mail.mail"].search_count([]), mails_before, "no email")
        new = self.env["mail.message"].search([("id", "not in", messages_before)])
        notices = new.filtered(lambda m: m.message_type == "user_notification")
        self.assertEqual(len(notices), 2, "one notification per member")
        notice_a = notices.filtered(lambda m: m.partner_ids == self.rep_a.partner_id)
        self.assertIn("3 customers were assigned to you", notice_a.body)
        self.assertEqual(notice_a.notification_ids.res_partner_id, self.rep_a.partner_id)
        self.assertEqual(notice_a.notification_ids.notification_type, "inbox")
        claims = customers.claim_id
        self.assertFalse(new.filtered(lambda m: m.model == "sales.claim"), "no message per claim")
        for claim in claims:
            self.assertEqual(claim.message_partner_ids, claim.user_id.partner_id)
            self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(len(set(claims.mapped("name"))), 5)
        for customer in customers:
            move = self.moves(customer, "assigned")
            self.assertEqual(move.author_id, self.admin)
            self.assertEqual(move.reason, "季度分配")
            self.assertEqual(move.from_pool_id, self.pool)
            self.assertEqual(move.to_user_id, customer.user_id)
        self.assertFalse(customers.pool_id)

    def test_batch_refuses_duplicates_within_the_batch(self):
        customer = self.new_customer()
        Claim = self.env["sales.claim"]
        claims, refused = Claim._create_claims_batch(
            [
                {"partner_id": customer.id, "user_id": self.rep_a.id},
                {"partner_id": customer.id, "user_id": self.rep_b.id},
            ]
        )
        self.assertEqual(claims.user_id, self.rep_a)
        self.assertEqual(len(refused), 1)
        self.assertIn("more than once", refused[0][1])

    def test_batch_skips_what_cannot_be_claimed(self):
        archived = self.new_customer()
        archived.action_archive()
        person = self.env["res.partner"].create({"name": "个人客户 李四"})
        customer = self.new_customer()
        claims, refused = self.env["sales.claim"]._create_claims_batch(
            [
                {"partner_id": archived.id, "user_id": self.rep_a.id},
                {"partner_id": person.id, "user_id": self.rep_a.id, "key_type": "company"},
                {"partner_id": person.id, "user_id": self.rep_a.id, "key_type": "phone"},
                {"partner_id": customer.id, "user_id": self.rep_a.id},
            ]
        )
        self.assertEqual(claims.partner_id, customer)
        reasons = [reason for _vals, reason in refused]
        self.assertEqual(len(reasons), 3)
        self.assertIn("archived", reasons[0])
        self.assertIn("individual without a company", reasons[1])
        self.assertIn("no valid phone number", reasons[2])

    def test_batch_in_small_chunks_same_result(self):
        customers = self.new_customers(5)
        claims, refused = self.env["sales.claim"]._create_claims_batch(
            [{"partner_id": c.id, "user_id": self.rep_a.id} for c in customers], chunk_size=2
        )
        self.assertFalse(refused)
        self.assertEqual(claims.partner_id, customers)
        self.assertEqual(customers.claim_owner_id, self.rep_a)
        self.assertEqual(set(claims.mapped("state")), {"active"})
        self.assertTrue(all(claims.mapped("date_end")))
