from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import ClaimCase


class TestManualExtension(ClaimCase):
    """One manual extension per claim (延期申请), decided by a claim approver."""

    def setUp(self):
        super().setUp()
        self.claim_jia = self.claim(self.rep_direct, self.jia)
        self.end = self.claim_jia.date_end
        self.extension_type = self.env.ref(
            "sales_claim_registration.mail_activity_type_claim_extension"
        )

    def _request(
        self,
        user=None,
        days=15,
        reason="Bid opens next month",
        request_type="extension",
        milestone=None,
    ):
        wizard = (
            self.env["sales.claim.extension.wizard"]
            .with_user(user or self.rep_direct)
            .create(
                {
                    "claim_id": self.claim_jia.id,
                    "days": days,
                    "reason": reason,
                    "request_type": request_type,
                    "milestone_id": milestone.id if milestone else False,
                }
            )
        )
        return wizard.action_confirm()

    def test_request_approve_notifies_both_sides(self):
        wizard = self.env["sales.claim.extension.wizard"].new({"claim_id": self.claim_jia.id})
        self.assertEqual(wizard.days, 15)
        self._request()
        line = self.claim_jia.extension_ids
        self.assertEqual((line.kind, line.state, line.days), ("manual", "requested", 15))
        self.assertEqual(self.claim_jia.manual_extension_state, "requested")
        self.assertEqual(self.claim_jia.date_end, self.end, "not counted before approval")
        approver_activities = self.claim_jia.activity_ids.filtered(
            lambda a: a.activity_type_id == self.extension_type
        )
        self.assertIn(self.approver, approver_activities.user_id)
        with self.assertRaisesRegex(UserError, "claim approver"):
            line.with_user(self.rep_direct).action_approve()
        line.with_user(self.approver).action_approve()
        self.assertEqual(line.state, "approved")
        self.assertEqual(line.decided_by_id, self.approver)
        self.assertEqual((self.claim_jia.date_end - self.end).days, 15)
        self.assertFalse(
            self.claim_jia.activity_ids.filtered(
                lambda a: a.activity_type_id == self.extension_type
            )
        )
        self.assertIn(self.rep_direct, self.claim_jia.activity_ids.user_id)
        with self.assertRaisesRegex(UserError, "already decided"):
            line.with_user(self.approver).action_approve()

    def test_refuse_and_only_once(self):
        self._request()
        line = self.claim_jia.extension_ids
        line.with_user(self.approver).action_refuse("Not convincing")
        self.assertEqual(line.state, "refused")
        self.assertEqual(self.claim_jia.manual_extension_state, "refused")
        self.assertEqual(self.claim_jia.date_end, self.end)
        with self.assertRaisesRegex(UserError, "one per claim"):
            self._request()

    def test_team_leader_approver_is_asked_first(self):
        self.team_direct.user_id = self.approver
        self.assertEqual(self.claim_jia._get_approvers(), self.approver)

    def test_bad_requests(self):
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self._request(days=0)
        with self.assertRaisesRegex(ValidationError, "at least one day"):
            self._request(days=-5)
        with self.assertRaisesRegex(ValidationError, "at most 15 days"):
            self._request(days=20)
        with self.assertRaisesRegex(ValidationError, "Reason"):
            self._request(reason="  ")
        with self.assertRaisesRegex(UserError, "Only the owner"):
            self._request(user=self.rep_tele)
        self.claim_jia.sudo().max_days = 20
        with self.assertRaisesRegex(ValidationError, "beyond its maximum"):
            self._request(days=10)
        self.policy.allow_manual_extension = False
        with self.assertRaisesRegex(UserError, "allows no manual extension"):
            self._request()
        self.claim_jia.action_release("lost interest")
        with self.assertRaisesRegex(UserError, "Only an active claim"):
            self._request()
        self.assertFalse(self.claim_jia.extension_ids)

    def test_manual_milestone_with_evidence(self):
        milestone = self.env["sales.claim.milestone"].create(
            {"name": "Bid invitation received", "policy_id": self.policy.id, "days": 12}
        )
        with self.assertRaisesRegex(ValidationError, "Evidence"):
            self._request(request_type="milestone", milestone=milestone, reason=" ")
        self._request(request_type="milestone", milestone=milestone, reason="Invitation PDF")
        line = self.claim_jia.extension_ids
        self.assertEqual(
            (line.milestone_id, line.days, line.reason), (milestone, 12, "Invitation PDF")
        )
        self.assertEqual(line.trigger_ref, f"sales.claim,{self.claim_jia.id}")
        with self.assertRaisesRegex(ValidationError, "counts once"):
            self._request(request_type="milestone", milestone=milestone, reason="again")
        other = self.env["sales.claim.milestone"].create(
            {
                "name": "Stage milestone",
                "policy_id": self.policy.id,
                "days": 3,
                "trigger": "stage",
                "stage_id": self.env.ref("crm.stage_lead2").id,
            }
        )
        with self.assertRaisesRegex(ValidationError, "recorded by hand"):
            self._request(request_type="milestone", milestone=other, reason="x")
        with self.assertRaisesRegex(UserError, "Only the owner"):
            self._request(
                user=self.rep_tele, request_type="milestone", milestone=milestone, reason="x"
            )
        full = self.env["sales.claim.milestone"].create(
            {"name": "Another", "policy_id": self.policy.id, "days": 5}
        )
        self.claim_jia.sudo().max_days = self.claim_jia.base_days + 12
        with self.assertRaisesRegex(ValidationError, "maximum"):
            self._request(request_type="milestone", milestone=full, reason="x")


class TestExtensionOnEndedClaim(ClaimCase):
    """An extension cannot be approved once the claim has ended (保护期已结束)."""

    def test_approval_after_release_or_expiry_is_refused(self):
        claim = self.claim(self.rep_direct, self.jia)
        line = (
            self.env["sales.claim.extension"]
            .with_user(self.rep_direct)
            ._request_manual(claim, 10, "Bid opens next month")
        )
        claim.action_release("lost interest")
        with self.assertRaisesRegex(UserError, "has ended"):
            line.with_user(self.approver).action_approve()
        self.assertEqual(line.state, "requested")
        line.with_user(self.approver).action_refuse("Claim ended")
        self.assertEqual(line.state, "refused")

        other = self.claim(self.rep_direct, self.jia)
        line = (
            self.env["sales.claim.extension"]
            .with_user(self.rep_direct)
            ._request_manual(other, 10, "Bid opens next month")
        )
        # the end date passed but the expiry cron has not run yet
        other.sudo().date_start = other.date_start - timedelta(days=200)
        self.assertLess(other.date_end, fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "has ended"):
            line.with_user(self.approver).action_approve()
