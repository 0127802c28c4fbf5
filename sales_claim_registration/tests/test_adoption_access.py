"""Who may download an adoption's customer list (存量客户归属清单).

The list names every customer of the company with its salesperson; it is
stored as an attachment of the wizard or of the background run
(``list_file``). A client reaches it by reading the record, by searching
``ir.attachment``, or by ``/web/content/<model>/<id>/list_file`` (which
``ir.binary._find_record`` and ``_record_to_stream`` serve): each path is
tried here as an RPC or HTTP request would.
"""

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..models.sales_claim_adoption_run import BACKGROUND_PARAM
from .common import ClaimCase


@tagged("post_install", "-at_install")
class TestAdoptionListAccess(ClaimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].create(
            {"name": "清单可见性测试有限公司", "is_company": True, "user_id": cls.rep_tele.id}
        )
        cls.other_manager = mail_new_test_user(
            cls.env,
            login="adoption_manager_2",
            name="Second Sales Manager",
            groups="sales_team.group_sale_manager",
        )
        cls.company_b = cls.env["res.company"].create({"name": "Adoption Co B 乙公司"})
        # a manager of both companies, working in company B
        cls.manager_b = mail_new_test_user(
            cls.env,
            login="adoption_manager_b",
            name="Manager of Company B",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_b.id,
            company_ids=[(6, 0, (cls.company_b | cls.company).ids)],
        )

    def _previewed(self):
        wizard = self.env["sales.claim.adoption.wizard"].with_user(self.manager).create({})
        wizard.action_preview()
        self.assertTrue(wizard.list_file)
        return wizard

    def _list_attachment(self, record):
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                    ("res_field", "=", "list_file"),
                ]
            )
        )

    def _assert_list_refused(self, user, record, context=None):
        """Every way of reading ``record``'s list is refused to ``user``."""
        env = self.env(user=user, context=dict(self.env.context, **(context or {})))
        record = record.with_env(env)
        attachment = self._list_attachment(record)
        self.assertTrue(attachment)
        with self.assertRaises(AccessError):
            record.read(["list_file"])
        if env[record._name].has_access("read"):
            self.assertFalse(env[record._name].search([("id", "=", record.id)]))
        found = env["ir.attachment"].search(
            [("res_model", "=", record._name), ("res_field", "=", "list_file")]
        )
        self.assertNotIn(attachment, found)
        with self.assertRaises(AccessError):
            attachment.with_env(env).read(["datas"])
        # /web/content/<model>/<id>/list_file
        with self.assertRaises(AccessError):
            env["ir.binary"]._find_record(
                res_model=record._name, res_id=record.id, field="list_file"
            )
        # /web/content/<attachment id>: found as the user, then read as the user
        with self.assertRaises(AccessError):
            env["ir.binary"]._find_record(res_id=attachment.id).read(["raw"])

    def test_reps_cannot_read_the_list(self):
        wizard = self._previewed()
        for rep in (self.rep_tele, self.team_leader, self.arbiter):
            self._assert_list_refused(rep, wizard)

    def test_the_manager_who_previewed_downloads_the_list(self):
        wizard = self._previewed()
        record = (
            self.env["ir.binary"]
            .with_user(self.manager)
            ._find_record(res_model=wizard._name, res_id=wizard.id, field="list_file")
        )
        self.assertEqual(record, wizard)
        attachment = self._list_attachment(wizard).with_user(self.manager)
        attachment.check("read")
        self.assertIn("清单可见性测试有限公司", attachment.raw.decode("utf-8-sig"))

    def test_another_manager_cannot_read_my_wizard(self):
        """A wizard is its creator's: Odoo 18 restricts transient records by
        access rules only, so another manager, of this company or another,
        must not read its list by guessing its id."""
        wizard = self._previewed()
        self._assert_list_refused(self.other_manager, wizard)
        self._assert_list_refused(self.manager_b, wizard)

    def test_background_run_list_stays_in_its_company(self):
        self.env["ir.config_parameter"].sudo().set_param(BACKGROUND_PARAM, 1)
        wizard = self._previewed()
        wizard.action_apply()
        run = wizard.run_id
        self.env["sales.claim.adoption.run"]._cron_apply_runs()
        self.assertTrue(run.list_file)
        self._assert_list_refused(self.rep_tele, run)
        # a manager of both companies, with only company B active
        self._assert_list_refused(
            self.manager_b, run, context={"allowed_company_ids": self.company_b.ids}
        )
        # with company A active they read it, as the run's company's manager
        self.assertTrue(
            run.with_user(self.manager_b)
            .with_context(allowed_company_ids=self.company.ids)
            .read(["list_file"])[0]["list_file"]
        )
