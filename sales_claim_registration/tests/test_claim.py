from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError

from .common import ClaimCase


class TestClaim(ClaimCase):
    def test_agent_claims_by_phone_then_telesales_is_refused(self):
        """The acceptance scenario: agent claims 甲 by the boss's mobile;
        telesales registers the assistant's phone and is refused."""
        claim = self.claim(
            self.rep_agent_manager,
            self.jia,
            key_type="phone",
            contact_id=self.jia_boss.id,
            channel="agent",
            agent_partner_id=self.agent.id,
        )
        self.assertEqual(claim.state, "active")
        self.assertEqual(claim.claim_key, "+8613800998000")
        self.assertEqual(claim.partner_id, self.jia)
        self.assertEqual(claim.date_end, claim.date_start + timedelta(days=14))
        self.assertEqual(self.jia.user_id, self.rep_agent_manager)
        self.assertEqual(self.jia_assistant.user_id, self.rep_agent_manager)
        with self.assertRaises(ValidationError) as refused:
            self.claim(self.rep_tele, self.jia, key_type="phone", contact_id=self.jia_assistant.id)
        message = str(refused.exception)
        self.assertIn("Agent Account Manager", message)
        self.assertIn(fields.Date.to_string(claim.date_end.date()), message)

    def test_same_company_other_record_is_refused(self):
        self.claim(self.rep_direct, self.jia)
        twin = self.env["res.partner"].create({"name": "甲乙测试科技 有限公司", "is_company": True})
        with self.assertRaises(ValidationError):
            self.claim(self.rep_tele, twin)

    def test_bad_input(self):
        nobody = self.env["res.partner"].create({"name": "有限公司", "is_company": True})
        with self.assertRaisesRegex(ValidationError, "registered company name"):
            self.claim(self.rep_tele, nobody)
        person = self.env["res.partner"].create({"name": "Solo Person", "phone": "12"})
        with self.assertRaisesRegex(ValidationError, "individual without a company"):
            self.claim(self.rep_tele, person)
        with self.assertRaisesRegex(ValidationError, "no valid phone"):
            self.claim(self.rep_tele, person, key_type="phone")
        self.jia.action_archive()
        with self.assertRaisesRegex(ValidationError, "archived"):
            self.claim(self.rep_tele, self.jia)
        self.assertFalse(self.env["sales.claim"].search([("partner_id", "in", (nobody | person | self.jia).ids)]))

    def test_expiry_cron_frees_the_customer(self):
        claim = self.claim(self.rep_direct, self.jia)
        with freeze_time(fields.Datetime.now() + timedelta(days=15)):
            self.assertGreaterEqual(self.env["sales.claim"]._cron_expire_claims(), 1)
            # idempotent: a second run finds nothing left to expire
            self.assertEqual(self.env["sales.claim"]._cron_expire_claims(), 0)
        self.assertEqual(claim.state, "expired")
        self.assertFalse(self.jia.user_id)
        # now free again
        again = self.claim(self.rep_tele, self.jia)
        self.assertEqual(again.state, "active")

    def test_near_matches_on_chinese_names(self):
        self.env["res.partner"].create({"name": "华为技术服务有限公司", "is_company": True})
        self.env["res.partner"].flush_model()
        matches = self.env["res.partner"]._claim_near_matches("华为技术")
        self.assertTrue(matches, "pg_trgm must see Chinese characters (UTF-8 lc_ctype)")
        self.assertEqual(matches[0][0].name, "华为技术服务有限公司")
