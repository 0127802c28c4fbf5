"""Credit split (业绩分配) journeys in a real browser: a 20/60/20 split is
submitted, the claim owner agrees it, the opportunity is won and the split
locks; a deal is split equally with a pre-sales overlay share on top, which
the Credit Split Analysis shows under the overlay types; a quotation's
service line is credited to the service rep with the line's Split button. The
tours are in
sales_credit_split/static/tests/tours/."""

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


class TestToursSplitOverlay(SuiteRoles, SuiteHttpCase):
    """Equal thirds of 9,999.99 and a pre-sales overlay share, with the shipped
    roles and split types."""

    EXTRA_USERS = {
        "owner": ("tour_overlay_owner", "Tour Overlay Owner", SALESMAN),
        "hunter": ("tour_overlay_hunter", "Tour Overlay Hunter", SALESMAN),
        "servicer": ("tour_overlay_servicer", "Tour Overlay Servicer", SALESMAN),
        "presales": ("tour_overlay_presales", "Tour Overlay Presales", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_split_require_agreement = True
        # the owner alone at 100% as Signing: a team without template
        cls.company.credit_split_default_role_id = cls.env.ref("sales_credit_split.role_signing")
        cls.overlay = cls.env.ref("sales_credit_split.split_type_overlay")
        team = cls.env["crm.team"].create({"name": "Tour Overlay Team"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Overlay Customer Ltd", "is_company": True}
        )
        cls.env["sales.claim"].with_user(cls.owner).create(
            {"partner_id": cls.customer.id, "user_id": cls.owner.id, "key_type": "company"}
        )
        cls.lead = (
            cls.env["crm.lead"]
            .with_user(cls.owner)
            .create(
                {
                    "name": "Tour Overlay Deal",
                    "type": "opportunity",
                    "partner_id": cls.customer.id,
                    "user_id": cls.owner.id,
                    "team_id": team.id,
                    "expected_revenue": 9999.99,
                }
            )
        )
        cls.product = cls.env["product.product"].create(
            {
                "name": "Tour Overlay Service",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )

    def _invoice_the_deal(self):
        """The owner quotes from the opportunity and signs; accounting invoices."""
        order = (
            self.env["sale.order"]
            .with_user(self.owner)
            .create(
                {
                    "partner_id": self.customer.id,
                    "opportunity_id": self.lead.id,
                    "order_line": [
                        Command.create(
                            {"product_id": self.product.id, "price_unit": 9999.99, "tax_id": False}
                        )
                    ],
                }
            )
        )
        order.action_confirm()
        # sudo: accounting invoices the order, the salesperson has no invoicing rights
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        return invoice

    def test_split_equally_with_overlay(self):
        self.assertEqual(self.lead.credit_split_line_ids.user_id, self.owner)
        self.start_tour("/odoo", "sales_split_tour_equal_overlay", login=self.owner.login)
        lines = self.lead.credit_split_line_ids
        revenue = lines.filtered(lambda x: x.split_type_id != self.overlay)
        overlay = lines - revenue
        self.assertEqual(revenue.user_id, self.owner | self.hunter | self.servicer)
        self.assertEqual(sorted(revenue.mapped("percent")), [33.333333, 33.333333, 33.333334])
        self.assertEqual(revenue.mapped("amount_company"), [3333.33] * 3)
        self.assertEqual(overlay.user_id, self.presales)
        self.assertEqual(overlay.role_id, self.env.ref("sales_credit_split.role_presales"))
        self.assertEqual((overlay.percent, overlay.amount_company), (10, 1000.0))
        self.assertEqual(self.lead.credit_split_total, 100)
        self.assertEqual(self.lead.credit_split_state, "agreed")

        invoice = self._invoice_the_deal()
        self.assertEqual(
            sorted(invoice.credit_split_line_ids.mapped("amount_company")),
            [1000.0, 3333.33, 3333.33, 3333.33],
        )
        self.start_tour("/odoo", "sales_split_tour_overlay_report", login=self.manager.login)
        # what the manager saw, and the pre-sales engineer's own credit
        report = self.env["sales.credit.report"].with_user(self.presales)
        self.assertEqual(
            report.search([("move_id", "=", invoice.id)]).mapped("amount_company"), [1000.0]
        )
        self.assertFalse(
            report.search([("move_id", "=", invoice.id), ("total_rule", "=", "exactly_100")])
        )


class TestToursSplitLine(SuiteRoles, SuiteHttpCase):
    """A service line of a quotation credited to the service rep (产品行业绩分配):
    the owner splits the line with its Split button; once signed and invoiced,
    the hardware is credited to the owner and the service to the service rep."""

    EXTRA_USERS = {
        "owner": ("tour_line_owner", "Tour Line Owner", SALESMAN),
        "servicer": ("tour_line_servicer", "Tour Line Servicer", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the order's own split, made on signing: the owner alone at 100% as
        # Signing (a team without template)
        cls.company.credit_split_default_role_id = cls.env.ref("sales_credit_split.role_signing")
        cls.role_service = cls.env.ref("sales_credit_split.role_service")
        team = cls.env["crm.team"].create({"name": "Tour Line Team"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Line Customer Ltd", "is_company": True}
        )
        cls.env["sales.claim"].with_user(cls.owner).create(
            {"partner_id": cls.customer.id, "user_id": cls.owner.id, "key_type": "company"}
        )
        Product = cls.env["product.product"]
        cls.hardware = Product.create(
            {
                "name": "Tour Line Hardware",
                "type": "consu",
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )
        cls.service = Product.create(
            {
                "name": "Tour Line Service",
                "type": "service",
                "invoice_policy": "order",
                "taxes_id": False,
            }
        )
        cls.order = (
            cls.env["sale.order"]
            .with_user(cls.owner)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "user_id": cls.owner.id,
                    "team_id": team.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "price_unit": price, "tax_id": False}
                        )
                        for product, price in ((cls.hardware, 10000.0), (cls.service, 2000.0))
                    ],
                }
            )
        )

    def test_service_line_split(self):
        order = self.order
        self.assertFalse(order._credit_split_all_lines(), "a fresh quotation has no split")
        self.start_tour(
            f"/odoo/action-sale.action_quotations_with_onboarding/{order.id}",
            "sales_split_tour_service_line",
            login=self.owner.login,
        )
        service_line = order.order_line.filtered(lambda x: x.product_id == self.service)
        split = service_line.credit_split_line_ids
        self.assertEqual(split.user_id, self.servicer)
        self.assertEqual(split.role_id, self.role_service)
        self.assertEqual((split.percent, split.amount), (100, 2000.0))
        self.assertFalse((order.order_line - service_line).credit_split_line_ids)
        self.assertFalse(order.credit_split_line_ids, "the order's own split is untouched")

        # signing credits the other lines to the owner, the salesperson
        order.with_user(self.owner).action_confirm()
        self.assertEqual(order.credit_split_line_ids.user_id, self.owner)
        self.assertEqual(order.credit_split_line_ids.amount, 10000.0)
        # sudo: accounting invoices the order, the salesperson has no invoicing rights
        invoice = order.sudo()._create_invoices()
        invoice.action_post()
        invoice_line = invoice.invoice_line_ids.filtered(lambda x: x.product_id == self.service)
        self.assertEqual(invoice_line.credit_split_line_ids.user_id, self.servicer)
        self.env.flush_all()  # the report is an SQL view of the shares
        credited = {}
        for row in self.env["sales.credit.report"].search([("move_id", "=", invoice.id)]):
            credited[row.user_id] = credited.get(row.user_id, 0.0) + row.amount_company
        self.assertEqual(credited, {self.owner: 10000.0, self.servicer: 2000.0})
        # what the service rep sees of their own credit
        mine = self.env["sales.credit.report"].with_user(self.servicer)
        self.assertEqual(
            mine.search([("move_id", "=", invoice.id)]).mapped("amount_company"), [2000.0]
        )
