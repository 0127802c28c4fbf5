from datetime import datetime, timedelta

from freezegun import freeze_time

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
