from odoo import Command
from odoo.exceptions import UserError, ValidationError

from .common import SplitTypeCase


class TestSplitTypeRules(SplitTypeCase):
    """Revenue totals exactly 100; overlay shares are each > 0, whatever their total."""

    def test_validation_per_type(self):
        cases = [
            # (revenue shares, overlay shares, error raised on submit or None)
            ((100,), (), None),
            ((60, 40), (10, 25), None),
            ((100,), (100, 100, 100), None),
            ((33.333333,) * 3, (50,), None),
            ((60, 30), (10,), "Revenue shares of the credit split of T Deal add up to 90.00%"),
            ((60, 30), (), "add up to 90.00%"),
            ((), (50,), r"has only overlay shares \(Overlay\)"),
        ]
        for revenue, overlay, error in cases:
            with self.subTest(revenue=revenue, overlay=overlay):
                lead = self.opportunity()
                lead.credit_split_line_ids = self.split(revenue, overlay)
                self.assertEqual(lead.credit_split_total_ok, error is None)
                if error:
                    with self.assertRaisesMsg(UserError, error):
                        lead.action_submit_split()
                else:
                    lead.action_submit_split()

    def test_each_overlay_share_is_more_than_0_and_at_most_100(self):
        lead = self.opportunity()
        for bad in (0, -5, 100.5):
            with self.subTest(share=bad), self.assertRaisesMsg(ValidationError, "at most 100"):
                lead.credit_split_line_ids = self.split((100,), (bad,))

    def test_role_brings_its_type_and_refuses_others(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = [
            Command.create({"user_id": self.rep_b.id, "role_id": self.role_presales.id})
        ]
        line = lead.credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_b)
        self.assertEqual(line.split_type_id, self.overlay)
        self.assertEqual(line.percent, 10)
        self.assertEqual(
            lead.credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_a).split_type_id,
            self.revenue,
            "a share without type is revenue",
        )
        with self.assertRaisesMsg(ValidationError, "is not credited as Revenue"):
            line.split_type_id = self.revenue
        # a role without types may be credited in any type
        line.role_id = self.role_service
        line.split_type_id = self.overlay
        self.assertEqual(line.split_type_id, self.overlay)

    def test_same_person_same_role_in_two_types(self):
        self.role_service.split_type_ids = False
        lead = self.opportunity()
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_service, 100),
            self.line(self.rep_a, self.role_service, 20, split_type_id=self.overlay.id),
        ]
        self.assertTrue(lead.credit_split_total_ok)
        with self.assertRaisesMsg(ValidationError, "appears twice with role"):
            lead.credit_split_line_ids = [
                self.line(self.rep_a, self.role_service, 5, split_type_id=self.overlay.id)
            ]

    def test_split_equally_leaves_overlay_alone(self):
        lead = self.opportunity(revenue=9999.99)
        lead.credit_split_line_ids = self.split((20, 60, 20), (15,))
        lead.action_credit_split_equally()
        lines = lead.credit_split_line_ids
        self.assertEqual(lines.mapped("percent"), [33.333334, 33.333333, 33.333333, 15])
        self.assertEqual(self.amounts(lead), [3333.33, 3333.33, 3333.33, 1500.00])

    def test_templates_have_a_type(self):
        Template = self.env["sales.credit.split.template"]
        self.assertEqual(self.template.split_type_id, self.revenue)
        overlay_template = Template.create(
            {
                "name": "T overlay",
                "split_type_id": self.overlay.id,
                "line_ids": [Command.create({"role_id": self.role_presales.id, "percent": 15})],
            }
        )
        self.assertEqual(overlay_template.total_percent, 15)
        with self.assertRaisesMsg(ValidationError, "which role T Pre-Sales is not credited in"):
            Template.create(
                {
                    "name": "T wrong role",
                    "line_ids": [
                        Command.create({"role_id": self.role_presales.id, "percent": 100})
                    ],
                }
            )
        with self.assertRaisesMsg(ValidationError, "choose a revenue template for team"):
            self.team.credit_split_template_id = overlay_template
        self.team.credit_split_template_id = self.template
        lead = self.opportunity()
        self.assertEqual(set(lead.credit_split_line_ids.split_type_id.ids), set(self.revenue.ids))


