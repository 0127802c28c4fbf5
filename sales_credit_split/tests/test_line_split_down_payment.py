from decimal import Decimal

from odoo import Command

from .common import LineSplitCase


def cents(value):
    return Decimal(str(round(value, 2)))


class TestLineSplitDownPayment(LineSplitCase):
    """A final invoice whose down payment deduction is larger than the lines
    credited by the invoice's split: that group weighs negative (its
    participants give back part of what the down payment credited them), the
    lines with their own split are credited in full, and the parts add up to
    the untaxed total to the cent."""

    def equal_three(self):
        users = (self.rep_a, self.rep_b, self.rep_c)
        roles = (self.role_first, self.role_service, self.role_signing)
        percents = (33.333334, 33.333333, 33.333333)
        return [self.line(u, r, p) for u, r, p in zip(users, roles, percents, strict=True)]

    def test_deduction_larger_than_the_other_lines(self):
        cases = [
            # (name, lines, order split, service split, down payment %)
            (
                "service rep B, 95%",
                [(self.hardware, 1, 10000.0), (self.service, 1, 2000.0)],
                [],
                [self.line(self.rep_b, self.role_service, 100)],
                95,
            ),
            (
                "thirds on odd cents, 99%",
                [(self.hardware, 3, 3333.33), (self.service, 1, 1234.57)],
                self.equal_three(),
                [
                    self.line(self.rep_b, self.role_service, 50),
                    self.line(self.agent, self.role_first, 50),
                ],
                99,
            ),
            (
                "two split lines, 90%",
                [(self.hardware, 1, 1000.01), (self.service, 2, 4999.99)],
                [self.line(self.rep_a, self.role_signing, 100)],
                [
                    self.line(self.rep_c, self.role_service, 66.666667),
                    self.line(self.rep_b, self.role_first, 33.333333),
                ],
                90,
            ),
        ]
        for name, lines, split, service_split, percent in cases:
            with self.subTest(name):
                order = self.order(lines, split=split, service_split=service_split, confirm=False)
                order.with_user(self.manager).action_confirm()
                down = self.down_payment(order, percent)
                down.action_post()
                final = order._create_invoices(final=True)
                final.action_post()
                self.assertEqual(final.move_type, "out_invoice")
                deduction = final.invoice_line_ids.filtered(
                    lambda x: x.display_type == "product" and x.price_subtotal < 0
                )
                rest = sum(
                    x.price_subtotal
                    for x in final.invoice_line_ids
                    if x.display_type == "product" and not x.credit_split_line_ids
                )
                self.assertTrue(deduction)
                self.assertLess(rest, 0, "the deduction is larger than the other lines")
                shares = final._credit_split_all_lines()
                for field, total in (
                    ("amount", final.amount_untaxed),
                    ("amount_company", final.amount_untaxed_signed),
                ):
                    self.assertEqual(
                        sum((cents(x) for x in shares.mapped(field)), Decimal(0)),
                        cents(total),
                        f"{field} adds up to the untaxed total",
                    )
                # signs: the invoice's split gives back, the service line's split is credited
                for share in shares:
                    positive = bool(share.move_line_id)
                    self.assertEqual(
                        share.amount > 0, positive, f"{share._describe()}: {share.amount}"
                    )
                self.assertEqual(
                    {
                        x: round(a, 2)
                        for x, a in self.service_line(final).credit_split_line_ids.mapped(
                            lambda s: (s._participant_name(), s.amount)
                        )
                    },
                    {
                        x: round(a, 2)
                        for x, a in self.service_line(order).credit_split_line_ids.mapped(
                            lambda s: (s._participant_name(), s.amount)
                        )
                    },
                    "the service line is credited in full on the final invoice",
                )
                # down payment and final invoice together credit what the order does
                totals = {}
                for invoice in down | final:
                    for person, amount in self.credited(invoice).items():
                        totals[person] = round(totals.get(person, 0.0) + amount, 2)
                self.assertEqual(totals, self.credited(order))
                # a credit note of the final invoice gives back each part exactly
                refund = self.reverse(final)
                refund.action_post()
                self.assertEqual(
                    self.parts(refund),
                    sorted((p, n, -a, -c) for p, n, a, c in self.parts(final)),
                )
                self.assertEqual(
                    self.credited(refund), {k: -v for k, v in self.credited(final).items()}
                )

    def test_deduction_lines_stay_out_of_a_line_split(self):
        """The down payment line of a final invoice has no split of its own
        (the order's down payment line has none): it is the invoice split's."""
        order = self.deal()
        self.down_payment(order, 95).action_post()
        final = order._create_invoices(final=True)
        deduction = final.invoice_line_ids.filtered(lambda x: x.price_subtotal < 0)
        self.assertFalse(deduction.credit_split_line_ids)
        final.write({"invoice_line_ids": [Command.update(deduction.id, {"name": "T edited"})]})
        self.assertFalse(deduction.credit_split_line_ids)

    def test_down_payment_of_everything(self):
        """A 100% down payment: the final invoice is worth nothing, but its
        service line is still the service rep's; the invoice's split gives back
        the same amount, so the deal credits each participant what the order
        does, in the order's currency and in the company's (at the rate)."""
        foreign = (
            self.env.ref("base.EUR") if self.currency.name != "EUR" else self.env.ref("base.USD")
        )
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "rate": 4.0,
                "currency_id": foreign.id,
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "T 4:1", "currency_id": foreign.id}
        )
        for currency, rate in ((self.currency, 1), (foreign, 4)):
            with self.subTest(currency=currency.name):
                order = self.deal(confirm=False)
                if currency == foreign:
                    order.pricelist_id = pricelist
                    order.order_line.filtered(
                        lambda x: x.product_id == self.hardware
                    ).price_unit = 10000.0
                    self.service_line(order).price_unit = 2000.0
                order.action_confirm()
                self.assertEqual(order.currency_id, currency)
                down = self.down_payment(order, 100)
                down.action_post()
                self.assertEqual(self.credited(down, "amount"), {"Split Rep A": 12000.0})
                final = order._create_invoices(final=True)
                final.action_post()
                self.assertEqual(final.amount_untaxed, 0.0)
                for field, unit in (("amount", 1), ("amount_company", rate)):
                    self.assertEqual(
                        self.credited(final, field),
                        {"Split Rep A": -2000.0 / unit, "Split Rep B": 2000.0 / unit},
                    )
                    totals = {}
                    for invoice in down | final:
                        for person, amount in self.credited(invoice, field).items():
                            totals[person] = round(totals.get(person, 0.0) + amount, 2)
                    self.assertEqual(totals, self.credited(order, field))
                refund = self.reverse(final)
                refund.action_post()
                self.assertEqual(
                    self.parts(refund), sorted((p, n, -a, -c) for p, n, a, c in self.parts(final))
                )
