"""Public pool (公海) journeys in a real browser: a rep claims and releases,
a sales manager distributes. Python prepares the data and checks the result;
the tours are in sales_public_pool/static/tests/tours/."""

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN

from .common import SuiteHttpCase, SuiteRoles


class TestToursPool(SuiteRoles, SuiteHttpCase):
    # the pool's two members, whom the tours find by name
    EXTRA_USERS = {
        "rep": ("tour_pool_rep", "Tour Pool Rep", SALESMAN),
        "colleague": ("tour_pool_colleague", "Tour Pool Colleague", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pool = cls.env["sales.pool"].create(
            {
                "name": "Tour Distribution Pool",
                "manager_ids": [(6, 0, cls.manager.ids)],
                "member_ids": [(6, 0, [cls.rep.id, cls.colleague.id])],
                "holding_cap": 50,
                "daily_cap": 80,
                "cooldown_days": 7,
            }
        )

    def _pool_customers(self, *names):
        partners = self.env["res.partner"].create(
            [{"name": name, "is_company": True} for name in names]
        )
        partners.with_user(self.manager).with_context(pool_id=self.pool.id).action_put_in_pool()
        return partners

    def test_rep_claims_and_releases(self):
        """Claim from the pool list, release another customer with a reason."""
        omega, sigma = self._pool_customers("Tour Pool Omega Ltd", "Tour Pool Sigma Ltd")
        sigma.with_user(self.rep).action_claim_from_pool()
        self.assertEqual(sigma.claim_owner_id, self.rep)
        self.start_tour("/odoo", "sales_pool_tour_claim_release", login="tour_pool_rep")
        self.assertEqual(omega.claim_owner_id, self.rep)
        self.assertFalse(omega.pool_id)
        self.assertFalse(sigma.claim_id)
        self.assertEqual(sigma.pool_id, self.pool)
        self.assertEqual(sigma.pool_release_reason, "No budget this year")
        self.assertEqual(sigma.pool_previous_owner_id, self.rep)

    def test_manager_distributes(self):
        """Round-robin distribution gives two customers to each member."""
        partners = self._pool_customers(*(f"Tour Pool Batch {i} Ltd" for i in range(4)))
        self.start_tour("/odoo", "sales_pool_tour_distribute", login=self.manager.login)
        self.assertFalse(partners.filtered("pool_id"))
        owners = partners.mapped("claim_owner_id")
        self.assertEqual(owners, self.rep | self.colleague)
        for owner in owners:
            self.assertEqual(len(partners.filtered(lambda p, o=owner: p.claim_owner_id == o)), 2)
