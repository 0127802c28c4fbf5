from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form

from .common import LineSplitCase


class TestLineSplits(LineSplitCase):
    """Credit splits per product line (产品行业绩分配): on a deal with a
    hardware line and a service line, the service line's credit goes to the
    service rep, the rest to the order's split; invoices, down payments and
    credit notes carry each line's split, and the document's credit is their sum."""

    # ------------------------------------------------------------------ tests

    def test_hardware_and_service_lines_on_order_and_invoice(self):
        order = self.deal()
        expected = {"Split Rep A": 10000.0, "Split Rep B": 2000.0}
        self.assertEqual(self.credited(order), expected)
        self.assertEqual(order.credit_split_total, 100.0, "the order's own split: rep A 100%")
        self.assertEqual(
            order.credit_split_product_share_ids, self.service_line(order).credit_split_line_ids
        )
        self.assertTrue(all(order._credit_split_all_lines().mapped("rate_frozen")))
        summary = str(order.credit_split_summary)
        for text in ("Split Rep A", "10,000.00", "Split Rep B", "2,000.00", "T Service"):
            self.assertIn(text, summary)
        invoice = order._create_invoices()
        invoice.action_post()
        line_split = self.service_line(invoice).credit_split_line_ids
        self.assertEqual(line_split.user_id, self.rep_b)
        self.assertEqual(line_split.move_id, invoice, "the document Many2one is set too")
        self.assertNotIn(line_split, invoice.credit_split_line_ids)
        self.assertEqual(self.credited(invoice), expected)
        self.assertEqual(self.parts(invoice), self.parts(order))
        self.env.flush_all()
        report = self.env["sales.credit.report"].search([("move_id", "=", invoice.id)])
        self.assertEqual(round(sum(report.mapped("amount_company")), 2), 12000.0)

    def test_partial_invoicing_copies_the_line_split_on_each_invoice(self):
        order = self.order(
            [(self.hardware, 2, 5000.0), (self.service, 2, 1000.0)],
            service_split=[self.line(self.rep_b, self.role_service, 100)],
        )
        first = order._create_invoices()
        first.invoice_line_ids.quantity = 1
        first.action_post()
        second = order._create_invoices()
        second.action_post()
        for invoice in (first, second):
            self.assertEqual(self.credited(invoice), {"Split Rep A": 5000.0, "Split Rep B": 1000.0})
            self.assertEqual(invoice.amount_untaxed, 6000.0)

    def test_one_invoice_of_two_orders_one_with_a_line_split(self):
        first = self.deal()
        second = self.order([(self.hardware, 1, 3000.0)], user=self.rep_c)
        invoice = (first | second)._create_invoices()
        self.assertEqual(len(invoice), 1)
        invoice.action_post()
        self.assertEqual(
            self.credited(invoice),
            {"Split Rep A": 10000.0, "Split Rep B": 2000.0, "Split Rep C": 3000.0},
        )
        self.assertTrue(invoice.credit_split_total_ok)

    def test_down_payment_and_final_invoice_credit_the_order_once(self):
        order = self.deal()
        down = self.down_payment(order, 10)
        down.action_post()
        self.assertEqual(self.credited(down), {"Split Rep A": 1200.0})
        final = order._create_invoices(final=True)
        final.action_post()
        self.assertEqual(final.amount_untaxed, 10800.0)
        self.assertEqual(self.credited(final), {"Split Rep A": 8800.0, "Split Rep B": 2000.0})
        totals = {}
        for invoice in down | final:
            for name, amount in self.credited(invoice).items():
                totals[name] = round(totals.get(name, 0.0) + amount, 2)
        self.assertEqual(totals, self.credited(order))

    def test_full_refund_mirrors_each_part_and_partial_refund_of_the_service_line(self):
        invoice = self.deal()._create_invoices()
        invoice.action_post()
        refund = self.reverse(invoice)
        refund.action_post()
        self.assertEqual(
            self.parts(refund), sorted((p, n, -a, -c) for p, n, a, c in self.parts(invoice))
        )
        self.assertEqual(self.service_line(refund).credit_split_line_ids.user_id, self.rep_b)
        # a credit note of the service line only gives back the service rep's credit
        partial = self.reverse(invoice)
        partial.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in partial.invoice_line_ids
                    if line.product_id == self.hardware
                ]
            }
        )
        partial.action_post()
        self.assertEqual(self.credited(partial), {"Split Rep B": -2000.0})

    def test_line_split_must_total_100_naming_the_product(self):
        order = self.order(
            [(self.hardware, 1, 10000.0), (self.service, 1, 2000.0)],
            split=[self.line(self.rep_a, self.role_signing, 100)],
            service_split=[self.line(self.rep_b, self.role_service, 50)],
            confirm=False,
        )
        self.assertTrue(order.credit_split_total_ok, "the order's own split is not the line's")
        with self.assertRaisesMsg(UserError, "product line T Service Line"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        invoice = self.invoice(2000.0, post=False)
        invoice.invoice_line_ids.credit_split_line_ids = [
            self.line(self.rep_b, self.role_service, 60)
        ]
        with self.assertRaisesRegex(UserError, "product line T Service Product .* 60.00%"):
            invoice.action_post()

    def test_share_cannot_move_to_another_orders_line(self):
        order = self.deal(confirm=False)
        other = self.order([(self.service, 1, 500.0)], confirm=False)
        share = self.service_line(order).credit_split_line_ids
        with self.assertRaisesMsg(ValidationError, "not of"):
            share.write({"order_line_id": other.order_line.id})
        with self.assertRaises(ValidationError):
            self.env["sales.credit.split.line"].create(
                {
                    "order_id": order.id,
                    "order_line_id": other.order_line.id,
                    "user_id": self.rep_c.id,
                    "role_id": self.role_service.id,
                    "percent": 100,
                }
            )

    def test_rep_cannot_split_a_line_of_a_confirmed_order(self):
        order = self.order([(self.hardware, 1, 10000.0), (self.service, 1, 2000.0)])
        line = self.service_line(order).with_user(self.rep_a)
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            line.credit_split_line_ids = [self.line(self.rep_b, self.role_service, 100)]
        self.assertFalse(self.service_line(order).credit_split_line_ids)

    def test_posted_invoice_line_split_cannot_change(self):
        invoice = self.deal()._create_invoices()
        invoice.action_post()
        share = self.service_line(invoice).credit_split_line_ids
        for change in (
            lambda: share.write({"percent": 50}),
            lambda: share.unlink(),
            lambda: self.service_line(invoice).write(
                {"credit_split_line_ids": [self.line(self.rep_c, self.role_first, 10)]}
            ),
        ):
            with self.assertRaisesMsg(UserError, "is posted"):
                change()

    def test_removed_line_takes_its_split_and_copies_keep_theirs(self):
        order = self.deal(split=[self.line(self.rep_a, self.role_signing, 100)], confirm=False)
        copy = order.copy()
        self.assertEqual(self.credited(copy), self.credited(order))
        self.assertEqual(self.service_line(copy).credit_split_line_ids.order_id, copy)
        self.assertEqual(len(copy.credit_split_line_ids), 1, "the order's split is copied once")
        share = self.service_line(order).credit_split_line_ids
        order.order_line = [Command.unlink(self.service_line(order).id)]
        self.assertFalse(share.exists())
        self.assertEqual(self.credited(order), {"Split Rep A": 10000.0})

    def test_split_button_of_the_line_opens_its_split(self):
        """What the Split button of an order line does, in its dialog's view."""
        order = self.order(
            [(self.hardware, 1, 10000.0), (self.service, 1, 2000.0)],
            split=[self.line(self.rep_a, self.role_signing, 100)],
            confirm=False,
        )
        action = self.service_line(order).with_user(self.rep_a).action_open_credit_split()
        self.assertEqual((action["res_model"], action["target"]), ("sale.order.line", "new"))
        line = self.env["sale.order.line"].with_user(self.rep_a).browse(action["res_id"])
        with Form(line, view=action["views"][0][0]) as form:
            with form.credit_split_line_ids.new() as share:
                share.user_id = self.rep_b
                share.role_id = self.role_service
                share.percent = 100
        self.assertEqual(self.credited(order), {"Split Rep A": 10000.0, "Split Rep B": 2000.0})
        order.action_confirm()
        self.assertEqual(order.state, "sale")

    def test_draft_invoice_line_of_a_split_order_line_follows_it(self):
        """A line added by hand to a draft invoice, of an order line with its own
        split, brings that split; the rates of every share freeze on posting."""
        hardware = self.order([(self.hardware, 1, 10000.0)])
        deal = self.deal(user=self.rep_c)
        invoice = hardware._create_invoices()
        service_line = self.service_line(deal)
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.service.id,
                            "price_unit": 2000.0,
                            "tax_ids": False,
                            "sale_line_ids": [Command.set(service_line.ids)],
                        }
                    )
                ]
            }
        )
        share = self.service_line(invoice).credit_split_line_ids
        self.assertEqual((share.user_id, share.source_order_id), (self.rep_b, deal))
        self.role_service.commission_rate = 50  # the order's frozen rate stays
        invoice.action_post()
        self.assertTrue(all(invoice._credit_split_all_lines().mapped("rate_frozen")))
        self.assertEqual(share.commission_rate, 5.0)
        self.assertEqual(self.credited(invoice), {"Split Rep A": 10000.0, "Split Rep B": 2000.0})

    def test_split_button_of_an_invoice_line(self):
        invoice = self.invoice(2000.0, post=False)
        action = invoice.invoice_line_ids.action_open_credit_split()
        line = self.env["account.move.line"].with_user(self.accountant).browse(action["res_id"])
        with Form(line, view=action["views"][0][0]) as form:
            with form.credit_split_line_ids.new() as share:
                share.user_id = self.rep_b
                share.role_id = self.role_service
                share.percent = 100
        invoice.action_post()
        self.assertEqual(self.credited(invoice), {"Split Rep B": 2000.0})
        self.assertFalse(invoice.credit_split_line_ids, "no line is left for the invoice's split")

    def test_line_split_participant_sees_own_share_not_other_deals(self):
        """The service rep credited on a line of rep A's deal reads that share
        (and the report's row), not the shares of deals he has no part in."""
        order = self.deal()
        other = self.order([(self.hardware, 1, 500.0)])
        invoice = order._create_invoices()
        invoice.action_post()
        Share = self.env["sales.credit.split.line"].with_user(self.rep_b)
        mine = Share.search([("order_id", "in", (order | other).ids)])
        self.assertIn(self.service_line(order).credit_split_line_ids, mine)
        self.assertFalse(mine & other.credit_split_line_ids)
        self.assertEqual(Share.search([("move_id", "=", invoice.id)]).mapped("amount"), [2000.0])
        self.env.flush_all()
        rows = self.env["sales.credit.report"].with_user(self.rep_b).search([])
        rows = rows.filtered(lambda row: row.move_id == invoice)
        self.assertEqual(round(sum(rows.mapped("amount_company")), 2), 2000.0)
