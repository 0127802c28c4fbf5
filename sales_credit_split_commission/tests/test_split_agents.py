from odoo import Command
from odoo.exceptions import UserError

from .common import SplitCommissionCase


class TestSplitAgents(SplitCommissionCase):
    """The split's participants become the agents of the invoice lines."""

    def test_participants_are_the_agents_with_their_share(self):
        invoice = self.post(self.invoice(1000.0, self.three_way(), post=False))
        agents = invoice.invoice_line_ids.agent_ids
        self.assertEqual(
            agents.agent_id.ids, [p.id for p in self.partners(self.rep_a, self.rep_b, self.rep_c)]
        )
        self.assertEqual(agents.mapped("split_percent"), [20, 60, 20])
        # OCA's 10% of 1,000 is 100, paid 20 / 60 / 20
        self.assertEqual(agents.mapped("amount"), [20.0, 60.0, 20.0])
        self.assertEqual(invoice.commission_total, 100.0)
        self.assertTrue(all(agents.mapped("split_frozen")))

    def test_one_person_in_two_roles_is_one_agent(self):
        split = [
            Command.clear(),
            self.line(self.rep_a, self.role_first, 20),
            self.line(self.rep_b, self.role_service, 60),
            self.line(self.rep_a, self.role_signing, 20),
        ]
        invoice = self.post(self.invoice(1000.0, split, post=False))
        self.assertEqual(
            self.agent_amounts(invoice), {self.rep_a.partner_id: 40.0, self.rep_b.partner_id: 60.0}
        )

    def test_agent_partner_and_own_commission(self):
        self.make_agent(self.agent, self.commission_5)
        split = [
            Command.clear(),
            self.line(self.rep_a, self.role_first, 50),
            self.line(self.agent, self.role_service, 50),
        ]
        invoice = self.post(self.invoice(1000.0, split, post=False))
        # each at their own commission: 10% of 500 and 5% of 500
        self.assertEqual(
            self.agent_amounts(invoice), {self.rep_a.partner_id: 50.0, self.agent: 25.0}
        )

    def test_participant_not_an_agent_is_named(self):
        self.rep_c.partner_id.agent = False
        invoice = self.invoice(1000.0, self.three_way(), post=False)
        with self.assertRaisesMsg(
            UserError, "Split Rep C is credited on .* not a commission agent"
        ):
            self.post(invoice)
        self.assertEqual(invoice.state, "draft")
        # the fix named in the message: make them an agent
        self.make_agent(self.rep_c.partner_id, self.commission_10)
        self.post(invoice)
        self.assertEqual(len(invoice.invoice_line_ids.agent_ids), 3)

    def test_draft_follows_the_split(self):
        invoice = self.invoice(1000.0, self.three_way(), post=False)
        self.assertEqual(len(invoice.invoice_line_ids.agent_ids), 3)
        invoice.credit_split_line_ids = self.three_way((50, 30, 20))
        self.assertEqual(invoice.invoice_line_ids.agent_ids.mapped("amount"), [50.0, 30.0, 20.0])
        self.assertFalse(any(invoice.invoice_line_ids.agent_ids.mapped("split_frozen")))

    def test_posted_agent_lines_cannot_be_rewritten(self):
        invoice = self.post(self.invoice(1000.0, self.three_way(), post=False))
        agent_line = invoice.invoice_line_ids.agent_ids[0]
        for vals in ({"commission_id": self.commission_5.id}, {"split_percent": 50}):
            with self.assertRaisesMsg(UserError, "was frozen when it was posted"):
                agent_line.with_user(self.accountant).write(vals)
        with self.assertRaisesMsg(UserError, "was frozen when it was posted"):
            agent_line.with_user(self.accountant).unlink()
        # back to draft, the shares follow the split again
        invoice.button_draft()
        invoice.credit_split_line_ids = self.three_way((50, 30, 20))
        self.post(invoice)
        self.assertEqual(invoice.invoice_line_ids.agent_ids.mapped("amount"), [50.0, 30.0, 20.0])

    def test_without_split_oca_agents_stay(self):
        """No split (no salesperson to credit): OCA's agents of the customer."""
        external = self.env["res.partner"].create({"name": "T External Agent"})
        self.make_agent(external, self.commission_5)
        self.customer.agent_ids = [Command.set(external.ids)]
        invoice = self.invoice(1000.0, post=False)
        invoice.invoice_user_id = False
        self.post(invoice)
        self.assertFalse(invoice.credit_split_line_ids)
        agents = invoice.invoice_line_ids.agent_ids
        self.assertEqual(agents.agent_id, external)
        self.assertEqual(agents.amount, 50.0)
        self.assertFalse(agents.split_percent)

    def test_company_not_paying_splits_keeps_oca_agents(self):
        self.company.credit_split_commission = False
        external = self.env["res.partner"].create({"name": "T External Agent"})
        self.make_agent(external, self.commission_5)
        self.customer.agent_ids = [Command.set(external.ids)]
        self.rep_c.partner_id.agent = False  # not checked: the split is not paid
        invoice = self.post(self.invoice(1000.0, self.three_way(), post=False))
        self.assertEqual(invoice.invoice_line_ids.agent_ids.agent_id, external)
        self.assertEqual(invoice.invoice_line_ids.agent_ids.amount, 50.0)

    def test_emptied_split_gives_back_oca_agents(self):
        external = self.env["res.partner"].create({"name": "T External Agent"})
        self.make_agent(external, self.commission_5)
        self.customer.agent_ids = [Command.set(external.ids)]
        invoice = self.invoice(1000.0, self.three_way(), post=False)
        self.assertEqual(len(invoice.invoice_line_ids.agent_ids), 3)
        invoice.credit_split_line_ids.unlink()
        self.assertEqual(invoice.invoice_line_ids.agent_ids.agent_id, external)

    def test_company_not_paying_splits_keeps_agents_set_by_hand(self):
        """A split edited on a draft never touches the agents OCA's way."""
        self.company.credit_split_commission = False
        external = self.env["res.partner"].create({"name": "T External Agent"})
        self.make_agent(external, self.commission_5)
        invoice = self.invoice(1000.0, self.three_way(), post=False)
        invoice.invoice_line_ids.agent_ids = [
            Command.create({"agent_id": external.id, "commission_id": self.commission_5.id})
        ]
        invoice.credit_split_line_ids = self.three_way((50, 30, 20))
        self.assertEqual(invoice.invoice_line_ids.agent_ids.agent_id, external)
        self.post(invoice)
        self.assertEqual(invoice.invoice_line_ids.agent_ids.amount, 50.0)

    def test_commission_changed_on_a_draft_keeps_the_parts_exact(self):
        invoice = self.invoice(10.28, self.three_way((33.33, 33.33, 33.34)), post=False)
        agents = invoice.invoice_line_ids.agent_ids
        self.assertEqual(agents.mapped("amount"), [0.34, 0.34, 0.35])
        agents[2].with_user(self.accountant).commission_id = self.commission_5
        # 10.28 x (10% x 33.33% x 2 + 5% x 33.34%) = 0.857..., paid 0.86 to the cent:
        # the other parts are allocated again with it
        self.assertEqual(agents.mapped("amount"), [0.35, 0.34, 0.17])
        agents[0].with_user(self.accountant).unlink()
        self.assertEqual(agents.exists().mapped("amount"), [0.34, 0.17])

    def test_sales_manager_edits_a_draft_split(self):
        """A sales manager has no commission rights: the agents follow the split anyway."""
        invoice = self.invoice(1000.0, self.three_way(), post=False)
        self.assertFalse(self.manager.has_group("account.group_account_invoice"))
        first, second = invoice.credit_split_line_ids.with_user(self.manager)[:2]
        first.percent, second.percent = 50, 30
        self.assertEqual(invoice.invoice_line_ids.agent_ids.mapped("amount"), [50.0, 30.0, 20.0])
