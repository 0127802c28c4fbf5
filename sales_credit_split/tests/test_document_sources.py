from odoo import Command

from .common import CreditSplitCase


class TestDocumentSources(CreditSplitCase):
    """Splits on documents follow their sources (单据业绩随来源): an invoice of
    several orders credits each order's participants for that order's lines, a
    draft invoice's split follows its lines, a credit note mirrors its invoice."""

    def order(self, user, amount, split=None, confirm=True):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": user.id,
                "team_id": self.other_team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_id": False}
                    )
                ],
                "credit_split_line_ids": split or [],
            }
        )
        if confirm:
            order.action_confirm()
        return order

    def reverse(self, move, date=None):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create(
                {
                    "journal_id": move.journal_id.id,
                    "reason": "T refund",
                    **({"date": date} if date else {}),
                }
            )
        )
        return self.env["account.move"].browse(wizard.refund_moves()["res_id"])

    def credited(self, move, field="amount_company"):
        """{participant name: credited amount} summed over the move's split lines."""
        result = {}
        for line in move.credit_split_line_ids:
            name = line._participant_name()
            result[name] = round(result.get(name, 0.0) + line[field], 2)
        return result

    def test_invoice_of_two_orders_credits_each_order_participants(self):
        order_a = self.order(self.rep_a, 1000.0)
        order_b = self.order(
            self.rep_b,
            3000.0,
            [
                self.line(self.rep_b, self.role_signing, 50),
                self.line(self.rep_c, self.role_service, 50),
            ],
        )
        invoice = (order_a | order_b)._create_invoices()
        self.assertEqual(len(invoice), 1, "Odoo groups the two orders in one invoice")
        invoice.action_post()
        self.assertEqual(
            self.credited(invoice),
            {"Split Rep A": 1000.0, "Split Rep B": 1500.0, "Split Rep C": 1500.0},
        )
        self.assertEqual(
            round(sum(invoice.credit_split_line_ids.mapped("amount_company")), 2),
            invoice.amount_untaxed_signed,
        )
        self.assertTrue(invoice.credit_split_total_ok)

    def test_draft_invoice_lines_changes_update_the_split(self):
        order_a = self.order(self.rep_a, 1000.0)
        order_b = self.order(self.rep_b, 1000.0)
        invoice = order_a._create_invoices()
        self.assertEqual(self.credited(invoice), {"Split Rep A": 1000.0})
        # a line of order B added to the draft invoice brings B's split with it
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "price_unit": 1000.0,
                            "tax_ids": False,
                            "sale_line_ids": [Command.set(order_b.order_line.ids)],
                        }
                    )
                ]
            }
        )
        self.assertEqual(self.credited(invoice), {"Split Rep A": 1000.0, "Split Rep B": 1000.0})
        # and leaves with it
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.unlink(line.id)
                    for line in invoice.invoice_line_ids
                    if line.sale_line_ids.order_id == order_a
                ]
            }
        )
        self.assertEqual(self.credited(invoice), {"Split Rep B": 1000.0})
        invoice.action_post()
        self.assertEqual(self.credited(invoice), {"Split Rep B": 1000.0})

    def test_refund_mirrors_invoice_parts_at_the_invoice_rate(self):
        foreign = (
            self.env.ref("base.EUR") if self.currency.name != "EUR" else self.env.ref("base.USD")
        )
        foreign.active = True
        Rate = self.env["res.currency.rate"]
        Rate.create({"name": "2026-01-01", "rate": 3.0, "currency_id": foreign.id})
        Rate.create({"name": "2026-03-01", "rate": 7.0, "currency_id": foreign.id})
        invoice = self.invoice(1000.01, self.three_way((33.33, 33.33, 33.34)), currency=foreign)
        refund = self.reverse(invoice, date="2026-03-15")
        refund.invoice_date = "2026-03-15"
        refund.action_post()
        self.assertNotEqual(
            round(refund.amount_untaxed_signed, 2), -round(invoice.amount_untaxed_signed, 2)
        )
        for field in ("amount", "amount_company", "commission_amount"):
            self.assertEqual(
                self.amounts(refund, field), [-p for p in self.amounts(invoice, field)], field
            )
        self.assertEqual(
            refund.credit_split_line_ids.mapped("rate_date"),
            invoice.credit_split_line_ids.mapped("rate_date"),
        )
        self.env.flush_all()
        report = self.env["sales.credit.report"].search([("move_id", "in", (invoice | refund).ids)])
        self.assertEqual(round(sum(report.mapped("amount_company")), 2), 0.0)

    def test_refund_of_two_order_invoice_mirrors_each_part(self):
        order_a = self.order(self.rep_a, 999.99)
        order_b = self.order(self.rep_b, 0.02)
        invoice = (order_a | order_b)._create_invoices()
        invoice.action_post()
        refund = self.reverse(invoice)
        refund.action_post()
        self.assertEqual(self.credited(invoice), {"Split Rep A": 999.99, "Split Rep B": 0.02})
        self.assertEqual(self.credited(refund), {"Split Rep A": -999.99, "Split Rep B": -0.02})
