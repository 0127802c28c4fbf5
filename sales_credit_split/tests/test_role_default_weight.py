from odoo import Command

from .common import CreditSplitCase


class TestRoleDefaultWeight(CreditSplitCase):
    """A role's default weight is the share proposed when it is added without one."""

    def test_line_without_share_takes_the_role_weight(self):
        lead = self.opportunity(team=self.other_team)
        lead.credit_split_line_ids = [
            Command.clear(),
            Command.create({"user_id": self.rep_a.id, "role_id": self.role_first.id}),
            Command.create({"user_id": self.rep_b.id, "role_id": self.role_service.id}),
            Command.create({"user_id": self.rep_c.id, "role_id": self.role_signing.id}),
        ]
        self.assertEqual(lead.credit_split_line_ids.mapped("percent"), [20, 60, 20])
        self.assertTrue(lead.credit_split_total_ok)
        # an explicit share wins over the proposal
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_first, 100),
        ]
        self.assertEqual(lead.credit_split_line_ids.percent, 100)

    def test_form_proposes_the_weight_when_the_role_is_chosen(self):
        line = self.env["sales.credit.split.line"].new({"user_id": self.rep_a.id})
        line.role_id = self.role_service
        self.assertEqual(line.percent, 60)
        line.percent = 35
        line.role_id = self.role_first
        self.assertEqual(line.percent, 35, "a share entered by hand is kept")
