from .common import ClaimCase


class TestMilestones(ClaimCase):
    """Protection earned by progress (逐步延长), applied when the trigger happens."""

    def setUp(self):
        super().setUp()
        self.claim_jia = self.claim(self.rep_direct, self.jia)
        self.end = self.claim_jia.date_end

    def _lead(self, user=None, **vals):
        user = user or self.rep_direct
        return (
            self.env["crm.lead"]
            .with_user(user)
            .create(
                {"name": "甲 opportunity", "type": "opportunity", "partner_id": self.jia.id, **vals}
            )
        )

    def assertExtended(self, days, milestone_name, ref_model):
        line = self.claim_jia.extension_ids.filtered(
            lambda e: e.milestone_id.name == milestone_name
        )
        self.assertEqual(len(line), 1)
        self.assertEqual(line.days, days)
        self.assertTrue(line.trigger_ref.startswith(ref_model + ","), line.trigger_ref)
        return line

    def test_stage_reached_once(self):
        lead = self._lead()
        lead.stage_id = self.env.ref("crm.stage_lead2")
        self.assertFalse(self.claim_jia.extension_ids)
        lead.stage_id = self.env.ref("crm.stage_lead3")
        line = self.assertExtended(20, "Demo or bid invitation", "crm.lead")
        self.assertEqual(line.trigger_ref, f"crm.lead,{lead.id}")
        self.assertEqual((self.claim_jia.date_end - self.end).days, 20)
        # a later stage and another opportunity do not count it twice
        lead.stage_id = self.env.ref("crm.stage_lead2")
        lead.stage_id = self.env.ref("crm.stage_lead3")
        self._lead().stage_id = self.env.ref("crm.stage_lead3")
        self.assertEqual(len(self.claim_jia.extension_ids), 1)
        self.assertIn("Demo or bid invitation", self.claim_jia.message_ids[:1].body)

    def test_activity_done_on_customer_or_opportunity(self):
        meeting = self.env.ref("mail.mail_activity_data_meeting")
        todo = self.env.ref("mail.mail_activity_data_todo")
        activity = self.jia.with_user(self.rep_direct).activity_schedule(
            activity_type_id=todo.id, user_id=self.rep_direct.id
        )
        activity.action_feedback("called")
        self.assertFalse(self.claim_jia.extension_ids)
        lead = self._lead()
        activity = lead.activity_schedule(activity_type_id=meeting.id, user_id=self.rep_direct.id)
        activity_id = activity.id
        activity.with_user(self.rep_direct).action_feedback("visited, got the business card")
        line = self.assertExtended(10, "Visit with business card", "mail.activity")
        self.assertEqual(line.trigger_ref, f"mail.activity,{activity_id}")
        (self.jia_boss.activity_schedule(activity_type_id=meeting.id)).action_feedback("again")
        self.assertEqual(len(self.claim_jia.extension_ids), 1)

    def test_quotation_sent_and_confirmed(self):
        self.policy.milestone_ids = [
            (0, 0, {"name": "Quoted", "trigger": "quotation_sent", "days": 5})
        ]
        order = self.env["sale.order"].create({"partner_id": self.jia_boss.id})
        order.action_quotation_sent()
        self.assertExtended(5, "Quoted", "sale.order")
        order.action_confirm()
        self.assertExtended(15, "Signed", "sale.order")
        self.assertEqual(self.claim_jia.state, "active")

    def test_capped_at_maximum(self):
        self.claim_jia.sudo().max_days = 30
        lead = self._lead()
        lead.stage_id = self.env.ref("crm.stage_lead3")
        self.assertExtended(16, "Demo or bid invitation", "crm.lead")
        self.assertEqual((self.claim_jia.date_end - self.claim_jia.date_start).days, 30)
        activity = lead.activity_schedule(
            activity_type_id=self.env.ref("mail.mail_activity_data_meeting").id
        )
        activity.action_feedback("late visit")
        self.assertEqual(len(self.claim_jia.extension_ids), 1, "nothing left to add")

    def test_opportunity_claim_earns_milestones(self):
        lead = self._lead()
        opportunity_claim = self.claim(
            self.rep_direct, self.jia, key_type="opportunity", lead_id=lead.id
        )
        lead.stage_id = self.env.ref("crm.stage_lead3")
        # the opportunity policy has no milestone; the customer claim earns its own
        self.assertFalse(opportunity_claim.extension_ids)
        self.assertEqual(len(self.claim_jia.extension_ids), 1)
