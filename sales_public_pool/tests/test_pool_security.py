from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PoolCase


@tagged("post_install", "-at_install")
class TestPoolSecurity(PoolCase):
    def test_members_see_only_their_pools_customers(self):
        mine = self.new_customer()
        other_pool = self.env["sales.pool"].create(
            {"name": "Key Accounts 大客户公海", "member_ids": [(6, 0, self.rep_out.ids)]}
        )
        theirs = self.new_customer(pool=other_pool)
        Partner = self.env["res.partner"]
        visible_a = Partner.with_user(self.rep_a).search([("pool_id", "!=", False)])
        self.assertIn(mine, visible_a)
        self.assertNotIn(theirs, visible_a)
        visible_out = Partner.with_user(self.rep_out).search([("pool_id", "!=", False)])
        self.assertIn(theirs, visible_out)
        self.assertNotIn(mine, visible_out)
        with self.assertRaises(AccessError):
            theirs.with_user(self.rep_a).read(["name"])
        # a sales manager sees every pool customer
        visible_manager = Partner.with_user(self.manager).search([("pool_id", "!=", False)])
        self.assertTrue((mine | theirs) <= visible_manager)
        # customers outside pools are untouched
        outside = self.new_customer(pool=False)
        self.assertTrue(outside.with_user(self.rep_out).read(["name"]))

    def test_pools_read_by_members_written_by_administrators(self):
        Pool = self.env["sales.pool"]
        self.assertIn(self.pool, Pool.with_user(self.rep_a).search([]))
        self.assertNotIn(self.pool, Pool.with_user(self.rep_out).search([]))
        with self.assertRaises(AccessError):
            self.pool.with_user(self.rep_a).write({"holding_cap": 999})
        self.pool.with_user(self.admin).write({"holding_cap": 60})
        self.assertEqual(self.pool.holding_cap, 60)
        with self.assertRaises(AccessError):
            Pool.with_user(self.admin).create({"name": "New pool"})
        Pool.with_user(self.manager).create({"name": "New pool by manager"})

    def test_moves_are_read_only_evidence(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        move = self.moves(customer)
        self.assertTrue(move.with_user(self.rep_a).read(["reason"]))
        with self.assertRaises(AccessError):
            move.with_user(self.rep_a).write({"reason": "changed"})
        with self.assertRaises(AccessError):
            move.with_user(self.manager).unlink()
        self.assertFalse(
            self.env["sales.pool.move"].with_user(self.rep_out).search([("id", "=", move.id)])
        )

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Co 其他公司"})
        foreign_pool = self.env["sales.pool"].create(
            {
                "name": "Foreign pool",
                "company_id": other_company.id,
                "member_ids": [(6, 0, self.rep_a.ids)],
            }
        )
        Pool = self.env["sales.pool"].with_user(self.rep_a)
        self.assertNotIn(foreign_pool, Pool.search([]), "member, but not of that company")
        self.rep_a.write({"company_ids": [(4, other_company.id)]})
        self.assertNotIn(
            foreign_pool, Pool.with_context(allowed_company_ids=[self.company.id]).search([])
        )
        self.assertIn(
            foreign_pool,
            Pool.with_context(allowed_company_ids=[other_company.id]).search([]),
        )

    def test_contact_details_masked_until_claimed(self):
        customer = self.new_customer(phone="+86 138 0013 9900", email="boss@jia.example.com")
        values = customer.with_user(self.rep_a).read(["phone", "email", "name"])[0]
        self.assertEqual(values["phone"], "+86****00")
        self.assertEqual(values["email"], "b***@jia.example.com")
        self.assertEqual(values["name"], customer.name)
        manager_values = customer.with_user(self.manager).read(["phone"])[0]
        self.assertEqual(manager_values["phone"], "+86 138 0013 9900")
        customer.with_user(self.rep_a).action_claim_from_pool()
        values = customer.with_user(self.rep_a).read(["phone"])[0]
        self.assertEqual(values["phone"], "+86 138 0013 9900")

    def test_arbiter_and_vp_open_claimed_customers_now_in_a_pool(self):
        """判单 / 延期: the deciders open the claim and its customer, pooled or not."""
        customer = self.new_customer()
        self.claim(self.rep_a, customer)
        # the customer is back in a pool none of the deciders is a member of
        self.env.cr.execute(
            "UPDATE res_partner SET pool_id = %s WHERE id = %s", [self.pool.id, customer.id]
        )
        customer.invalidate_recordset()
        for user in (self.arbiter, self.approver, self.manager):
            self.assertTrue(customer.with_user(user).read(["name"]))
        # unclaimed pool customers stay for the pool's members
        stranger = self.new_customer()
        with self.assertRaises(AccessError):
            stranger.with_user(self.arbiter).read(["name"])
