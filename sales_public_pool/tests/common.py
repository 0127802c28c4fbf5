import itertools

from odoo.tests.common import TransactionCase

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN, SalesRoles

_SEQ = itertools.count(1)


class PoolCase(SalesRoles, TransactionCase):
    """The standard cast (see sales_claim_registration/tests/roles.py), the
    pool's own users (two members, a rep outside the pool, whom the refusals
    name, and a pool administrator), a pool (公海) with an overflow pool, and
    a customer factory."""

    EXTRA_USERS = {
        "rep_a": ("pool_rep_a", "Pool Rep A", SALESMAN),
        "rep_b": ("pool_rep_b", "Pool Rep B", SALESMAN),
        "rep_out": ("pool_rep_out", "Pool Outsider", SALESMAN),
        "admin": ("pool_admin", "Pool Administrator", SALESMAN),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Pool Team 公海测试组"})
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

    def assertRaisesRegex(self, exception, regex):
        """Like unittest's, but rolled back to a savepoint as Odoo's assertRaises."""
        return self.assertRaisesMsg(exception, regex)

    def new_customer(self, name=None, pool=None, **vals):
        partner, __ = self.new_company(name or f"测试客户 {next(_SEQ)} 有限公司", **vals)
        if pool is not False:
            partner.with_context(pool_id=(pool or self.pool).id).with_user(
                self.manager
            ).action_put_in_pool()
        return partner

    def claim(self, user, partner, **vals):
        return super().claim(user, partner, **{"key_type": "company", **vals})

    def moves(self, partner, move_type=None):
        domain = [("partner_id", "=", partner.id)]
        if move_type:
            domain.append(("move_type", "=", move_type))
        return self.env["sales.pool.move"].search(domain, order="id")
