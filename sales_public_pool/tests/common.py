import itertools
from contextlib import contextmanager

from odoo.tests.common import TransactionCase

from odoo.addons.mail.tests.common import mail_new_test_user

_SEQ = itertools.count(1)


class PoolCase(TransactionCase):
    """Users per role, a pool with an overflow pool, and a customer factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.team = cls.env["crm.team"].create({"name": "Pool Team 公海测试组"})
        salesman = "sales_team.group_sale_salesman"
        cls.rep_a = mail_new_test_user(
            cls.env, login="pool_rep_a", name="Pool Rep A", groups=salesman
        )
        cls.rep_b = mail_new_test_user(
            cls.env, login="pool_rep_b", name="Pool Rep B", groups=salesman
        )
        cls.rep_out = mail_new_test_user(
            cls.env, login="pool_rep_out", name="Pool Outsider", groups=salesman
        )
        cls.admin = mail_new_test_user(
            cls.env, login="pool_admin", name="Pool Administrator", groups=salesman
        )
        cls.manager = mail_new_test_user(
            cls.env,
            login="pool_manager",
            name="Pool Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.team.member_ids = [(4, cls.rep_a.id), (4, cls.rep_b.id)]
        Pool = cls.env["sales.pool"]
        cls.overflow = Pool.create(
            {
                "name": "Overflow 公海",
                "member_ids": [(6, 0, [cls.rep_a.id, cls.rep_b.id])],
                "max_cycles": 0,
                "cooldown_days": 0,
            }
        )
        cls.pool = Pool.create(
            {
                "name": "SMB 公海",
                "team_ids": [(6, 0, cls.team.ids)],
                "manager_ids": [(6, 0, cls.admin.ids)],
                "member_ids": [(6, 0, [cls.rep_a.id, cls.rep_b.id])],
                "holding_cap": 50,
                "daily_cap": 80,
                "followup_rule": True,
                "followup_days": 5,
                "cooldown_days": 7,
                "max_cycles": 3,
                "overflow_pool_id": cls.overflow.id,
                "warning_days": 2,
                "exempt_won": True,
            }
        )

    @contextmanager
    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, but rolled back to a savepoint as Odoo's assertRaises."""
        with self.assertRaises(exception) as catcher:
            yield catcher
        self.assertRegex(str(catcher.exception), regex)

    def new_customer(self, name=None, pool=None, **vals):
        partner = self.env["res.partner"].create(
            {"name": name or f"测试客户 {next(_SEQ)} 有限公司", "is_company": True, **vals}
        )
        if pool is not False:
            partner.with_context(pool_id=(pool or self.pool).id).with_user(
                self.manager
            ).action_put_in_pool()
        return partner

    def claim(self, user, partner):
        return (
            self.env["sales.claim"]
            .with_user(user)
            .create({"partner_id": partner.id, "user_id": user.id, "key_type": "company"})
        )

    def moves(self, partner, move_type=None):
        domain = [("partner_id", "=", partner.id)]
        if move_type:
            domain.append(("move_type", "=", move_type))
        return self.env["sales.pool.move"].search(domain, order="id")
