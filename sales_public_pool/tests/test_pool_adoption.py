from odoo.exceptions import UserError

from .common import PoolCase


class TestPoolAdoption(PoolCase):
    """Adopting existing ownership may put the customers without salesperson
    in a chosen pool (公海); customers already in a pool stay where they are."""

    def test_unowned_customers_go_to_the_chosen_pool_once(self):
        unowned = self.new_customer(pool=False)
        in_overflow = self.new_customer(pool=self.overflow)
        owned = self.env["res.partner"].create(
            {"name": "存量客户己有限公司", "is_company": True, "user_id": self.rep_a.id}
        )
        Wizard = self.env["sales.claim.adoption.wizard"].with_user(self.manager)
        wizard = Wizard.create({"unowned_action": "pool"})
        with self.assertRaisesRegex(UserError, "Pool: choose"):
            wizard.action_preview()
        wizard.pool_id = self.pool
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(unowned.pool_id, self.pool)
        self.assertIn(
            "Put in pool",
            unowned.message_ids.filtered(lambda m: m.message_type == "notification").body,
        )
        self.assertEqual(in_overflow.pool_id, self.overflow, "already in a pool: not moved")
        self.assertEqual(owned.claim_owner_id, self.rep_a)
        self.assertGreaterEqual(wizard.unowned_done_count, 1)
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        again = Wizard.create({"unowned_action": "pool", "pool_id": self.pool.id})
        again.action_preview()
        again.action_apply()
        self.assertEqual((again.adopted_count, again.unowned_done_count), (0, 0))
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )

    def test_background_run_puts_the_unowned_customers_in_the_chosen_pool(self):
        """A large adoption runs in the background with the pool chosen."""
        self.env["ir.config_parameter"].sudo().set_param(
            "sales_claim_registration.adoption_background_from", 1
        )
        unowned = self.new_customer(pool=False)
        owned = self.env["res.partner"].create(
            {"name": "后台存量客户庚有限公司", "is_company": True, "user_id": self.rep_a.id}
        )
        wizard = (
            self.env["sales.claim.adoption.wizard"]
            .with_user(self.manager)
            .create({"unowned_action": "pool", "pool_id": self.pool.id})
        )
        wizard.action_preview()
        wizard.action_apply()
        run = wizard.run_id
        self.assertEqual(run.options["pool_id"], self.pool.id)
        self.assertFalse(unowned.pool_id)
        self.env["sales.claim.adoption.run"]._cron_apply_runs()
        self.assertEqual(run.state, "done")
        self.assertEqual(unowned.pool_id, self.pool)
        self.assertEqual(owned.claim_owner_id, self.rep_a)
        self.assertGreaterEqual(run.unowned_done_count, 1)
