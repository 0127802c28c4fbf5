from datetime import datetime

from freezegun import freeze_time

from .common import ClaimCase


class TestDaysLeft(ClaimCase):
    """One definition of a day: calendar days in the user's time zone."""

    def test_claim_days_left_are_calendar_days_of_the_user(self):
        self.rep_direct.tz = "Asia/Shanghai"
        with freeze_time(datetime(2026, 3, 2, 20, 0)):  # 3 March, 04:00 in Shanghai
            claim = self.claim(self.rep_direct, self.jia)
        self.assertEqual(claim.date_end, datetime(2026, 3, 16, 20, 0))  # 17 March in Shanghai
        Claim = self.env["sales.claim"].with_user(self.rep_direct)
        mine = [("id", "=", claim.id)]
        with freeze_time(datetime(2026, 3, 14, 9, 0)):  # 14 March, 17:00 in Shanghai
            claim = claim.with_user(self.rep_direct)
            claim.invalidate_recordset(["days_left"])
            self.assertEqual(claim.days_left, 3)
            # the filter "Expiring within 3 days" and the countdown agree
            self.assertEqual(Claim.search([*mine, ("days_left", "<=", 3)]), claim)
            self.assertFalse(Claim.search([*mine, ("days_left", "<=", 2)]))
            self.assertFalse(Claim.search([*mine, ("days_left", "<", 3)]))
            self.assertEqual(Claim.search([*mine, ("days_left", "=", 3)]), claim)
            self.assertEqual(Claim.search([*mine, ("days_left", ">", 2)]), claim)
            self.assertFalse(Claim.search([*mine, ("days_left", ">", 3)]))
        with freeze_time(datetime(2026, 3, 16, 16, 30)):  # 17 March, 00:30 in Shanghai
            claim.invalidate_recordset(["days_left"])
            self.assertEqual(claim.days_left, 0)
            self.assertEqual(Claim.search([*mine, ("days_left", "=", 0)]), claim)
        # the same moment for a user in UTC: still 16 March, 1 day left
        self.rep_direct.tz = "UTC"
        with freeze_time(datetime(2026, 3, 15, 23, 0)):
            claim.invalidate_recordset(["days_left"])
            self.assertEqual(claim.days_left, 1)
