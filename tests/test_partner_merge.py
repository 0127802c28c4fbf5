"""Odoo's partner merge never loses a claim (issue 15, item 3).

Through Odoo's own wizard (Contacts > Merge): claims, pool moves, credit
splits and arbitration cases of the merged partners move to the surviving
one; of two active claims the older stays, the newer is closed as merged
(never deleted) and, when its owner is someone else, an arbitration case
(判单) is opened with both claims' history.
"""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError

from .common import SuiteRoles, SuiteTransactionCase


class TestPartnerMerge(SuiteRoles, SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.a, (cls.a_contact,) = cls.new_company("合并测试甲科技有限公司", {"name": "甲联系人"})
        cls.b, (cls.b_contact,) = cls.new_company("合并测试乙科技有限公司", {"name": "乙联系人"})
        # Odoo's merge wizard is for "Contact Creation" users
        contact_creation = cls.env.ref("base.group_partner_manager")
        (cls.manager | cls.rep_tele).groups_id = [Command.link(contact_creation.id)]

    def _claim(self, user, partner, days_ago):
        claim = self.claim(user, partner, key_type="company")
        # backdated by the test itself (superuser), as if registered earlier
        claim.sudo().date_start = fields.Datetime.now() - timedelta(days=days_ago)
        return claim

    def merge(self, partners, dst, user=None):
        wizard = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(user or self.manager)
            .create({"partner_ids": [Command.set(partners.ids)], "dst_partner_id": dst.id})
        )
        wizard.action_merge()

    def test_two_owners_older_stays_and_a_case_is_opened(self):
        older = self._claim(self.rep_tele, self.a, 5)
        newer = self._claim(self.rep_direct, self.b, 1)
        # the surviving partner is the newer claim's: the older claim still wins
        self.merge(self.a | self.b, self.b)
        self.assertFalse(self.a.exists())
        claims = self.env["sales.claim"].search([("id", "in", (older | newer).ids)])
        self.assertEqual(len(claims), 2, "no claim is deleted")
        self.assertEqual(older.partner_id, self.b)
        self.assertEqual(older.state, "active")
        self.assertEqual(newer.partner_id, self.b)
        self.assertEqual(newer.state, "merged")
        self.assertIn(older.name, newer.close_reason)
        self.assertEqual(self.b.claim_owner_id, self.rep_tele)
        self.assertEqual((self.b | self.b_contact | self.a_contact).user_id, self.rep_tele)
        case = self.env["sales.claim.conflict"].search([("merged_claim_id", "=", newer.id)])
        self.assertEqual(len(case), 1)
        self.assertEqual(case.claim_id, older)
        self.assertEqual(case.claimant_id, self.rep_direct)
        self.assertEqual(case.origin, "merged")
        self.assertEqual(case.state, "open")
        for claim in older | newer:
            self.assertIn(claim.name, case.reason)
        # the arbiter may still give the customer to the later claimant
        case.decision_note = "乙 met the customer first"
        case.with_user(self.arbiter).action_decide_transfer()
        self.assertEqual(self.b.claim_owner_id, self.rep_direct)

    def test_same_owner_keeps_one_claim(self):
        older = self._claim(self.rep_tele, self.a, 3)
        newer = self._claim(self.rep_tele, self.b, 1)
        self.merge(self.a | self.b, self.a, user=self.rep_tele)
        self.assertEqual(older.state, "active")
        self.assertEqual(newer.state, "merged")
        self.assertEqual((older | newer).partner_id, self.a)
        self.assertFalse(
            self.env["sales.claim.conflict"].search([("merged_claim_id", "=", newer.id)])
        )
        self.assertEqual(self.a.user_id, self.rep_tele)

    def test_history_moves_splits_and_cases_follow(self):
        pool = self.env["sales.pool"].create(
            {"name": "合并公海", "member_ids": [Command.set(self.rep_tele.ids)]}
        )
        self.b.with_user(self.manager).with_context(pool_id=pool.id).action_put_in_pool()
        self.a.with_context(pool_id=pool.id).with_user(self.manager).action_put_in_pool()
        self.a.with_user(self.rep_tele).action_claim_from_pool()
        claim = self.a.claim_id
        moves = self.env["sales.pool.move"].search([("partner_id", "=", self.a.id)])
        self.assertTrue(moves)
        case = (
            self.env["sales.claim.conflict"]
            .with_user(self.rep_direct)
            .create({"claim_id": claim.id, "reason": "我先联系的"})
        )
        role = self.env["sales.credit.role"].create({"name": "Merge Role", "default_weight": 100})
        lead = self.env["crm.lead"].create(
            {"name": "合并商机", "type": "opportunity", "user_id": self.rep_tele.id}
        )
        lead.credit_split_line_ids = [
            Command.create({"agent_partner_id": self.a.id, "role_id": role.id, "percent": 100})
        ]
        # the pool customer (b) survives: it leaves the pool with a's claim
        self.merge(self.a | self.b, self.b)
        self.assertEqual(claim.partner_id, self.b)
        self.assertEqual(claim.state, "active")
        self.assertEqual(moves.partner_id, self.b)
        self.assertEqual(moves.claim_id, claim)
        self.assertEqual(case.partner_id, self.b)
        self.assertEqual(lead.credit_split_line_ids.agent_partner_id, self.b)
        self.assertFalse(self.b.pool_id)
        self.assertEqual(self.b.pool_home_id, pool)
        self.assertEqual(self.b.user_id, self.rep_tele)

    def test_only_owner_manager_or_pool_administrator_merges(self):
        self._claim(self.rep_direct, self.a, 1)
        with self.assertRaisesRegex(UserError, "only its owner or a sales manager"):
            self.merge(self.a | self.b, self.b, user=self.rep_tele)
        self.assertTrue(self.a.exists())
        pool = self.env["sales.pool"].create(
            {"name": "合并公海二", "member_ids": [Command.set(self.rep_tele.ids)]}
        )
        self.b.with_user(self.manager).with_context(pool_id=pool.id).action_put_in_pool()
        c, __ = self.new_company("合并测试丙科技有限公司")
        with self.assertRaisesRegex(UserError, "Only administrators of"):
            self.merge(self.b | c, c, user=self.rep_tele)
        self.assertTrue(self.b.exists())