class TestOverlayCredit(SplitTypeCase):
    """Overlay is credited on top of a full revenue split, never out of it."""

    def test_overlay_in_addition_to_revenue(self):
        lead = self.opportunity(revenue=9999.99)
        lead.credit_split_line_ids = self.split((60, 40), (33.333333, 100))
        # revenue: 60/40 of the whole amount, exactly; overlay: its own share each
        self.assertEqual(self.amounts(lead), [5999.99, 4000.00, 3333.33, 9999.99])
        revenue = lead.credit_split_line_ids.filtered(lambda x: x.split_type_id == self.revenue)
        self.assertEqual(round(sum(revenue.mapped("amount_company")), 2), 9999.99)

    def test_invoice_and_credit_note_mirror_overlay(self):
        invoice = self.invoice(1000.01, self.split((50, 50), (12.5,)))
        self.assertEqual(self.amounts(invoice), [500.01, 500.00, 125.00])
        self.assertEqual(self.amounts(invoice, "commission_amount"), [50.00, 25.00, 1.25])
        wizard = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "T refund"})
        )
        refund = self.env["account.move"].browse(wizard.refund_moves()["res_id"])
        refund.action_post()
        self.assertEqual(refund.credit_split_line_ids.split_type_id, self.revenue | self.overlay)
        self.assertEqual(self.amounts(refund), [-500.01, -500.00, -125.00])
        self.assertEqual(self.amounts(refund, "commission_amount"), [-50.00, -25.00, -1.25])

    def test_order_and_invoice_copy_the_types(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_signing, 100),
            self.line(self.rep_b, self.role_presales, 20),
        ]
        self.assertEqual(lead.credit_split_participant_count, 2)
        # one person shares the revenue: signing needs no agreement of the overlay
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "opportunity_id": lead.id,
                "user_id": self.rep_a.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": 500, "tax_id": False}
                    )
                ],
            }
        )
        self.assertEqual(
            order.credit_split_line_ids.mapped("split_type_id"), self.revenue | self.overlay
        )
        self.assertEqual(self.amounts(order), [500, 100])
        order.action_confirm()
        invoice = order._create_invoices()
        invoice.action_post()
        self.assertEqual(
            invoice.credit_split_line_ids.mapped("split_type_id.code"), ["revenue", "overlay"]
        )
        self.assertEqual(self.amounts(invoice), [500, 100])


class TestCustomSplitType(SplitTypeCase):
    """A company adds its own types, of either rule."""

    def test_custom_full_type_is_a_second_split_of_the_whole_amount(self):
        product_line = self.env["sales.credit.split.type"].create(
            {"name": "T Product Line", "code": "t_product", "total_rule": "exactly_100"}
        )
        lead = self.opportunity(revenue=1000)
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_signing, 100),
            self.line(self.rep_b, self.role_first, 70, split_type_id=product_line.id),
            self.line(self.rep_c, self.role_first, 20, split_type_id=product_line.id),
        ]
        self.assertFalse(lead.credit_split_total_ok)
        self.assertEqual(lead.credit_split_total, 90)
        with self.assertRaisesMsg(UserError, "T Product Line shares of the credit split"):
            lead.action_submit_split()
        lead.credit_split_line_ids[2].percent = 30
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(self.amounts(lead), [1000, 700, 300])

    def test_custom_overlay_type_and_codes_are_unique(self):
        Type = self.env["sales.credit.split.type"]
        channel = Type.create({"name": "T Channel", "code": "t_channel", "total_rule": "any"})
        lead = self.opportunity(revenue=2000)
        lead.credit_split_line_ids = [
            self.line(self.agent, self.role_first, 5, split_type_id=channel.id)
        ]
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(self.amounts(lead), [2000, 100])
        with self.assertRaisesMsg(ValidationError, "Code t_channel of split type"):
            Type.create({"name": "T Channel 2", "code": "t_channel", "total_rule": "any"})
        Type.create({"name": "T Channel 3", "total_rule": "any"})
        Type.create({"name": "T Channel 4", "total_rule": "any"})

    def test_revenue_type_cannot_be_deleted(self):
        with self.assertRaisesMsg(UserError, "cannot be deleted"):
            self.revenue.unlink()
        # a type no share uses can go (the shipped overlay may carry demo shares)
        unused = self.env["sales.credit.split.type"].create(
            {"name": "T Unused Type", "code": "t_unused", "total_rule": "any"}
        )
        unused.unlink()
        self.assertFalse(unused.exists())


class TestSplitTypeFollowers(SplitTypeCase):
    """Handover and arbitration move revenue and overlay shares each in their type."""

    def test_handover_merges_within_a_type_only(self):
        self.role_service.split_type_ids = False
        lead = self.opportunity()
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_b, self.role_service, 100),
            self.line(self.rep_a, self.role_service, 20, split_type_id=self.overlay.id),
        ]
        self.rep_a.with_user(self.manager)._credit_split_hand_over(self.rep_b)
        lines = lead.credit_split_line_ids
        self.assertEqual(lines.user_id, self.rep_b)
        self.assertEqual(lines.mapped("percent"), [100, 20])
        self.assertEqual(lines.split_type_id, self.revenue | self.overlay)
        self.assertEqual(self.amounts(lead), [10000, 2000])

    def test_arbitration_shares_the_revenue_and_keeps_overlay(self):
        claim = self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_a.id, "key_type": "company"}
        )
        lead = self.opportunity(user=self.rep_b, team=self.other_team)
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_signing, 100),
            self.line(self.rep_b, self.role_presales, 10),
        ]
        conflict = self.env["sales.claim.conflict"].create(
            {
                "claim_id": claim.id,
                "claimant_id": self.rep_b.id,
                "lead_id": lead.id,
                "reason": "T I visited them first",
                "decision_note": "T both worked the deal",
                "credit_claimant_percent": 40,
            }
        )
        conflict.with_user(self.manager).action_decide_share()
        lines = lead.credit_split_line_ids
        revenue = lines.filtered(lambda x: x.split_type_id == self.revenue)
        self.assertEqual(revenue.mapped("percent"), [60, 40])
        self.assertEqual(revenue.user_id, self.rep_a | self.rep_b)
        overlay = lines - revenue
        self.assertEqual((overlay.user_id, overlay.percent), (self.rep_b, 10))
        self.assertTrue(lead.credit_split_total_ok)
