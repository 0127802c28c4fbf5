from odoo.tests.common import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user


class ClaimCase(TransactionCase):
    """Users per role and a customer company with two contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.cn")
        cls.team_tele = cls.env["crm.team"].create({"name": "Telesales 电销"})
        cls.team_direct = cls.env["crm.team"].create({"name": "Direct 直销"})
        cls.rep_agent_manager = mail_new_test_user(
            cls.env,
            login="rep_agent",
            name="Agent Account Manager",
            groups="sales_team.group_sale_salesman",
        )
        cls.rep_tele = mail_new_test_user(
            cls.env, login="rep_tele", name="Telesales Rep", groups="sales_team.group_sale_salesman"
        )
        cls.rep_direct = mail_new_test_user(
            cls.env, login="rep_direct", name="Direct Rep", groups="sales_team.group_sale_salesman"
        )
        cls.manager = mail_new_test_user(
            cls.env,
            login="sales_manager",
            name="Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.arbiter = mail_new_test_user(
            cls.env,
            login="claim_arbiter",
            name="Sales Operations",
            groups="sales_team.group_sale_salesman,sales_claim_registration.group_claim_arbiter",
        )
        cls.approver = mail_new_test_user(
            cls.env,
            login="claim_approver",
            name="Sales VP",
            groups="sales_team.group_sale_salesman,sales_claim_registration.group_claim_approver",
        )
        cls.team_leader = mail_new_test_user(
            cls.env,
            login="tele_leader",
            name="Telesales Leader",
            groups="sales_team.group_sale_salesman",
        )
        cls.team_tele.user_id = cls.team_leader
        cls.team_tele.member_ids = [(4, cls.rep_tele.id)]
        cls.team_direct.member_ids = [(4, cls.rep_direct.id)]
        Partner = cls.env["res.partner"]
        cls.jia = Partner.create(
            {
                "name": "甲乙测试科技（北京）有限公司",
                "is_company": True,
                "country_id": cls.env.ref("base.cn").id,
            }
        )
        cls.jia_boss = Partner.create(
            {"name": "王总", "parent_id": cls.jia.id, "mobile": "138 0099 8000"}
        )
        cls.jia_assistant = Partner.create(
            {"name": "李秘书", "parent_id": cls.jia.id, "phone": "+86 139 1234 5678"}
        )
        cls.agent = Partner.create({"name": "渠道代理商 Agent Ltd", "is_company": True})

        cls.policy = cls.env.ref("sales_claim_registration.policy_company_default")
        cls.phone_policy = cls.env.ref("sales_claim_registration.policy_phone_default")

    def claim(self, user, partner, **vals):
        return (
            self.env["sales.claim"]
            .with_user(user)
            .create({"partner_id": partner.id, "user_id": user.id, **vals})
        )
