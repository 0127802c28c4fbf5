from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestChineseCompany(ClaimCase):
    """A Chinese company out of the box (简体中文)."""

    def test_register_wizard_proposes_the_company_country(self):
        wizard = self.env["sales.claim.prospect.wizard"].with_user(self.rep_tele).new({})
        self.assertEqual(wizard.country_id, self.env.ref("base.cn"))
        self.company.country_id = self.env.ref("base.hk")
        wizard = self.env["sales.claim.prospect.wizard"].with_user(self.rep_tele).new({})
        self.assertEqual(wizard.country_id, self.env.ref("base.hk"))

    def test_shipped_policies_and_milestones_are_translatable(self):
        Policy = self.env["sales.claim.policy"]
        self.assertTrue(Policy._fields["name"].translate)
        self.assertTrue(self.env["sales.claim.milestone"]._fields["name"].translate)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "sales_claim_registration")]
        )._update_translations(["zh_CN"])
        self.assertNotEqual(
            self.policy.with_context(lang="zh_CN").name,
            self.policy.with_context(lang="en_US").name,
        )

    def test_expiry_reason_in_the_owner_language(self):
        """The expiry cron runs in English; each owner reads the reason in their language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "sales_claim_registration")]
        )._update_translations(["zh_CN"])
        self.rep_tele.lang = "zh_CN"
        chinese = self.claim(self.rep_tele, self.jia)
        other = self.env["res.partner"].create({"name": "Acme Trading Ltd", "is_company": True})
        english = self.claim(self.rep_direct, other)
        with freeze_time(fields.Datetime.now() + timedelta(days=200)):
            self.env["sales.claim"]._cron_expire_claims()
        self.assertEqual(chinese.close_reason, "保护期已结束")
        self.assertEqual(english.close_reason, "Protection period ended")
