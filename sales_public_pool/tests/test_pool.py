from odoo.tests.common import TransactionCase


class TestPool(TransactionCase):
    def test_pool_belongs_to_company(self):
        pool = self.env["sales.pool"].create({"name": "SMB 公海"})
        self.assertEqual(pool.company_id, self.env.company)
