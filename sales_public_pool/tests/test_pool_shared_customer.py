"""A customer shared by two companies (a partner without company) claimed in
each: what a user of company B sees and changes of company A's claim."""

from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolSharedCustomer(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Shared Co B 乙公司"})
        cls.env["sales.claim.policy"].create(
            {"name": "Co B policy", "company_id": cls.company_b.id}
        )
        only_b = {"company_id": cls.company_b.id, "company_ids": [(6, 0, cls.company_b.ids)]}
        cls.rep_in_b = mail_new_test_user(
            cls.env,
            login="shared_rep_b",
            name="Rep of B",
            groups="sales_team.group_sale_salesman",
            **only_b,
        )
        cls.manager_in_b = mail_new_test_user(
            cls.env,
            login="shared_mgr_b",
            name="Manager of B",
            groups="sales_team.group_sale_manager",
            **only_b,
        )

    def test_company_b_neither_sees_nor_releases_company_a_claim(self):
        customer = self.new_customer(pool=False)
        claim_a = self.claim(self.rep_a, customer)
        env_b = self.env(user=self.rep_in_b, context={"allowed_company_ids": self.company_b.ids})
        claim_b = (
            self.env["sales.claim"]
            .with_env(env_b)
            .create({"partner_id": customer.id, "user_id": self.rep_in_b.id, "key_type": "company"})
        )
        self.assertEqual(claim_b.company_id, self.company_b)
        # company B's users see company B's claim of the customer, never A's
        seen = customer.with_env(env_b)
        self.assertEqual(seen.claim_id, claim_b)
        self.assertEqual(seen.claim_owner_id, self.rep_in_b)
        self.assertEqual(seen.claim_count, 1)
        self.assertEqual(customer.with_user(self.rep_a).claim_owner_id, self.rep_a)
        Partner = self.env["res.partner"]
        self.assertIn(customer, Partner.with_env(env_b).search([("claim_id", "!=", False)]))
        env_mb = self.env(
            user=self.manager_in_b, context={"allowed_company_ids": self.company_b.ids}
        )
        self.env["sales.pool.release.wizard"].with_env(env_mb).create(
            {"partner_ids": customer.ids, "reason": "B gives it back"}
        ).action_release()
        self.assertEqual(claim_a.state, "active", "B's manager released A's claim")
        self.assertEqual(claim_b.state, "released")
        # released in B, still A's in company A
        self.assertIn(customer, Partner.with_env(env_b).search([("claim_id", "=", False)]))
        self.assertEqual(customer.with_user(self.rep_a).claim_id, claim_a)
