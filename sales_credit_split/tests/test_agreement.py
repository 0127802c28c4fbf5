from freezegun import freeze_time

from odoo.exceptions import UserError

from .common import CreditSplitCase


class TestAgreement(CreditSplitCase):
    """Draft, submitted, agreed, locked: the split is agreed before signing (签约前确认)."""

    def setUp(self):
        super().setUp()
        self.lead = self.opportunity()
        self.lead.credit_split_line_ids = self.three_way()
        self.won_stage = self.env["crm.stage"].create({"name": "T Won", "is_won": True})

    def test_submit_and_agree_by_claim_owner(self):
        lead = self.lead.with_user(self.rep_b)
        self.env.invalidate_all()
        lead.action_submit_split()
        self.assertEqual(lead.credit_split_state, "submitted")
        notice = self.lead.message_ids[0]
        self.assertIn("please agree", notice.body)
        participants = (self.rep_a | self.rep_b | self.rep_c).partner_id
        self.assertEqual(notice.partner_ids, participants)
        with self.assertRaisesMsg(UserError, "Only the claim owner Split Rep A"):
            lead.action_agree_split()
        with freeze_time("2026-03-01 10:00:00"):
            self.lead.with_user(self.rep_a).action_agree_split()
        self.assertEqual(self.lead.credit_split_state, "agreed")
        self.assertEqual(self.lead.credit_split_agreed_by_id, self.rep_a)
        self.assertEqual(str(self.lead.credit_split_agreed_date), "2026-03-01 10:00:00")
        self.assertIn("agreed by Split Rep A", self.lead.message_ids[0].body)
        self.assertEqual(self.lead.message_ids[0].partner_ids, participants)

    def test_owner_submitting_agrees_at_once(self):
        self.lead.with_user(self.rep_a).action_submit_split()
        self.assertEqual(self.lead.credit_split_state, "agreed")
        with self.assertRaisesMsg(UserError, "already Agreed"):
            self.lead.action_submit_split()
        with self.assertRaisesMsg(UserError, "Only a submitted credit split"):
            self.lead.action_agree_split()

    def test_single_participant_agrees_at_once(self):
        lead = self.opportunity(team=self.other_team)
        lead.with_user(self.manager).action_submit_split()
        self.assertEqual(lead.credit_split_state, "agreed")

    def test_manager_may_agree(self):
        self.lead.with_user(self.rep_b).action_submit_split()
        self.lead.with_user(self.manager).action_agree_split()
        self.assertEqual(self.lead.credit_split_agreed_by_id, self.manager)

    def test_change_after_agreement_needs_new_agreement(self):
        self.lead.with_user(self.rep_a).action_submit_split()
        self.lead.credit_split_line_ids[0].percent = 10
        self.assertEqual(self.lead.credit_split_state, "draft")
        self.assertFalse(self.lead.credit_split_agreed_by_id)
        self.assertIn("back to draft", self.lead.message_ids[0].body)

    def test_status_is_not_edited_directly(self):
        with self.assertRaisesMsg(UserError, "Submit, Agree and Reset buttons"):
            self.lead.with_user(self.rep_a).write({"credit_split_state": "agreed"})

    def test_won_requires_agreed_split(self):
        with self.assertRaisesMsg(UserError, "3 participants and is not agreed"):
            self.lead.action_set_won()
        self.assertFalse(self.lead.stage_id.is_won)
        self.company.credit_split_require_agreement = False
        self.lead.action_set_won()
        self.assertEqual(self.lead.credit_split_state, "locked")

    def test_won_requires_total_of_100(self):
        self.lead.credit_split_line_ids[0].percent = 10
        with self.assertRaisesMsg(UserError, "up to 90.00%"):
            self.lead.write({"stage_id": self.won_stage.id})

    def test_single_owner_wins_without_agreement(self):
        lead = self.opportunity(team=self.other_team)
        lead.write({"stage_id": self.won_stage.id})
        self.assertEqual(lead.credit_split_state, "locked")

    def test_winning_locks_and_only_managers_change_it(self):
        self.lead.with_user(self.rep_a).action_submit_split()
        self.lead.with_user(self.rep_a).action_set_won()
        self.assertEqual(self.lead.credit_split_state, "locked")
        line = self.lead.credit_split_line_ids[0]
        with self.assertRaisesMsg(UserError, "locked since the deal was won"):
            line.with_user(self.rep_a).percent = 10
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            self.lead.with_user(self.rep_a).action_reset_split()
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            line.with_user(self.rep_a).unlink()
        self.assertFalse(self.lead.with_user(self.rep_a).credit_split_editable)
        self.assertTrue(self.lead.with_user(self.manager).credit_split_editable)
        self.lead.credit_split_line_ids[1:].with_user(self.manager).write({"percent": 40})
        self.assertEqual(self.lead.credit_split_state, "locked")
        log = self.lead.message_ids[0].body
        self.assertIn("Locked credit split changed by a manager", log)
        self.assertIn("Split Rep B (T Service) 60.0%", log)
        self.assertIn("Split Rep B (T Service) 40.0%", log)
        self.lead.with_user(self.manager).action_reset_split()
        self.assertEqual(self.lead.credit_split_state, "draft")
        self.assertIn("reopened by a manager", self.lead.message_ids[0].body)

    def test_default_split_needs_a_manager_when_locked(self):
        self.company.credit_split_require_agreement = False
        self.lead.action_set_won()
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            self.lead.with_user(self.rep_a).action_default_split()
        self.lead.with_user(self.manager).action_default_split()
        self.assertEqual(len(self.lead.credit_split_line_ids), 1)

    def test_create_cannot_set_the_status(self):
        with self.assertRaisesMsg(UserError, "Submit, Agree and Reset buttons"):
            self.opportunity(credit_split_state="agreed")
        self.assertEqual(self.opportunity(credit_split_state="draft").credit_split_state, "draft")

    def test_created_won_is_locked(self):
        lead = self.opportunity(team=self.other_team, stage_id=self.won_stage.id)
        self.assertEqual(lead.credit_split_state, "locked")
        with self.assertRaisesMsg(UserError, "2 participants and is not agreed"):
            self.opportunity(
                stage_id=self.won_stage.id,
                credit_split_line_ids=[
                    self.line(self.rep_a, self.role_service, 50),
                    self.line(self.rep_b, self.role_service, 50),
                ],
            )

    def test_batch_defaults_follow_each_claim(self):
        self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_c.id, "key_type": "company"}
        )
        other = self.env["res.partner"].create({"name": "T Unclaimed Co", "is_company": True})
        leads = self.env["crm.lead"].create(
            [
                {"name": "T1", "type": "opportunity", "partner_id": self.customer.id},
                {
                    "name": "T2",
                    "type": "opportunity",
                    "partner_id": other.id,
                    "user_id": self.rep_b.id,
                },
            ]
        )
        self.assertEqual(leads.credit_split_line_ids.user_id, self.rep_c | self.rep_b)
        self.assertEqual(leads.mapped("credit_split_approver_id"), self.rep_c | self.rep_b)
