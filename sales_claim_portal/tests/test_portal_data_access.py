"""What an agent's portal user reaches besides the /my/claims pages: another
agent's chatter, evidence and customers, and pool customers, by RPC (the ORM
as the user) and by the portal's own JSON routes."""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ClaimPortalCase


@tagged("post_install", "-at_install")
class TestPortalDataAccess(ClaimPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.customer_b = Partner.create(
            {"name": "乙方证据测试有限公司", "is_company": True, "phone": "+86 138 0013 5566"}
        )
        cls.claim_a = cls.env["sales.claim"].create(
            {
                "partner_id": Partner.create(
                    {"name": "甲方证据测试有限公司", "is_company": True}
                ).id,
                "user_id": cls.account_manager.id,
                "channel": "agent",
                "agent_partner_id": cls.agent_a.id,
            }
        )
        cls.claim_b = cls.env["sales.claim"].create(
            {
                "partner_id": cls.customer_b.id,
                "user_id": cls.account_manager.id,
                "channel": "agent",
                "agent_partner_id": cls.agent_b.id,
            }
        )
        # agent B's evidence and a reply of the account manager, on B's claim
        cls.claim_b.with_user(cls.account_manager).message_post(
            body="SECRET-B: the customer's budget is 2M",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=[("evidence_b.txt", b"visit report of agent B")],
        )
        cls.evidence_b = cls.env["ir.attachment"].search(
            [("res_model", "=", "sales.claim"), ("res_id", "=", cls.claim_b.id)]
        )

    def test_other_agents_chatter_is_not_fetched(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "sales.claim", "thread_id": self.claim_b.id}
        )
        self.assertEqual(fetched["data"]["mail.message"], [])
        # the agent's own claim's chatter is fetched (the check above is not vacuous)
        self.claim_a.with_user(self.account_manager).message_post(
            body="For agent A", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "sales.claim", "thread_id": self.claim_a.id}
        )
        self.assertIn("For agent A", " ".join(m["body"] for m in fetched["data"]["mail.message"]))
        # by RPC: mail.message of B's claim
        Message = self.env["mail.message"].with_user(self.agent_a_user)
        self.assertFalse(
            Message.search([("model", "=", "sales.claim"), ("res_id", "=", self.claim_b.id)])
        )
        with self.assertRaises(AccessError):
            self.claim_b.message_ids.with_user(self.agent_a_user).read(["body"])

    def test_other_agents_evidence_is_not_reached(self):
        self.assertTrue(self.evidence_b)
        # portal users have no access to ir.attachment by RPC at all
        with self.assertRaises(AccessError):
            self.env["ir.attachment"].with_user(self.agent_a_user).search(
                [("res_model", "=", "sales.claim")]
            )
        with self.assertRaises(AccessError):
            self.evidence_b.with_user(self.agent_a_user).read(["raw"])
        # /web/content/<id> without a token
        with self.assertRaises(AccessError):
            self.env["ir.binary"].with_user(self.agent_a_user)._find_record(
                res_id=self.evidence_b.id
            )

    def test_customers_of_other_agents_and_of_pools_are_not_read(self):
        """An agent reads their own company, not the customers they registered
        through a claim's partner, nor another agent's, nor pool customers."""
        Partner = self.env["res.partner"].with_user(self.agent_a_user)
        self.assertFalse(Partner.search([("id", "=", self.customer_b.id)]))
        with self.assertRaises(AccessError):
            self.customer_b.with_user(self.agent_a_user).read(["phone"])
        if "pool_id" in Partner._fields:
            pool = self.env["sales.pool"].create({"name": "Portal Test 公海"})
            pooled = self.env["res.partner"].create(
                {"name": "公海门户测试有限公司", "is_company": True, "phone": "+86 138 0013 7788"}
            )
            pooled.with_context(pool_id=pool.id).action_put_in_pool()
            self.assertFalse(Partner.search([("pool_id", "!=", False)]))
            with self.assertRaises(AccessError):
                pooled.with_user(self.agent_a_user).read(["phone", "email"])
        # another agent's claim by RPC
        with self.assertRaises(AccessError):
            self.claim_b.with_user(self.agent_a_user).read(["partner_id"])
        self.assertFalse(
            self.env["sales.claim"]
            .with_user(self.agent_a_user)
            .search([("partner_id", "=", self.customer_b.id)])
        )
