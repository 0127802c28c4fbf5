from odoo.http import Request
from odoo.tests.common import HttpCase

from odoo.addons.mail.tests.common import mail_new_test_user


class ClaimPortalCase(HttpCase):
    """Two agent companies with a portal user each, their account manager,
    a direct sales rep and a customer the direct rep may claim first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.cn")
        cls.env["ir.config_parameter"].sudo().set_param("sales_claim_portal.daily_cap", 20)
        cls.account_manager = mail_new_test_user(
            cls.env,
            login="portal_test_manager",
            name="Portal Test Account Manager",
            groups="sales_team.group_sale_salesman",
        )
        cls.direct_team = cls.env["crm.team"].create({"name": "Portal Test Direct Team 直销"})
        cls.direct_rep = mail_new_test_user(
            cls.env,
            login="portal_test_direct_rep",
            name="Zhang Direct Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.direct_team.member_ids = [(4, cls.direct_rep.id)]
        Partner = cls.env["res.partner"]
        cls.agent_a = Partner.create(
            {
                "name": "蓝海渠道测试有限公司",
                "is_company": True,
                "is_sales_agent": True,
                "sales_agent_manager_id": cls.account_manager.id,
            }
        )
        cls.agent_b = Partner.create(
            {
                "name": "Rival Reseller Test Ltd",
                "is_company": True,
                "is_sales_agent": True,
                "sales_agent_manager_id": cls.account_manager.id,
            }
        )
        cls.agent_a_user = cls._new_portal_user("portal_agent_a", "Agent A Sales", cls.agent_a)
        cls.agent_b_user = cls._new_portal_user("portal_agent_b", "Agent B Sales", cls.agent_b)
        cls.customer_company = Partner.create(
            {
                "name": "Portal Test Customer",
                "is_company": True,
                "email": "info@customer.example.com",
            }
        )
        cls.plain_customer_user = cls._new_portal_user(
            "portal_plain_customer", "Plain Customer", cls.customer_company
        )
        # a customer of the direct team, registered before any agent
        cls.held = Partner.create(
            {
                "name": "华东精密测试机械有限公司",
                "is_company": True,
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.held_contact = Partner.create(
            {"name": "孙经理", "parent_id": cls.held.id, "mobile": "+86 137 0000 4321"}
        )

    @classmethod
    def _new_portal_user(cls, login, name, company):
        user = mail_new_test_user(cls.env, login=login, name=name, groups="base.group_portal")
        user.partner_id.parent_id = company
        return user

    def claim_direct(self, partner):
        """The direct rep registers ``partner`` (channel direct)."""
        return (
            self.env["sales.claim"]
            .with_user(self.direct_rep)
            .create({"partner_id": partner.id, "user_id": self.direct_rep.id, "channel": "direct"})
        )

    def register(self, files=None, **form):
        """POST the portal registration form as the authenticated user."""
        data = {
            "company_name": "",
            "contact_name": "",
            "phone": "",
            "email": "",
            "note": "",
            "csrf_token": Request.csrf_token(self),
            **form,
        }
        return self.url_open("/my/claims/new", data=data, files=files or {})

    def attempts(self, user):
        return self.env["sales.claim.portal.attempt"].search([("user_id", "=", user.id)])
