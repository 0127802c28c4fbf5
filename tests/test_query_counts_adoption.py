"""Query count of the adoption of existing ownership (存量客户归属), pinned
like the hot paths of ``test_query_counts.py``: applying it for 60 customers
runs as many queries as for 10 (set-based per chunk, nothing per customer
or per salesperson)."""

from odoo.tests.common import warmup

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN

from .common import SuiteRoles, SuiteTransactionCase
from .scale_data import insert_companies


class TestAdoptionQueryCounts(SuiteRoles, SuiteTransactionCase):
    test_tags = {"standard", "post_install", "is_query_count"}
    EXTRA_USERS = {
        "rep_a": ("qa_rep_a", "QA Rep A", SALESMAN),
        "rep_b": ("qa_rep_b", "QA Rep B", SALESMAN),
    }

    def owned_companies(self, count):
        """``count`` companies of a live database: a salesperson, no claim."""
        ids = insert_companies(self.env.cr, count, f"Qadopt{self.cr.sql_log_count}")
        reps = (self.rep_a | self.rep_b).ids
        self.env.cr.execute(
            """UPDATE res_partner SET user_id = (%s::int[])[1 + id %% 2]
                WHERE id IN (SELECT unnest(%s::int[]))""",
            [reps, ids],
        )
        self.env.invalidate_all()
        return ids

    def apply(self):
        """Queries of one application (preview excluded), cold record cache."""
        wizard = self.env["sales.claim.adoption.wizard"].with_user(self.manager).create({})
        wizard.action_preview()
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        # cold registry caches for every run: applying sets a parameter,
        # which clears them (access rights, defaults, subtypes read again)
        self.env.registry.clear_cache()
        start = self.cr.sql_log_count
        wizard.action_apply()
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - start, wizard

    @warmup
    def test_adoption_apply(self):
        # whatever the demo data had to adopt, adopted first
        self.apply()
        self.owned_companies(10)
        small, wizard = self.apply()
        self.assertEqual(wizard.adopted_count, 10)
        self.owned_companies(60)
        large, wizard = self.apply()
        self.assertEqual(wizard.adopted_count, 60)
        claims = self.env["sales.claim"].search([("user_id", "in", (self.rep_a | self.rep_b).ids)])
        self.assertEqual(len(claims), 70)
        if self.warm:
            # one query more or less depending on what the caches hold;
            # per customer or per owner would be dozens more
            self.assertAlmostEqual(large, small, delta=1, msg="queries per customer")
