from odoo.tests.common import TransactionCase

from .roles import SalesRoles


class ClaimCase(SalesRoles, TransactionCase):
    """The standard cast (see roles.py), a company in China and a customer
    company with two contacts, and an agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.country_id = cls.env.ref("base.cn")
        cls.jia, (cls.jia_boss, cls.jia_assistant) = cls.new_company(
            "甲乙测试科技（北京）有限公司",
            {"name": "王总", "mobile": "138 0099 8000"},
            {"name": "李秘书", "phone": "+86 139 1234 5678"},
            country_id=cls.env.ref("base.cn").id,
        )
        cls.agent = cls.env["res.partner"].create(
            {"name": "渠道代理商 Agent Ltd", "is_company": True}
        )
        cls.policy = cls.env.ref("sales_claim_registration.policy_company_default")
        cls.phone_policy = cls.env.ref("sales_claim_registration.policy_phone_default")
