from odoo.exceptions import UserError, ValidationError

from .common import ClaimCase


class TestConflict(ClaimCase):
    """Arbitration (判单): escalation, decisions and won-by-someone-else."""

    def setUp(self):
        super().setUp()
        self.owner_claim = self.claim(
            self.rep_agent_manager, self.jia, channel="agent", agent_partner_id=self.agent.id
        )

    def _escalate(self, user=None, **vals):
        register = (
            self.env["sales.claim.register.wizard"]
            .with_user(user or self.rep_tele)
            .create({"partner_ids": [(6, 0, self.jia.ids)], "channel": "telesales"})
        )
        self.assertFalse(register.can_register)
        self.assertEqual(register.blocking_claim_id, self.owner_claim)
        self.assertIn("Agent Account Manager", register.warning_html)
        action = register.action_escalate()
        attachment = (
            self.env["ir.attachment"]
            .with_user(user or self.rep_tele)
            .create(
                {
                    "name": "wechat.png",
                    "raw": b"evidence",
                    "res_model": "sales.claim.escalate.wizard",
                }
            )
        )
        wizard = (
            self.env["sales.claim.escalate.wizard"]
            .with_user(user or self.rep_tele)
            .with_context(**action["context"])
            .create(
                {
                    "reason": "I called them first",
                    "attachment_ids": [(6, 0, attachment.ids)],
                    **vals,
                }
            )
        )
        action = wizard.action_escalate()
        conflict = self.env["sales.claim.conflict"].browse(action["res_id"])
        self.assertEqual(attachment.res_model, "sales.claim.conflict")
        self.assertIn(attachment, conflict.message_ids.attachment_ids)
        return conflict

    def test_escalate_then_transfer(self):
        conflict = self._escalate()
        self.assertEqual(conflict.state, "open")
        self.assertEqual(conflict.claimant_id, self.rep_tele)
        self.assertEqual(conflict.owner_id, self.rep_agent_manager)
        self.assertEqual(conflict.claimant_channel, "telesales")
        self.assertTrue(conflict.name.startswith("ARB/"))
        self.assertIn(self.arbiter, conflict.activity_ids.user_id)
        self.assertEqual(self.owner_claim.conflict_count, 1)
        with self.assertRaisesRegex(UserError, "arbiter"):
            conflict.with_user(self.rep_tele).action_decide_transfer()
        with self.assertRaisesRegex(UserError, "arbiter"):
            conflict.with_user(self.rep_tele).write({"state": "decided"})
        with self.assertRaisesRegex(ValidationError, "Decision Note"):
            conflict.with_user(self.arbiter).action_decide_transfer()
        conflict.with_user(self.arbiter).decision_note = "Telesales registered the boss in May"
        conflict.with_user(self.arbiter).action_decide_transfer()
        self.assertEqual((conflict.state, conflict.decision), ("decided", "transfer"))
        self.assertEqual(self.owner_claim.state, "transferred")
        new = conflict.new_claim_id
        self.assertEqual(
            (new.user_id, new.state, new.channel), (self.rep_tele, "active", "telesales")
        )
        self.assertEqual(self.jia.user_id, self.rep_tele)
        self.assertFalse(conflict.activity_ids)
        with self.assertRaisesRegex(UserError, "already closed"):
            conflict.with_user(self.arbiter).action_decide_keep()

    def test_parties_argue_arbiters_write_the_decision_note(self):
        """The claimant and the owner add to the reason of their case; the
        decision note is the arbiter's (issue 16): a party cannot write the
        reasons the arbiter would then decide on."""
        conflict = self._escalate()
        conflict.with_user(self.rep_tele).reason = "Visited the boss in May; see the report"
        for party in (self.rep_tele, self.rep_agent_manager):
            with self.assertRaisesRegex(UserError, "arbiter"):
                conflict.with_user(party).write({"decision_note": "Claimant was first"})
        self.assertFalse(conflict.decision_note)
        conflict.with_user(self.arbiter).decision_note = "The visit report predates the claim"
        self.assertEqual(conflict.decision_note, "The visit report predates the claim")

    def test_keep_owner(self):
        conflict = self._escalate()
        conflict.with_user(self.arbiter).write({"decision_note": "Agent was first"})
        conflict.with_user(self.arbiter).action_decide_keep()
        self.assertEqual(conflict.decision, "keep")
        self.assertEqual(self.owner_claim.state, "active")
        self.assertEqual(self.jia.user_id, self.rep_agent_manager)

    def test_share_credit_needs_the_opportunity_and_calls_the_hook(self):
        conflict = self._escalate()
        conflict.with_user(self.arbiter).decision_note = "Both worked it"
        with self.assertRaisesRegex(ValidationError, "Opportunity"):
            conflict.with_user(self.arbiter).action_decide_share()
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_agent_manager)
            .create({"name": "甲 deal", "partner_id": self.jia.id})
        )
        conflict.with_user(self.arbiter).lead_id = lead
        conflict.with_user(self.arbiter).action_decide_share()
        self.assertEqual(conflict.decision, "share")
        self.assertIn("share the credit", self.owner_claim.message_ids[0].body)

    def test_withdraw_and_bad_escalations(self):
        conflict = self._escalate()
        with self.assertRaisesRegex(UserError, "claimant or a claim arbiter"):
            conflict.with_user(self.rep_agent_manager).action_cancel()
        conflict.with_user(self.rep_tele).action_cancel()
        self.assertEqual(conflict.state, "cancelled")
        with self.assertRaisesRegex(UserError, "Only an open case"):
            conflict.with_user(self.rep_tele).action_cancel()
        with self.assertRaisesRegex(ValidationError, "Reason"):
            self.env["sales.claim.escalate.wizard"].with_user(self.rep_tele).create(
                {"claim_id": self.owner_claim.id, "reason": " "}
            ).action_escalate()
        with self.assertRaisesRegex(ValidationError, "your own claim"):
            self.env["sales.claim.conflict"].with_user(self.rep_agent_manager).create(
                {"claim_id": self.owner_claim.id, "reason": "mine"}
            )

    def test_won_by_someone_else_opens_a_case(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.manager)
            .create(
                {
                    "name": "甲 big deal",
                    "partner_id": self.jia_boss.id,
                    "user_id": self.rep_direct.id,
                    "type": "opportunity",
                }
            )
        )
        lead.with_user(self.manager).action_set_won()
        conflict = self.env["sales.claim.conflict"].search([("lead_id", "=", lead.id)])
        self.assertEqual(conflict.origin, "won_by_other")
        self.assertEqual(
            (conflict.claimant_id, conflict.owner_id), (self.rep_direct, self.rep_agent_manager)
        )
        # the owner's customer claim stays active (documented on _on_leads_won)
        self.assertEqual(self.owner_claim.state, "active")
        # lost then won again: still one open case
        lead.with_user(self.manager).action_set_lost()
        lead.with_user(self.manager).write(
            {"active": True, "stage_id": self.env.ref("crm.stage_lead1").id}
        )
        lead.with_user(self.manager).action_set_won()
        self.assertEqual(
            self.env["sales.claim.conflict"].search_count([("lead_id", "=", lead.id)]), 1
        )

    def test_owner_wins_lead_claim_won_or_lost(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.rep_agent_manager)
            .create({"name": "甲 project A", "partner_id": self.jia.id, "type": "opportunity"})
        )
        lead_claim = self.claim(
            self.rep_agent_manager, self.jia, key_type="opportunity", lead_id=lead.id
        )
        self.assertEqual(lead.claim_id, lead_claim)
        self.assertEqual(lead.claim_count, 2)
        lead.action_set_won()
        self.assertEqual(lead_claim.state, "won")
        self.assertEqual(self.owner_claim.state, "active")
        self.assertFalse(self.env["sales.claim.conflict"].search([("lead_id", "=", lead.id)]))
        lead_b = (
            self.env["crm.lead"]
            .with_user(self.rep_agent_manager)
            .create({"name": "甲 project B", "partner_id": self.jia.id, "type": "opportunity"})
        )
        claim_b = self.claim(
            self.rep_agent_manager, self.jia, key_type="opportunity", lead_id=lead_b.id
        )
        lead_b.action_set_lost()
        self.assertEqual(claim_b.state, "lost")
        self.assertEqual(lead.action_view_claims()["res_model"], "sales.claim")

    def test_evidence_is_never_someone_elses_file(self):
        """An attachment id is not a key: another user's upload or a file of a
        record the claimant cannot read is refused and stays where it is."""
        secret = (
            self.env["ir.attachment"]
            .with_user(self.rep_direct)
            .create(
                {
                    "name": "contract.pdf",
                    "raw": b"secret",
                    "res_model": "sales.claim.escalate.wizard",
                }
            )
        )
        Wizard = self.env["sales.claim.escalate.wizard"].with_user(self.rep_tele)
        wizard = Wizard.create(
            {
                "claim_id": self.owner_claim.id,
                "reason": "I called them first",
                "attachment_ids": [(6, 0, secret.ids)],
            }
        )
        with self.assertRaisesRegex(UserError, "neither your own upload"):
            wizard.action_escalate()
        self.assertEqual(secret.res_model, "sales.claim.escalate.wizard")
        self.assertFalse(secret.res_id)
        self.assertFalse(
            self.env["sales.claim.conflict"].search([("claim_id", "=", self.owner_claim.id)])
        )
