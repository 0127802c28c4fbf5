"""Odoo's own flows keep working with the suite installed.

Leads and orders are also made by OdooBot (crons, server actions, the mail
gateway), by the public user (website forms) and by imports. Their
salesperson is often nobody who can be credited: the suite proposes no
default credit split then, and refuses nothing; the split is proposed once a
real salesperson is set.
"""

import json

from odoo import Command

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SuiteHttpCase, SuiteTransactionCase

MAIL_TEMPLATE = """Return-Path: <{email_from}>
To: {to}
Received: by mail1.example.com (Postfix, from userid 10002)
    id 5DF9ABFB2A; Fri, 10 Aug 2026 16:16:39 +0200 (CEST)
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit
Message-ID: <{msg_id}>
Date: Fri, 10 Aug 2026 14:16:26 +0000

Please send us a quotation for 20 licences.
"""


class _FlowsMixin:
    @classmethod
    def _setup_flows(cls):
        cls.odoobot = cls.env.ref("base.user_root")
        cls.public_user = cls.env.ref("base.public_user")
        cls.rep = mail_new_test_user(
            cls.env,
            login="flow_rep",
            name="Flow Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.left_rep = mail_new_test_user(
            cls.env,
            login="flow_left_rep",
            name="Flow Left Rep",
            groups="sales_team.group_sale_salesman",
        )
        cls.left_rep.active = False
        cls.team = cls.env["crm.team"].create(
            {"name": "Flow Team", "use_leads": False, "use_opportunities": True}
        )
        cls.customer = cls.env["res.partner"].create({"name": "流程客户 Flow Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "Flow Licence", "type": "service", "list_price": 500.0, "taxes_id": False}
        )

    def assertSplit(self, record, expected):
        """``expected``: [(user, percent)] of the credit split, in order."""
        lines = record.credit_split_line_ids
        self.assertEqual([(line.user_id, line.percent) for line in lines], expected)


class TestOdooFlows(_FlowsMixin, SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_flows()

    def test_opportunity_created_by_odoobot_has_no_default_split(self):
        """A cron or server action (run as OdooBot) creates an opportunity:
        OdooBot is its salesperson by default and is never credited."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.odoobot)
            .create({"name": "Flow cron opportunity", "type": "opportunity"})
        )
        self.assertEqual(lead.user_id, self.odoobot)
        self.assertSplit(lead, [])
        # the split is proposed when a real salesperson is set
        lead.user_id = self.rep
        self.assertSplit(lead, [(self.rep, 100.0)])

    def test_opportunity_of_an_archived_rep_has_no_default_split(self):
        """An import names a rep who left: the opportunity is created, without split."""
        lead = self.env["crm.lead"].create(
            {"name": "Flow imported", "type": "opportunity", "user_id": self.left_rep.id}
        )
        self.assertSplit(lead, [])

    def test_lead_converted_by_odoobot_then_assigned(self):
        """A lead created and converted by OdooBot, then assigned by Odoo's
        assignment-like write of the salesperson: the split follows the rep."""
        lead = (
            self.env["crm.lead"]
            .with_user(self.odoobot)
            .create({"name": "Flow lead", "type": "lead", "partner_id": self.customer.id})
        )
        lead.with_user(self.odoobot).convert_opportunity(self.customer)
        self.assertEqual(lead.type, "opportunity")
        self.assertSplit(lead, [])
        lead.with_user(self.odoobot)._handle_salesmen_assignment(
            user_ids=self.rep.ids, team_id=self.team.id
        )
        self.assertSplit(lead, [(self.rep, 100.0)])

    def test_opportunity_created_by_the_mail_gateway(self):
        """An email to the team's alias creates an opportunity (as OdooBot,
        without salesperson): nothing is refused, no split is made."""
        alias_domain = self.env["mail.alias.domain"].create({"name": "flow.example.com"})
        self.team.alias_id.write(
            {"alias_name": "flow-team-sales", "alias_domain_id": alias_domain.id}
        )
        alias_email = "flow-team-sales@flow.example.com"
        raw = MAIL_TEMPLATE.format(
            email_from="buyer@flow-customer.example.com",
            to=alias_email,
            subject="Quotation for 20 licences",
            msg_id="flow-gateway-1@example.com",
        )
        lead_id = self.env["mail.thread"].message_process(False, raw)
        lead = self.env["crm.lead"].browse(lead_id)
        self.assertEqual(lead.name, "Quotation for 20 licences")
        self.assertEqual(lead.team_id, self.team)
        self.assertEqual(lead.type, "opportunity")
        self.assertFalse(lead.user_id)
        self.assertSplit(lead, [])

    def test_order_confirmed_by_odoobot(self):
        """A cron or server action creates and confirms an order as OdooBot
        (OdooBot is its salesperson): it confirms, with no credit."""
        Order = self.env["sale.order"].with_user(self.odoobot)
        order = Order.create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        self.assertEqual(order.user_id, self.odoobot)
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertSplit(order, [])

    def test_order_of_a_rep_confirmed_by_odoobot(self):
        """OdooBot confirms the quotation of a real rep: the rep is credited."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": self.rep.id,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.with_user(self.odoobot).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertSplit(order, [(self.rep, 100.0)])

    def test_order_without_salesperson_confirms(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": False,
                "order_line": [Command.create({"product_id": self.product.id})],
            }
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertSplit(order, [])


class TestWebsiteFormLead(_FlowsMixin, SuiteHttpCase):
    """The public user sends the "Contact us" form of the website (website_crm)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_flows()
        cls.website = cls.env["website"].get_current_website()

    def post_contact_form(self, subject):
        response = self.url_open(
            "/website/form/crm.lead",
            data={
                "contact_name": "Flow Visitor",
                "email_from": "visitor@flow-customer.example.com",
                "name": subject,
                "description": "We need 20 licences.",
            },
        )
        self.assertEqual(response.status_code, 200)
        result = json.loads(response.content)
        self.assertNotIn("error", result)
        return self.env["crm.lead"].browse(result["id"])

    def test_public_user_creates_a_lead_with_the_website_form(self):
        self.website.crm_default_team_id = self.team
        self.website.crm_default_user_id = False
        lead = self.post_contact_form("Flow website request")
        self.assertEqual(lead.name, "Flow website request")
        self.assertEqual(lead.type, "opportunity")
        self.assertSplit(lead, [])

    def test_website_form_with_an_archived_default_salesperson(self):
        self.website.crm_default_team_id = self.team
        self.website.crm_default_user_id = self.left_rep
        lead = self.post_contact_form("Flow website request, rep left")
        self.assertEqual(lead.user_id, self.left_rep)
        self.assertSplit(lead, [])

    def test_website_form_with_a_default_salesperson(self):
        self.website.crm_default_team_id = self.team
        self.website.crm_default_user_id = self.rep
        lead = self.post_contact_form("Flow website request for a rep")
        self.assertEqual(lead.user_id, self.rep)
        self.assertSplit(lead, [(self.rep, 100.0)])
