from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..models.customer_identity_keys import BULK_WIDENING
from ..tools.sql_jit import jit_disabled


@tagged("post_install", "-at_install")
class TestJitOffInBulkPaths(TransactionCase):
    """Bulk statements are estimated on every row of their tables: at a
    million customers PostgreSQL would JIT-compile them, for seconds, to run
    them in milliseconds (seen on the identity widening: 2.6 s of compiling
    for 0.1 s of work). The bulk paths run without JIT."""

    def jit(self):
        self.env.cr.execute("SHOW jit")
        return self.env.cr.fetchone()[0]

    def test_jit_disabled_for_a_block_then_restored(self):
        self.env.cr.execute("SET LOCAL jit = on")
        with jit_disabled(self.env.cr):
            self.assertEqual(self.jit(), "off")
        self.assertEqual(self.jit(), "on")

    def test_each_cron_batch_runs_without_jit(self):
        self.env.cr.execute("SET LOCAL jit = on")
        seen, batches = [], [[1], [2]]

        def pick():
            # two batches of one row, then none
            return SQL("SELECT * FROM unnest(%s::int[])", batches.pop(0) if batches else [])

        def process(rows):
            seen.append(self.jit())

        self.env["sales.batch.cron"]._run_batches(pick, process)
        self.assertEqual(seen, ["off", "off"])

    def test_identity_widening_of_a_batch_restores_jit(self):
        """A batch's widening turns JIT off for its one query only."""
        self.env.cr.execute("SET LOCAL jit = on")
        partner = self.env["res.partner"].create({"name": "JIT Widening Co", "is_company": True})
        Identity = self.env["sales.customer.identity"]
        requests = [
            Identity._request(self.env.company.id, partner_ids=[partner.id])
            for _i in range(BULK_WIDENING + 1)
        ]
        Identity._expand_requests(requests)
        self.assertTrue(all(request["expanded"] for request in requests))
        self.assertEqual(self.jit(), "on")
