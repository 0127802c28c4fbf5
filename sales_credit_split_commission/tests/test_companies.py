from odoo import Command

from .common import SplitCommissionCase


class TestCompanies(SplitCommissionCase):
    """Each company pays its own splits, in its own settlements."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create(
            {"name": "T Split Commission Company 2", "currency_id": cls.currency.id}
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company_2, install_demo=False
        )
        cls.company_2.credit_split_commission = True
        for user in (cls.rep_a, cls.rep_b, cls.accountant, cls.commission_manager):
            user.company_ids = [Command.link(cls.company_2.id)]

    def invoice_2(self, amount):
        move = (
            self.env["account.move"]
            .with_company(self.company_2)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_user_id": self.rep_a.id,
                    "invoice_date": "2026-01-20",
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": amount, "tax_ids": False}
                        )
                    ],
                    "credit_split_line_ids": [
                        self.line(self.rep_a, self.role_first, 50),
                        self.line(self.rep_b, self.role_service, 50),
                    ],
                }
            )
        )
        move.with_user(self.accountant).with_company(self.company_2).action_post()
        return move

    def test_settlements_per_company(self):
        invoice_1 = self.post(self.invoice(1000.0, self.three_way(), post=False))
        invoice_2 = self.invoice_2(3000.0)
        self.assertEqual(invoice_2.company_id, self.company_2)
        self.assertEqual(invoice_2.invoice_line_ids.agent_ids.mapped("amount"), [150.0, 150.0])
        self.assertEqual(invoice_2.invoice_line_ids.agent_ids.company_id, self.company_2)
        settlements = self.settle("2026-02-10").with_user(self.commission_manager)
        totals = {(s.company_id, s.agent_id): s.total for s in settlements}
        a, b, c = self.partners(self.rep_a, self.rep_b, self.rep_c)
        self.assertEqual(
            totals,
            {
                (self.company, a): 20.0,
                (self.company, b): 60.0,
                (self.company, c): 20.0,
                (self.company_2, a): 150.0,
                (self.company_2, b): 150.0,
            },
        )
        self.assertTrue(all(invoice_1.invoice_line_ids.agent_ids.mapped("settled")))

    def test_other_company_agent_lines_stay_hidden(self):
        invoice_2 = self.invoice_2(3000.0)
        only_main = self.env["account.invoice.line.agent"].with_user(self.accountant)
        only_main = only_main.with_context(allowed_company_ids=[self.company.id])
        self.assertFalse(only_main.search([("invoice_id", "=", invoice_2.id)]))
        both = only_main.with_context(allowed_company_ids=[self.company.id, self.company_2.id])
        self.assertEqual(len(both.search([("invoice_id", "=", invoice_2.id)])), 2)

    def test_company_paying_no_split(self):
        self.company_2.credit_split_commission = False
        invoice_2 = self.invoice_2(3000.0)
        self.assertFalse(invoice_2.invoice_line_ids.agent_ids)
        self.assertTrue(invoice_2.credit_split_line_ids)
