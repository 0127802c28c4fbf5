"""Odoo's own record life cycle against the ownership rules (只有规则改变归属),
run as a rep or a manager over the ORM as RPC would: duplicating a claimed
customer, moving a contact between claimed companies, deleting a claimed
customer, merging opportunities, importing."""

from odoo.exceptions import UserError, ValidationError

from .common import ClaimCase


class TestPartnerLifecycle(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.yi, (cls.yi_buyer,) = cls.new_company(
            "丙丁生命周期贸易有限公司",
            {"name": "孙采购", "phone": "+86 137 5555 6666"},
            country_id=cls.env.ref("base.cn").id,
        )
        cls.free, __ = cls.new_company("戊己无主服务有限公司")

    # ------------------------------------------------------------------ copy

    def test_copy_of_a_claimed_customer_carries_no_ownership(self):
        """A duplicate is a new, unclaimed record: it carries neither the
        claim nor its owner as salesperson, whoever duplicates it."""
        self.claim(self.rep_tele, self.jia)
        for user in (self.rep_tele, self.rep_direct, self.manager):
            with self.subTest(user=user.login):
                copy = self.jia.with_user(user).copy()
                self.assertFalse(copy.claim_id)
                self.assertFalse(copy.user_id, "the salesperson comes with a claim")
                self.assertFalse(copy.child_ids)

    def test_duplicating_a_claimed_customer_gives_no_second_owner(self):
        """The copy is the same customer: claiming it is refused as a claim
        of a record created by hand with that name is."""
        self.claim(self.rep_tele, self.jia)
        copy = self.jia.with_user(self.rep_direct).copy()
        with self.assertRaisesMsg(ValidationError, "Telesales Rep"):
            self.claim(self.rep_direct, copy)

    def test_copy_of_a_contact_follows_its_claimed_company(self):
        self.claim(self.rep_tele, self.jia)
        copy = self.jia_assistant.with_user(self.rep_tele).copy()
        self.assertEqual(copy.parent_id, self.jia)
        self.assertEqual(copy.user_id, self.rep_tele)

    # ------------------------------------------------------------------ contacts

    def test_contact_is_not_moved_into_someone_elses_customer(self):
        """A rep does not move a contact of their customer into a customer
        claimed by another rep, nor take one out of it."""
        self.claim(self.rep_tele, self.jia)
        self.claim(self.rep_direct, self.yi)
        with self.assertRaisesMsg(UserError, "Related Company.*Zhang Direct Rep"):
            self.jia_boss.with_user(self.rep_tele).write({"parent_id": self.yi.id})
        with self.assertRaisesMsg(UserError, "Related Company.*Zhang Direct Rep"):
            self.yi_buyer.with_user(self.rep_tele).write({"parent_id": self.jia.id})
        with self.assertRaisesMsg(UserError, "Related Company.*Zhang Direct Rep"):
            self.yi_buyer.with_user(self.rep_tele).write({"parent_id": False})
        with self.assertRaisesMsg(UserError, "Related Company.*Zhang Direct Rep"):
            self.yi_buyer.with_user(self.rep_tele).write({"is_company": True})
        self.assertEqual(self.jia_boss.parent_id, self.jia)
        self.assertEqual(self.yi_buyer.parent_id, self.yi)

    def test_moved_contact_gets_the_owner_of_its_new_company(self):
        """Moved by a sales manager (or within one owner's customers), the
        contact's salesperson is the owner of its new company, as for a
        new contact."""
        self.claim(self.rep_tele, self.jia)
        self.claim(self.rep_direct, self.yi)
        self.jia_boss.with_user(self.manager).write({"parent_id": self.yi.id})
        self.assertEqual(self.jia_boss.user_id, self.rep_direct)
        self.yi_buyer.with_user(self.rep_direct).write({"parent_id": self.free.id})
        self.assertEqual(self.yi_buyer.commercial_partner_id, self.free)

    def test_registered_phone_contact_stays_with_its_claim(self):
        """A phone claim's contact (the key of the claim) does not leave
        its company: its phone would keep a claim on another customer."""
        self.claim(self.rep_tele, self.jia, key_type="phone", contact_id=self.jia_assistant.id)
        for user in (self.rep_tele, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesMsg(UserError, "Related Company.*phone"):
                    self.jia_assistant.with_user(user).write({"parent_id": self.free.id})
        self.assertEqual(self.jia_assistant.parent_id, self.jia)

    # ------------------------------------------------------------------ delete, archive

    def test_claimed_customer_is_not_deleted(self):
        """Deleting a claimed customer is refused with a clear message, for
        a rep with Odoo's *Contact Creation* right as for a manager."""
        claim = self.claim(self.rep_tele, self.jia)
        partner_manager = self.env.ref("base.group_partner_manager")
        self.rep_tele.groups_id = [(4, partner_manager.id)]
        self.manager.groups_id = [(4, partner_manager.id)]
        for user in (self.rep_tele, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesMsg(UserError, "claim"):
                    self.jia.with_user(user).unlink()
        self.assertTrue(self.jia.exists() and claim.state == "active")

    def test_claimed_customer_is_not_archived_away(self):
        """Archiving hides a customer from every list: a claimed customer
        is archived only once its claim is released (not by its owner to
        keep it out of sight, not by another rep)."""
        claim = self.claim(self.rep_tele, self.jia)
        for user in (self.rep_tele, self.rep_direct, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesMsg(UserError, "Telesales Rep.*release"):
                    self.jia.with_user(user).action_archive()
        self.assertTrue(self.jia.active)
        claim.with_user(self.rep_tele).action_release("Not interested any more")
        self.jia.with_user(self.rep_tele).action_archive()
        self.assertFalse(self.jia.active)

    def test_claimed_customer_keeps_the_company_of_its_claim(self):
        """A claim is registered in one company (``res.company``): its
        customer is not moved to another one, where the claim's owner could
        no longer see it and a second claim could be registered."""
        other = self.env["res.company"].create({"name": "Lifecycle Co 2"})
        self.manager.company_ids = [(4, other.id)]
        self.rep_tele.company_ids = [(4, other.id)]
        claim = self.claim(self.rep_tele, self.jia)
        for user in (self.rep_tele, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaisesMsg(UserError, "Company.*Telesales Rep"):
                    self.jia.with_user(user).write({"company_id": other.id})
        self.jia.with_user(self.rep_tele).write({"company_id": claim.company_id.id})
        self.assertEqual(self.jia_boss.company_id, claim.company_id)

    # ------------------------------------------------------------------ opportunities

    def test_merge_keeps_someone_elses_opportunity_claim(self):
        """Odoo's *Merge* of opportunities deletes all but one: an
        opportunity claimed by another rep is not merged away."""
        see_all = self.env.ref("sales_team.group_sale_salesman_all_leads")
        self.rep_tele.groups_id = [(4, see_all.id)]
        Lead = self.env["crm.lead"]
        mine = Lead.create(
            {
                "name": "甲 tender",
                "type": "opportunity",
                "partner_id": self.free.id,
                "user_id": self.rep_tele.id,
                "probability": 90,
            }
        )
        theirs = Lead.create(
            {
                "name": "丙丁 tender",
                "type": "opportunity",
                "partner_id": self.yi.id,
                "user_id": self.rep_direct.id,
                "probability": 10,
            }
        )
        claim = self.claim(self.rep_direct, self.yi, key_type="opportunity", lead_id=theirs.id)
        wizard = (
            self.env["crm.merge.opportunity"]
            .with_user(self.rep_tele)
            .with_context(active_ids=(mine | theirs).ids, active_model="crm.lead")
            .create({"user_id": self.rep_tele.id})
        )
        with self.assertRaisesMsg(UserError, "Zhang Direct Rep"):
            wizard.action_merge()
        self.assertTrue(theirs.exists())
        self.assertEqual(claim.lead_id, theirs)

    # ------------------------------------------------------------------ import

    def test_import_of_rules_columns_is_refused(self):
        """An import (``load``) is a create or write: the columns only the
        rules write are refused, for a manager too, and nothing is saved."""
        claim = self.claim(self.rep_tele, self.jia)
        rows = {
            "sales.claim": (
                [".id", "date_end", "state"],
                [[str(claim.id), "2030-01-01 00:00:00", "expired"]],
            ),
            "res.partner": ([".id", "user_id/.id"], [[str(self.jia.id), str(self.manager.id)]]),
        }
        for model, (columns, data) in rows.items():
            with self.subTest(model=model):
                result = self.env[model].with_user(self.manager).load(columns, data)
                self.assertFalse(result["ids"])
                self.assertTrue(result["messages"])
        self.assertEqual(claim.state, "active")
        self.assertEqual(self.jia.user_id, self.rep_tele)
