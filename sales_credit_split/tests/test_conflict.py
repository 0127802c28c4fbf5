from odoo.exceptions import ValidationError

from .common import CreditSplitCase


class TestConflictShare(CreditSplitCase):
    """An arbitration decided as "share credit" writes the split (判单分业绩)."""

    def setUp(self):
        super().setUp()
        self.claim = self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_a.id, "key_type": "company"}
        )
        self.lead = self.opportunity(user=self.rep_b, team=self.other_team)
        self.arbiter = self.manager

    def conflict(self, **vals):
        return self.env["sales.claim.conflict"].create(
            {
                "claim_id": self.claim.id,
                "claimant_id": self.rep_b.id,
                "lead_id": self.lead.id,
                "reason": "T I visited them first",
                "decision_note": "T both worked the deal",
                **vals,
            }
        )

    def test_share_credit_writes_agreed_split(self):
        conflict = self.conflict(credit_claimant_percent=40)
        conflict.with_user(self.arbiter).action_decide_share()
        lines = self.lead.credit_split_line_ids
        self.assertEqual(lines.mapped("user_id"), self.rep_a | self.rep_b)
        self.assertEqual(lines.mapped("percent"), [60, 40])
        self.assertEqual(self.amounts(self.lead), [6000, 4000])
        self.assertEqual(self.lead.credit_split_state, "agreed")
        self.assertEqual(self.lead.credit_split_agreed_by_id, self.arbiter)
        bodies = " ".join(self.lead.message_ids.mapped("body"))
        self.assertIn("decided by arbitration", bodies)
        self.assertIn("the credit is shared", bodies)

    def test_share_credit_on_won_opportunity_stays_locked(self):
        self.lead.action_set_won()
        self.assertEqual(self.lead.credit_split_state, "locked")
        self.conflict().with_user(self.arbiter).action_decide_share()
        self.assertEqual(self.lead.credit_split_state, "locked")
        self.assertEqual(self.lead.credit_split_line_ids.mapped("percent"), [50, 50])

    def test_claimant_share_bounds(self):
        for bad in (0, 100, -10):
            with self.assertRaisesMsg(ValidationError, "more than 0 and less than 100"):
                self.conflict(credit_claimant_percent=bad)
