from odoo import Command
from odoo.exceptions import UserError

from .common import CreditSplitCase


class TestConflictShareDocuments(CreditSplitCase):
    """Arbitration "share the credit" (判单分业绩): owner and claimant share what
    they held, third parties keep their shares, and the opportunity's orders
    and unposted invoices follow the decision."""

    def setUp(self):
        super().setUp()
        self.claim = self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_a.id, "key_type": "company"}
        )
        self.lead = self.opportunity(user=self.rep_a, team=self.other_team)
        # the owner 80, a third party (service) 20
        self.lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_signing, 80),
            self.line(self.rep_c, self.role_service, 20),
        ]
        self.lead.with_user(self.rep_a).action_submit_split()

    def conflict(self, percent=50.0):
        return self.env["sales.claim.conflict"].create(
            {
                "claim_id": self.claim.id,
                "claimant_id": self.rep_b.id,
                "lead_id": self.lead.id,
                "reason": "T I visited them first",
                "decision_note": "T both worked the deal",
                "credit_claimant_percent": percent,
            }
        )

    def shares(self, document):
        return {
            line._participant_name(): line.percent
            for line in document.credit_split_line_ids.sorted("id")
        }

    def test_third_party_keeps_its_share(self):
        self.conflict(25).with_user(self.manager).action_decide_share()
        self.assertEqual(
            self.shares(self.lead), {"Split Rep A": 60.0, "Split Rep B": 20.0, "Split Rep C": 20.0}
        )
        self.assertTrue(self.lead.credit_split_total_ok)

    def test_orders_and_draft_invoices_follow_the_decision(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": self.lead.id,
                "user_id": self.rep_a.id,
                "team_id": self.other_team.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 1000.0, "tax_id": False}
                    )
                ],
            }
        )
        order.action_confirm()
        invoice = order._create_invoices()
        quotation = order.copy()
        self.conflict(50).with_user(self.manager).action_decide_share()
        expected = {"Split Rep A": 40.0, "Split Rep B": 40.0, "Split Rep C": 20.0}
        for document in (order, invoice, quotation):
            self.assertEqual(self.shares(document), expected, document.display_name)
        self.assertTrue(all(order.credit_split_line_ids.mapped("rate_frozen")))
        invoice.action_post()
        self.env.flush_all()
        report = self.env["sales.credit.report"].search([("move_id", "=", invoice.id)])
        self.assertEqual(
            {r.user_id.name: r.amount_company for r in report},
            {"Split Rep A": 400.0, "Split Rep B": 400.0, "Split Rep C": 200.0},
        )

    def test_nothing_to_share_is_refused(self):
        self.lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_c, self.role_signing, 100),
        ]
        with self.assertRaisesMsg(UserError, "neither .* holds a share"):
            self.conflict().with_user(self.manager).action_decide_share()
