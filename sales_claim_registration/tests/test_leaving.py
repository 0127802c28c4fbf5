from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestLeaving(ClaimCase):
    """People leave (离职交接): archiving a rep never strands their customers."""

    def _work(self, rep):
        """A claimed customer, an open opportunity and an activity of ``rep``."""
        claim = self.claim(rep, self.jia)
        lead = self.env["crm.lead"].create(
            {
                "name": "甲乙 ERP",
                "type": "opportunity",
                "partner_id": self.jia.id,
                "user_id": rep.id,
                "team_id": self.team_tele.id,
            }
        )
        activity = lead.activity_schedule("mail.mail_activity_data_call", user_id=rep.id)
        return claim, lead, activity

    def _mode(self, mode):
        self.env["ir.config_parameter"].set_param("sales_claim_registration.leaver_successor", mode)

    def test_archiving_a_rep_who_owns_work_needs_a_handover_first(self):
        claim, lead, _activity = self._work(self.rep_tele)
        with self.assertRaisesRegex(UserError, "Telesales Rep still owns active claims: 1"):
            self.rep_tele.with_user(self.manager).sudo().action_archive()
        with self.assertRaisesRegex(UserError, "Hand them over first"):
            self.rep_tele.write({"active": False})
        self.assertTrue(self.rep_tele.active)
        self.assertEqual(claim.state, "active")
        self.assertEqual(lead.user_id, self.rep_tele)

    def test_archiving_hands_everything_to_the_team_leader_in_one_step(self):
        self._mode("team_leader")
        claim, lead, activity = self._work(self.rep_tele)
        self.rep_tele.action_archive()
        self.assertFalse(self.rep_tele.active)
        self.assertEqual(claim.state, "transferred")
        self.assertEqual(self.jia.claim_owner_id, self.team_leader)
        self.assertEqual(self.jia.user_id, self.team_leader)
        self.assertEqual(lead.user_id, self.team_leader)
        self.assertEqual(lead.team_id, self.team_tele, "the team does not drift")
        self.assertTrue(activity.exists(), "Odoo deletes archived users' activities: moved first")
        self.assertEqual(activity.user_id, self.team_leader)
        for record in (self.jia, lead):
            notes = record.message_ids.filtered(lambda m: "left: handed over to" in (m.body or ""))
            self.assertEqual(len(notes), 1, record._name)
            self.assertIn("Telesales Leader", notes.body)

    def test_manager_without_hr_is_the_team_leader(self):
        self._mode("manager")
        self._work(self.rep_tele)
        self.rep_tele.action_archive()
        self.assertEqual(self.jia.claim_owner_id, self.team_leader)

    def test_no_successor_refuses(self):
        self._mode("team_leader")
        self._work(self.rep_direct)  # the direct team has no leader
        with self.assertRaisesRegex(UserError, "has no successor"):
            self.rep_direct.action_archive()
        self.assertTrue(self.rep_direct.active)

    def test_a_rep_without_work_is_archived_as_before(self):
        self.rep_agent_manager.action_archive()
        self.assertFalse(self.rep_agent_manager.active)
