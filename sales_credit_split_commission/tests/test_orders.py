from odoo import Command

from .common import SplitCommissionCase


class TestOrders(SplitCommissionCase):
    """An invoice of several orders pays each line's order split."""

    def order(self, amount, split):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep_a.id,
                "team_id": self.team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_id": False}
                    )
                ],
                "credit_split_line_ids": split,
            }
        )
        order.action_confirm()
        return order

    def test_each_line_pays_its_order_split(self):
        self.company.credit_split_require_agreement = False
        order_1 = self.order(1000.0, [self.line(self.rep_a, self.role_signing, 100)])
        order_2 = self.order(
            3000.0,
            [
                self.line(self.rep_b, self.role_first, 50),
                self.line(self.rep_c, self.role_signing, 50),
            ],
        )
        invoice = (order_1 | order_2)._create_invoices()
        # a line of no order: the orders' shares, weighted 1,000 / 3,000
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 100.0, "tax_ids": False}
                    )
                ]
            }
        )
        self.post(invoice)
        line_1, line_2, line_3 = invoice.invoice_line_ids
        a, b, c = self.partners(self.rep_a, self.rep_b, self.rep_c)
        self.assertEqual(self.amounts_of(line_1), {a: 100.0})
        self.assertEqual(self.amounts_of(line_2), {b: 150.0, c: 150.0})
        self.assertEqual(self.amounts_of(line_3), {a: 2.5, b: 3.75, c: 3.75})
        self.assertEqual(line_3.agent_ids.mapped("split_percent"), [25.0, 37.5, 37.5])

    def amounts_of(self, invoice_line):
        return {x.agent_id: x.amount for x in invoice_line.agent_ids}

    def test_a_line_with_its_own_split_pays_its_participants(self):
        """Product line splits (产品行业绩分配): the service line pays the service
        rep; the other line pays the order's split; a credit note pays both back."""
        self.company.credit_split_require_agreement = False
        order = self.order(1000.0, [self.line(self.rep_a, self.role_signing, 100)])
        order.order_line = [
            Command.create({"product_id": self.product.id, "price_unit": 2000.0, "tax_id": False})
        ]
        service = order.order_line[1]
        service.credit_split_line_ids = [self.line(self.rep_b, self.role_service, 100)]
        invoice = order._create_invoices()
        self.post(invoice)
        line_1, line_2 = invoice.invoice_line_ids
        a, b = self.partners(self.rep_a, self.rep_b)
        self.assertEqual(self.amounts_of(line_1), {a: 100.0})
        self.assertEqual(self.amounts_of(line_2), {b: 200.0})
        refund = self.post(self.reverse(invoice, "2026-02-01"))
        refund_1, refund_2 = refund.invoice_line_ids
        self.assertEqual(self.amounts_of(refund_1), {a: -100.0})
        self.assertEqual(self.amounts_of(refund_2), {b: -200.0})

    def test_replacement_pays_as_the_invoice_paid(self):
        """Reverse and replace (冲红重开) of an invoice whose service line's split
        was removed: the replacement pays the order's split on that line, as
        the invoice did, not the service rep."""
        self.company.credit_split_require_agreement = False
        order = self.order(1000.0, [self.line(self.rep_a, self.role_signing, 100)])
        order.order_line = [
            Command.create({"product_id": self.product.id, "price_unit": 2000.0, "tax_id": False})
        ]
        order.order_line[1].credit_split_line_ids = [self.line(self.rep_b, self.role_service, 100)]
        invoice = order._create_invoices()
        invoice.invoice_line_ids[1].with_user(self.accountant).credit_split_line_ids = [
            Command.clear()
        ]
        self.post(invoice)
        a = self.rep_a.partner_id
        self.assertEqual(self.agent_amounts(invoice), {a: 300.0})
        replacement = self.reverse(invoice, "2026-02-01", modify=True)
        replacement.invoice_date = "2026-02-01"
        self.post(replacement)
        line_1, line_2 = replacement.invoice_line_ids
        self.assertEqual(self.amounts_of(line_1), {a: 100.0})
        self.assertEqual(self.amounts_of(line_2), {a: 200.0}, "not the service rep")
        self.assertEqual(self.agent_amounts(invoice.reversal_move_ids), {a: -300.0})
