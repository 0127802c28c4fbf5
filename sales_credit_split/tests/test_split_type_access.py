from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.safe_eval import safe_eval

from .common import SplitTypeCase


class TestSplitTypeAccess(SplitTypeCase):
    """Types are configuration: managers write, users read, per company."""

    def test_salesman_reads_but_cannot_write_types(self):
        Type = self.env["sales.credit.split.type"].with_user(self.rep_a)
        self.assertIn(self.overlay, Type.search([]))
        self.assertEqual(self.overlay.with_user(self.rep_a).total_rule, "any")
        with self.assertRaises(AccessError):
            Type.create({"name": "T Mine", "total_rule": "any"})
        with self.assertRaises(AccessError):
            self.revenue.with_user(self.rep_a).write({"total_rule": "any"})
        with self.assertRaises(AccessError):
            self.overlay.with_user(self.rep_a).write({"requires_approval": True})
        with self.assertRaises(AccessError):
            self.overlay.with_user(self.rep_a).unlink()
        self.assertEqual(self.revenue.total_rule, "exactly_100")
        custom = (
            self.env["sales.credit.split.type"]
            .with_user(self.manager)
            .create({"name": "T Specialist", "code": "t_specialist", "total_rule": "any"})
        )
        custom.with_user(self.manager).requires_approval = False
        self.assertFalse(custom.requires_approval)

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "T Split Company 2"})
        self.manager.company_ids = [Command.link(other_company.id)]
        theirs = self.env["sales.credit.split.type"].create(
            {"name": "T Their Overlay", "total_rule": "any", "company_id": other_company.id}
        )
        Type = self.env["sales.credit.split.type"]
        self.assertNotIn(theirs, Type.with_user(self.rep_a).search([]))
        self.assertIn(self.revenue, Type.with_user(self.rep_a).search([]), "shared type")
        manager_main = Type.with_user(self.manager).with_context(
            allowed_company_ids=[self.company.id]
        )
        self.assertNotIn(theirs, manager_main.search([]))
        both = manager_main.with_context(allowed_company_ids=[self.company.id, other_company.id])
        self.assertIn(theirs, both.search([]))
        # a share of this company's deal cannot use the other company's type
        lead = self.opportunity()
        with self.assertRaisesMsg(ValidationError, "belongs to T Split Company 2"):
            lead.credit_split_line_ids = [
                self.line(self.rep_b, self.role_first, 10, split_type_id=theirs.id)
            ]


class TestSplitTypeAgreement(SplitTypeCase):
    """Only changes of types that require approval need a new agreement."""

    def agreed_lead(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = self.split((60, 40))
        lead.with_user(self.rep_a).action_submit_split()
        self.assertEqual(lead.credit_split_state, "agreed")
        return lead

    def test_overlay_changes_keep_the_agreement(self):
        lead = self.agreed_lead()
        lead.with_user(self.rep_a).credit_split_line_ids = [
            self.line(self.rep_c, self.role_presales, 15)
        ]
        self.assertEqual(lead.credit_split_state, "agreed")
        overlay = lead.credit_split_line_ids.filtered(lambda x: x.split_type_id == self.overlay)
        overlay.with_user(self.rep_a).percent = 25
        overlay.with_user(self.rep_a).unlink()
        self.assertEqual(lead.credit_split_state, "agreed")
        lead.credit_split_line_ids[0].with_user(self.rep_a).percent = 50
        self.assertEqual(lead.credit_split_state, "draft", "a revenue change needs agreement")

    def test_types_requiring_approval_follow_the_revenue_rules(self):
        self.overlay.requires_approval = True
        lead = self.agreed_lead()
        lead.with_user(self.rep_a).credit_split_line_ids = [
            self.line(self.rep_c, self.role_presales, 15)
        ]
        self.assertEqual(lead.credit_split_state, "draft")

    def test_signing_compares_the_agreed_revenue_only(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = self.split((60, 40))
        lead.action_submit_split()
        lead.with_user(self.rep_a).action_agree_split()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id,
                "user_id": self.rep_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 100, "tax_id": False}
                    )
                ],
            }
        )
        order.credit_split_line_ids = [self.line(self.rep_c, self.role_presales, 20)]
        revenue = order.credit_split_line_ids.filtered(lambda x: x.split_type_id == self.revenue)
        revenue[0].percent = 50
        revenue[1].percent = 50
        with self.assertRaisesMsg(UserError, "differs from the split agreed"):
            order.action_confirm()
        order.credit_split_line_ids = [
            Command.update(revenue[0].id, {"percent": 60}),
            Command.update(revenue[1].id, {"percent": 40}),
        ]
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(self.amounts(order), [60, 40, 20])

    def test_winning_with_one_revenue_owner_and_an_overlay_helper(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = [self.line(self.rep_b, self.role_presales, 30)]
        self.assertEqual(lead.credit_split_participant_count, 2)
        lead.action_set_won()
        self.assertEqual(lead.credit_split_state, "locked")


class TestSplitTypeReport(SplitTypeCase):
    """The analysis has the type: grouped by type, it gives the sums of the lines."""

    def test_report_by_type_equals_the_lines(self):
        first = self.invoice(1000.0, self.split((70, 30), (10, 5)))
        second = self.invoice(333.33, self.split((33.333333,) * 3, (50,)))
        moves = first | second
        self.env.flush_all()
        lines = moves.credit_split_line_ids
        groups = self.env["sales.credit.report"]._read_group(
            [("move_id", "in", moves.ids)],
            ["split_type_id"],
            ["amount_company:sum", "commission_amount:sum", "__count"],
        )
        by_type = {
            split_type: (amount, commission, count)
            for split_type, amount, commission, count in groups
        }
        self.assertEqual(set(by_type), {self.revenue, self.overlay})
        for split_type, (amount, commission, count) in by_type.items():
            typed = lines.filtered(lambda x, t=split_type: x.split_type_id == t)
            self.assertAlmostEqual(amount, sum(typed.mapped("amount_company")), places=2)
            self.assertAlmostEqual(commission, sum(typed.mapped("commission_amount")), places=2)
            self.assertEqual(count, len(typed))
        # revenue credit is exactly the invoiced amount; overlay comes on top
        self.assertAlmostEqual(by_type[self.revenue][0], 1333.33, places=2)
        self.assertAlmostEqual(by_type[self.overlay][0], 100 + 50 + 166.67, places=2)
        rule = self.env["sales.credit.report"].search(
            [("move_id", "in", moves.ids), ("total_rule", "=", "any")]
        )
        self.assertEqual(len(rule), 3)

    def test_menu_opens_on_revenue(self):
        action = self.env.ref("sales_credit_split.sales_credit_report_action")
        context = safe_eval(action.context)
        self.assertEqual(context["search_default_split_type_id"], self.revenue.id)
        view = self.env.ref("sales_credit_split.sales_credit_report_view_search")
        self.assertIn('name="group_split_type"', view.arch_db)
