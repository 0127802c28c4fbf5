from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestTakeover(ClaimCase):
    """No silent takeover: a customer with another active salesperson is not
    claimed behind their back (an Odoo company's existing ownership)."""

    def setUp(self):
        super().setUp()
        # a customer of a live Odoo company: a salesperson, no claim
        self.jia.user_id = self.rep_direct

    def test_rep_refused_with_one_sentence_naming_the_salesperson(self):
        with self.assertRaisesRegex(
            ValidationError, "is the customer of Zhang Direct Rep"
        ) as caught:
            self.claim(self.rep_tele, self.jia)
        self.assertEqual(str(caught.exception).count("."), 1, "one sentence")
        self.assertEqual(self.jia.user_id, self.rep_direct, "nothing changed")
        self.assertFalse(self.jia.claim_id)
        # the register wizard says it before the rep presses Claim
        wizard = (
            self.env["sales.claim.register.wizard"]
            .with_user(self.rep_tele)
            .create({"partner_ids": [(6, 0, self.jia.ids)]})
        )
        self.assertIn("Direct Rep", wizard.warning_html)
        self.assertFalse(wizard.can_register)

    def test_manager_takes_over_with_a_reason_logged_and_notified(self):
        Claim = self.env["sales.claim"].with_user(self.manager)
        with self.assertRaisesRegex(ValidationError, "Takeover Reason"):
            Claim.create({"partner_id": self.jia.id, "user_id": self.rep_tele.id})
        wizard = (
            self.env["sales.claim.register.wizard"]
            .with_user(self.manager)
            .create({"partner_ids": [(6, 0, self.jia.ids)], "user_id": self.rep_tele.id})
        )
        self.assertTrue(wizard.takeover_needed)
        self.assertIn("Takeover Reason", wizard.warning_html)
        wizard.takeover_reason = "区域调整"
        self.assertFalse(wizard.warning_html)
        wizard.action_register()
        self.assertEqual(self.jia.claim_owner_id, self.rep_tele)
        self.assertEqual(self.jia.user_id, self.rep_tele)
        note = self.jia.message_ids.filtered(lambda m: "Taken over from" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("区域调整", note.body)
        self.assertIn(self.rep_direct.partner_id, note.partner_ids, "the former rep is notified")

    def test_own_archived_or_unowned_customers_are_claimed_as_before(self):
        self.assertTrue(self.claim(self.rep_direct, self.jia))
        other = self.env["res.partner"].create(
            {"name": "丙丁测试有限公司", "is_company": True, "user_id": self.rep_agent_manager.id}
        )
        self.rep_agent_manager.action_archive()
        self.assertTrue(self.claim(self.rep_tele, other))
