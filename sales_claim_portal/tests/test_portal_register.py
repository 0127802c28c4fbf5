from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.sales_claim_portal.controllers import portal as portal_controller

from .common import ClaimPortalCase


@tagged("post_install", "-at_install")
class TestPortalRegister(ClaimPortalCase):
    def test_register_new_customer(self):
        """An agent registers a new company: the customer and its contact are
        created, the claim is the agent's (channel agent, owned by the account
        manager), the evidence is on the claim and the attempt is logged."""
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.register(
            company_name="（杭州）新锐门户测试科技有限公司",
            contact_name="刘总",
            phone="138 1111 2222",
            email="liu@xinrui.example.com",
            note="Met at the Shenzhen fair",
            files={"attachments": ("card.png", b"\x89PNG fake business card", "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        claim = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        self.assertEqual(len(claim), 1)
        self.assertIn(f"/my/claims/{claim.id}", response.url)
        self.assertIn("The customer is registered for you.", response.text)
        self.assertEqual(claim.channel, "agent")
        self.assertEqual(claim.user_id, self.account_manager)
        self.assertEqual(claim.state, "active")
        self.assertEqual(claim.partner_id.name, "（杭州）新锐门户测试科技有限公司")
        self.assertTrue(claim.partner_id.is_company)
        self.assertEqual(claim.contact_id.parent_id, claim.partner_id)
        self.assertEqual(claim.contact_id.phone, "+8613811112222")
        self.assertEqual(claim.contact_id.email, "liu@xinrui.example.com")
        self.assertEqual(claim.note, "Met at the Shenzhen fair")
        message = claim.message_ids.filtered("attachment_ids")
        self.assertEqual(message.author_id, self.agent_a_user.partner_id)
        self.assertEqual(message.attachment_ids.mapped("name"), ["card.png"])
        self.assertIn("Met at the Shenzhen fair", message.body)
        attempt = self.attempts(self.agent_a_user)
        self.assertEqual(attempt.result, "accepted")
        self.assertEqual(attempt.claim_id, claim)
        self.assertEqual(attempt.agent_partner_id, self.agent_a)
        self.assertEqual(attempt.name_key, claim.claim_key)
        # the new claim is in the agent's list and opens
        listing = self.url_open("/my/claims")
        self.assertIn(claim.name, listing.text)
        self.assertIn("新锐门户测试科技", listing.text)

    def test_register_existing_unclaimed_company(self):
        """A company already in the address book is reused, not duplicated."""
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.register(
            company_name="华东精密测试机械 有限公司", contact_name="孙经理", phone="13700004321"
        )
        claim = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        self.assertEqual(claim.partner_id, self.held)
        self.assertEqual(claim.contact_id, self.held_contact)

    def test_refused_without_owner_name(self):
        """The direct rep registered first: the agent learns that the customer
        is registered and until when, never by whom, in which team or channel."""
        direct = self.claim_direct(self.held)
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.register(
            company_name="華東精密測試機械(上海)有限公司",
            contact_name="Someone",
            phone="13900001111",
        )
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("already registered", page)
        self.assertIn(direct._portal_date_end(), page)
        for secret in ("Zhang Direct Rep", "Direct Team", "direct", direct.name):
            self.assertNotIn(secret, page.split("o_claim_portal_refusal")[1].split("</div>")[0])
        self.assertNotIn("Zhang Direct Rep", page)
        self.assertNotIn(direct.name, page)
        self.assertFalse(
            self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        )
        # no partner was created for the refused registration
        self.assertFalse(self.env["res.partner"].search([("name", "=", "Someone")]))
        attempt = self.attempts(self.agent_a_user)
        self.assertEqual(attempt.result, "refused")
        self.assertEqual(attempt.claim_id, direct)
        self.assertNotIn("Zhang", attempt.message)

    def test_refused_by_phone_of_a_claimed_customer(self):
        """Another agent's customer typed under a new name, with its contact's
        phone: refused as well, and the other agent is not named."""
        self.authenticate(self.agent_b_user.login, self.agent_b_user.login)
        self.register(
            company_name="华东精密测试机械有限公司", contact_name="孙经理", phone="13700004321"
        )
        first = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_b.id)])
        self.assertTrue(first)
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.register(
            company_name="Totally Different Name Co", contact_name="Sun", phone="+86 137-0000-4321"
        )
        self.assertIn("already registered", response.text)
        self.assertNotIn("Rival Reseller", response.text)
        self.assertEqual(self.attempts(self.agent_a_user).claim_id, first)

    def test_agents_are_not_customers(self):
        """An agent company, or an agent's own phone, cannot be registered."""
        self.agent_b_user.partner_id.mobile = "+86 135 0000 7777"
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.register(
            company_name="Rival Reseller Test", contact_name="B", phone="13800000031"
        )
        self.assertIn("belongs to a sales agent", response.text)
        response = self.register(
            company_name="代理电话测试有限公司", contact_name="B", phone="13500007777"
        )
        self.assertIn("belongs to a sales agent", response.text)
        self.assertEqual(self.attempts(self.agent_a_user).mapped("result"), ["refused"] * 2)
        self.assertFalse(
            self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        )

    def test_own_company_already_registered(self):
        """Two users of the same agent: the second is told it is their company's."""
        colleague = self._new_portal_user("portal_agent_a2", "Agent A Colleague", self.agent_a)
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.register(company_name="同事重复测试有限公司", contact_name="王", phone="13822223333")
        claim = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        self.authenticate(colleague.login, colleague.login)
        response = self.register(
            company_name="同事重复测试", contact_name="王", phone="13822223333"
        )
        self.assertIn("Your company already registered this customer", response.text)
        self.assertIn(claim.name, response.text)

    def test_daily_cap(self):
        """Attempts per user per day are capped, accepted or refused alike;
        the capped attempt is logged and creates nothing."""
        self.env["ir.config_parameter"].sudo().set_param("sales_claim_portal.daily_cap", 2)
        self.claim_direct(self.held)
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.register(company_name="上限测试一有限公司", contact_name="A", phone="13800000001")
        self.register(
            company_name="华东精密测试机械有限公司", contact_name="B", phone="13800000002"
        )
        response = self.register(
            company_name="上限测试三有限公司", contact_name="C", phone="13800000003"
        )
        self.assertEqual(response.status_code, 429)
        self.assertIn("today&#39;s limit of 2 registrations", response.text)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "上限测试三有限公司")]))
        self.assertEqual(
            self.attempts(self.agent_a_user).mapped("result"), ["capped", "refused", "accepted"]
        )
        # the cap is per user: the other agent still registers
        self.authenticate(self.agent_b_user.login, self.agent_b_user.login)
        self.register(company_name="上限测试三有限公司", contact_name="C", phone="13800000003")
        self.assertEqual(self.attempts(self.agent_b_user).result, "accepted")

    def test_invalid_input_is_shown_and_not_counted(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.register(
            company_name="有限公司", contact_name="", phone="12345", email="nope"
        )
        self.assertEqual(response.status_code, 400)
        page = response.text
        self.assertIn("enter the registered company name", page)
        self.assertIn("Contact is required.", page)
        self.assertIn("12345 is not a valid number", page)
        self.assertIn("nope is not a valid address", page)
        self.assertIn('value="有限公司"', page)  # what was typed is kept
        self.assertFalse(self.attempts(self.agent_a_user))

    def test_form_page(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        page = self.url_open("/my/claims/new").text
        self.assertIn('name="csrf_token"', page)
        self.assertIn('enctype="multipart/form-data"', page)
        self.assertIn('name="company_name"', page)

    def test_file_too_large(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        with patch.object(portal_controller, "MAX_FILE_SIZE", 4):
            response = self.register(
                files={"attachments": ("big.txt", b"12345", "text/plain")},
                company_name="大附件测试有限公司",
                contact_name="A",
                phone="13800000008",
            )
        self.assertEqual(response.status_code, 400)
        self.assertIn("big.txt is larger than", response.text)
        self.assertFalse(self.attempts(self.agent_a_user))

    def test_too_many_files(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        files = [("attachments", (f"f{i}.txt", b"x", "text/plain")) for i in range(6)]
        response = self.register(
            files=files, company_name="附件测试有限公司", contact_name="A", phone="13800000009"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("at most 5 files", response.text)
        self.assertFalse(self.attempts(self.agent_a_user))

    @mute_logger("odoo.http")
    def test_csrf_token_required(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(
            "/my/claims/new",
            data={
                "company_name": "无令牌测试有限公司",
                "contact_name": "A",
                "phone": "13800000010",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["res.partner"].search([("name", "=", "无令牌测试有限公司")]))
        self.assertFalse(self.attempts(self.agent_a_user))

    def test_account_manager_fallbacks(self):
        """Without an account manager the agent's internal salesperson owns the
        claim, else the default of the settings, else the agent is told."""
        self.agent_a.sales_agent_manager_id = False
        self.agent_a.user_id = self.direct_rep
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.register(company_name="归属测试一有限公司", contact_name="A", phone="13800000021")
        claims = self.env["sales.claim"].search([("agent_partner_id", "=", self.agent_a.id)])
        self.assertEqual(claims.user_id, self.direct_rep)
        self.agent_a.user_id = False
        response = self.register(
            company_name="归属测试二有限公司", contact_name="B", phone="13800000022"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("no account manager yet", response.text)
        self.env["ir.config_parameter"].sudo().set_param(
            "sales_claim_portal.default_manager_id", self.account_manager.id
        )
        self.register(company_name="归属测试二有限公司", contact_name="B", phone="13800000022")
        claim = self.env["sales.claim"].search(
            [("agent_partner_id", "=", self.agent_a.id), ("user_id", "=", self.account_manager.id)]
        )
        self.assertEqual(claim.partner_id.name, "归属测试二有限公司")
