from datetime import datetime, timedelta

from freezegun import freeze_time
from markupsafe import Markup

from odoo.tests import tagged

from .common import PoolCase

T0 = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestMeaningfulFollowup(PoolCase):
    """Only a real follow-up (有效跟进) restarts the recycling countdown: a
    logged activity of the pool's types, or a note that says something."""

    def setUp(self):
        super().setUp()
        self.customer = self.new_customer()
        with freeze_time(T0):
            self.customer.with_user(self.rep_a).action_claim_from_pool()
        self.due = T0 + timedelta(days=5)
        self.assertEqual(self.customer.pool_recycle_date, self.due)

    def note_at(self, days, body, record=None):
        with freeze_time(T0 + timedelta(days=days)):
            (record or self.customer).with_user(self.rep_a).message_post(
                body=body, message_type="comment"
            )
        self.customer.invalidate_recordset()
        return self.customer.pool_recycle_date

    def test_filler_and_short_notes_do_not_count(self):
        self.assertEqual(self.note_at(1, "继续跟进"), self.due)
        self.assertEqual(self.note_at(1, Markup("<p>继续跟进！</p>")), self.due)
        self.assertEqual(self.note_at(1, " Follow up. "), self.due)
        self.assertEqual(self.note_at(1, "ok"), self.due)
        self.assertEqual(self.note_at(2, "客户要求下周演示产品"), T0 + timedelta(days=7))
        self.pool.followup_min_chars = 20
        self.assertEqual(self.note_at(3, "客户要求下周演示产品"), T0 + timedelta(days=7))
        self.pool.followup_filler_phrases = "电话沟通需求"
        self.assertEqual(self.note_at(3, "电话沟通需求"), T0 + timedelta(days=7))
        self.assertEqual(
            self.note_at(3, "Visited the plant, they want a quote for 200 units"),
            T0 + timedelta(days=8),
        )

    def test_only_logged_activities_of_the_pool_types_count(self):
        call = self.env.ref("mail.mail_activity_data_call")
        meeting = self.env.ref("mail.mail_activity_data_meeting")
        self.pool.followup_activity_type_ids = call
        with freeze_time(T0 + timedelta(days=1)):
            self.customer.activity_schedule(
                activity_type_id=meeting.id, user_id=self.rep_a.id
            ).action_feedback("见了面")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.pool_recycle_date, self.due)
        with freeze_time(T0 + timedelta(days=2)):
            self.customer.activity_schedule(
                activity_type_id=call.id, user_id=self.rep_a.id
            ).action_feedback("ok")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.pool_recycle_date, T0 + timedelta(days=7))

    def test_settings_are_checked(self):
        with self.assertRaisesRegex(Exception, "Minimum Follow-up Note Length"):
            self.pool.followup_min_chars = -1
            self.pool.flush_recordset()

    def test_agent_messages_on_the_claim_count(self):
        """An agent's activity on the portal is posted on the claim: it is a follow-up
        (for the rules of the agents' pool, the only pool an agent's customer has)."""
        self.env.company.pool_agent_pool_id = self.env["sales.pool"].create(
            {"name": "渠道公海 Agents", "followup_rule": True, "followup_days": 5}
        )
        agent = self.env["res.partner"].create(
            {"name": "T 代理商 Agent", "is_company": True, "email": "agent@example.com"}
        )
        customer = self.new_customer()
        with freeze_time(T0):
            claim = (
                self.env["sales.claim"]
                .with_user(self.rep_b)
                .create(
                    {
                        "partner_id": customer.id,
                        "user_id": self.rep_b.id,
                        "key_type": "company",
                        "channel": "agent",
                        "agent_partner_id": agent.id,
                    }
                )
            )
        customer.invalidate_recordset()
        due = customer.pool_recycle_date
        with freeze_time(T0 + timedelta(days=3)):
            claim.message_post(
                body="客户确认下周到厂考察，已发送报价单",
                message_type="comment",
                author_id=agent.id,
            )
        customer.invalidate_recordset()
        self.assertEqual(customer.pool_recycle_date, due + timedelta(days=3))
