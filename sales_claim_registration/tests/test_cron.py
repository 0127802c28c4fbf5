from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from ..tools.calendar_days import day_start, local_day
from .common import ClaimCase


class TestCrons(ClaimCase):
    """Protection timer: expiry and digest reminders, set-based and re-runnable."""

    def setUp(self):
        super().setUp()
        Partner = self.env["res.partner"]
        self.companies = Partner.create(
            [{"name": f"定时测试客户{i}有限公司", "is_company": True} for i in range(4)]
        )
        # one instant for every claim, at noon of the day of the user who
        # reads the days left: exact whatever the hour the tests run at
        self.t0 = day_start(self.env, local_day(self.env, fields.Datetime.now())) + timedelta(
            hours=12
        )
        with freeze_time(self.t0):
            self.claims = self.env["sales.claim"].browse(
                [self.claim(self.rep_direct, company).id for company in self.companies[:3]]
            )
        self.expiry_type = self.env.ref("sales_claim_registration.mail_activity_type_claim_expiry")

    def _digests(self, user):
        return self.env["mail.activity"].search(
            [("activity_type_id", "=", self.expiry_type.id), ("user_id", "=", user.id)]
        )

    def test_one_digest_per_owner_and_safe_to_rerun(self):
        Claim = self.env["sales.claim"]
        end = self.claims[0].date_end
        with freeze_time(end - timedelta(days=2)):
            self.assertGreaterEqual(Claim._cron_remind_claims(batch_size=2), 3)
            digest = self._digests(self.rep_direct)
            self.assertEqual(len(digest), 1)
            self.assertEqual(digest.summary, "3 of your claims expire within 2 days")
            self.assertIn(self.companies[0].name, str(digest.note))
            self.assertEqual(Claim._cron_remind_claims(), 0, "nothing new to remind")
            self.assertEqual(len(self._digests(self.rep_direct)), 1)
        with freeze_time(end - timedelta(days=1)):
            self.claim(self.rep_direct, self.companies[3]).sudo().write(
                {"date_start": fields.Datetime.now() - timedelta(days=13)}
            )
            Claim._cron_remind_claims()
            digest = self._digests(self.rep_direct)
            self.assertEqual(len(digest), 1, "the open digest is updated, not duplicated")
            self.assertTrue(digest.summary.startswith("4 of your claims"))

    def test_extended_claim_is_reminded_again(self):
        Claim = self.env["sales.claim"]
        claim = self.claims[0]
        with freeze_time(claim.date_end - timedelta(days=1)):
            Claim._cron_remind_claims()
            self.assertEqual(claim.reminded_end, claim.date_end)
            self._digests(self.rep_direct).action_feedback("noted")
            claim.extension_ids = [(0, 0, {"kind": "milestone", "days": 1, "state": "approved"})]
            Claim._cron_remind_claims()
            self.assertEqual(len(self._digests(self.rep_direct)), 1)

    def test_expiry_frees_customers_in_batches(self):
        Claim = self.env["sales.claim"]
        self.assertEqual(self.companies[0].user_id, self.rep_direct)
        with freeze_time(fields.Datetime.now() + timedelta(days=15)):
            self.assertGreaterEqual(Claim._cron_expire_claims(batch_size=1), 3)
            self.assertEqual(Claim._cron_expire_claims(), 0)
        self.assertEqual(set(self.claims.mapped("state")), {"expired"})
        self.assertEqual(self.claims[0].close_reason, "Protection period ended")
        self.assertFalse(self.companies[:3].user_id)
        self.assertEqual(self.companies[0].claim_count, 1)
        self.assertFalse(self.companies[0].claim_id)

    def test_expiring_filter_and_days_left(self):
        Claim = self.env["sales.claim"]
        claim = self.claims[0]
        with freeze_time(self.t0):
            claim.invalidate_recordset(["days_left"])
            self.assertEqual(claim.days_left, 14)
        with freeze_time(claim.date_end - timedelta(days=2, hours=1)):
            claim.invalidate_recordset(["days_left"])
            self.assertEqual(claim.days_left, 2)
            self.assertIn(claim, Claim.search([("days_left", "<=", 3)]))
            self.assertIn(claim, Claim.search([("days_left", "=", 2)]))
            self.assertNotIn(claim, Claim.search([("days_left", ">", 3)]))
            self.assertIn(claim, Claim.search([("days_left", ">=", 2)]))
            self.assertNotIn(claim, Claim.search([("days_left", "<", 2)]))

    def test_reminders_are_set_based(self):
        """The reminder cron runs the same number of queries for 3 or 12
        claims of an owner: no per-claim work."""
        Claim = self.env["sales.claim"]

        def run(user, count):
            companies = self.env["res.partner"].create(
                [
                    {"name": f"批量提醒{user.login}{i}有限公司", "is_company": True}
                    for i in range(count)
                ]
            )
            with freeze_time(self.t0):
                for company in companies:
                    self.claim(user, company)
            self.env.flush_all()
            self.env.invalidate_all()
            with freeze_time(self.t0 + timedelta(days=12)):
                before = self.env.cr.sql_log_count
                Claim._cron_remind_claims()
                return self.env.cr.sql_log_count - before

        with freeze_time(self.t0 + timedelta(days=12)):
            Claim._cron_remind_claims()  # the claims of setUp, and anything else due
        few = run(self.rep_tele, 3)
        many = run(self.rep_agent_manager, 12)
        self.assertEqual(few, many)
        self.assertTrue(self._digests(self.rep_agent_manager).summary.startswith("12 of your"))
