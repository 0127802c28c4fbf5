from odoo.http import Request
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ClaimPortalCase


@tagged("post_install", "-at_install")
class TestPortalAccess(ClaimPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        Claim = cls.env["sales.claim"]
        cls.customer_a = Partner.create({"name": "甲方门户访问测试有限公司", "is_company": True})
        cls.customer_b = Partner.create({"name": "乙方门户访问测试有限公司", "is_company": True})
        cls.claim_a = Claim.create(
            {
                "partner_id": cls.customer_a.id,
                "user_id": cls.account_manager.id,
                "channel": "agent",
                "agent_partner_id": cls.agent_a.id,
                "note": "INTERNAL: agent A is slow, consider the direct team",
            }
        )
        cls.claim_b = Claim.create(
            {
                "partner_id": cls.customer_b.id,
                "user_id": cls.account_manager.id,
                "channel": "agent",
                "agent_partner_id": cls.agent_b.id,
            }
        )

    def test_list_shows_own_company_claims_only(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        page = self.url_open("/my/claims").text
        self.assertIn(self.claim_a.name, page)
        self.assertIn("甲方门户访问测试", page)
        self.assertNotIn(self.claim_b.name, page)
        self.assertNotIn("乙方门户访问测试", page)
        # filters and sortings of the search bar
        self.assertIn(
            self.claim_a.name, self.url_open("/my/claims?filterby=active&sortby=end").text
        )
        self.assertNotIn(self.claim_a.name, self.url_open("/my/claims?filterby=closed").text)

    def test_home_shows_my_claims_to_agents_only(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.assertIn('href="/my/claims"', self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["claim_count"]})
        self.assertEqual(counters["claim_count"], 1)
        self.authenticate(self.plain_customer_user.login, self.plain_customer_user.login)
        self.assertNotIn('href="/my/claims"', self.url_open("/my").text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["claim_count"]})
        self.assertEqual(counters["claim_count"], 0)

    def test_detail_of_own_claim(self):
        self.claim_a.message_post(
            body="INTERNAL NOTE: check the agent", subtype_xmlid="mail.mt_note"
        )
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(f"/my/claims/{self.claim_a.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.claim_a.name, page)
        self.assertIn(self.claim_a._portal_date_end(), page)
        self.assertIn('data-res_model="sales.claim"', page)  # portal chatter
        self.assertIn(f'data-res_id="{self.claim_a.id}"', page)
        self.assertIn(f'action="/my/claims/{self.claim_a.id}/extension"', page)
        self.assertNotIn("INTERNAL", page)

    def test_notification_link_opens_the_portal_page(self):
        """An agent following the claim is notified with a button that opens
        the claim in the portal; internal users still get the back office."""
        self.claim_a.message_subscribe(self.agent_a_user.partner_id.ids)
        self.claim_a.with_user(self.account_manager).message_post(
            body="The customer asked for a quote", subtype_xmlid="mail.mt_comment"
        )
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", self.agent_a_user.partner_id.ids)], order="id desc", limit=1
        )
        self.assertIn("/mail/view?model=sales.claim", mail.body_html)
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(f"/mail/view?model=sales.claim&res_id={self.claim_a.id}")
        self.assertTrue(response.url.endswith(f"/my/claims/{self.claim_a.id}"))
        self.assertEqual(
            self.claim_a._get_access_action(access_uid=self.account_manager.id)["type"],
            "ir.actions.act_window",
        )

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_other_company_claim_by_url_is_not_found(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(f"/my/claims/{self.claim_b.id}")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("乙方门户访问测试", response.text)
        response = self.url_open(
            f"/my/claims/{self.claim_b.id}/extension",
            data={"reason": "steal it", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 404)
        self.assertFalse(self.claim_b.extension_ids)
        # a claim that does not exist looks the same
        self.assertEqual(self.url_open("/my/claims/999999999").status_code, 404)

    @mute_logger("odoo.http")
    def test_non_agent_portal_user_has_no_claims_pages(self):
        self.authenticate(self.plain_customer_user.login, self.plain_customer_user.login)
        for url in ("/my/claims", "/my/claims/new", f"/my/claims/{self.claim_a.id}"):
            self.assertEqual(self.url_open(url).status_code, 404, url)

    def test_extension_request(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(
            f"/my/claims/{self.claim_a.id}/extension",
            data={"reason": "Demo planned next week", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your extension request was sent", response.text)
        extension = self.claim_a.extension_ids
        self.assertEqual(len(extension), 1)
        self.assertEqual(extension.kind, "manual")
        self.assertEqual(extension.state, "requested")
        self.assertEqual(extension.days, self.claim_a.policy_id.manual_extension_days)
        self.assertEqual(extension.reason, "Demo planned next week")
        self.assertEqual(extension.requested_by_id, self.agent_a_user)
        # claim approvers (sales VPs) are asked to decide
        activity_type = self.env.ref("sales_claim_registration.mail_activity_type_claim_extension")
        self.assertTrue(
            self.claim_a.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        )
        # a requested extension does not move the end date until approved
        self.assertEqual(self.claim_a.extension_days, 0)
        self.assertIn("Requested", response.text)
        # only one manual extension per claim
        response = self.url_open(
            f"/my/claims/{self.claim_a.id}/extension",
            data={"reason": "Once more", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("only one is allowed", response.text)
        self.assertEqual(len(self.claim_a.extension_ids), 1)

    def test_extension_request_needs_a_reason(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(
            f"/my/claims/{self.claim_a.id}/extension",
            data={"reason": "  ", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Reason: say why", response.text)
        self.assertFalse(self.claim_a.extension_ids)

    def test_extension_of_ended_claim_is_refused(self):
        self.claim_a.action_cancel()
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        response = self.url_open(
            f"/my/claims/{self.claim_a.id}/extension",
            data={"reason": "Please", "csrf_token": Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Only an active claim can be extended.", response.text)

    def test_agent_posts_message_and_evidence_from_chatter(self):
        """The portal chatter posts on the claim with read access only, and
        the agent's messages never include internal notes."""
        self.claim_a.message_post(body="INTERNAL NOTE: agent is slow", subtype_xmlid="mail.mt_note")
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.make_jsonrpc_request(
            "/mail/message/post",
            {
                "thread_model": "sales.claim",
                "thread_id": self.claim_a.id,
                "post_data": {
                    "body": "Visited the customer today",
                    "message_type": "comment",
                    "subtype_xmlid": "mail.mt_comment",
                },
            },
        )
        message = self.claim_a.message_ids.filtered(
            lambda m: (
                m.author_id == self.agent_a_user.partner_id
                and "Visited the customer" in (m.body or "")
            )
        )
        self.assertEqual(len(message), 1)
        fetched = self.make_jsonrpc_request(
            "/mail/chatter_fetch", {"thread_model": "sales.claim", "thread_id": self.claim_a.id}
        )
        bodies = " ".join(m["body"] for m in fetched["data"]["mail.message"])
        self.assertIn("Visited the customer today", bodies)
        self.assertNotIn("INTERNAL", bodies)

    @mute_logger("odoo.http")
    def test_agent_cannot_post_on_other_company_claim(self):
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        with self.assertRaises(Exception):  # noqa: B017 - JSON-RPC error of a 404
            self.make_jsonrpc_request(
                "/mail/message/post",
                {
                    "thread_model": "sales.claim",
                    "thread_id": self.claim_b.id,
                    "post_data": {"body": "hello", "message_type": "comment"},
                },
            )
        self.assertFalse(self.claim_b.message_ids.filtered(lambda m: "hello" in (m.body or "")))

    def test_list_queries_do_not_grow_with_claims(self):
        """The list page reads its claims in batch: 1 or 11 claims, same queries."""
        self.authenticate(self.agent_a_user.login, self.agent_a_user.login)
        self.url_open("/my/claims")  # warm the caches (assets, views, translations)
        before = self.cr.sql_log_count
        self.url_open("/my/claims")
        one = self.cr.sql_log_count - before
        Partner = self.env["res.partner"]
        for i in range(10):
            self.env["sales.claim"].create(
                {
                    "partner_id": Partner.create(
                        {"name": f"批量客户{i}测试公司", "is_company": True}
                    ).id,
                    "user_id": self.account_manager.id,
                    "channel": "agent",
                    "agent_partner_id": self.agent_a.id,
                }
            )
        self.url_open("/my/claims")
        before = self.cr.sql_log_count
        page = self.url_open("/my/claims").text
        eleven = self.cr.sql_log_count - before
        self.assertIn("批量客户9测试公司", page)
        self.assertGreater(one, 0)
        self.assertEqual(eleven, one)
