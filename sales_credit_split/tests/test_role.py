from odoo.tests.common import TransactionCase


class TestRole(TransactionCase):
    def test_role_defaults(self):
        role = self.env["sales.credit.role"].create({"name": "Signing 签约"})
        self.assertEqual(role.default_weight, 0.0)
