from odoo.tests.common import TransactionCase


class TestI18nAndViews(TransactionCase):
    """Chinese translations load; the screens the tours rely on exist."""

    def test_zh_cn_translation(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["sales_credit_split"], ["zh_CN"])
        role = self.env.ref("sales_credit_split.role_signing").with_context(lang="zh_CN")
        self.assertEqual(role.name, "签约")
        field = self.env["ir.model.fields"]._get("sales.credit.split.line", "percent")
        self.assertEqual(field.with_context(lang="zh_CN").field_description, "份额（%）")

    def test_credit_split_pages_and_buttons(self):
        for model in ("crm.lead", "sale.order", "account.move"):
            arch = self.env[model].get_view(view_type="form")["arch"]
            self.assertIn('name="credit_split"', arch, model)
        arch = self.env["crm.lead"].get_view(view_type="form")["arch"]
        for button in ("action_submit_split", "action_agree_split", "action_reset_split"):
            self.assertIn(button, arch)
        action = self.env.ref("sales_credit_split.sales_credit_report_action")
        self.assertEqual(action.view_mode, "pivot,graph,list")
        menu = self.env.ref("sales_credit_split.menu_sales_credit_report")
        self.assertEqual(menu.parent_id, self.env.ref("crm.crm_menu_report"))
