from odoo.exceptions import ValidationError

from .common import ClaimCase


class TestCustomerIdentity(ClaimCase):
    """Who a customer is: its stored normalized phones, the lookups and the
    blocking claims of the identity service, and the one refusal message."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Identity = cls.env["sales.customer.identity"]

    def test_phones_are_stored_in_e164(self):
        self.assertEqual(self.jia_boss.claim_mobile_key, "+8613800998000")
        self.assertFalse(self.jia_boss.claim_phone_key)
        self.assertEqual(self.jia_assistant.claim_phone_key, "+8613912345678")
        self.jia_boss.mobile = "0086-138-0099-8001"
        self.assertEqual(self.jia_boss.claim_mobile_key, "+8613800998001")
        self.jia_boss.mobile = "12345"
        self.assertFalse(self.jia_boss.claim_mobile_key, "an invalid number has no key")

    def test_national_numbers_read_in_the_company_country(self):
        acme = self.env["res.partner"].create(
            {"name": "Acme Test Inc", "is_company": True, "country_id": self.env.ref("base.us").id}
        )
        buyer = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": acme.id, "phone": "(650) 253-0000"}
        )
        self.assertEqual(buyer.claim_phone_key, "+16502530000")
        acme.country_id = self.env.ref("base.cn")
        self.assertNotEqual(buyer.claim_phone_key, "+16502530000", "recomputed with the company")

    def test_phone_spelled_differently_is_found(self):
        contact = self.env["res.partner"].create(
            {"name": "张经理", "parent_id": self.jia.id, "mobile": "13800138000"}
        )
        typed = self.Identity._phone_key("+86 138-0013-8000", "US")
        self.assertEqual(typed, "+8613800138000")
        self.assertIn(contact, self.Identity._find_partners_by_phone([typed]))
        self.assertFalse(self.Identity._find_partners_by_phone([False]))
        contact.active = False
        self.assertNotIn(contact, self.Identity._find_partners_by_phone([typed]), "active only")

    def test_existing_phones_are_filled_at_install(self):
        """Rows written without the ORM (imports, older databases) get their
        keys from the set-based fill that runs when the columns are created."""
        contact = self.env["res.partner"].create({"name": "导入联系人", "parent_id": self.jia.id})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET mobile = '138 0013 8111', claim_mobile_key = NULL "
            "WHERE id = %s",
            [contact.id],
        )
        self.env["res.partner"]._fill_claim_phone_keys(chunk_size=2)
        contact.invalidate_recordset()
        self.assertEqual(contact.claim_mobile_key, "+8613800138111")
        self.assertEqual(self.jia_boss.claim_mobile_key, "+8613800998000", "others unchanged")

    def test_company_found_by_normalized_name(self):
        self.assertEqual(self.Identity._find_companies("甲乙测试科技"), self.jia)
        self.jia.active = False
        self.assertFalse(self.Identity._find_companies("甲乙测试科技"))
        self.assertEqual(
            self.Identity._find_companies("甲乙测试科技", with_archived=True), self.jia
        )

    def test_phone_claim_blocks_a_request_by_that_phone(self):
        claim = self.claim(
            self.rep_tele, self.jia_boss, key_type="phone", contact_id=self.jia_boss.id
        )
        request = self.Identity._request(
            self.env.company.id, claim_keys=[("phone", "+8613800998000")]
        )
        self.assertEqual(self.Identity._find_blocking_claims([request]), [claim])
        other = self.Identity._request(
            self.env.company.id, claim_keys=[("phone", "+8613800000000")]
        )
        self.assertFalse(self.Identity._find_blocking_claims([other])[0])

    def test_own_opportunity_claim_does_not_block_the_owner(self):
        lead = self.env["crm.lead"].create(
            {"name": "Key account deal", "partner_id": self.jia.id, "user_id": self.rep_tele.id}
        )
        opportunity = self.claim(self.rep_tele, self.jia, key_type="opportunity", lead_id=lead.id)
        vals = {
            "company_id": self.env.company.id,
            "partner_id": self.jia.id,
            "key_type": "company",
            "claim_key": "甲乙测试科技",
            "customer_key": "甲乙测试科技",
        }
        Claim = self.env["sales.claim"]
        self.assertFalse(Claim._find_blocking_claims(dict(vals, user_id=self.rep_tele.id)))
        self.assertEqual(
            Claim._find_blocking_claims(dict(vals, user_id=self.rep_direct.id)), opportunity
        )

    def test_one_refusal_message(self):
        claim = self.claim(self.rep_tele, self.jia)
        message = claim._refusal_message()
        self.assertIn("is already claimed by Telesales Rep", message)
        self.assertIn("escalate to arbitration", message)
        short = claim._refusal_message(self.jia_boss, escalate=False)
        self.assertIn(f"{self.jia_boss.display_name} is already claimed by Telesales Rep", short)
        self.assertNotIn("escalate", short)
        with self.assertRaisesRegex(ValidationError, "escalate to arbitration"):
            self.claim(self.rep_direct, self.jia)

    def test_batch_and_single_claims_share_their_refusals(self):
        self.claim(self.rep_tele, self.jia)
        individual = self.env["res.partner"].create({"name": "个人客户"})
        claims, refused = self.env["sales.claim"]._create_claims_batch(
            [
                {"partner_id": self.jia.id, "user_id": self.rep_direct.id},
                {"partner_id": individual.id, "user_id": self.rep_direct.id},
            ]
        )
        self.assertFalse(claims)
        reasons = {vals["partner_id"]: reason for vals, reason in refused}
        self.assertIn("is already claimed by Telesales Rep", reasons[self.jia.id])
        with self.assertRaises(ValidationError) as single:
            self.claim(self.rep_direct, individual)
        self.assertEqual(reasons[individual.id], single.exception.args[0])
