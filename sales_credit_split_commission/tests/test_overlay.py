from odoo import Command

from .common import SplitCommissionCase


class TestOverlaySettlement(SplitCommissionCase):
    """Overlay credit (pre-sales, specialists) is paid on top of the revenue
    split: it never reduces what the revenue shares are paid."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.overlay = cls.env.ref("sales_credit_split.split_type_overlay")
        cls.role_presales = cls.env["sales.credit.role"].create(
            {
                "name": "T Bridge Pre-Sales",
                "commission_rate": 1,
                "split_type_ids": [Command.set(cls.overlay.ids)],
            }
        )

    def split(self, revenue, overlay):
        commands = [Command.clear()]
        roles = (self.role_first, self.role_service, self.role_signing)
        commands += [
            self.line(user, role, percent)
            for (user, percent), role in zip(revenue, roles, strict=False)
        ]
        commands += [
            self.line(user, self.role_presales, percent, split_type_id=self.overlay.id)
            for user, percent in overlay
        ]
        return commands

    def test_overlay_is_paid_on_top_of_the_revenue_split(self):
        split = self.split(revenue=[(self.rep_a, 50), (self.rep_b, 50)], overlay=[(self.rep_c, 10)])
        invoice = self.post(self.invoice(1000.0, split, post=False))
        a, b, c = self.partners(self.rep_a, self.rep_b, self.rep_c)
        # 10% commission on 1,000: 100 shared by revenue, 10 more for pre-sales
        self.assertEqual(self.agent_amounts(invoice), {a: 50.0, b: 50.0, c: 10.0})
        settlements = self.settle("2026-02-10")
        self.assertEqual(len(settlements), 3)
        self.assertEqual([self.paid(p) for p in (a, b, c)], [50.0, 50.0, 10.0])

    def test_three_way_revenue_and_overlay_settle_exactly(self):
        """Exact thirds of 9,999.99 (commission 1,000.00) and an overlay of
        the signer: each revenue third to the cent, the overlay on top."""
        third = 100 / 3
        split = self.split(
            revenue=[(self.rep_a, third), (self.rep_b, third), (self.rep_c, 100 - 2 * third)],
            overlay=[(self.rep_a, 5)],
        )
        invoice = self.post(self.invoice(9999.99, split, post=False))
        a, b, c = self.partners(self.rep_a, self.rep_b, self.rep_c)
        amounts = self.agent_amounts(invoice)
        # rep_a: a third of 1,000.00 and 5 % of it as pre-sales, on one agent line
        self.assertEqual(amounts[b], 333.33)
        self.assertEqual(amounts[c], 333.33)
        self.assertEqual(amounts[a], 383.34)
        self.assertEqual(round(sum(amounts.values()), 2), 1050.00)
        self.settle("2026-02-10")
        self.assertEqual([self.paid(p) for p in (a, b, c)], [383.34, 333.33, 333.33])
        # the credit split itself: revenue shares the amount, overlay on top
        credited = {
            (line.user_id, line.split_type_id.code): round(line.amount, 2)
            for line in invoice.credit_split_line_ids
        }
        self.assertEqual(credited[(self.rep_b, "revenue")], 3333.33)
        self.assertEqual(credited[(self.rep_a, "overlay")], 500.00)
