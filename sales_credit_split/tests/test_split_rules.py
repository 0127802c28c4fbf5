import psycopg2

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from .common import CreditSplitCase


class TestSplitRules(CreditSplitCase):
    """Roles, templates, defaults and the checks of split lines (业绩分配规则)."""

    def test_default_split_is_claim_owner_at_100(self):
        lead = self.opportunity(team=self.other_team)
        line = lead.credit_split_line_ids
        self.assertEqual(line.user_id, self.rep_a)
        self.assertEqual(line.role_id, self.role_signing)
        self.assertEqual(line.percent, 100)
        self.assertEqual(line.amount_company, 10000)
        self.assertEqual(line.commission_rate, 2)
        self.assertEqual(line.commission_amount, 200)
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(lead.credit_split_participant_count, 1)

    def test_default_split_follows_active_claim_owner(self):
        self.env["sales.claim"].create(
            {"partner_id": self.customer.id, "user_id": self.rep_b.id, "key_type": "company"}
        )
        lead = self.opportunity(user=self.rep_a, team=self.other_team)
        self.assertEqual(lead.credit_split_approver_id, self.rep_b)
        self.assertEqual(lead.credit_split_line_ids.user_id, self.rep_b)

    def test_default_split_from_team_template(self):
        self.team.credit_split_template_id = self.template
        lead = self.opportunity()
        self.assertEqual(lead.credit_split_line_ids.mapped("percent"), [20, 60, 20])
        self.assertEqual(self.amounts(lead), [2000, 6000, 2000])
        self.assertEqual(lead.credit_split_participant_count, 1)

    def test_lead_converted_to_opportunity_gets_default(self):
        lead = self.env["crm.lead"].create(
            {"name": "T Lead", "type": "lead", "user_id": self.rep_a.id}
        )
        self.assertFalse(lead.credit_split_line_ids)
        lead.write({"type": "opportunity"})
        self.assertEqual(lead.credit_split_line_ids.user_id, self.rep_a)

    def test_default_split_button_and_no_role(self):
        lead = self.opportunity(team=self.other_team)
        lead.credit_split_line_ids = self.three_way()
        lead.action_default_split()
        self.assertEqual(len(lead.credit_split_line_ids), 1)
        self.company.credit_split_default_role_id = False
        self.env["sales.credit.role"].search([]).active = False
        self.assertFalse(self.opportunity(team=self.other_team).credit_split_line_ids)

    def test_total_warning_and_amounts_follow_revenue(self):
        lead = self.opportunity()
        lead.credit_split_line_ids = self.three_way((20, 60, 10))
        self.assertFalse(lead.credit_split_total_ok)
        self.assertEqual(lead.credit_split_total, 90)
        self.assertEqual(self.amounts(lead), [2000, 6000, 1000])
        lead.credit_split_line_ids[2].percent = 20
        lead.expected_revenue = 9999.99
        self.assertTrue(lead.credit_split_total_ok)
        self.assertEqual(sum(lead.credit_split_line_ids.mapped("amount_company")), 9999.99)
        with self.assertRaisesMsg(UserError, "up to 90.00%"):
            lead.credit_split_line_ids[2].percent = 10
            lead.action_submit_split()

    def test_percent_bounds(self):
        lead = self.opportunity()
        for bad in (0, -5, 100.01, 150):
            with self.assertRaisesMsg(ValidationError, "greater than 0 and at most 100"):
                lead.credit_split_line_ids.percent = bad

    def test_commission_rate_bounds_and_form_input(self):
        lead = self.opportunity()
        with self.assertRaisesMsg(ValidationError, "rate between 0 and 100"):
            lead.credit_split_line_ids.commission_rate = -1
        # while the form is edited, bad shares do not break the computation
        draft = self.env["crm.lead"].new(
            {
                "name": "T form",
                "type": "opportunity",
                "expected_revenue": 1000,
                "credit_split_line_ids": [
                    self.line(self.rep_a, self.role_first, -10, commission_rate=-5),
                    self.line(self.rep_b, self.role_service, 50),
                ],
            }
        )
        self.assertEqual(draft.credit_split_line_ids.mapped("amount_company"), [0, 500])
        self.assertEqual(draft.credit_split_total, 40)

    def test_same_participant_twice_in_a_role(self):
        lead = self.opportunity()
        with self.assertRaisesMsg(ValidationError, "appears twice with role"):
            lead.credit_split_line_ids = [
                Command.clear(),
                self.line(self.rep_a, self.role_service, 50),
                self.line(self.rep_a, self.role_service, 50),
            ]
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_a, self.role_service, 50),
            self.line(self.rep_a, self.role_signing, 40),
            self.line(self.agent, self.role_signing, 10),
        ]
        self.assertEqual(lead.credit_split_participant_count, 2)

    def test_archived_and_portal_users_refused(self):
        lead = self.opportunity()
        self.rep_c.active = False
        with self.assertRaisesMsg(ValidationError, "archived"):
            lead.credit_split_line_ids = [self.line(self.rep_c, self.role_service, 10)]
        portal = self.env["res.users"].create(
            {
                "name": "T Portal",
                "login": "t_split_portal",
                "groups_id": [Command.set([self.env.ref("base.group_portal").id])],
            }
        )
        with self.assertRaisesMsg(ValidationError, "portal user"):
            lead.credit_split_line_ids = [self.line(portal, self.role_service, 10)]

    @mute_logger("odoo.sql_db")
    def test_participant_is_user_xor_agent(self):
        lead = self.opportunity()
        with self.assertRaises(psycopg2.errors.CheckViolation), self.cr.savepoint():
            lead.credit_split_line_ids = [
                Command.create(
                    {
                        "user_id": self.rep_b.id,
                        "agent_partner_id": self.agent.id,
                        "role_id": self.role_demo().id,
                        "percent": 5,
                    }
                )
            ]
            lead.flush_recordset()
        with self.assertRaises(psycopg2.errors.CheckViolation), self.cr.savepoint():
            lead.credit_split_line_ids = [
                Command.create({"role_id": self.role_first.id, "percent": 5})
            ]
            lead.flush_recordset()

    def role_demo(self):
        return self.env["sales.credit.role"].create({"name": "T Demo"})

    def test_participant_of_another_company_refused(self):
        other_company = self.env["res.company"].create({"name": "T Other Company"})
        outsider = self.env["res.users"].create(
            {
                "name": "T Outsider",
                "login": "t_split_outsider",
                "company_id": other_company.id,
                "company_ids": [Command.set(other_company.ids)],
            }
        )
        lead = self.opportunity()
        with self.assertRaisesMsg(ValidationError, "does not work for"):
            lead.credit_split_line_ids = [self.line(outsider, self.role_service, 10)]

    def test_template_checks(self):
        Template = self.env["sales.credit.split.template"]
        with self.assertRaisesMsg(ValidationError, "up to 90.00%"):
            Template.create(
                {
                    "name": "T bad",
                    "line_ids": [
                        Command.create({"role_id": self.role_first.id, "percent": 30}),
                        Command.create({"role_id": self.role_service.id, "percent": 60}),
                    ],
                }
            )
        with self.assertRaisesMsg(ValidationError, "lists a role twice"):
            Template.create(
                {
                    "name": "T twice",
                    "line_ids": [
                        Command.create({"role_id": self.role_first.id, "percent": 50}),
                        Command.create({"role_id": self.role_first.id, "percent": 50}),
                    ],
                }
            )
        with self.assertRaisesMsg(ValidationError, "more than 0"):
            Template.create(
                {
                    "name": "T neg",
                    "line_ids": [Command.create({"role_id": self.role_first.id, "percent": 0})],
                }
            )
        self.assertEqual(self.template.total_percent, 100)

    def test_role_rate_bounds(self):
        with self.assertRaisesMsg(ValidationError, "between 0 and 100"):
            self.role_first.commission_rate = 120
        with self.assertRaisesMsg(ValidationError, "between 0 and 100"):
            self.role_first.default_weight = -1

    def test_personal_rate_overrides_role_rate(self):
        Rate = self.env["sales.credit.user.rate"]
        Rate.create({"user_id": self.rep_b.id, "commission_rate": 7})
        Rate.create(
            {"user_id": self.rep_b.id, "role_id": self.role_service.id, "commission_rate": 8}
        )
        with self.assertRaisesMsg(ValidationError, "between 0 and 100"):
            Rate.create({"user_id": self.rep_c.id, "commission_rate": -1})
        lead = self.opportunity()
        lead.credit_split_line_ids = [
            Command.clear(),
            self.line(self.rep_b, self.role_service, 50),
            self.line(self.rep_b, self.role_first, 30),
            self.line(self.rep_c, self.role_first, 20),
        ]
        self.assertEqual(lead.credit_split_line_ids.mapped("commission_rate"), [8, 7, 10])
        # one commission pool: 5000*8% + 3000*7% + 2000*10% = 400 + 210 + 200
        self.assertEqual(self.amounts(lead, "commission_amount"), [400, 210, 200])
