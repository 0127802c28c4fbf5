from odoo import Command

from .common import CreditSplitCase


class TestHandover(CreditSplitCase):
    """A leaving rep's open shares go to the successor (离职交接); history stays."""

    def test_hand_over_open_splits(self):
        open_lead = self.opportunity()
        open_lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_service, 40),
            self.line(self.rep_b, self.role_service, 40),
            self.line(self.rep_a, self.role_signing, 20),
        ]
        open_lead.with_user(self.manager).action_submit_split()
        open_lead.with_user(self.manager).action_agree_split()
        won_lead = self.opportunity(team=self.other_team)
        won_lead.action_set_won()
        posted = self.invoice(100.0, [self.line(self.rep_a, self.role_service, 100)])
        moved = self.rep_a.with_user(self.manager)._credit_split_hand_over(self.rep_b)
        self.assertEqual(moved, 2)
        lines = open_lead.credit_split_line_ids
        self.assertEqual(lines.user_id, self.rep_b)
        self.assertEqual(lines.mapped("percent"), [80, 20])
        self.assertEqual(open_lead.credit_split_state, "draft")
        self.assertEqual(won_lead.credit_split_line_ids.user_id, self.rep_a)
        self.assertEqual(posted.credit_split_line_ids.user_id, self.rep_a)
