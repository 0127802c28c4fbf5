from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.sales_claim_adoption_run import BACKGROUND_PARAM
from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestAdoptionBackground(ClaimCase):
    """An adoption too large for one request runs in the background: applying
    queues a run that the cron applies with the same code, as the manager
    who asked, who is told the result."""

    def setUp(self):
        super().setUp()
        # every adoption of two customers or more runs in the background
        self.env["ir.config_parameter"].sudo().set_param(BACKGROUND_PARAM, 2)
        Partner = self.env["res.partner"]
        self.customers = Partner.create(
            [
                {"name": "后台甲科技有限公司", "is_company": True, "user_id": self.rep_tele.id},
                {"name": "后台乙贸易有限公司", "is_company": True, "user_id": self.rep_direct.id},
            ]
        )

    def _claims(self):
        return self.env["sales.claim"].search(
            [("partner_id", "in", self.customers.ids), ("state", "=", "active")]
        )

    def _queued(self, **vals):
        wizard = self.env["sales.claim.adoption.wizard"].with_user(self.manager).create(vals)
        wizard.action_preview()
        self.assertGreaterEqual(wizard.adopt_count, 2)
        wizard.action_apply()
        return wizard

    def test_large_adoption_is_queued_then_applied_by_the_cron(self):
        cron = self.env.ref("sales_claim_registration.ir_cron_adoption_runs")
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        wizard = self._queued(date_mode="last_activity")
        run = wizard.run_id
        self.assertEqual(wizard.state, "queued")
        self.assertEqual(run.state, "queued")
        self.assertEqual(run.user_id, self.manager)
        self.assertEqual(run.options["date_mode"], "last_activity")
        self.assertEqual(run.adopt_count, wizard.adopt_count)
        # nothing claimed in the request; the cron is woken up
        self.assertFalse(self._claims())
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 1
        )
        self.assertEqual(self.env["sales.claim.adoption.run"]._cron_apply_runs(), 1)
        # and a run stopped half-way would be applied again soon
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]), triggers + 2
        )
        claims = self._claims()
        self.assertEqual(claims.partner_id, self.customers)
        self.assertEqual(
            {c.partner_id: c.user_id for c in claims},
            {p: p.user_id for p in self.customers},
        )
        self.assertEqual(run.state, "done")
        self.assertEqual(run.adopted_count, wizard.adopt_count)
        self.assertTrue(run.list_file)
        self.assertTrue(run.date_done)
        # the manager who asked is told, in the run's chatter and inbox
        message = run.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn(f"{run.adopted_count} claims created", message.body)
        self.assertIn(self.manager.partner_id, message.partner_ids)
        # a second cron run has nothing to do; applying again adopts nothing
        self.assertEqual(self.env["sales.claim.adoption.run"]._cron_apply_runs(), 0)
        wizard = self.env["sales.claim.adoption.wizard"].with_user(self.manager).create({})
        wizard.action_preview()
        self.assertEqual(wizard.adopt_count, 0)
        self.assertEqual(self._claims(), claims)

    def test_small_adoption_is_applied_at_once(self):
        self.env["ir.config_parameter"].sudo().set_param(BACKGROUND_PARAM, 1000)
        wizard = self._queued()
        self.assertEqual(wizard.state, "done")
        self.assertFalse(wizard.run_id)
        self.assertEqual(self._claims().partner_id, self.customers)

    def test_runs_are_for_sales_managers_only(self):
        run = self._queued().run_id
        for user in (self.rep_tele, self.rep_direct):
            with self.assertRaises(AccessError):
                run.with_user(user).read(["state"])
            with self.assertRaises(AccessError):
                self.env["sales.claim.adoption.run"].with_user(user).search([])
        self.assertEqual(run.with_user(self.manager).state, "queued")

    def test_background_run_writes_in_the_language_of_the_manager(self):
        """The cron runs in English; the customers' messages and the result
        are written in the language of the manager who asked."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "sales_claim_registration")]
        )._update_translations(["zh_CN"])
        self.manager.lang = "zh_CN"
        run = self._queued().run_id
        self.env["sales.claim.adoption.run"]._cron_apply_runs()
        message = run.message_ids.filtered(lambda m: m.message_type == "comment")[:1]
        self.assertIn("接管完成", message.body)
        notes = self.customers.message_ids.filtered(lambda m: m.message_type == "notification")
        self.assertTrue(notes)
        self.assertTrue(all("接管" in note.body for note in notes), notes.mapped("body"))
