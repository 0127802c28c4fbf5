"""Credit split (业绩分配) journey in a real browser: a 20/60/20 split is
submitted, the claim owner agrees it, the opportunity is won and the split
locks. The tours are in sales_credit_split/static/tests/tours/."""

from odoo import Command

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN

from .common import SuiteHttpCase, SuiteRoles


class TestToursSplit(SuiteRoles, SuiteHttpCase):
    # the three who share the deal, whom the tours find by name
    EXTRA_USERS = {
        "owner": ("tour_split_owner", "Tour Split Owner", SALESMAN),
        "hunter": ("tour_split_hunter", "Tour Split Hunter", SALESMAN),
        "servicer": ("tour_split_servicer", "Tour Split Servicer", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.credit_split_require_agreement = True
        Role = cls.env["sales.credit.role"]
        roles = Role.create(
            [
                {"name": "Tour First Touch", "default_weight": 20, "sequence": 1},
                {"name": "Tour Service", "default_weight": 60, "sequence": 2},
                {"name": "Tour Signing", "default_weight": 20, "sequence": 3},
            ]
        )
        template = cls.env["sales.credit.split.template"].create(
            {
                "name": "Tour 20/60/20",
                "line_ids": [
                    Command.create({"sequence": i, "role_id": role.id, "percent": percent})
                    for i, (role, percent) in enumerate(zip(roles, (20, 60, 20), strict=True))
                ],
            }
        )
        team = cls.env["crm.team"].create(
            {"name": "Tour Split Team", "credit_split_template_id": template.id}
        )
        customer = cls.env["res.partner"].create(
            {"name": "Tour Split Customer Ltd", "is_company": True}
        )
        cls.env["sales.claim"].with_user(cls.owner).create(
            {"partner_id": customer.id, "user_id": cls.owner.id, "key_type": "company"}
        )
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.owner)
            .create(
                {
                    "name": "Tour Split Deal",
                    "type": "opportunity",
                    "partner_id": customer.id,
                    "user_id": cls.owner.id,
                    "team_id": team.id,
                    "expected_revenue": 10000,
                }
            )
        )

    def test_split_agreed_won_locked(self):
        lines = self.lead.credit_split_line_ids
        self.assertEqual(lines.mapped("percent"), [20, 60, 20])
        self.start_tour("/odoo", "sales_split_tour_prepare", login=self.manager.login)
        self.assertEqual(self.lead.credit_split_state, "submitted")
        self.assertEqual(
            self.lead.credit_split_line_ids.sorted("sequence").mapped("user_id"),
            self.hunter | self.servicer | self.owner,
        )
        self.start_tour("/odoo", "sales_split_tour_agree_and_win", login="tour_split_owner")
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.credit_split_state, "locked")
        self.assertEqual(self.lead.credit_split_agreed_by_id, self.owner)
        self.assertEqual(self.lead.credit_split_line_ids.mapped("percent"), [20, 60, 20])
