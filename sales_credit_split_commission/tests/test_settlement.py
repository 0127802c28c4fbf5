from .common import SplitCommissionCase


class TestSettlement(SplitCommissionCase):
    """OCA's settlement wizard pays each participant their part, exactly."""

    def test_three_way_split_of_9999_99_settles_to_the_cent(self):
        invoice = self.post(
            self.invoice(9999.99, self.three_way((33.33, 33.33, 33.34)), post=False)
        )
        # OCA alone would pay one agent 10% of 9,999.99 = 999.999, i.e. 1,000.00
        agents = invoice.invoice_line_ids.agent_ids
        self.assertEqual(agents.mapped("amount"), [333.30, 333.30, 333.40])
        self.assertEqual(round(sum(agents.mapped("amount")), 2), 1000.00)

        settlements = self.settle("2026-02-10")
        self.assertEqual(len(settlements), 3)
        by_agent = {s.agent_id: s for s in settlements}
        a, b, c = self.partners(self.rep_a, self.rep_b, self.rep_c)
        self.assertEqual([by_agent[p].total for p in (a, b, c)], [333.30, 333.30, 333.40])
        self.assertEqual(round(sum(settlements.mapped("total")), 2), 1000.00)
        self.assertEqual(settlements.company_id, self.company)
        self.assertEqual(set(settlements.mapped("date_from")), {settlements[0].date_from})
        self.assertTrue(all(agents.mapped("settled")))
        # settling again pays nobody twice
        self.assertFalse(self.settle("2026-02-10"))
        self.assertEqual([self.paid(p) for p in (a, b, c)], [333.30, 333.30, 333.40])

    def test_equal_thirds_of_small_amounts_add_up(self):
        for amount in (0.10, 1.00, 100.01, 33333.33):
            invoice = self.post(
                self.invoice(amount, self.three_way((33.33, 33.33, 33.34)), post=False)
            )
            parts = invoice.invoice_line_ids.agent_ids.mapped("amount")
            expected = self.currency.round(amount * 0.10)
            self.assertEqual(round(sum(parts), 2), expected, amount)
            # each part is its exact share of the pool, within a cent
            for part, share in zip(parts, (33.33, 33.33, 33.34), strict=True):
                self.assertLessEqual(abs(part - amount * 0.10 * share / 100), 0.01, amount)

    def test_settlement_invoice_per_person(self):
        """The settlements become one vendor bill per person, OCA's way."""
        self.post(self.invoice(1000.0, self.three_way(), post=False))
        settlements = self.settle("2026-02-10")
        journal = self.env["account.journal"].search(
            [("type", "=", "purchase"), ("company_id", "=", self.company.id)], limit=1
        )
        product = self.env["product.product"].create(
            {"name": "T Commission", "type": "service", "supplier_taxes_id": False}
        )
        bills = settlements.with_user(self.commission_manager).make_invoices(journal, product)
        self.assertEqual(len(bills), 3)
        self.assertEqual(
            {bill.partner_id: bill.amount_total for bill in bills},
            {
                self.rep_a.partner_id: 20.0,
                self.rep_b.partner_id: 60.0,
                self.rep_c.partner_id: 20.0,
            },
        )

    def test_cancelled_invoice_pays_nothing(self):
        invoice = self.post(self.invoice(1000.0, self.three_way(), post=False))
        invoice.button_draft()
        self.assertFalse(any(invoice.invoice_line_ids.agent_ids.mapped("split_frozen")))
        invoice.button_cancel()
        self.assertFalse(self.settle("2026-02-10"))
