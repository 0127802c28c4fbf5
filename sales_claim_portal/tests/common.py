from odoo.http import Request
from odoo.tests.common import HttpCase

from odoo.addons.sales_claim_registration.tests.roles import PORTAL, SalesRoles, new_user


class ClaimPortalCase(SalesRoles, HttpCase):
    """The standard cast (see sales_claim_registration/tests/roles.py), two
    agent companies looked after by the cast's agent account manager with a
    portal user each, and a customer the cast's direct rep claimed first."""

    ROLE_ALIASES = {
        "account_manager": "rep_agent_manager",
        "direct_team": "team_direct",
        "direct_rep": "rep_direct",
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.env["ir.config_parameter"].sudo().set_param("sales_claim_portal.daily_cap", 20)
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
        cls.held, cls.held_contact = cls.new_company(
            "华东精密测试机械有限公司",
            {"name": "孙经理", "mobile": "+86 137 0000 4321"},
            country_id=cls.env.ref("base.cn").id,
        )

    @classmethod
    def _new_portal_user(cls, login, name, company):
        user = new_user(cls.env, login, name, PORTAL)
        user.partner_id.parent_id = company
        return user

    def claim_direct(self, partner):
        """The direct rep registers ``partner`` (channel direct)."""
        return self.claim(self.direct_rep, partner, channel="direct")

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
