from .common import SplitCommissionCase


class TestRefundRateChange(SplitCommissionCase):
    """Credit notes pay back exactly what was paid, whatever the rates by then;
    a later rate change never rewrites what was posted and settled."""

    def setUp(self):
        super().setUp()
        self.invoice_1 = self.post(self.invoice(1000.0, self.three_way(), post=False))
        self.settle("2026-02-10")
        self.parts = [self.paid(p) for p in self.partners(self.rep_a, self.rep_b, self.rep_c)]
        self.assertEqual(self.parts, [20.0, 60.0, 20.0])
        # the rate of the three agents changes from 10% to 25%
        self.commission_10.fix_qty = 25.0

    def test_rate_change_does_not_rewrite_the_settled_invoice(self):
        agents = self.invoice_1.invoice_line_ids.agent_ids
        self.invoice_1.recompute_lines_agents()  # OCA's button
        agents._compute_amount()
        self.assertEqual(self.invoice_1.invoice_line_ids.agent_ids, agents)
        self.assertEqual(agents.mapped("amount"), [20.0, 60.0, 20.0])
        settled = agents.settlement_line_ids
        self.assertEqual(settled.mapped("settled_amount"), [20.0, 60.0, 20.0])
        self.assertFalse(self.settle("2026-03-10"))
        # a new invoice is paid at the new rate
        invoice_2 = self.post(self.invoice(1000.0, self.three_way(), post=False))
        self.assertEqual(invoice_2.invoice_line_ids.agent_ids.mapped("amount"), [50.0, 150.0, 50.0])

    def test_refund_after_rate_change_pays_nothing_twice(self):
        refund = self.reverse(self.invoice_1, "2026-02-15")
        self.post(refund)
        agents = refund.invoice_line_ids.agent_ids
        # the exact negatives of what was paid, not 25% of the refund
        self.assertEqual(agents.mapped("amount"), [-20.0, -60.0, -20.0])
        self.assertEqual(agents.origin_agent_line_id, self.invoice_1.invoice_line_ids.agent_ids)
        settlements = self.settle("2026-03-10")
        self.assertEqual(sorted(settlements.mapped("total")), [-60.0, -20.0, -20.0])
        partners = self.partners(self.rep_a, self.rep_b, self.rep_c)
        self.assertEqual([self.paid(p) for p in partners], [0.0, 0.0, 0.0])
        self.assertFalse(self.settle("2026-04-10"))

    def test_partial_refund_pays_back_in_proportion(self):
        refund = self.reverse(self.invoice_1, "2026-02-15")
        refund.invoice_line_ids.price_unit = 400.0
        self.post(refund)
        self.assertEqual(refund.invoice_line_ids.agent_ids.mapped("amount"), [-8.0, -24.0, -8.0])

    def test_reverse_and_replace(self):
        replacement = self.reverse(self.invoice_1, "2026-02-15", modify=True)
        refund = self.invoice_1.reversal_move_ids
        self.assertEqual(refund.invoice_line_ids.agent_ids.mapped("amount"), [-20.0, -60.0, -20.0])
        # the replacement is a new invoice, paid at today's rate
        replacement.invoice_date = "2026-02-15"
        self.post(replacement)
        self.assertEqual(
            replacement.invoice_line_ids.agent_ids.mapped("amount"), [50.0, 150.0, 50.0]
        )
        self.settle("2026-03-10")
        partners = self.partners(self.rep_a, self.rep_b, self.rep_c)
        self.assertEqual([self.paid(p) for p in partners], [50.0, 150.0, 50.0])
