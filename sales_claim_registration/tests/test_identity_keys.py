from odoo.exceptions import ValidationError

from .common import ClaimCase

# a valid unified social credit code (统一社会信用代码) and one with a wrong check character
CODE = "91110000802100433B"
BAD_CODE = "91110000802100433C"


class TestIdentityKeys(ClaimCase):
    """One owner per customer across key types: phones of all contacts and
    the unified social credit code are keys of every customer claim."""

    def test_company_claim_blocked_by_a_phone_claim_on_a_contact_number(self):
        """王总's mobile is claimed as an individual's phone: the company
        whose contact carries that mobile cannot be claimed by name."""
        person = self.env["res.partner"].create({"name": "王先生", "mobile": "+86 138 0099 8000"})
        phone_claim = self.claim(self.rep_tele, person, key_type="phone", contact_id=person.id)
        with self.assertRaisesMsg(ValidationError, phone_claim.name):
            self.claim(self.rep_direct, self.jia)
        self.assertEqual(self.jia.claim_count, 0, "nothing written")

    def test_phone_claim_blocked_by_a_company_claim_whose_contact_has_it(self):
        company_claim = self.claim(self.rep_direct, self.jia)
        person = self.env["res.partner"].create({"name": "王先生", "mobile": "13800998000"})
        with self.assertRaisesMsg(ValidationError, company_claim.name):
            self.claim(self.rep_tele, person, key_type="phone", contact_id=person.id)
        # and through the batch path
        _claims, refused = self.env["sales.claim"]._create_claims_batch(
            [{"partner_id": person.id, "user_id": self.rep_tele.id, "key_type": "phone"}]
        )
        self.assertEqual(len(refused), 1)
        self.assertIn(company_claim.name, refused[0][1])

    def test_company_claim_blocked_by_a_company_sharing_a_contact_phone(self):
        self.claim(self.rep_direct, self.jia)
        other, _people = self.new_company(
            "完全不同名称贸易有限公司", {"name": "李秘书", "phone": "13912345678"}
        )
        with self.assertRaisesMsg(ValidationError, "Direct"):
            self.claim(self.rep_tele, other)

    def test_credit_code_is_one_customer(self):
        self.jia.vat = CODE
        self.assertEqual(self.jia.claim_credit_code_key, CODE)
        claim = self.claim(self.rep_direct, self.jia)
        self.assertEqual(claim.credit_code_key, CODE)
        english = self.env["res.partner"].create(
            {"name": "Jiayi Test Technology Ltd", "is_company": True, "vat": CODE.lower()}
        )
        self.assertEqual(english.claim_credit_code_key, CODE, "normalized")
        with self.assertRaisesMsg(ValidationError, claim.name):
            self.claim(self.rep_tele, english)
        _claims, refused = self.env["sales.claim"]._create_claims_batch(
            [{"partner_id": english.id, "user_id": self.rep_tele.id}]
        )
        self.assertEqual(len(refused), 1)

    def test_bad_credit_code_names_the_field(self):
        with self.assertRaisesMsg(ValidationError, "Tax ID.*统一社会信用代码"):
            self.jia.vat = BAD_CODE
        with self.assertRaisesMsg(ValidationError, "Tax ID"):
            self.env["res.partner"].create(
                {"name": "错误代码科技有限公司", "is_company": True, "vat": "9111000080210043"}
                | {"country_id": self.env.ref("base.cn").id}
            )
        # a foreign VAT number is not a credit code and is left alone
        foreign = self.env["res.partner"].create(
            {"name": "Acme GmbH", "is_company": True, "vat": "DE123456789"}
        )
        self.assertFalse(foreign.claim_credit_code_key)

    def test_same_owner_cannot_hold_two_records_of_one_customer(self):
        """Two records that share a phone are one customer, for its owner too."""
        person = self.env["res.partner"].create({"name": "王先生", "mobile": "13800998000"})
        self.claim(self.rep_tele, person, key_type="phone", contact_id=person.id)
        with self.assertRaises(ValidationError):
            self.claim(self.rep_tele, self.jia)

    def test_company_name_names_a_company(self):
        """公司有限公司, legal forms alone and 10,000 characters are refused."""
        for name in ("公司有限公司", "Co., Ltd. Inc.", "北京有限公司", "甲" * 300):
            partner = self.env["res.partner"].create({"name": name, "is_company": True})
            with self.subTest(name=name[:20]), self.assertRaisesMsg(ValidationError, "ompany"):
                self.claim(self.rep_direct, partner)

    def _advisory_locks_held(self):
        self.env.cr.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        )
        return self.env.cr.fetchone()[0]

    def test_a_large_batch_takes_no_lock_table_slot_per_key(self):
        """A single claim locks its keys (advisory locks, sorted); a batch of
        more keys than one connection's share of PostgreSQL's lock table only
        stamps them, so that a batch of thousands never ends in "out of shared
        memory" for every session, and still refuses a claimed customer."""
        self.claim(self.rep_direct, self.jia)
        self.assertTrue(self._advisory_locks_held(), "a single claim locks its keys")
        Partner = self.env["res.partner"]
        companies = Partner.create(
            [
                {
                    "name": f"批量锁测试{index:03d}号有限公司",
                    "is_company": True,
                    "phone": f"+86 139 0077 {index:04d}",
                }
                for index in range(80)
            ]
        )
        before = self._advisory_locks_held()
        claims, refused = self.env["sales.claim"]._create_claims_batch(
            [{"partner_id": partner.id, "user_id": self.rep_tele.id} for partner in companies]
            + [{"partner_id": self.jia.id, "user_id": self.rep_tele.id}]
        )
        self.assertEqual(len(claims), 80)
        self.assertEqual(
            [vals["partner_id"] for vals, __ in refused], self.jia.ids, "the claimed one refused"
        )
        self.assertEqual(self._advisory_locks_held(), before, "no advisory lock per key")
