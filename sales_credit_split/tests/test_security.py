from odoo import Command
from odoo.exceptions import AccessError, UserError

from .common import CreditSplitCase


class TestSecurity(CreditSplitCase):
    """Who sees and edits splits: participants, owners, team leaders, managers, companies."""

    def setUp(self):
        super().setUp()
        # rep_a's deal shared with rep_b; rep_c's own deal in another team
        self.lead = self.opportunity()
        self.lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_service, 70),
            self.line(self.rep_b, self.role_first, 30),
        ]
        self.other_lead = self.opportunity(user=self.rep_c, team=self.other_team)
        self.Line = self.env["sales.credit.split.line"]
        self.env.flush_all()

    def visible(self, user, model="sales.credit.split.line"):
        return self.env[model].with_user(user).search([])

    def test_owner_and_participant_see_the_split(self):
        mine = self.lead.credit_split_line_ids
        self.assertEqual(
            self.visible(self.rep_a) & (mine | self.other_lead.credit_split_line_ids), mine
        )
        self.assertEqual(self.visible(self.rep_b) & mine, mine)
        self.assertFalse(self.visible(self.rep_b) & self.other_lead.credit_split_line_ids)
        self.assertFalse(self.visible(self.rep_c) & mine)
        # the participant reads the opportunity, but does not edit its split
        self.assertIn(self.lead, self.visible(self.rep_b, "crm.lead"))
        self.assertNotIn(self.lead, self.visible(self.rep_c, "crm.lead"))
        with self.assertRaises(AccessError):
            mine.with_user(self.rep_b).write({"percent": 50})
        mine[0].with_user(self.rep_a).note = "T owner edits"

    def test_participant_submits_and_claim_owner_agrees(self):
        self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_c.id, "key_type": "company"}
        )
        self.lead.with_user(self.rep_b).action_submit_split()
        self.assertEqual(self.lead.credit_split_state, "submitted")
        lead_as_owner = self.lead.with_user(self.rep_c)
        self.assertEqual(lead_as_owner.credit_split_approver_id, self.rep_c)
        self.assertEqual(len(lead_as_owner.credit_split_line_ids), 2)
        lead_as_owner.action_agree_split()
        self.assertEqual(self.lead.credit_split_agreed_by_id, self.rep_c)

    def test_team_leader_sees_own_teams(self):
        seen = self.visible(self.leader)
        self.assertLessEqual(self.lead.credit_split_line_ids, seen)
        self.assertFalse(seen & self.other_lead.credit_split_line_ids)
        self.assertLessEqual(
            (self.lead | self.other_lead).credit_split_line_ids, self.visible(self.manager)
        )

    def test_accountant_sees_invoice_splits_only(self):
        invoice = self.invoice(100.0, self.three_way())
        seen = self.visible(self.accountant)
        self.assertLessEqual(invoice.credit_split_line_ids, seen)
        self.assertFalse(seen & self.lead.credit_split_line_ids)

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "T Split Company 2"})
        self.manager.company_ids = [Command.link(other_company.id)]
        self.rep_a.company_ids = [Command.link(other_company.id)]
        lead2 = self.opportunity(company_id=other_company.id)
        self.assertEqual(lead2.credit_split_line_ids.company_id, other_company)
        only_main = (
            self.env["sales.credit.split.line"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=[self.company.id])
        )
        self.assertFalse(only_main.search([("id", "in", lead2.credit_split_line_ids.ids)]))
        both = only_main.with_context(allowed_company_ids=[self.company.id, other_company.id])
        self.assertTrue(both.search([("id", "in", lead2.credit_split_line_ids.ids)]))

    def test_configuration_is_for_managers(self):
        with self.assertRaises(AccessError):
            self.role_first.with_user(self.rep_a).commission_rate = 50
        with self.assertRaises(AccessError):
            self.env["sales.credit.user.rate"].with_user(self.rep_a).create(
                {"user_id": self.rep_a.id, "commission_rate": 50}
            )
        self.role_first.with_user(self.manager).commission_rate = 12
        self.assertEqual(self.role_first.with_user(self.rep_a).commission_rate, 12)

    def test_report_visibility(self):
        invoice = self.invoice(
            1000.0,
            [
                self.line(self.rep_a, self.role_service, 70),
                self.line(self.rep_b, self.role_first, 30),
            ],
        )
        self.invoice(
            500.0, [self.line(self.rep_c, self.role_service, 100)]
        ).team_id = self.other_team
        self.env.flush_all()
        Report = self.env["sales.credit.report"]
        mine = Report.with_user(self.rep_b).search([])
        self.assertEqual(mine.mapped("user_id"), self.rep_b)
        self.assertEqual(sum(mine.mapped("amount_company")), 300)
        self.assertEqual(sum(mine.mapped("commission_amount")), 30)
        team = Report.with_user(self.leader).search([("move_id", "=", invoice.id)])
        self.assertEqual(len(team), 2)
        by_user = Report.with_user(self.manager)._read_group(
            [("move_id.partner_id", "=", self.customer.id)],
            ["user_id"],
            ["amount_company:sum", "commission_amount:sum"],
        )
        totals = {user: amount for user, amount, _commission in by_user}
        self.assertEqual(totals[self.rep_a], 700)
        self.assertEqual(totals[self.rep_c], 500)
        with self.assertRaises(UserError):
            self.lead.with_user(self.rep_c).action_agree_split()

    def test_colleague_quotes_a_shared_opportunity(self):
        colleague = self.env["res.users"].create(
            {
                "name": "T All Documents",
                "login": "t_split_all_docs",
                "groups_id": [
                    Command.set([self.env.ref("sales_team.group_sale_salesman_all_leads").id])
                ],
            }
        )
        lead = self.lead.with_user(colleague)
        context = lead._prepare_opportunity_quotation_context()
        order = (
            self.env["sale.order"]
            .with_user(colleague)
            .with_context(**context)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(order.user_id, self.rep_a)
        self.assertEqual(order.sudo().credit_split_line_ids.mapped("percent"), [70, 30])
        created = (
            self.env["crm.lead"]
            .with_user(colleague)
            .create({"name": "T for a colleague", "type": "opportunity", "user_id": self.rep_b.id})
        )
        self.assertEqual(created.sudo().credit_split_line_ids.user_id, self.rep_b)

    def test_commission_rates_set_by_accountants_and_managers_only(self):
        """The rep paid on a document cannot set their own rate; posting keeps
        the policy's rate, and a posted document's frozen rate never changes."""
        invoice = self.invoice(10000, split=self.three_way(), post=False)
        rep_line = invoice.credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_a)
        for vals in ({"commission_rate": 50}, {"rate_frozen": True}):
            with self.assertRaises(AccessError):
                rep_line.with_user(self.rep_a).write(vals)
            with self.assertRaises(AccessError):
                invoice.with_user(self.rep_a).write(
                    {"credit_split_line_ids": [Command.update(rep_line.id, vals)]}
                )
        invoice.action_post()
        self.assertEqual(invoice.credit_split_line_ids.mapped("commission_rate"), [10, 5, 2])
        with self.assertRaisesRegex(UserError, "frozen"):
            rep_line.with_user(self.accountant).write({"commission_rate": 7})
        # a draft document's rate is an accountant's or a sales manager's call
        draft = self.invoice(10000, split=self.three_way(), post=False)
        draft.credit_split_line_ids[0].with_user(self.manager).write({"commission_rate": 12})
        self.assertEqual(draft.credit_split_line_ids[0].commission_rate, 12)

    def test_commission_rate_on_create_refused_like_write(self):
        """A rep adding a share cannot type its rate either (issue 16): a new
        line takes the role's rate; only the rate already proposed passes,
        as the split screens send it back."""
        lead = self.opportunity()
        Line = self.Line.with_user(self.rep_a)
        share = {"lead_id": lead.id, "user_id": self.rep_b.id, "role_id": self.role_first.id}
        for vals in ({"commission_rate": 50}, {"rate_frozen": True}):
            with self.assertRaisesRegex(AccessError, "Commission Rate"):
                Line.create({**share, "percent": 10, **vals})
            with self.assertRaisesRegex(AccessError, "Commission Rate"):
                lead.with_user(self.rep_a).write(
                    {"credit_split_line_ids": [Command.create({**share, "percent": 10, **vals})]}
                )
        self.assertFalse(lead.credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_b))
        # the proposed rate (the role's 10 %) is no change
        line = Line.create({**share, "percent": 10, "commission_rate": 10})
        self.assertEqual(line.commission_rate, 10)
        # accountants and sales managers set it on create
        invoice = self.invoice(10000, split=self.three_way(), post=False)
        for user, participant, rate in (
            (self.accountant, self.rep_b, 7),
            (self.manager, self.rep_a, 8),
        ):
            made = self.Line.with_user(user).create(
                {
                    "move_id": invoice.id,
                    "user_id": participant.id,
                    "role_id": self.role_signing.id,
                    "percent": 5,
                    "commission_rate": rate,
                }
            )
            self.assertEqual(made.commission_rate, rate)
