from odoo.tests.common import TransactionCase


class TestPortalInstall(TransactionCase):
    def test_depends_on_portal(self):
        module = self.env["ir.module.module"].search([("name", "=", "sales_claim_portal")])
        self.assertEqual(module.state, "installed")
