import functools
from collections import defaultdict

from odoo import models
from odoo.exceptions import UserError

from ..models.sales_credit_split_line_derived import DERIVED_FIELDS
from ..tools.grouped_rows import format_each_value_once
from .common import CreditSplitCase

# (groupby, domain, lazy): what the pivot, the graph and the list ask for
GROUPINGS = [
    (["user_id", "date:month"], [], False),
    (["date:month", "user_id"], [("move_type", "=", "out_invoice")], False),
    (["date:day"], [], True),
    (["date:week", "role_id"], [], False),
    (["date:quarter", "split_type_id", "move_type"], [("amount_company", ">", 0)], False),
    (
        ["date:year", "team_id"],
        ["|", ("user_id", "!=", False), ("agent_partner_id", "!=", False)],
        True,
    ),
    (["agent_partner_id", "user_id"], [], False),
    (["total_rule", "date:month"], [("id", "=", 0)], False),
]


class TestCreditReportLines(CreditSplitCase):
    """The credit report reads the shares' own columns (posted customer
    invoice, invoice date), formats each grouped value once, and refuses
    derived values written by anyone but the rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Report = cls.env["sales.credit.report"]

    def _deals(self):
        """Invoices over three months, three people and an agent, a credit note."""
        january = self.invoice(
            1000.0,
            [
                self.line(self.rep_a, self.role_service, 70),
                self.line(self.rep_b, self.role_first, 30),
            ],
        )
        march = self.invoice(600.0, [self.line(self.rep_c, self.role_service, 100)], post=False)
        march.invoice_date = "2026-03-02"
        march.action_post()
        agent = self.invoice(
            300.0,
            [
                self.line(self.agent, self.role_first, 50),
                self.line(self.rep_b, self.role_signing, 50),
            ],
            post=False,
        )
        agent.invoice_date = "2026-02-27"
        agent.action_post()
        refund = january._reverse_moves([{"invoice_date": "2026-02-10"}])
        refund.action_post()
        self.env.flush_all()
        return january, march, agent, refund

    def _from_lines(self):
        """{(user, first day of month): (credited revenue, commission)} from the shares."""
        lines = self.env["sales.credit.split.line"].search(
            [("move_id.state", "=", "posted"), ("move_id.partner_id", "=", self.customer.id)]
        )
        totals = defaultdict(lambda: [0.0, 0.0])
        for line in lines:
            day = line.move_id.invoice_date.replace(day=1)
            totals[line.user_id, day][0] += line.amount_company
            totals[line.user_id, day][1] += line.commission_amount
        return {key: (round(a, 2), round(c, 2)) for key, (a, c) in totals.items()}

    def _from_report(self):
        rows = self.Report._read_group(
            [("partner_id", "=", self.customer.id)],
            ["user_id", "date:month"],
            ["amount_company:sum", "commission_amount:sum"],
        )
        return {(user, day): (round(a, 2), round(c, 2)) for user, day, a, c in rows}

    def test_pivot_figures_equal_the_shares(self):
        january, march, _agent, refund = self._deals()
        self.assertEqual(self._from_report(), self._from_lines())
        self.assertEqual(
            self._from_report()[self.rep_a, january.invoice_date.replace(day=1)][0], 700
        )
        self.assertEqual(
            self._from_report()[self.rep_a, refund.invoice_date.replace(day=1)][0], -700
        )
        # reset to draft: the invoice leaves the report; posted again at another date it
        # counts in that month; cancelled, nowhere
        march.button_draft()
        self.env.flush_all()
        self.assertNotIn(self.rep_c, {user for user, _day in self._from_report()})
        march.invoice_date = "2026-04-20"
        march.action_post()
        self.env.flush_all()
        self.assertEqual(self._from_report(), self._from_lines())
        self.assertIn((self.rep_c, march.invoice_date.replace(day=1)), self._from_report())
        march.button_draft()
        march.button_cancel()
        self.env.flush_all()
        self.assertNotIn(self.rep_c, {user for user, _day in self._from_report()})
        self.assertEqual(self._from_report(), self._from_lines())

    def test_posted_in_the_same_transaction_is_reported_at_once(self):
        """No flush by hand: the report's view says what it reads (``_depends``)."""
        invoice = self.invoice(800.0, [self.line(self.rep_c, self.role_service, 100)])
        shown = self.Report.search([("move_id", "=", invoice.id)])
        self.assertEqual(shown.mapped("amount_company"), [800.0])
        invoice.button_draft()
        self.assertFalse(self.Report.search([("move_id", "=", invoice.id)]))

    def test_shares_of_drafts_orders_and_opportunities_are_not_credited(self):
        draft = self.invoice(400.0, [self.line(self.rep_c, self.role_service, 100)], post=False)
        lead = self.opportunity()
        lead.credit_split_line_ids = [self.line(self.rep_b, self.role_service, 100)]
        self.env.flush_all()
        shares = draft.credit_split_line_ids | lead.credit_split_line_ids
        self.assertTrue(shares)
        self.assertFalse(any(shares.mapped("credited")))
        self.assertFalse(self.Report.search([("user_id", "in", (self.rep_b | self.rep_c).ids)]))

    def test_grouped_rows_are_odoo_s_value_for_value(self):
        self._deals()
        report = self.Report.with_user(self.manager)
        odoo_format = functools.partial(models.BaseModel._read_group_format_result, report)
        for groupby, domain, lazy in GROUPINGS:
            with self.subTest(groupby=groupby, domain=domain, lazy=lazy):
                shown = groupby[:1] if lazy else groupby
                annotated = report._read_group_get_annotated_groupby(groupby, lazy=lazy)
                raw = [
                    {**dict(zip(annotated, row, strict=True)), "__domain": domain}
                    for row in report._read_group(
                        domain, list(annotated.values()), order=",".join(annotated.values())
                    )
                ]
                expected, ours = [dict(r) for r in raw], [dict(r) for r in raw]
                odoo_format(expected, shown)
                format_each_value_once(ours, shown, odoo_format)
                self.assertEqual(ours, expected)
                # and read_group itself returns them
                result = report.read_group(domain, ["amount_company:sum"], groupby, lazy=lazy)
                keys = [*shown, "__domain", "__range"]
                self.assertEqual(
                    [{k: row.get(k) for k in keys} for row in result],
                    [{k: row.get(k) for k in keys} for row in expected],
                )

    def test_derived_values_refused_to_everyone_but_the_rules(self):
        invoice = self.invoice(1000.0, [self.line(self.rep_a, self.role_service, 100)])
        share = invoice.credit_split_line_ids
        values = {
            "company_id": self.env["res.company"].create({"name": "T Other Co"}).id,
            "team_id": self.other_team.id,
            "doc_user_id": self.rep_b.id,
            "currency_id": self.env.ref("base.EUR").id,
            "amount": 1e9,
            "amount_company": 1e9,
            "commission_amount": 1e9,
            "rate_date": "2099-12-31",
            "credited": False,
            "credit_date": "2099-12-31",
        }
        self.assertEqual(set(values), set(DERIVED_FIELDS))
        for name, value in values.items():
            for user in (self.rep_a, self.manager):
                with self.subTest(field=name, user=user.login):
                    with self.assertRaisesRegex(UserError, share._fields[name].string):
                        share.with_user(user).write({name: value})
        with self.assertRaisesRegex(UserError, "Credited Revenue"):
            self.env["sales.credit.split.line"].with_user(self.manager).create(
                {
                    "move_id": self.invoice(5.0, post=False).id,
                    "user_id": self.rep_a.id,
                    "role_id": self.role_service.id,
                    "percent": 100,
                    "amount_company": 1e9,
                }
            )
        self.assertEqual(share.amount_company, 1000)
        self.assertTrue(share.credited)
