from odoo import Command

from .common import LineSplitCase


class TestLineSplitCopies(LineSplitCase):
    """Where a product line's split comes from after the first copy: a
    duplicated invoice keeps the splits of its lines (复制发票), and a draft
    invoice line whose split a user edited or removed no longer follows its
    order line's split."""

    def shares_by_line(self, move):
        """[(product, [(participant, role, split type, percent)])] of the product lines."""
        return [
            (
                line.product_id.name,
                sorted(
                    (s._participant_name(), s.role_id.name, s.split_type_id.name, s.percent)
                    for s in line.credit_split_line_ids
                ),
            )
            for line in move.invoice_line_ids.sorted("id")
            if line.display_type == "product"
        ]

    def per_line(self, move):
        """{(product or '', participant): [credited, commission]}: an invoice of two
        orders crediting rep A in each is one share of rep A on its copy."""
        result = {}
        for product, person, amount, commission in self.parts(move):
            total = result.setdefault((product, person), [0.0, 0.0])
            total[0], total[1] = round(total[0] + amount, 2), round(total[1] + commission, 2)
        return result

    def report(self, move):
        """{participant: credited revenue} in the credit report (revenue and overlay)."""
        rows = self.env["sales.credit.report"]._read_group(
            [("move_id", "=", move.id)], ["user_id"], ["amount_company:sum"]
        )
        return {user.name: round(amount, 2) for user, amount in rows}

    def manual_invoice(self):
        """Hardware 10,000 (the invoice's split: rep A 70 / rep C 30) and service
        2,000 (its own split: rep B 60 / rep C 40, and rep A's overlay 10)."""
        overlay = self.env.ref("sales_credit_split.split_type_overlay")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_user_id": self.rep_a.id,
                "team_id": self.team.id,
                "invoice_date": "2026-01-15",
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": product.id, "price_unit": price, "tax_ids": False}
                    )
                    for product, price in ((self.hardware, 10000.0), (self.service, 2000.0))
                ],
                "credit_split_line_ids": [
                    self.line(self.rep_a, self.role_signing, 70),
                    self.line(self.rep_c, self.role_first, 30),
                ],
            }
        )
        self.service_line(invoice).credit_split_line_ids = [
            self.line(self.rep_b, self.role_service, 60),
            self.line(self.rep_c, self.role_first, 40),
            self.line(self.rep_a, self.role_first, 10, split_type_id=overlay.id),
        ]
        return invoice

    def order_invoice(self):
        """An invoice of an order split rep A 50 / rep C 50 whose service line is rep B's."""
        order = self.deal(
            split=[
                self.line(self.rep_a, self.role_signing, 50),
                self.line(self.rep_c, self.role_first, 50),
            ],
            confirm=False,
        )
        order.with_user(self.manager).action_confirm()
        return order._create_invoices()

    def two_orders_invoice(self):
        """One invoice of two orders: rep A's deal (its service line rep B's) and
        rep C's 3,000 of hardware split with rep A 40 / rep C 60."""
        second = self.order(
            [(self.hardware, 1, 3000.0)],
            user=self.rep_c,
            split=[
                self.line(self.rep_a, self.role_signing, 40),
                self.line(self.rep_c, self.role_first, 60),
            ],
            confirm=False,
        )
        second.with_user(self.manager).action_confirm()
        return (self.deal() | second)._create_invoices()

    # ------------------------------------------------------------------ duplicate

    def test_duplicated_invoice_keeps_the_splits_of_its_lines(self):
        """The Duplicate button: same shares on the same lines, rates not frozen
        (a new draft), and once posted the same credit per participant."""
        for name, make, post_original in (
            ("manual invoice, posted", self.manual_invoice, True),
            ("manual invoice, draft", self.manual_invoice, False),
            ("invoice of an order, posted", self.order_invoice, True),
            ("invoice of two orders, posted", self.two_orders_invoice, True),
        ):
            with self.subTest(name):
                original = make()
                if post_original:
                    original.action_post()
                copy = original.with_user(self.accountant).copy()
                self.assertEqual(copy.state, "draft")
                self.assertEqual(self.shares_by_line(copy), self.shares_by_line(original))
                shares = copy._credit_split_all_lines()
                self.assertEqual(shares.move_id, copy)
                self.assertFalse(any(shares.mapped("rate_frozen")), "a new draft's rates follow")
                self.assertEqual(
                    self.service_line(original).credit_split_line_ids.move_line_id,
                    self.service_line(original),
                    "the original keeps its shares",
                )
                copy.invoice_date = original.invoice_date
                copy.with_user(self.accountant).action_post()
                self.assertTrue(all(shares.mapped("rate_frozen")))
                if original.state == "draft":
                    original.action_post()
                self.assertEqual(self.credited(copy), self.credited(original))
                self.assertEqual(self.per_line(copy), self.per_line(original))
                self.assertEqual(self.report(copy), self.report(original))

    def test_duplicate_takes_the_rates_of_today(self):
        """The original's rates stay frozen; the copy's follow the roles until posted."""
        original = self.manual_invoice()
        original.action_post()
        self.role_service.commission_rate = 50
        copy = original.with_user(self.accountant).copy()
        share = self.service_line(copy).credit_split_line_ids.filtered(
            lambda x: x.user_id == self.rep_b
        )
        self.assertEqual((share.commission_rate, share.rate_frozen), (50.0, False))
        copy.invoice_date = original.invoice_date
        copy.action_post()
        self.role_service.commission_rate = 7
        self.assertEqual((share.commission_rate, share.rate_frozen), (50.0, True))
        self.assertEqual(
            self.service_line(original)
            .credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_b)
            .commission_rate,
            5.0,
        )
        self.assertEqual(share.commission_amount, 600.0, "50% of rep B's 1,200")

    def test_reverse_and_replace_keeps_the_shares_as_they_are(self):
        """The replacement of an invoice corrects the same sale: its lines keep
        the invoice lines' shares (an edited one too, not the order line's),
        with their frozen rates and source order."""
        invoice = self.deal()._create_invoices()
        line = self.service_line(invoice)
        line.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_c, self.role_service, 100),
        ]
        invoice.action_post()
        self.role_service.commission_rate = 50
        replacement = self.reverse(invoice, modify=True)
        self.assertEqual(replacement.state, "draft")
        self.assertEqual(
            replacement.invoice_line_ids.sale_line_ids, invoice.invoice_line_ids.sale_line_ids
        )
        self.assertEqual(self.shares_by_line(replacement), self.shares_by_line(invoice))
        shares = self.service_line(replacement).credit_split_line_ids
        self.assertEqual((shares.commission_rate, shares.rate_frozen), (5.0, True))
        self.assertEqual(shares.source_order_id, line.credit_split_line_ids.source_order_id)
        self.assertEqual(
            replacement.credit_split_line_ids.source_order_id,
            invoice.credit_split_line_ids.source_order_id,
            "the replacement invoices the order: its split still follows it",
        )
        replacement.action_post()
        self.assertEqual(self.parts(replacement), self.parts(invoice))
        self.assertEqual(
            self.credited(invoice.reversal_move_ids),
            {k: -v for k, v in self.credited(invoice).items()},
        )

    def test_credit_note_still_mirrors_and_is_not_doubled(self):
        """A reversal copies the invoice too: its lines' shares are mirrored once."""
        invoice = self.manual_invoice()
        invoice.action_post()
        refund = self.reverse(invoice)
        refund.action_post()
        self.assertEqual(self.shares_by_line(refund), self.shares_by_line(invoice))
        self.assertEqual(
            self.parts(refund), sorted((p, n, -a, -c) for p, n, a, c in self.parts(invoice))
        )

    # ------------------------------------------------------------------ edited draft lines

    def test_edited_line_split_does_not_come_back_from_the_order_line(self):
        """The order line's split is copied once, when the invoice line is made:
        a share the user removed or replaced stays so through later edits of the
        line and posting; the line is then credited by the invoice's split, or
        by the share typed in its place."""

        def remove(invoice, line):
            line.credit_split_line_ids.unlink()

        def clear_on_line(invoice, line):
            line.write({"credit_split_line_ids": [Command.clear()]})

        def remove_with_the_invoice(invoice, line):
            share = line.credit_split_line_ids
            invoice.write(
                {
                    "invoice_line_ids": [
                        Command.update(
                            line.id, {"credit_split_line_ids": [Command.unlink(share.id)]}
                        )
                    ]
                }
            )

        def replace(invoice, line):
            line.credit_split_line_ids = [
                Command.clear(),
                self.line(self.rep_c, self.role_service, 100),
            ]

        only_a = {"Split Rep A": 14000.0}
        for edit, expected in (
            (remove, only_a),
            (clear_on_line, only_a),
            (remove_with_the_invoice, only_a),
            (replace, {"Split Rep A": 10000.0, "Split Rep C": 4000.0}),
        ):
            with self.subTest(edit.__name__):
                invoice = self.deal()._create_invoices()
                line = self.service_line(invoice)
                self.assertEqual(line.credit_split_line_ids.user_id, self.rep_b)
                edit(invoice.with_user(self.accountant), line.with_user(self.accountant))
                invoice.with_user(self.accountant).write(
                    {"invoice_line_ids": [Command.update(line.id, {"quantity": 2})]}
                )
                self.assertNotIn(self.rep_b, line.credit_split_line_ids.user_id)
                self.assertEqual(self.credited(invoice), expected)
                invoice.with_user(self.accountant).action_post()
                self.assertNotIn(self.rep_b, invoice._credit_split_all_lines().user_id)
                self.assertEqual(self.credited(invoice), expected)
                summary = str(invoice.credit_split_summary or "")
                self.assertEqual("Split Rep C" in summary, "Split Rep C" in expected)
                self.assertNotIn("Split Rep B", summary)
                self.assertEqual(self.report(invoice), expected)

    def test_line_added_by_hand_still_takes_the_order_line_split_once(self):
        """The first pick-up is kept: a line added to a draft invoice brings its
        order line's split, and editing that line later does not add it twice."""
        deal = self.deal()
        invoice = self.order([(self.hardware, 1, 10000.0)])._create_invoices()
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "price_unit": 2000.0,
                            "tax_ids": False,
                            "sale_line_ids": [Command.set(self.service_line(deal).ids)],
                        }
                    )
                ]
            }
        )
        line = self.service_line(invoice)
        self.assertEqual(line.credit_split_line_ids.user_id, self.rep_b)
        invoice.write({"invoice_line_ids": [Command.update(line.id, {"price_unit": 3000.0})]})
        self.assertEqual(len(line.credit_split_line_ids), 1)
        invoice.action_post()
        self.assertEqual(self.credited(invoice), {"Split Rep A": 10000.0, "Split Rep B": 3000.0})
