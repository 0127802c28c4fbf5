"""A customer shared by two companies (a partner without company): each
company claims it on its own (the one-active-claim indexes are per company),
and neither company's users learn the other's owner."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestClaimCompanies(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Claim Co B 乙公司"})
        cls.env["sales.claim.policy"].create({"name": "B policy", "company_id": cls.company_b.id})
        cls.rep_b = mail_new_test_user(
            cls.env,
            login="companies_rep_b",
            name="Rep of Company B",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, cls.company_b.ids)],
        )
        cls.env_b = cls.env(user=cls.rep_b, context={"allowed_company_ids": cls.company_b.ids})

    def test_each_company_claims_and_sees_its_own_claim(self):
        claim_a = self.claim(self.rep_tele, self.jia)
        # company B has no claim of it yet: unclaimed there, whoever owns it in A
        jia_in_b = self.jia.with_env(self.env_b)
        self.assertFalse(jia_in_b.claim_id)
        self.assertFalse(jia_in_b.claim_owner_id)
        self.assertEqual(jia_in_b.claim_count, 0)
        Partner = self.env["res.partner"].with_env(self.env_b)
        self.assertIn(self.jia, Partner.search([("claim_id", "=", False)]))
        lead_b = (
            self.env["crm.lead"]
            .with_env(self.env_b)
            .create({"name": "乙公司商机", "partner_id": self.jia.id, "type": "opportunity"})
        )
        self.assertEqual(lead_b.company_id, self.company_b)
        self.assertFalse(lead_b.claim_owner_id)
        # B claims it in B: allowed, and B sees its own claim only
        claim_b = self.claim(self.rep_b, self.jia)
        self.assertEqual(claim_b.company_id, self.company_b)
        self.assertEqual(claim_a.state, "active")
        self.jia.invalidate_recordset()
        lead_b.invalidate_recordset()
        self.assertEqual(self.jia.with_env(self.env_b).claim_owner_id, self.rep_b)
        self.assertEqual(lead_b.claim_owner_id, self.rep_b)
        self.assertEqual(self.jia.with_user(self.rep_tele).claim_owner_id, self.rep_tele)
        # a second rep of B is refused naming B's owner, never A's
        rep_b2 = mail_new_test_user(
            self.env,
            login="companies_rep_b2",
            name="Second Rep of B",
            groups="sales_team.group_sale_salesman",
            company_id=self.company_b.id,
            company_ids=[(6, 0, self.company_b.ids)],
        )
        with self.assertRaisesMsg(Exception, "Rep of Company B"):
            self.claim(rep_b2, self.jia)

    def test_rep_of_both_companies_working_in_a(self):
        """Allowed in A and B, only A active: B's claims are neither found nor
        read, and a customer of company B is not claimed from company A."""
        self.rep_tele.company_ids = [(4, self.company_b.id)]
        customer_b = self.env["res.partner"].create(
            {"name": "乙公司专属客户有限公司", "is_company": True, "company_id": self.company_b.id}
        )
        env_both = self.env(
            user=self.rep_tele,
            context={"allowed_company_ids": [self.company_b.id, self.company.id]},
        )
        claim_b = (
            self.env["sales.claim"]
            .with_env(env_both)
            .create({"partner_id": customer_b.id, "user_id": self.rep_tele.id})
        )
        self.assertEqual(claim_b.company_id, self.company_b)
        env_a = self.env(user=self.rep_tele, context={"allowed_company_ids": self.company.ids})
        Claim = self.env["sales.claim"].with_env(env_a)
        self.assertFalse(Claim.search([("id", "=", claim_b.id)]))
        self.assertFalse(Claim.read_group([("id", "=", claim_b.id)], ["state"], ["state"]))
        with self.assertRaises(AccessError):
            claim_b.with_env(env_a).read(["partner_id"])
        with self.assertRaises(AccessError):
            claim_b.with_env(env_a).action_release("not from company A")
        self.assertEqual(claim_b.state, "active")
        # company B's customer, claimed with only A active: refused, not claimed in A
        other_b = self.env["res.partner"].create(
            {"name": "乙公司另一客户有限公司", "is_company": True, "company_id": self.company_b.id}
        )
        with self.assertRaises(AccessError):
            Claim.create({"partner_id": other_b.id, "user_id": self.rep_tele.id})
        self.assertFalse(self.env["sales.claim"].search([("partner_id", "=", other_b.id)]))
