from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError

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
        # the same refusal through the claim action, with the way to arbitration
        wizard = (
            self.env["sales.claim.register.wizard"]
            .with_user(self.rep_tele)
            .create(
                {
                    "partner_ids": [(6, 0, self.jia.ids)],
                    "key_type": "phone",
                    "contact_id": self.jia_assistant.id,
                    "channel": "telesales",
                }
            )
        )
        self.assertFalse(wizard.can_register)
        self.assertIn("Agent Account Manager", wizard.warning_html)
        self.assertEqual(wizard.action_escalate()["res_model"], "sales.claim.escalate.wizard")
        # a shipped milestone (visit with business card, +10 days) extends the agent's claim
        visit = self.env.ref("sales_claim_registration.milestone_phone_visit")
        end = claim.date_end
        self.jia_boss.activity_schedule(
            activity_type_id=visit.activity_type_id.id, user_id=self.rep_agent_manager.id
        ).with_user(self.rep_agent_manager).action_feedback("visited 王总, business card")
        self.assertEqual(claim.extension_ids.milestone_id, visit)
        self.assertEqual(claim.date_end, end + timedelta(days=visit.days))
        self.assertEqual(visit.days, 10)

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
        with self.assertRaisesRegex(ValidationError, "does not belong"):
            self.claim(self.rep_tele, self.jia, key_type="phone", contact_id=person.id)
        with self.assertRaisesRegex(ValidationError, "agent company"):
            self.claim(self.rep_tele, self.jia, channel="agent")
        self.jia.action_archive()
        with self.assertRaisesRegex(ValidationError, "archived"):
            self.claim(self.rep_tele, self.jia)
        self.assertFalse(
            self.env["sales.claim"].search([("partner_id", "in", (nobody | person | self.jia).ids)])
        )

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

    def test_release_cancel_and_evidence_is_frozen(self):
        claim = self.claim(self.rep_direct, self.jia)
        with self.assertRaisesRegex(UserError, "reason"):
            claim.action_release(" ")
        with self.assertRaisesRegex(UserError, "evidence"):
            claim.with_user(self.rep_direct).write({"key_type": "phone"})
        with self.assertRaisesRegex(UserError, "Active claims cannot be deleted"):
            claim.with_user(self.manager).unlink()
        claim.action_release("No budget")
        self.assertEqual((claim.state, claim.close_reason), ("released", "No budget"))
        self.assertFalse(self.jia.user_id)
        self.assertEqual(claim._close("expired"), self.env["sales.claim"], "already closed")
        self.assertEqual(
            claim.action_open_extension_wizard()["res_model"], "sales.claim.extension.wizard"
        )
        self.assertEqual(claim.action_view_conflicts()["domain"], [("claim_id", "=", claim.id)])

    def test_opportunity_claim_and_customer_claim(self):
        lead = self.env["crm.lead"].create(
            {"name": "Key account dept A", "partner_id": self.jia.id, "user_id": self.rep_direct.id}
        )
        with self.assertRaisesRegex(ValidationError, "needs the Opportunity"):
            self.claim(self.rep_direct, self.jia, key_type="opportunity")
        claim = self.claim(self.rep_direct, self.jia, key_type="opportunity", lead_id=lead.id)
        self.assertEqual(claim.claim_key, f"lead:{lead.id}")
        self.assertEqual(claim.policy_id.base_days, 30)
        # the owner of the opportunity claim may also claim the customer
        self.claim(self.rep_direct, self.jia)
        with self.assertRaisesRegex(ValidationError, "Direct Rep"):
            self.claim(self.rep_tele, self.jia, key_type="opportunity", lead_id=lead.id)
