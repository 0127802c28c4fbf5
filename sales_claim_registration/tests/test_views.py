from odoo.tests import Form

from .common import ClaimCase


class TestViews(ClaimCase):
    """The screens load for a salesperson and the wizards work through their forms."""

    def test_views_load_for_a_salesperson(self):
        for model, types in [
            ("sales.claim", ["list", "kanban", "form", "pivot", "graph", "search"]),
            ("sales.claim.conflict", ["list", "form", "search"]),
            ("sales.claim.extension", ["list", "search"]),
            ("res.partner", ["list", "form", "search"]),
            ("crm.lead", ["form"]),
        ]:
            with self.subTest(model=model):
                views = (
                    self.env[model]
                    .with_user(self.rep_tele)
                    .get_views([(False, view_type) for view_type in types])
                )
                self.assertEqual(set(views["views"]), set(types))
        arch = self.env["res.partner"].with_user(self.rep_tele).get_views([(False, "form")])
        self.assertIn("action_open_claim_wizard", arch["views"]["form"]["arch"])
        self.assertIn("claim_banner", arch["views"]["form"]["arch"])

    def test_register_through_the_form(self):
        with Form(
            self.env["sales.claim.register.wizard"]
            .with_user(self.rep_tele)
            .with_context(default_partner_ids=self.jia.ids)
        ) as form:
            form.key_type = "phone"
            form.contact_id = self.jia_assistant
            form.channel = "telesales"
        claim = self.env["sales.claim"].browse(form.record.action_register()["res_id"])
        self.assertEqual(claim.claim_key, "+8613912345678")
        self.assertEqual(claim.display_name, f"{claim.name} - {self.jia.name}")

    def test_prospect_and_extension_through_the_form(self):
        with Form(self.env["sales.claim.prospect.wizard"].with_user(self.rep_direct)) as form:
            form.company_name = "表单测试科技有限公司"
            form.contact_name = "周总"
            form.mobile = "13600001234"
        claim = self.env["sales.claim"].browse(form.record.action_register()["res_id"])
        self.assertEqual(claim.user_id, self.rep_direct)
        with Form(
            self.env["sales.claim.extension.wizard"]
            .with_user(self.rep_direct)
            .with_context(default_claim_id=claim.id)
        ) as form:
            self.assertEqual(form.days, 15)
            form.reason = "Bid in four weeks"
        form.record.action_confirm()
        self.assertEqual(claim.manual_extension_state, "requested")

    def test_settings_form(self):
        with Form(self.env["res.config.settings"]) as form:
            form.claim_near_match_threshold = 0.5
        form.record.execute()
        threshold = self.env["ir.config_parameter"].get_param(
            "sales_claim_registration.near_match_threshold"
        )
        self.assertEqual(float(threshold), 0.5)
