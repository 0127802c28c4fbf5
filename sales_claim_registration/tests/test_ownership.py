from odoo.exceptions import UserError

from .common import ClaimCase


class TestOwnership(ClaimCase):
    """While a claim is active, the customer's salesperson and its new
    opportunities belong to the owner (客户归属一致)."""

    def setUp(self):
        super().setUp()
        self.owner_claim = self.claim(self.rep_agent_manager, self.jia)

    def _lead(self, user, **vals):
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create({"name": "甲 opportunity", "partner_id": self.jia_assistant.id, **vals})
        )

    def test_opportunities_default_to_the_owner(self):
        lead = self._lead(self.rep_agent_manager)
        self.assertEqual(lead.user_id, self.rep_agent_manager)
        managed = self._lead(self.manager)
        self.assertEqual(managed.user_id, self.rep_agent_manager)
        self.assertEqual(managed.claim_id, self.owner_claim)
        self.assertEqual(managed.claim_owner_id, self.rep_agent_manager)
        from_partner = (
            self.env["crm.lead"]
            .with_user(self.rep_agent_manager)
            .with_context(default_partner_id=self.jia.id)
            .create({"name": "from the contact"})
        )
        self.assertEqual(from_partner.user_id, self.rep_agent_manager)

    def test_others_are_refused_with_owner_and_end_date(self):
        end = self.owner_claim.date_end.date().isoformat()
        with self.assertRaises(UserError) as refused:
            self._lead(self.rep_tele)
        self.assertIn("Agent Account Manager", str(refused.exception))
        self.assertIn(end, str(refused.exception))
        with self.assertRaisesRegex(UserError, "Agent Account Manager"):
            self._lead(self.rep_agent_manager, user_id=self.rep_tele.id)
        with self.assertRaisesRegex(UserError, "Agent Account Manager"):
            self.jia_boss.with_user(self.rep_tele).write({"user_id": self.rep_tele.id})
        lead = self._lead(self.rep_agent_manager)
        with self.assertRaisesRegex(UserError, "Agent Account Manager"):
            lead.with_user(self.rep_agent_manager).write({"user_id": self.rep_tele.id})
        free_lead = self.env["crm.lead"].with_user(self.rep_tele).create({"name": "free"})
        with self.assertRaisesRegex(UserError, "Agent Account Manager"):
            free_lead.write({"partner_id": self.jia.id})
        with self.assertRaisesRegex(UserError, "Agent Account Manager"):
            self.env["res.partner"].with_user(self.rep_tele).create(
                {"name": "新联系人", "parent_id": self.jia.id, "user_id": self.rep_tele.id}
            )

    def test_new_contacts_follow_the_owner(self):
        contact = (
            self.env["res.partner"]
            .with_user(self.rep_agent_manager)
            .create({"name": "张经理", "parent_id": self.jia.id})
        )
        self.assertEqual(contact.user_id, self.rep_agent_manager)

    def test_managers_use_the_actions_and_no_context_bypasses(self):
        # issue 15: a sales manager changes a claimed customer's owner through
        # the actions (arbitration, assignment, handover), not a plain write
        with self.assertRaisesRegex(UserError, "Salesperson: .*Agent Account Manager"):
            self.jia.with_user(self.manager).write({"user_id": self.rep_direct.id})
        self.assertEqual(self.jia.user_id, self.rep_agent_manager)
        lead = self._lead(self.manager, user_id=self.rep_tele.id)
        self.assertEqual(lead.user_id, self.rep_tele)
        # a context key is no pass: any client sends any context over RPC
        with self.assertRaisesRegex(UserError, "Salesperson"):
            self.jia.with_user(self.rep_tele).with_context(sales_claim_bypass=True).write(
                {"user_id": self.rep_tele.id}
            )

    def test_setting_off_lets_anyone(self):
        settings = self.env["res.config.settings"].create({"claim_enforce_ownership": False})
        settings.execute()
        lead = self._lead(self.rep_tele)
        self.assertEqual(lead.user_id, self.rep_tele)
        settings = self.env["res.config.settings"].create({})
        self.assertFalse(settings.claim_enforce_ownership)
        self.assertEqual(settings.claim_cron_batch_size, 2000)

    def test_quotations_of_a_claimed_customer_are_the_owners(self):
        """The salesperson drifted between lead, customer and order in peer
        systems: a claimed customer's quotations follow its opportunities."""
        Order = self.env["sale.order"]
        order = Order.with_user(self.rep_agent_manager).create({"partner_id": self.jia_boss.id})
        self.assertEqual(order.user_id, self.rep_agent_manager)
        end = self.owner_claim.date_end.date().isoformat()
        free = self.env["res.partner"].create({"name": "无报备客户", "is_company": True})
        free_order = Order.with_user(self.rep_tele).create({"partner_id": free.id})
        cases = [
            (
                "another rep quotes the customer",
                lambda: Order.with_user(self.rep_tele).create(
                    {"partner_id": self.jia_assistant.id}
                ),
            ),
            (
                "another rep quotes it for the owner",
                lambda: Order.with_user(self.rep_tele).create(
                    {"partner_id": self.jia.id, "user_id": self.rep_agent_manager.id}
                ),
            ),
            (
                "the owner hands its quotation to another rep",
                lambda: order.with_user(self.rep_agent_manager).write(
                    {"user_id": self.rep_tele.id}
                ),
            ),
            (
                "another rep moves their quotation to the customer",
                lambda: free_order.write({"partner_id": self.jia.id}),
            ),
            (
                "a context key",
                lambda: (
                    Order.with_user(self.rep_tele)
                    .with_context(sales_claim_bypass=True, default_user_id=self.rep_tele.id)
                    .create({"partner_id": self.jia.id})
                ),
            ),
        ]
        for label, attempt in cases:
            with self.subTest(label), self.assertRaises(UserError) as refused:
                attempt()
            self.assertIn("Agent Account Manager", str(refused.exception))
            self.assertIn(end, str(refused.exception))
        self.assertEqual(order.user_id, self.rep_agent_manager)
        self.assertFalse(
            Order.search(
                [("partner_id", "child_of", self.jia.id), ("user_id", "=", self.rep_tele.id)]
            )
        )
        # a sales manager assigns; the customer's own checkout runs as superuser
        managed = Order.with_user(self.manager).create(
            {"partner_id": self.jia.id, "user_id": self.rep_tele.id}
        )
        self.assertEqual(managed.user_id, self.rep_tele)
        public = self.env.ref("base.public_user")
        checkout = Order.with_user(public).sudo().create({"partner_id": self.jia_boss.id})
        self.assertEqual(checkout.user_id, self.rep_agent_manager)
