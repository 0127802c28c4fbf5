from odoo import Command
from odoo.exceptions import UserError

from .common import CreditSplitCase


class TestFlow(CreditSplitCase):
    """Opportunity -> quotation -> order -> invoice -> credit note (业绩流转)."""

    def quotation(self, lead, amount=10000.0):
        return self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id,
                "user_id": self.rep_a.id,
                "team_id": self.team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_id": False}
                    )
                ],
            }
        )

    def reverse(self, move, modify=False):
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "T refund"})
        )
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])

    def test_quotation_copies_and_order_freezes_the_split(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way()
        order = self.quotation(lead)
        self.assertEqual(order.credit_split_line_ids.mapped("percent"), [20, 60, 20])
        self.assertEqual(self.amounts(order), [2000, 6000, 2000])
        self.assertFalse(any(order.credit_split_line_ids.mapped("rate_frozen")))
        lead.with_user(self.rep_a).action_submit_split()  # signing needs the agreed split
        order.action_confirm()
        self.assertTrue(all(order.credit_split_line_ids.mapped("rate_frozen")))
        self.assertEqual(order.credit_split_line_ids.mapped("commission_rate"), [10, 5, 2])
        # later changes of the opportunity or of a rate do not touch the order
        self.role_service.commission_rate = 50
        lead.credit_split_line_ids[1].percent = 50
        self.assertEqual(order.credit_split_line_ids.mapped("percent"), [20, 60, 20])
        self.assertEqual(order.credit_split_line_ids.mapped("commission_rate"), [10, 5, 2])
        with self.assertRaisesMsg(UserError, "its split no longer follows"):
            order.action_copy_split_from_opportunity()
        # the invoice carries the order's split and frozen rates
        invoice = order._create_invoices()
        self.assertEqual(invoice.credit_split_line_ids.mapped("commission_rate"), [10, 5, 2])
        invoice.action_post()
        self.assertEqual(self.amounts(invoice), [2000, 6000, 2000])
        self.assertEqual(self.amounts(invoice, "amount"), [2000, 6000, 2000])
        self.assertEqual(self.amounts(invoice, "commission_amount"), [200, 300, 40])
        self.assertEqual(str(invoice.credit_split_line_ids[0].rate_date), str(invoice.invoice_date))

    def test_quotation_copy_button_and_confirm_checks(self):
        lead = self.opportunity()
        order = self.quotation(lead)
        lead.credit_split_line_ids = self.three_way()
        order.action_copy_split_from_opportunity()
        self.assertEqual(len(order.credit_split_line_ids), 3)
        order.credit_split_line_ids[0].percent = 10
        self.assertFalse(order.credit_split_total_ok)
        with self.assertRaisesMsg(UserError, "up to 90.00%"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")

    def test_order_without_split_gets_salesperson_default(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep_b.id,
                "team_id": self.other_team.id,
                "order_line": [Command.create({"product_id": self.product.id, "tax_id": False})],
            }
        )
        self.assertFalse(order.credit_split_line_ids)
        order.action_confirm()
        self.assertEqual(order.credit_split_line_ids.user_id, self.rep_b)
        self.assertEqual(order.credit_split_line_ids.percent, 100)

    def test_confirmed_order_split_needs_a_manager(self):
        lead = self.opportunity()
        order = self.quotation(lead).with_user(self.rep_a)
        order.action_confirm()
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            order.credit_split_line_ids.percent = 50
        order.credit_split_line_ids.with_user(self.manager).note = "T note is not a change"
        order.credit_split_line_ids.with_user(self.manager).role_id = self.role_service
        self.assertIn("confirmed order changed by a manager", order.message_ids[0].body)

    def test_20_60_20_of_10000_invoice(self):
        invoice = self.invoice(10000.0, self.three_way())
        self.assertEqual(self.amounts(invoice), [2000.00, 6000.00, 2000.00])
        self.assertEqual(sum(invoice.credit_split_line_ids.mapped("amount_company")), 10000.0)

    def test_three_way_equal_split_and_credit_note(self):
        invoice = self.invoice(9999.99, self.three_way((33.33, 33.33, 33.34)))
        parts = self.amounts(invoice)
        self.assertEqual(round(sum(parts), 2), 9999.99)
        self.assertEqual(parts, [3333.00, 3333.00, 3333.99])
        refund = self.reverse(invoice)
        self.assertEqual(refund.move_type, "out_refund")
        refund.credit_split_line_ids[0].percent = 50  # edits of the draft do not survive posting
        refund.action_post()
        self.assertEqual(self.amounts(refund), [-p for p in parts])
        self.assertEqual(self.amounts(refund, "amount"), [-p for p in parts])
        self.assertEqual(
            self.amounts(refund, "commission_amount"),
            [-c for c in self.amounts(invoice, "commission_amount")],
        )
        self.env.flush_all()
        report = self.env["sales.credit.report"].search([("move_id", "in", (invoice | refund).ids)])
        self.assertEqual(round(sum(report.mapped("amount_company")), 2), 0.0)
        self.assertEqual(round(sum(report.mapped("commission_amount")), 2), 0.0)

    def test_reverse_and_replace_and_cancel(self):
        self.role_service.commission_rate = 7
        invoice = self.invoice(1000.0, self.three_way())
        self.role_service.commission_rate = 9
        replacement = self.reverse(invoice, modify=True)
        refund = invoice.reversal_move_ids
        self.assertEqual(refund.state, "posted")
        self.assertEqual(self.amounts(refund), [-200, -600, -200])
        self.assertEqual(refund.credit_split_line_ids.mapped("commission_rate"), [10, 7, 2])
        self.assertEqual(replacement.credit_split_line_ids.mapped("commission_rate"), [10, 7, 2])
        replacement.action_post()
        self.assertEqual(self.amounts(replacement), [200, 600, 200])
        # a cancelled invoice credits nothing
        draft = self.invoice(500.0, self.three_way())
        draft.button_draft()
        draft.button_cancel()
        self.env.flush_all()
        report = self.env["sales.credit.report"].search(
            [("move_id", "in", (invoice | refund | replacement | draft).ids)]
        )
        self.assertEqual(round(sum(report.mapped("amount_company")), 2), 1000.0)

    def test_posted_invoice_split_is_read_only(self):
        invoice = self.invoice(1000.0, self.three_way())
        with self.assertRaisesMsg(UserError, "is posted: its credit split cannot change"):
            invoice.credit_split_line_ids[0].percent = 30
        with self.assertRaisesMsg(UserError, "is posted"):
            invoice.with_user(self.manager).credit_split_line_ids.unlink()
        invoice.button_draft()
        invoice.credit_split_line_ids[0].percent = 10
        with self.assertRaisesMsg(UserError, "up to 90.00%"):
            invoice.action_post()

    def test_invoice_without_split_credits_salesperson(self):
        self.team.credit_split_template_id = self.template
        invoice = self.invoice(100.0, post=False)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(self.amounts(invoice), [20.0, 60.0, 20.0])
        self.team.credit_split_template_id = False
        invoice = self.invoice(100.0, post=False)
        self.assertFalse(invoice.credit_split_line_ids)
        invoice.with_user(self.accountant).action_post()
        self.assertEqual(invoice.credit_split_line_ids.user_id, self.rep_a)
        self.assertEqual(self.amounts(invoice), [100.0])

    def test_invoice_takes_order_split_when_empty(self):
        order = self.quotation(self.opportunity())
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.credit_split_line_ids.unlink()
        invoice.action_post()
        self.assertEqual(invoice.credit_split_line_ids.user_id, self.rep_a)

    def test_foreign_currency_invoice(self):
        eur = self.env.ref("base.EUR") if self.currency.name != "EUR" else self.env.ref("base.USD")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "rate": 2.0,
                "currency_id": eur.id,
                "company_id": self.company.id,
            }
        )
        invoice = self.invoice(1000.01, self.three_way((33.33, 33.33, 33.34)), currency=eur)
        self.assertEqual(round(sum(self.amounts(invoice, "amount")), 2), 1000.01)
        self.assertEqual(
            round(sum(self.amounts(invoice)), 2), round(invoice.amount_untaxed_signed, 2)
        )
        self.assertEqual(invoice.credit_split_line_ids.currency_id, eur)
        self.assertEqual(str(invoice.credit_split_line_ids[0].rate_date), "2026-01-15")
        refund = self.reverse(invoice)
        refund.currency_id = self.currency
        with self.assertRaisesMsg(UserError, "so that each credited part is reversed exactly"):
            refund.action_post()

    def test_foreign_currency_order(self):
        eur = self.env.ref("base.EUR") if self.currency.name != "EUR" else self.env.ref("base.USD")
        eur.active = True
        self.env["res.currency.rate"].create(
            {
                "name": "2026-01-01",
                "rate": 4.0,
                "currency_id": eur.id,
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create({"name": "T EUR", "currency_id": eur.id})
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way()
        order = self.quotation(lead, amount=1000.0)
        order.write({"pricelist_id": pricelist.id, "date_order": "2026-02-01 10:00:00"})
        order.order_line.price_unit = 1000.0
        self.assertEqual(order.currency_id, eur)
        self.assertEqual(self.amounts(order, "amount"), [200, 600, 200])
        self.assertEqual(self.amounts(order), [50, 150, 50])
        self.assertEqual(str(order.credit_split_line_ids[0].rate_date), "2026-02-01")
