from odoo.exceptions import ValidationError

from .common import ClaimCase


class TestRegisterWizard(ClaimCase):
    """The claim action (报备) on contacts, lists and opportunities."""

    def _wizard(self, user, partners, **vals):
        action = partners.with_user(user).action_open_claim_wizard()
        return (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create(vals)
        )

    def test_claim_one_customer_from_its_contact(self):
        wizard = self._wizard(self.rep_direct, self.jia_boss, note="met at the fair")
        self.assertEqual(wizard.partner_ids, self.jia)
        self.assertTrue(wizard.can_register)
        self.assertFalse(wizard.warning_html)
        action = wizard.action_register()
        claim = self.env["sales.claim"].browse(action["res_id"])
        self.assertEqual(
            (claim.partner_id, claim.user_id, claim.note),
            (self.jia, self.rep_direct, "met at the fair"),
        )
        self.assertTrue(claim.name.startswith("CLM/"))
        self.assertEqual(
            self.jia.action_view_claims()["domain"], [("partner_id", "=", self.jia.id)]
        )

    def test_claim_several_from_the_list(self):
        Partner = self.env["res.partner"]
        free = Partner.create(
            [{"name": f"列表客户{i}有限公司", "is_company": True} for i in range(2)]
        )
        self.claim(self.rep_agent_manager, self.jia)
        wizard = self._wizard(self.rep_tele, free | self.jia_assistant, channel="telesales")
        self.assertTrue(wizard.can_register)
        self.assertIn("Agent Account Manager", wizard.warning_html)
        action = wizard.action_register()
        self.assertEqual(action["res_id"], wizard.id)
        self.assertEqual(wizard.state, "done")
        self.assertIn("Agent Account Manager", wizard.result_html)
        self.assertEqual(free.mapped("claim_owner_id"), self.rep_tele)
        # all free: the list of new claims opens
        more = Partner.create(
            [{"name": f"列表新客户{i}有限公司", "is_company": True} for i in range(2)]
        )
        action = self._wizard(self.rep_tele, more).action_register()
        self.assertEqual(action["res_model"], "sales.claim")
        self.assertEqual(len(action["domain"][0][2]), 2)

    def test_all_refused_or_bad_input_writes_nothing(self):
        self.claim(self.rep_agent_manager, self.jia)
        wizard = self._wizard(self.rep_tele, self.jia)
        self.assertFalse(wizard.can_register)
        with self.assertRaisesRegex(ValidationError, "Agent Account Manager"):
            wizard.action_register()
        empty = self.env["res.partner"].create({"name": "（北京）有限公司", "is_company": True})
        free = self.env["res.partner"].create({"name": "好客户有限公司", "is_company": True})
        wizard = self._wizard(self.rep_tele, empty | free)
        self.assertIn("registered company name", wizard.warning_html)
        with self.assertRaisesRegex(ValidationError, "registered company name"):
            wizard.action_register()
        self.assertFalse(free.claim_id, "nothing half-written")
        with self.assertRaisesRegex(ValidationError, "at least one customer"):
            self.env["sales.claim.register.wizard"].with_user(self.rep_tele).create(
                {}
            ).action_register()

    def test_near_matches_are_warnings(self):
        self.env["res.partner"].create({"name": "甲乙测试科技发展有限公司", "is_company": True})
        self.env["res.partner"].flush_model()
        wizard = self._wizard(self.rep_tele, self.jia)
        self.assertIn("甲乙测试科技发展有限公司", wizard.near_match_html)
        self.assertTrue(wizard.can_register)

    def test_phone_key_and_opportunity(self):
        wizard = self._wizard(
            self.rep_tele, self.jia, key_type="phone", contact_id=self.jia_assistant.id
        )
        claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        self.assertEqual((claim.key_type, claim.claim_key), ("phone", "+8613912345678"))
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_tele)
            .create({"name": "甲 project", "partner_id": self.jia.id})
        )
        action = lead.action_open_claim_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.rep_tele)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual((wizard.key_type, wizard.lead_id), ("opportunity", lead))
        lead_claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        self.assertEqual(lead_claim.claim_key, f"lead:{lead.id}")
        # the same opportunity cannot be claimed twice
        again = (
            self.env[action["res_model"]]
            .with_user(self.rep_direct)
            .with_context(**action["context"])
            .create({})
        )
        self.assertFalse(again.can_register)


