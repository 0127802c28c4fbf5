"""Pools of two companies (多公司): a rep of both, working in one of them.

A user allowed in companies A and B with only A active (``allowed_company_ids``
as the web client sends it) works in A: B's pools, customers, reveals and
holdings stay out of reach, and a pool's customers are claimed in the pool's
company whatever company is active, so that its holding cap counts them.
"""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolCompanies(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Pool Co B 乙公司"})
        cls.env["sales.claim.policy"].create(
            {"name": "Co B policy", "company_id": cls.company_b.id}
        )
        # the members' sales team works for both companies
        cls.team.company_id = False
        for user in (cls.rep_a, cls.rep_b, cls.manager):
            user.company_ids = [(4, cls.company_b.id)]
        cls.pool_b = cls.env["sales.pool"].create(
            {
                "name": "Company B 公海",
                "company_id": cls.company_b.id,
                "member_ids": [(6, 0, [cls.rep_a.id, cls.rep_b.id])],
                "holding_cap": 1,
                "cooldown_days": 0,
            }
        )

    def in_company(self, user, *companies):
        """``user``'s environment with ``companies`` active, the first current."""
        return self.env(user=user, context={"allowed_company_ids": [c.id for c in companies]})

    def new_customer_b(self, **vals):
        """A customer shared by both companies (no company) in company B's pool."""
        partner = self.new_customer(pool=False, **vals)
        partner.with_context(
            pool_id=self.pool_b.id, allowed_company_ids=self.company_b.ids
        ).with_user(self.manager).action_put_in_pool()
        return partner

    def test_claim_from_pool_lands_in_the_pools_company(self):
        """Both companies active, A current: the claim is B's, as its pool is."""
        customer = self.new_customer_b()
        env = self.in_company(self.rep_a, self.company, self.company_b)
        customer.with_env(env).action_claim_from_pool()
        claim = customer.claim_ids
        self.assertEqual(claim.company_id, self.company_b)
        self.assertEqual(claim.user_id, self.rep_a)
        # pool B's holding cap (1) counts it: a second customer is refused
        other = self.new_customer_b()
        with self.assertRaisesRegex(UserError, "holding cap|保有量|at most"):
            other.with_env(env).action_claim_from_pool()

    def test_pool_customer_is_claimed_in_its_pools_company_by_any_path(self):
        """A plain claim in company A of pool B's customer is refused, the
        administrator's assignment lands in B."""
        customer = self.new_customer_b()
        rep_env = self.in_company(self.rep_a, self.company, self.company_b)
        with self.assertRaisesRegex(ValidationError, "belongs to company Pool Co B"):
            self.env["sales.claim"].with_env(rep_env).create(
                {"partner_id": customer.id, "user_id": self.rep_a.id, "key_type": "company"}
            )
        self.assertEqual(customer.pool_id, self.pool_b)
        self.pool_b.manager_ids = self.admin
        self.admin.company_ids = [(4, self.company_b.id)]
        admin_env = self.in_company(self.admin, self.company, self.company_b)
        self.env["sales.pool.assign.wizard"].with_env(admin_env).create(
            {"partner_ids": customer.ids, "user_id": self.rep_b.id}
        ).action_assign()
        self.assertEqual(customer.claim_ids.company_id, self.company_b)
        self.assertEqual(customer.claim_ids.user_id, self.rep_b)

    def test_claim_from_pool_of_an_inactive_company_is_refused(self):
        """Only A active: company B's pool customer is not claimed into A."""
        customer = self.new_customer_b()
        env = self.in_company(self.rep_a, self.company)
        with self.assertRaisesRegex(UserError, "belongs to company Pool Co B"):
            customer.with_env(env).action_claim_from_pool()
        self.assertFalse(customer.claim_ids)
        self.assertEqual(customer.pool_id, self.pool_b)

    def test_reveals_of_another_company_are_hidden(self):
        customer = self.new_customer_b(phone="+86 138 0013 7700")
        customer.with_env(self.in_company(self.rep_a, self.company_b)).action_pool_reveal()
        Reveal = self.env["sales.pool.reveal"]
        reveal = Reveal.search([("partner_id", "=", customer.id)])
        self.assertTrue(reveal)
        for user in (self.rep_a, self.manager):
            in_a = Reveal.with_env(self.in_company(user, self.company))
            self.assertFalse(in_a.search([("id", "=", reveal.id)]), user.name)
            self.assertFalse(in_a.read_group([], ["pool_id"], ["pool_id"]), user.name)
            with self.assertRaises(AccessError):
                reveal.with_env(in_a.env).read(["partner_id"])
            in_b = Reveal.with_env(self.in_company(user, self.company_b))
            self.assertEqual(in_b.search([("id", "=", reveal.id)]), reveal, user.name)

    def test_member_report_and_moves_of_another_company_are_hidden(self):
        customer = self.new_customer_b()
        customer.with_env(self.in_company(self.rep_a, self.company_b)).action_claim_from_pool()
        Report = self.env["sales.pool.member.report"]
        Move = self.env["sales.pool.move"]
        for user in (self.rep_a, self.manager):
            env_a = self.in_company(user, self.company)
            self.assertFalse(
                Report.with_env(env_a).search([("pool_id", "=", self.pool_b.id)]), user.name
            )
            groups = Report.with_env(env_a).read_group([], ["holding_count:sum"], ["pool_id"])
            self.assertNotIn(self.pool_b.id, [g["pool_id"][0] for g in groups if g["pool_id"]])
            self.assertFalse(
                Move.with_env(env_a).search([("partner_id", "=", customer.id)]), user.name
            )
        env_b = self.in_company(self.rep_a, self.company_b)
        row = Report.with_env(env_b).search(
            [("pool_id", "=", self.pool_b.id), ("user_id", "=", self.rep_a.id)]
        )
        self.assertEqual(row.holding_count, 1)
        # a rep reads their own row only
        self.assertFalse(
            Report.with_env(env_b).search(
                [("pool_id", "=", self.pool_b.id), ("user_id", "=", self.rep_b.id)]
            )
        )

    def test_handover_lists_the_customers_of_the_active_companies(self):
        """A manager working in A hands over a leaving rep's customers of A:
        the rep's customers claimed in B are neither listed nor handed over."""
        customer_b = self.new_customer_b()
        customer_b.with_env(self.in_company(self.rep_a, self.company_b)).action_claim_from_pool()
        customer_a = self.new_customer()
        customer_a.with_user(self.rep_a).action_claim_from_pool()
        wizard = (
            self.env["sales.pool.handover.wizard"]
            .with_env(self.in_company(self.manager, self.company))
            .create({"user_id": self.rep_a.id, "successor_ids": [(6, 0, self.rep_b.ids)]})
        )
        self.assertEqual(wizard.line_ids.partner_ids, customer_a)
        wizard.action_handover()
        self.assertEqual(
            customer_a.claim_ids.filtered(lambda c: c.state == "active").user_id, self.rep_b
        )
        self.assertEqual(
            customer_b.claim_ids.filtered(lambda c: c.state == "active").user_id, self.rep_a
        )
