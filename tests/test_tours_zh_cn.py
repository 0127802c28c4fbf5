"""简体中文 out of the box: once the language is loaded, the credit roles
shipped by the suite and the reasons written by its crons read in Chinese.
The tour is in sales_pool_credit_split/static/tests/tours/."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SuiteHttpCase

ADDONS = (
    "sales_claim_registration",
    "sales_public_pool",
    "sales_credit_split",
    "sales_claim_portal",
    "sales_pool_credit_split",
)


class TestToursChinese(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"].search([("name", "in", ADDONS)])._update_translations(["zh_CN"])
        cls.manager = mail_new_test_user(
            cls.env,
            login="tour_zh_manager",
            name="销售经理",
            groups="sales_team.group_sale_manager",
            lang="zh_CN",
        )
        cls.rep = mail_new_test_user(
            cls.env,
            login="tour_zh_rep",
            name="销售代表",
            groups="sales_team.group_sale_salesman",
            lang="zh_CN",
        )
        cls.pool = cls.env["sales.pool"].create(
            {
                "name": "华东公海",
                "manager_ids": [(6, 0, cls.manager.ids)],
                "member_ids": [(6, 0, cls.rep.ids)],
                "followup_rule": True,
                "followup_days": 5,
                "holding_cap": 50,
                "daily_cap": 80,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "途尔回收科技有限公司", "is_company": True}
        )
        cls.customer.with_context(pool_id=cls.pool.id).with_user(cls.manager).action_put_in_pool()

    def test_roles_and_recycling_reason_in_chinese(self):
        with freeze_time(fields.Datetime.now() - timedelta(days=10)):
            self.customer.with_user(self.rep).action_claim_from_pool()
        # the nightly cron runs as OdooBot, in English
        self.assertEqual(self.env.lang or "en_US", "en_US")
        self.env["res.partner"]._cron_pool_recycle()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.pool_id, self.pool)
        self.assertEqual(self.customer.pool_release_reason, "已回收：未跟进")
        role = self.env.ref("sales_credit_split.role_first_touch")
        self.assertEqual(role.with_context(lang="zh_CN").name, "首次接触")
        self.start_tour("/odoo", "sales_zh_cn_roles_and_reasons", login="tour_zh_manager")
