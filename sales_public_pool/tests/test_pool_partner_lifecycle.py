"""Odoo's own record life cycle on pool customers (公海客户), as a pool
member would run it over RPC: duplicating a customer, moving a contact to
another company, deleting a customer. None of them may hand out the masked
contact data (公海防爬) or the customer itself outside the pool's rules."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PoolCase

PHONE = "+86 138 0013 6611"
MOBILE = "+86 139 4444 5566"
EMAIL = "lifecycle.boss@pool.example.com"
SECRETS = ("6611", "5566", "lifecycle.boss")
CONTACT_FIELDS = ["phone", "mobile", "email", "email_normalized", "phone_sanitized"]


@tagged("post_install", "-at_install")
class TestPoolPartnerLifecycle(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.cn")
        cls.customer, (cls.contact,) = cls.new_company(
            "生命周期测试科技有限公司",
            {"name": "赵经理", "mobile": MOBILE, "email": EMAIL},
            phone=PHONE,
            email=EMAIL,
            country_id=cls.env.ref("base.cn").id,
        )
        cls.customer.with_context(pool_id=cls.pool.id).with_user(cls.manager).action_put_in_pool()

    def assertNoSecret(self, values, path):
        text = repr(values)
        for secret in SECRETS:
            self.assertNotIn(secret, text, f"{path} leaks {secret}: {text[:300]}")

    # ------------------------------------------------------------------ copy

    def test_member_copy_of_a_pool_customer_leaks_nothing(self):
        """Duplicating a pool customer (the form's *Duplicate*) is no way
        around the mask: the copy is a new record the member may read."""
        for record in (self.customer, self.contact):
            with self.subTest(record=record.name):
                try:
                    with self.env.cr.savepoint():
                        copy = record.with_user(self.rep_a).copy()
                        values = copy.with_user(self.rep_a).read(CONTACT_FIELDS)
                except UserError as refusal:
                    values = str(refusal)
                self.assertNoSecret(values, f"copy of {record.name}")
        # a reveal shows the data for the day: a copy would keep them for good
        self.customer.with_user(self.rep_a).action_pool_reveal()
        copy = self.customer.with_user(self.rep_a).copy()
        self.assertNoSecret(copy.with_user(self.rep_a).read(CONTACT_FIELDS), "copy after reveal")

    def test_copy_of_a_pool_customer_is_not_in_the_pool(self):
        """A copy is not the customer: no pool, no pool history (the fields
        only the rules write), no salesperson."""
        copy = self.customer.with_user(self.manager).copy()
        self.assertEqual(copy.phone, PHONE, "a sales manager sees the data in clear")
        self.assertFalse(copy.pool_id or copy.pool_home_id or copy.pool_date)
        self.assertFalse(copy.pool_entry_type or copy.pool_cycle_count or copy.user_id)
        self.assertFalse(self.moves(copy))

    def test_a_twin_of_a_pool_customer_is_claimed_from_the_pool(self):
        """A duplicate of a pool customer (*Duplicate*, or typed again by
        hand, by a member or not) is that customer: claiming it is refused
        and names the pool, so that membership, caps and cooldown hold."""
        Partner = self.env["res.partner"]
        twins = {
            "copy": lambda user: self.customer.with_user(user).copy(),
            "by hand": lambda user: Partner.with_user(user).create(
                {"name": "生命周期测试科技（北京）有限公司", "is_company": True}
            ),
        }
        for label, make in twins.items():
            for user in (self.rep_a, self.rep_out):
                if label == "copy" and user == self.rep_out:
                    continue  # the outsider cannot read the pool customer
                with self.subTest(twin=label, user=user.login):
                    with self.assertRaisesRegex(ValidationError, "SMB 公海"):
                        self.claim(user, make(user))
        self.customer.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(self.customer.claim_owner_id, self.rep_a)

    # ------------------------------------------------------------------ contacts

    def test_member_moving_a_pool_contact_out_leaks_nothing(self):
        """A contact of a pool customer is masked by its company: a member
        may not unmask it by moving it to a company of their own, or by
        making it a person of its own."""
        own, __ = self.new_company("会员自己的公司有限公司")
        for new_parent in (own, self.env["res.partner"]):
            with self.subTest(parent=new_parent.name or "none"):
                try:
                    with self.env.cr.savepoint():
                        self.contact.with_user(self.rep_a).write({"parent_id": new_parent.id})
                        values = self.contact.with_user(self.rep_a).read(CONTACT_FIELDS)
                except UserError as refusal:
                    values = str(refusal)
                    self.assertIn("Company", values, "the refusal names the field")
                self.assertNoSecret(values, f"moving the contact to {new_parent.name}")

    def test_manager_moves_a_pool_contact(self):
        """A sales manager sees everything and may reorganize contacts."""
        own, __ = self.new_company("经理整理的公司有限公司")
        self.contact.with_user(self.manager).write({"parent_id": own.id})
        self.assertEqual(self.contact.commercial_partner_id, own)

    # ------------------------------------------------------------------ delete

    def test_member_cannot_delete_a_pool_customer(self):
        """A pool customer is company data: deleting it would erase its
        history and take it away from every member. Even a member with
        Odoo's *Contact Creation* right (delete contacts) is refused."""
        self.rep_a.groups_id = [(4, self.env.ref("base.group_partner_manager").id)]
        with self.assertRaisesRegex(UserError, "SMB 公海"):
            self.customer.with_user(self.rep_a).unlink()
        self.assertTrue(self.customer.exists())

    def test_member_cannot_archive_a_pool_customer(self):
        """Archived, a pool customer leaves every member's list: a member
        could hide it from the others and take it back later."""
        with self.assertRaisesRegex(UserError, "SMB 公海"):
            self.customer.with_user(self.rep_a).action_archive()
        self.assertTrue(self.customer.active)
        self.customer.with_user(self.manager).action_archive()
        self.assertFalse(self.customer.active)
