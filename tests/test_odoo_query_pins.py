"""Our pins of Odoo's query counts that the suite deliberately raises.

Odoo's own pin that these replace is deselected in
tests/odoo_tests_deselected.txt, with the reason.
"""

import random

from odoo.tools import mute_logger

from odoo.addons.crm.tests.common import TestLeadConvertMassCommon
from odoo.addons.crm.tests.test_crm_lead_assignment import TestLeadAssignCommon

from .common import _SuiteTestTags


class TestSuiteLeadAssignmentQueries(_SuiteTestTags, TestLeadAssignCommon):
    test_tags = {"standard", "post_install", "is_query_count"}

    @mute_logger("odoo.models.unlink", "odoo.addons.crm.models.crm_team")
    def test_assignment_of_new_leads_with_the_suite(self):
        """Odoo's assignment of 100 new leads (no customer, no duplicate) to
        two teams costs 586 queries in Odoo (crm's
        ``test_assign_perf_no_duplicates``). With the suite, every lead given
        a team or a salesperson also passes through the suite's write rules
        (claim ownership, pool recount, credit split defaults, deferred to one
        run per batch): about 45 more, measured 630-636. Pinned at 650."""
        random.seed(2026)
        leads = self._create_leads_batch(
            lead_type="lead", user_ids=[False], partner_ids=[False], count=100
        )
        for index, lead in enumerate(leads):
            lead.probability = 10 + (index % 5) * 15
        leads.flush_recordset()
        teams = self.env["crm.team"].browse(self.sales_teams.ids)
        with self.with_user("user_sales_manager"), self.assertQueryCount(user_sales_manager=650):
            self.env["crm.team"].browse(teams.ids)._action_assign_leads()
        # every lead found a team; the salespeople got their daily quota
        self.assertEqual(len(leads.filtered("team_id")), 100)
        self.assertEqual(len(leads.filtered("user_id")), 7)
        self.assertEqual(set(leads.filtered("user_id").mapped("type")), {"opportunity"})


class TestSuiteSalesmenAssignmentQueries(_SuiteTestTags, TestLeadConvertMassCommon):
    """Odoo's round-robin of 50 new leads between three salespeople
    (``_handle_salesmen_assignment``, the mass convert wizard's assignment)
    costs 605 queries in Odoo, 584 into one team (crm's
    ``test_assignment_salesmen`` and ``test_assignment_salesmen_wteam``).
    With the suite, giving a lead a salesperson also passes the suite's
    write rules (the salesperson of a claimed customer, the pool's masking
    of contact fields, the credit split defaults), about 20 queries more
    whatever the number of leads: 625 and 602 in Odoo's test class, 650 and
    577 in this one (its data differ). Pinned at 660 and 590, with the same
    outcome as Odoo's test."""

    test_tags = {"standard", "post_install", "is_query_count"}

    def _assign(self, team, expected):
        salespeople = (
            self.user_sales_manager | self.user_sales_leads_convert | self.user_sales_salesman
        )
        with self.with_user("user_sales_manager"):
            leads = self._create_leads_batch(count=50, user_ids=[False])
            leads = self.env["crm.lead"].browse(leads.ids)
            with self.assertQueryCount(user_sales_manager=expected):
                leads._handle_salesmen_assignment(user_ids=salespeople.ids, team_id=team.id)
        self.assertEqual(leads[0::3].user_id, self.user_sales_manager)
        self.assertEqual(leads[1::3].user_id, self.user_sales_leads_convert)
        self.assertEqual(leads[2::3].user_id, self.user_sales_salesman)
        return leads

    def test_salesmen_assignment_with_the_suite(self):
        leads = self._assign(self.env["crm.team"], 660)
        self.assertEqual(leads.team_id, self.sales_team_convert | self.sales_team_1)

    def test_salesmen_assignment_into_a_team_with_the_suite(self):
        leads = self._assign(self.sales_team_convert, 590)
        self.assertEqual(leads.team_id, self.sales_team_convert)
