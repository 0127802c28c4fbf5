from decimal import Decimal

from odoo import Command
from odoo.exceptions import UserError, ValidationError

from odoo.addons.sales_credit_split.tools.allocation import (
    allocate,
    equal_shares,
    format_percent,
    is_full,
)

from .common import CreditSplitCase

THIRD = 33.333333


class TestEqualShares(CreditSplitCase):
    """Equal shares are credited equally, to the cent (均分业绩)."""

    def reverse(self, move):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "T refund"})
        )
        return self.env["account.move"].browse(wizard.refund_moves()["res_id"])

    def test_tools_full_split_and_equal_shares(self):
        self.assertEqual(
            equal_shares(3), [Decimal("33.333334"), Decimal("33.333333"), Decimal("33.333333")]
        )
        self.assertEqual(sum(equal_shares(7)), 100)
        self.assertTrue(is_full([THIRD] * 3))
        self.assertTrue(is_full([14.285714] * 7))
        self.assertTrue(is_full([33.33, 33.33, 33.34]))
        self.assertFalse(is_full([33.33] * 3), "a 2-decimal slip is not a full split")
        self.assertFalse(is_full([THIRD, THIRD, 33.333332]))
        self.assertFalse(is_full([]))
        self.assertEqual(format_percent(90), "90.00")
        self.assertEqual(format_percent(99.999998), "99.999998")
        self.assertEqual(allocate("9999.99", equal_shares(3)), [Decimal("3333.33")] * 3)

    def test_three_thirds_typed_by_hand_credit_the_same(self):
        lead = self.opportunity(revenue=9999.99)
        lead.credit_split_line_ids = self.three_way((THIRD, THIRD, THIRD))
        self.assertEqual(lead.credit_split_line_ids.mapped("percent"), [THIRD] * 3)
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(lead.credit_split_total, 100)
        self.assertEqual(self.amounts(lead), [3333.33] * 3)
        lead.action_submit_split()
        self.assertEqual(lead.credit_split_state, "submitted")

    def test_split_equally_button(self):
        lead = self.opportunity(revenue=9999.99)
        lead.credit_split_line_ids = self.three_way()
        lead.with_user(self.rep_a).action_credit_split_equally()
        self.assertEqual(lead.credit_split_line_ids.mapped("percent"), [33.333334, THIRD, THIRD])
        self.assertEqual(self.amounts(lead), [3333.33] * 3)
        self.assertEqual(round(sum(self.amounts(lead)), 2), 9999.99)
        # 100.00 between three: the odd cent goes to one of them, the sum is exact
        lead.expected_revenue = 100.0
        self.assertEqual(self.amounts(lead), [33.34, 33.33, 33.33])
        # an agreed split goes back to draft: the shares changed
        lead.with_user(self.rep_a).action_submit_split()  # the claim owner agrees at once
        self.assertEqual(lead.credit_split_state, "agreed")
        lead.with_user(self.rep_a).action_credit_split_equally()
        self.assertEqual(lead.credit_split_state, "draft")

    def test_split_equally_refused_on_a_locked_split(self):
        lead = self.opportunity()
        lead.action_set_won()
        with self.assertRaisesMsg(UserError, "only a sales manager may change it"):
            lead.with_user(self.rep_a).action_credit_split_equally()

    def test_invoice_and_credit_note_mirror_equal_shares(self):
        invoice = self.invoice(9999.99, self.three_way((THIRD, THIRD, THIRD)))
        self.assertEqual(self.amounts(invoice), [3333.33] * 3)
        self.assertEqual(self.amounts(invoice, "amount"), [3333.33] * 3)
        refund = self.reverse(invoice)
        refund.action_post()
        self.assertEqual(self.amounts(refund), [-3333.33] * 3)
        self.assertEqual(self.amounts(refund, "amount"), [-3333.33] * 3)
        self.assertEqual(
            self.amounts(refund, "commission_amount"),
            [-c for c in self.amounts(invoice, "commission_amount")],
        )
        # a credit note of its own (no invoice reversed) splits the negative exactly too
        credit_note = self.invoice(
            100.0, self.three_way((THIRD, THIRD, THIRD)), move_type="out_refund"
        )
        self.assertEqual(self.amounts(credit_note), [-33.34, -33.33, -33.33])

    def test_two_decimal_input_keeps_working(self):
        invoice = self.invoice(9999.99, self.three_way((33.33, 33.33, 33.34)))
        self.assertEqual(invoice.credit_split_line_ids.mapped("percent"), [33.33, 33.33, 33.34])
        self.assertEqual(self.amounts(invoice), [3333.00, 3333.00, 3333.99])
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way((33.33, 33.33, 33.33))
        self.assertFalse(lead.credit_split_total_ok)
        with self.assertRaisesMsg(UserError, "up to 99.99%"):
            lead.action_submit_split()
        lead.credit_split_line_ids[2].percent = 33.333332
        with self.assertRaisesMsg(UserError, "up to 99.993332%"):
            lead.action_submit_split()

    def test_template_of_three_thirds(self):
        Template = self.env["sales.credit.split.template"]
        roles = (self.role_first, self.role_service, self.role_signing)
        template = Template.create(
            {
                "name": "T thirds",
                "line_ids": [Command.create({"role_id": r.id, "percent": THIRD}) for r in roles],
            }
        )
        self.assertEqual(template.total_percent, 100)
        with self.assertRaisesMsg(ValidationError, "up to 99.99%"):
            Template.create(
                {
                    "name": "T slip",
                    "line_ids": [
                        Command.create({"role_id": r.id, "percent": 33.33}) for r in roles
                    ],
                }
            )
        self.team.credit_split_template_id = template
        lead = self.opportunity(revenue=9999.99)
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(self.amounts(lead), [3333.33] * 3)