class TestProspectWizard(ClaimCase):
    """Register a prospect (新客户报备): create what is missing and claim it."""

    def _prospect(self, user, **vals):
        return (
            self.env["sales.claim.prospect.wizard"]
            .with_user(user)
            .create(
                {
                    "company_name": "丁新创科技（上海）有限公司",
                    "contact_name": "赵总",
                    "mobile": "13700001111",
                    **vals,
                }
            )
        )

    def test_creates_company_and_contact(self):
        wizard = self._prospect(self.rep_tele, key_type="phone", channel="telesales")
        self.assertFalse(wizard.existing_partner_id)
        self.assertFalse(wizard.warning_html)
        claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        self.assertEqual(claim.partner_id.name, "丁新创科技（上海）有限公司")
        self.assertTrue(claim.partner_id.is_company)
        self.assertEqual(claim.contact_id.name, "赵总")
        self.assertEqual(claim.claim_key, "+8613700001111")
        self.assertEqual(claim.contact_id.user_id, self.rep_tele)

    def test_existing_company_reused_and_refusal_writes_nothing(self):
        wizard = self._prospect(
            self.rep_tele, company_name="甲乙测试科技 有限公司", mobile="13800998000"
        )
        self.assertEqual(wizard.existing_partner_id, self.jia)
        claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        self.assertEqual(claim.partner_id, self.jia)
        self.assertEqual(claim.contact_id, self.jia_boss, "same phone: same contact")
        count = self.env["res.partner"].search_count([])
        # a place in brackets is the same customer (集团 would be another one)
        wizard = self._prospect(self.rep_direct, company_name="【北京】甲乙测试科技有限公司")
        self.assertEqual(wizard.blocking_claim_id, claim)
        self.assertIn("Telesales Rep", wizard.warning_html)
        with self.assertRaisesRegex(ValidationError, "Telesales Rep"):
            wizard.action_register()
        self.assertEqual(self.env["res.partner"].search_count([]), count)
        action = wizard.action_escalate()
        self.assertEqual(action["context"]["default_claim_id"], claim.id)

    def test_bad_input(self):
        for vals, message in [
            ({"company_name": "（北京）有限公司"}, "Company Name"),
            ({"company_name": "..."}, "Company Name"),
            ({"mobile": "12345"}, "not a valid phone"),
            ({"mobile": False, "key_type": "phone"}, "needs a phone number"),
        ]:
            with self.subTest(vals=vals):
                wizard = self._prospect(self.rep_tele, **vals)
                self.assertTrue(wizard.warning_html)
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_register()
        self.assertFalse(self.env["res.partner"].search([("name", "=", "赵总")]))
        self.jia.action_archive()
        wizard = self._prospect(self.rep_tele, company_name="甲乙测试科技有限公司", mobile=False)
        with self.assertRaisesRegex(ValidationError, "archived"):
            wizard.action_register()

    def test_new_opportunity_creates_its_customer(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_tele)
            .create(
                {"name": "Inbound", "partner_name": "戊新线索科技有限公司", "contact_name": "孙总"}
            )
        )
        action = lead.action_open_claim_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.rep_tele)
            .with_context(**action["context"])
            .create({"key_type": "company"})
        )
        self.assertTrue(wizard.can_register)
        claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        self.assertEqual(claim.partner_id.name, "戊新线索科技有限公司")
        self.assertEqual(lead.partner_id.commercial_partner_id, claim.partner_id)
        self.assertEqual(lead.claim_owner_id, self.rep_tele)
