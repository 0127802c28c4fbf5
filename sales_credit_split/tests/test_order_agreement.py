from odoo import Command
from odoo.exceptions import UserError

from .common import CreditSplitCase


class TestOrderAgreement(CreditSplitCase):
    """Confirming a quotation is signing (签约): a shared split must be agreed first."""

    def quotation(self, lead=None, split=None, user=None):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id if lead else False,
                "user_id": (user or self.rep_a).id,
                "team_id": self.team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 1000.0, "tax_id": False}
                    )
                ],
                "credit_split_line_ids": split or [],
            }
        )

    def test_unagreed_split_blocks_confirmation(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way()
        order = self.quotation(lead).with_user(self.rep_a)
        self.assertEqual(len(order.credit_split_line_ids), 3)
        with self.assertRaisesMsg(UserError, "not agreed.*Split Rep A"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        lead.with_user(self.rep_a).action_submit_split()
        self.assertEqual(lead.credit_split_state, "agreed")
        # a quotation changed after the copy is not what was agreed
        order.credit_split_line_ids[0].percent = 10
        order.credit_split_line_ids[1].percent = 70
        with self.assertRaisesMsg(UserError, "differs from the split agreed"):
            order.action_confirm()
        order.action_copy_split_from_opportunity()
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.credit_split_line_ids.mapped("percent"), [20, 60, 20])

    def test_shared_split_without_opportunity_needs_a_manager(self):
        order = self.quotation(split=self.three_way()[1:]).with_user(self.rep_a)
        with self.assertRaisesMsg(UserError, "sales manager"):
            order.action_confirm()
        order.with_user(self.manager).action_confirm()
        self.assertEqual(order.state, "sale")

    def test_single_participant_needs_no_agreement(self):
        order = self.quotation(self.opportunity()).with_user(self.rep_a)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.company.credit_split_require_agreement = False
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way()
        order = self.quotation(lead).with_user(self.rep_a)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
