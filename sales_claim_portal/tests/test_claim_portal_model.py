from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, tagged

from odoo.addons.sales_claim_registration.tests.roles import PORTAL, SalesRoles, new_user


@tagged("post_install", "-at_install")
class TestClaimPortalModel(SalesRoles, TransactionCase):
    # here "manager" is the agent's account manager, a salesperson
    ROLE_ALIASES = {"manager": "rep_agent_manager"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.cn")
        cls.agent = cls.env["res.partner"].create(
            {
                "name": "模型测试渠道有限公司",
                "is_company": True,
                "is_sales_agent": True,
                "sales_agent_manager_id": cls.manager.id,
            }
        )
        cls.agent_user = new_user(
            cls.env, "model_test_agent", "Model Test Agent", PORTAL, tz="Asia/Shanghai"
        )
        cls.agent_user.partner_id.parent_id = cls.agent
        cls.Claim = cls.env["sales.claim"].with_user(cls.agent_user)

    def form(self, **values):
        return {
            "company_name": "模型测试客户有限公司",
            "contact_name": "钱经理",
            "phone": "13912345678",
            **values,
        }

    def test_no_phone_matches_nobody(self):
        self.assertFalse(self.Claim._portal_partners_by_phone(None))

    def test_check_registration(self):
        data, errors = self.Claim._portal_check_registration(self.form(email=" a@b.example.com "))
        self.assertFalse(errors)
        self.assertEqual(data["name_key"], "模型测试客户")
        self.assertEqual(data["phone_key"], "+8613912345678")
        self.assertEqual(data["email"], "a@b.example.com")
        _data, errors = self.Claim._portal_check_registration(
            self.form(company_name="x" * 129, note="y" * 2001, phone="")
        )
        self.assertEqual(set(errors), {"company_name", "note", "phone"})
        self.assertIn("at most 128 characters", errors["company_name"])
        self.assertIn("Phone is required", errors["phone"])

    def test_phone_read_in_the_agents_country(self):
        """A Chinese agent of a company based elsewhere types national numbers."""
        self.env.company.country_id = self.env.ref("base.us")
        self.agent.country_id = self.env.ref("base.cn")
        data, errors = self.Claim._portal_check_registration(self.form())
        self.assertFalse(errors)
        self.assertEqual(data["phone_key"], "+8613912345678")
        attempt = self.Claim._portal_register(self.form())
        self.assertEqual(attempt.claim_id.partner_id.country_id, self.env.ref("base.cn"))
        self.agent.country_id = self.env.ref("base.us")
        _data, errors = self.Claim._portal_check_registration(self.form())
        self.assertIn("phone", errors)

    def test_register_refuses_bad_input_and_non_agents(self):
        with self.assertRaisesRegex(ValidationError, "Contact is required"):
            self.Claim._portal_register(self.form(contact_name=" "))
        self.agent.is_sales_agent = False
        with self.assertRaises(AccessError):
            self.Claim._portal_register(self.form())
        self.assertFalse(
            self.env["sales.claim.portal.attempt"]
            .search([])
            .filtered(lambda a: a.user_id == self.agent_user)
        )

    def test_register_accepted_then_refused_in_a_race(self):
        """The customer was claimed between the check and the insert: the core
        error (which names the owner) is replaced by the portal refusal."""
        attempt = self.Claim._portal_register(self.form())
        self.assertEqual(attempt.result, "accepted")
        claim = attempt.claim_id
        SalesClaim = type(self.env["sales.claim"])
        blocking = SalesClaim._portal_blocking_claims
        calls = []

        def first_miss(model, data):
            calls.append(data)
            return model.browse() if len(calls) == 1 else blocking(model, data)

        with patch.object(SalesClaim, "_portal_blocking_claims", first_miss):
            attempt = self.Claim._portal_register(self.form(company_name="模型测试客户 有限公司"))
        self.assertEqual(attempt.result, "refused")
        self.assertEqual(attempt.claim_id, claim)
        self.assertIn("already registered", attempt.message)
        self.assertNotIn(self.manager.name, attempt.message)

    def test_daily_cap_counts_the_users_day(self):
        """The day is the agent's: 23:30 in Shanghai is already tomorrow in UTC+8."""
        self.env["ir.config_parameter"].sudo().set_param("sales_claim_portal.daily_cap", 1)
        Attempt = self.env["sales.claim.portal.attempt"]
        with freeze_time("2026-03-01 15:00:00"):  # 23:00 in Shanghai
            self.assertEqual(
                Attempt._start_of_today(self.agent_user),
                fields.Datetime.to_datetime("2026-02-28 16:00:00"),
            )
            self.assertEqual(self.Claim._portal_register(self.form()).result, "accepted")
            second = self.Claim._portal_register(self.form(company_name="第二家测试有限公司"))
            self.assertEqual(second.result, "capped")
        with freeze_time("2026-03-01 16:30:00"):  # 00:30 next day in Shanghai
            third = self.Claim._portal_register(
                self.form(company_name="第二家测试有限公司", phone="13987654321")
            )
            self.assertEqual(third.result, "accepted")

    def test_cap_setting(self):
        self.assertEqual(self.env["sales.claim.portal.attempt"]._get_daily_cap(), 20)
        self.env["ir.config_parameter"].sudo().set_param("sales_claim_portal.daily_cap", "abc")
        self.assertEqual(self.env["sales.claim.portal.attempt"]._get_daily_cap(), 20)
        settings = Form(self.env["res.config.settings"])
        settings.sales_claim_portal_daily_cap = 0
        with self.assertRaisesRegex(ValidationError, "at least 1"):
            settings.save()

    def test_account_manager_must_be_internal(self):
        with self.assertRaisesRegex(ValidationError, "Choose an internal user"):
            self.agent.sales_agent_manager_id = self.agent_user

    def test_portal_user_reads_own_claims_without_internal_fields(self):
        attempt = self.Claim._portal_register(self.form(note="agent note"))
        claim = attempt.claim_id
        other_agent = self.env["res.partner"].create(
            {"name": "Other Model Agent", "is_company": True, "is_sales_agent": True}
        )
        other = self.env["sales.claim"].create(
            {
                "partner_id": self.env["res.partner"]
                .create({"name": "Other Model Customer", "is_company": True})
                .id,
                "user_id": self.manager.id,
                "channel": "agent",
                "agent_partner_id": other_agent.id,
            }
        )
        claims = self.env["sales.claim"].with_user(self.agent_user).search([])
        self.assertEqual(claims, claim)
        with self.assertRaises(AccessError):
            other.with_user(self.agent_user).check_access("read")
        with self.assertRaises(AccessError):
            claim.with_user(self.agent_user).read(["note"])
        # its name, as RPC's read and the portal's breadcrumbs ask for it
        (read,) = claim.with_user(self.agent_user).read(["display_name"])
        self.assertEqual(read["display_name"], f"{claim.name} - {claim.partner_id.name}")
        with self.assertRaises(AccessError):
            claim.partner_id.with_user(self.agent_user).read(["phone"])
        with self.assertRaises(AccessError):
            claim.with_user(self.agent_user).check_access("write")
        # sales operations see the claim in the normal views, as an agent claim
        internal = (
            self.env["sales.claim"].with_user(self.manager).search([("channel", "=", "agent")])
        )
        self.assertIn(claim, internal)
        self.assertEqual(claim.agent_partner_id, self.agent)
        agent = self.agent.with_user(self.manager)
        self.assertEqual(agent.agent_claim_count, 1)
        action = agent.action_view_agent_claims()
        self.assertEqual(self.env["sales.claim"].search(action["domain"]), claim)

    def test_extension_rules(self):
        claim = self.Claim._portal_register(self.form()).claim_id
        claim.sudo().max_days = claim.base_days
        with self.assertRaisesRegex(UserError, "longest protection"):
            claim.with_user(self.agent_user)._portal_request_extension("need time")
        claim.sudo().max_days = claim.base_days + 30
        claim.policy_id.allow_manual_extension = False
        with self.assertRaisesRegex(UserError, "allows no manual extension"):
            claim.with_user(self.agent_user)._portal_request_extension("need time")
        claim.policy_id.allow_manual_extension = True
        with self.assertRaisesRegex(ValidationError, "at most 2000"):
            claim.with_user(self.agent_user)._portal_request_extension("x" * 2001)
        extension = claim.with_user(self.agent_user)._portal_request_extension("need time")
        self.assertEqual(extension.requested_by_id, self.agent_user)
        self.assertEqual(extension.state, "requested")

    def test_refusal_in_chinese(self):
        """Agents read the answers in their language (zh_CN shipped)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.Claim._portal_register(self.form())
        attempt = self.Claim.with_context(lang="zh_CN")._portal_register(
            self.form(company_name="模型测试客户（北京）有限公司")
        )
        self.assertEqual(attempt.result, "refused")
        self.assertIn("贵公司已报备该客户", attempt.message)
