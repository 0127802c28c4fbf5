from odoo.exceptions import AccessError, UserError

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import ClaimCase


class TestSecurity(ClaimCase):
    """Who sees and edits what, role by role, with ``with_user``."""

    def setUp(self):
        super().setUp()
        self.agent_claim = self.claim(self.rep_agent_manager, self.jia)
        self.tele_claim = self.claim(
            self.rep_tele,
            self.env["res.partner"].create({"name": "安全测试丙公司", "is_company": True}),
            team_id=self.team_tele.id,
        )

    def test_salesperson_sees_own_claims_and_who_owns_others(self):
        Claim = self.env["sales.claim"].with_user(self.rep_tele)
        self.assertEqual(
            Claim.search([("id", "in", (self.agent_claim | self.tele_claim).ids)]), self.tele_claim
        )
        jia = self.jia.with_user(self.rep_tele)
        self.assertEqual(jia.claim_owner_id, self.rep_agent_manager)
        self.assertEqual(jia.claim_date_end, self.agent_claim.date_end)
        self.assertEqual(self.jia_boss.with_user(self.rep_tele).claim_id, self.agent_claim)
        self.assertIn(
            self.jia,
            self.env["res.partner"]
            .with_user(self.rep_tele)
            .search([("claim_id", "!=", False), ("id", "=", self.jia.id)]),
        )
        with self.assertRaises(AccessError):
            self.agent_claim.with_user(self.rep_tele).write({"note": "mine now"})
        self.tele_claim.with_user(self.rep_tele).write({"note": "called twice"})
        with self.assertRaises(AccessError):
            self.tele_claim.with_user(self.rep_tele).unlink()
        with self.assertRaises(AccessError):
            Claim.create({"partner_id": self.agent.id, "user_id": self.rep_direct.id})
        with self.assertRaises(UserError):
            self.tele_claim.with_user(self.rep_tele).write({"partner_id": self.jia.id})
        with self.assertRaises(AccessError):
            self.policy.with_user(self.rep_tele).write({"base_days": 99})
        # the protection is earned, never typed in
        for vals in ({"max_days": 999}, {"state": "won"}, {"user_id": self.rep_direct.id}):
            with self.assertRaisesRegex(UserError, "life cycle"):
                self.tele_claim.with_user(self.rep_tele).write(vals)
        with self.assertRaisesRegex(UserError, "Maximum Days"):
            self.env["sales.claim"].with_user(self.rep_tele).create(
                {"partner_id": self.agent.id, "max_days": 999}
            )
        with self.assertRaises(AccessError):
            self.env["sales.claim.extension"].with_user(self.rep_tele).create(
                {"claim_id": self.tele_claim.id, "days": 60, "state": "approved"}
            )

    def test_team_leader_reads_team_claims(self):
        Claim = self.env["sales.claim"].with_user(self.team_leader)
        self.assertEqual(
            Claim.search([("id", "in", (self.agent_claim | self.tele_claim).ids)]), self.tele_claim
        )
        with self.assertRaises(AccessError):
            self.tele_claim.with_user(self.team_leader).write({"note": "x"})

    def test_approver_and_arbiter_read_all_manager_edits(self):
        both = self.agent_claim | self.tele_claim
        for user in (self.approver, self.arbiter, self.manager):
            self.assertEqual(
                self.env["sales.claim"].with_user(user).search([("id", "in", both.ids)]), both
            )
        with self.assertRaises(AccessError):
            self.agent_claim.with_user(self.arbiter).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.agent_claim.with_user(self.arbiter).action_release("not mine")
        self.agent_claim.with_user(self.manager).write({"note": "checked"})
        with self.assertRaisesRegex(UserError, "sales manager"):
            self.tele_claim.with_user(self.rep_tele).action_cancel()
        self.tele_claim.with_user(self.manager).action_cancel()
        self.assertEqual(self.tele_claim.state, "cancelled")
        self.tele_claim.with_user(self.manager).unlink()
        with self.assertRaisesRegex(UserError, "Active claims cannot be deleted"):
            self.agent_claim.with_user(self.manager).unlink()

    def test_multi_company(self):
        other = self.env["res.company"].create(
            {"name": "Claim Test Co 2", "country_id": self.env.ref("base.cn").id}
        )
        self.env["sales.claim.policy"].create({"name": "Co2 policy", "company_id": other.id})
        rep2 = mail_new_test_user(
            self.env,
            login="rep_co2",
            name="Rep Co2",
            groups="sales_team.group_sale_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        customer = self.env["res.partner"].create(
            {"name": "二公司客户", "is_company": True, "company_id": other.id}
        )
        claim2 = (
            self.env["sales.claim"]
            .with_user(rep2)
            .with_company(other)
            .create({"partner_id": customer.id, "user_id": rep2.id})
        )
        self.assertEqual(claim2.company_id, other)
        self.assertEqual(claim2.policy_id.name, "Co2 policy")
        self.assertFalse(
            self.env["sales.claim"].with_user(self.manager).search([("id", "=", claim2.id)])
        )
        self.assertFalse(
            self.env["sales.claim"].with_user(rep2).search([("id", "=", self.agent_claim.id)])
        )

    def test_conflict_visibility(self):
        conflict = (
            self.env["sales.claim.conflict"]
            .with_user(self.rep_tele)
            .create({"claim_id": self.agent_claim.id, "reason": "first call in March"})
        )
        Conflict = self.env["sales.claim.conflict"]
        self.assertEqual(
            Conflict.with_user(self.rep_tele).search([("id", "=", conflict.id)]), conflict
        )
        self.assertEqual(
            Conflict.with_user(self.rep_agent_manager).search([("id", "=", conflict.id)]), conflict
        )
        self.assertEqual(
            Conflict.with_user(self.arbiter).search([("id", "=", conflict.id)]), conflict
        )
        self.assertFalse(Conflict.with_user(self.rep_direct).search([("id", "=", conflict.id)]))
