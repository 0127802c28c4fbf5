from odoo.exceptions import ValidationError

from .common import ClaimCase


class TestPolicy(ClaimCase):
    def test_shipped_defaults(self):
        self.assertEqual((self.policy.base_days, self.policy.max_days), (14, 90))
        days = {m.name: m.days for m in self.policy.milestone_ids}
        self.assertEqual(
            days, {"Visit with business card": 10, "Demo or bid invitation": 20, "Signed": 15}
        )

    def test_team_policy_wins_over_company_policy(self):
        team_policy = self.env["sales.claim.policy"].create(
            {"name": "Telesales SMB", "team_id": self.team_tele.id, "base_days": 7, "max_days": 30}
        )
        claim = self.claim(self.rep_tele, self.jia, team_id=self.team_tele.id)
        self.assertEqual(claim.policy_id, team_policy)
        self.assertEqual(claim.base_days, 7)

    def test_bad_days_are_refused(self):
        Policy = self.env["sales.claim.policy"]
        for vals, message in [
            ({"base_days": 0}, "Protection Days must be more than 0"),
            ({"base_days": -3}, "Protection Days must be more than 0"),
            ({"base_days": 30, "max_days": 20}, "cannot be less than"),
            ({"reminder_days": -1}, "cannot be negative"),
            ({"manual_extension_days": 0}, "Manual Extension Days"),
        ]:
            with self.subTest(vals=vals), self.assertRaisesRegex(ValidationError, message):
                Policy.create({"name": "Bad", **vals})
        policy = Policy.create({"name": "Good"})
        Milestone = self.env["sales.claim.milestone"]
        with self.assertRaisesRegex(ValidationError, "Days must be more than 0"):
            Milestone.create({"name": "Zero", "policy_id": policy.id, "days": 0})
        with self.assertRaisesRegex(ValidationError, "choose the Stage"):
            Milestone.create({"name": "No stage", "policy_id": policy.id, "trigger": "stage"})
        with self.assertRaisesRegex(ValidationError, "choose the Activity Type"):
            Milestone.create({"name": "No type", "policy_id": policy.id, "trigger": "activity"})

    def test_missing_policy_is_a_clear_error(self):
        self.env["sales.claim.policy"].search([("key_type", "=", "company")]).active = False
        with self.assertRaisesRegex(ValidationError, "No claim policy"):
            self.claim(self.rep_tele, self.jia)
