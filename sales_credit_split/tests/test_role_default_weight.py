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

    def test_weight_of_a_third_is_proposed_in_full(self):
        """A role weighing a third proposes 33.333333: three such shares are a full split."""
        self.role_service.default_weight = 33.333333
        lead = self.opportunity(team=self.other_team, revenue=9999.99)
        lead.credit_split_line_ids = [Command.clear()] + [
            Command.create({"user_id": user.id, "role_id": self.role_service.id})
            for user in (self.rep_a, self.rep_b, self.rep_c)
        ]
        self.assertEqual(lead.credit_split_line_ids.mapped("percent"), [33.333333] * 3)
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(self.amounts(lead), [3333.33] * 3)

    def test_form_proposes_the_weight_when_the_role_is_chosen(self):
        line = self.env["sales.credit.split.line"].new({"user_id": self.rep_a.id})
        line.role_id = self.role_service
        self.assertEqual(line.percent, 60)
        line.percent = 35
        line.role_id = self.role_first
        self.assertEqual(line.percent, 35, "a share entered by hand is kept")
