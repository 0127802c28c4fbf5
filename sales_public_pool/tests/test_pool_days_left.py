from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from .common import PoolCase

T0 = datetime(2026, 3, 2, 9, 0, 0)


@tagged("post_install", "-at_install")
class TestPoolDaysLeft(PoolCase):
    """The pool countdown counts calendar days in the user's time zone, as claims do."""

    def test_pool_countdown_is_calendar_days(self):
        self.rep_a.tz = "Asia/Shanghai"
        customer = self.new_customer()
        with freeze_time(T0):
            customer.with_user(self.rep_a).action_claim_from_pool()
        self.assertEqual(customer.pool_recycle_date, T0 + timedelta(days=5))  # 7 March 17:00 local
        Partner = self.env["res.partner"].with_user(self.rep_a)
        mine = [("id", "=", customer.id)]
        with freeze_time(datetime(2026, 3, 5, 20, 0)):  # 6 March, 04:00 in Shanghai
            customer = customer.with_user(self.rep_a)
            customer.invalidate_recordset(["pool_days_left"])
            self.assertEqual(customer.pool_days_left, 1)
            self.assertEqual(Partner.search([*mine, ("pool_days_left", "<=", 1)]), customer)
            self.assertFalse(Partner.search([*mine, ("pool_days_left", ">", 1)]))

    def test_member_report_counts_the_day_the_daily_cap_counts(self):
        """The dashboard's "claimed today" is the member's day, as the daily cap's."""
        self.rep_b.tz = "Etc/GMT-14"  # UTC+14: its day never starts at UTC midnight
        now = fields.Datetime.now()
        local_start = datetime.combine(
            (now + timedelta(hours=14)).date(), datetime.min.time()
        ) - timedelta(hours=14)
        utc_start = datetime.combine(now.date(), datetime.min.time())
        # a claim between the two midnights: today for one count, not for the other
        if local_start < utc_start:
            when = local_start + timedelta(minutes=1)
        else:
            when = local_start - timedelta(minutes=1)
        customer = self.new_customer()
        self.env["sales.pool.move"]._insert_moves(
            [
                {
                    "move_type": "claimed",
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "from_pool_id": self.pool.id,
                    "to_user_id": self.rep_b.id,
                    "date": when,
                }
            ]
        )
        cap_count = self.env["sales.claim"]._pool_daily_claims([(self.rep_b, self.pool)])
        self.env.flush_all()
        row = self.env["sales.pool.member.report"].search(
            [("user_id", "=", self.rep_b.id), ("pool_id", "=", self.pool.id)]
        )
        self.assertEqual(row.claimed_today, cap_count.get((self.rep_b.id, self.pool.id), 0))
