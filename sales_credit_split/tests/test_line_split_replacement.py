from odoo import Command
from odoo.tests import Form

from .common import LineSplitCase

LINE_SPLIT_FORM = "sales_credit_split.account_move_line_view_form_credit_split"


class TestLineSplitReplacement(LineSplitCase):
    """A line whose split a user removed stays without one on the copies of its
    invoice: reverse and replace (冲红重开) and duplicate (复制发票) reproduce
    the invoice's lines as they were, not as their order lines are; a line
    made by invoicing the order, or added to a draft from an order line,
    still takes the order line's split."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.support = cls.env["product.product"].create(
            {"name": "T Support Line", "type": "service", "list_price": 1000.0, "taxes_id": False}
        )

    def sale(self):
        """Hardware 10,000 (the order's split: rep A), service 2,000 (its own split:
        rep B) and support 1,000 (its own split: rep C 60 / rep B 40)."""
        order = self.deal(confirm=False)
        order.order_line = [
            Command.create(
                {
                    "product_id": self.support.id,
                    "product_uom_qty": 1,
                    "price_unit": 1000.0,
                    "tax_id": False,
                    "credit_split_line_ids": [
                        self.line(self.rep_c, self.role_first, 60),
                        self.line(self.rep_b, self.role_service, 40),
                    ],
                }
            )
        ]
        order.action_confirm()
        return order

    def product_line(self, document, product):
        return document.invoice_line_ids.filtered(lambda x: x.product_id == product)

    def shares_by_line(self, move):
        """{product: [(participant, role, percent, commission rate)]} of the product lines."""
        return {
            line.product_id.name: sorted(
                (s._participant_name(), s.role_id.name, s.percent, s.commission_rate)
                for s in line.credit_split_line_ids
            )
            for line in move.invoice_line_ids
            if line.display_type == "product"
        }

    # ------------------------------------------------------------------ how a user removes it

    def clear_on_the_line(self, invoice, line):
        """The draft's Split button: the line's shares cleared."""
        line.write({"credit_split_line_ids": [Command.clear()]})

    def delete_the_share(self, invoice, line):
        """The draft's Split button: the share's row deleted in the line's split form."""
        with Form(line, view=self.env.ref(LINE_SPLIT_FORM)) as form:
            form.credit_split_line_ids.remove(index=0)

    def delete_on_the_posted_invoice(self, invoice, line):
        """A posted invoice: reset to draft, the share deleted from the invoice, posted again."""
        invoice.action_post()
        invoice.button_draft()
        share = line.credit_split_line_ids
        invoice.write(
            {
                "invoice_line_ids": [
                    Command.update(line.id, {"credit_split_line_ids": [Command.unlink(share.id)]})
                ]
            }
        )

    # ------------------------------------------------------------------ how it is copied

    def reverse_and_replace(self, invoice):
        return self.reverse(invoice, modify=True, user=self.accountant)

    def duplicate(self, invoice):
        copy = invoice.with_user(self.accountant).copy()
        copy.invoice_date = invoice.invoice_date
        return copy

    def copy_with_the_order_links(self, invoice):
        """A copy that keeps the links to the order lines, as Odoo's reversal copies."""
        copy = invoice.with_user(self.accountant).with_context(include_business_fields=True).copy()
        copy.invoice_date = invoice.invoice_date
        return copy

    # ------------------------------------------------------------------ tests

    def test_removed_line_split_stays_removed_on_the_replacement(self):
        """Each way of removing the service line's split, each way of copying the
        invoice: the copy's lines have the invoice's shares (the support line's,
        at the invoice's rates on a replacement), none on the service line, and
        once posted the copy credits exactly what the invoice credits."""
        expected = {"Split Rep A": 12000.0, "Split Rep B": 400.0, "Split Rep C": 600.0}
        for remove in (
            self.clear_on_the_line,
            self.delete_the_share,
            self.delete_on_the_posted_invoice,
        ):
            for replace in (
                self.reverse_and_replace,
                self.duplicate,
                self.copy_with_the_order_links,
            ):
                with self.subTest(remove=remove.__name__, copy=replace.__name__):
                    self.role_first.commission_rate = 10
                    invoice = self.sale()._create_invoices()
                    service = self.service_line(invoice)
                    self.assertEqual(service.credit_split_line_ids.user_id, self.rep_b)
                    remove(invoice.with_user(self.accountant), service.with_user(self.accountant))
                    self.assertFalse(service.credit_split_line_ids)
                    invoice.with_user(self.accountant).action_post()
                    self.assertEqual(self.credited(invoice), expected)
                    original = self.shares_by_line(invoice)
                    self.role_first.commission_rate = 50
                    copy = replace(invoice)
                    self.assertEqual(copy.state, "draft")
                    self.assertFalse(
                        self.service_line(copy).credit_split_line_ids,
                        "the service line had no split: the invoice's split credits it",
                    )
                    if replace != self.duplicate:
                        self.assertEqual(
                            copy.invoice_line_ids.sale_line_ids,
                            invoice.invoice_line_ids.sale_line_ids,
                        )
                    if replace == self.reverse_and_replace:
                        self.assertEqual(self.shares_by_line(copy), original)
                    else:
                        # a duplicate is a new sale at today's rates (test_line_split_copies)
                        self.assertEqual(
                            without_rates(self.shares_by_line(copy)), without_rates(original)
                        )
                    self.assertEqual(self.shares_by_line(invoice), original, "original unchanged")
                    self.assertEqual(self.credited(copy), expected)
                    copy.with_user(self.accountant).action_post()
                    self.assertEqual(self.credited(copy), expected)
                    self.assertNotIn(
                        self.rep_b,
                        self.service_line(copy).credit_split_line_ids.user_id,
                    )

    def test_order_lines_still_give_their_split_to_new_invoice_lines(self):
        """Not a copy: invoicing the order and adding an order line's line to a
        copied draft by hand both take the order line's split."""
        order = self.sale()
        invoice = order._create_invoices()
        self.assertEqual(self.service_line(invoice).credit_split_line_ids.user_id, self.rep_b)
        self.clear_on_the_line(invoice, self.service_line(invoice))
        invoice.action_post()
        order_line = self.service_line(order)
        for replace in (self.reverse_and_replace, self.duplicate, self.copy_with_the_order_links):
            with self.subTest(replace.__name__):
                copy = replace(invoice)
                copy.write(
                    {
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": self.service.id,
                                    "price_unit": 500.0,
                                    "tax_ids": False,
                                    "sale_line_ids": [Command.set(order_line.ids)],
                                }
                            )
                        ]
                    }
                )
                added = self.service_line(copy).filtered(lambda x: x.price_unit == 500.0)
                self.assertEqual(added.credit_split_line_ids.user_id, self.rep_b)
                self.assertFalse((self.service_line(copy) - added).credit_split_line_ids)


def without_rates(shares_by_line):
    """The shares of each line without their commission rate."""
    return {product: [s[:3] for s in shares] for product, shares in shares_by_line.items()}
