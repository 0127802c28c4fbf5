import base64
import gc
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import mail_new_test_user

from ..tools.gc_pause import cyclic_gc_paused
from .common import ClaimCase

CATEGORIES = ("adopt", "conflict", "archived", "unowned", "claimed")


@tagged("post_install", "-at_install")
class TestAdoption(ClaimCase):
    """A live company: customers with salespersons and open opportunities,
    created with Odoo's own models and no claim, then adopted."""

    def _wizard(self, **vals):
        return self.env["sales.claim.adoption.wizard"].with_user(self.manager).create(vals)

    def _preview(self, **vals):
        wizard = self._wizard(**vals)
        wizard.action_preview()
        return wizard, {key: wizard[f"{key}_count"] for key in CATEGORIES}

    def _customers(self):
        Partner = self.env["res.partner"]
        leaver = mail_new_test_user(
            self.env, login="rep_left", name="Rep Who Left", groups="sales_team.group_sale_salesman"
        )
        customers = {
            "adopt_tele": Partner.create(
                {"name": "存量甲科技有限公司", "is_company": True, "user_id": self.rep_tele.id}
            ),
            "adopt_direct": Partner.create(
                {"name": "存量乙贸易有限公司", "is_company": True, "user_id": self.rep_direct.id}
            ),
            "adopt_person": Partner.create(
                {"name": "张三", "mobile": "+86 138 0013 8011", "user_id": self.rep_direct.id}
            ),
            "conflict": Partner.create(
                {"name": "存量丙制造有限公司", "is_company": True, "user_id": self.rep_tele.id}
            ),
            "archived": Partner.create(
                {"name": "存量丁物流有限公司", "is_company": True, "user_id": leaver.id}
            ),
            "unowned": Partner.create({"name": "存量戊咨询有限公司", "is_company": True}),
        }
        contact = Partner.create({"name": "采购经理", "parent_id": customers["adopt_direct"].id})
        Lead = self.env["crm.lead"]
        # an open opportunity of the same salesperson: no conflict
        Lead.create(
            {
                "name": "乙 ERP",
                "type": "opportunity",
                "partner_id": contact.id,
                "user_id": self.rep_direct.id,
            }
        )
        # an open opportunity of another salesperson: a conflict to decide
        self.conflict_lead = Lead.create(
            {
                "name": "丙 CRM",
                "type": "opportunity",
                "partner_id": customers["conflict"].id,
                "user_id": self.rep_direct.id,
            }
        )
        leaver.action_archive()
        self.claim(self.rep_tele, self.jia)
        return customers

    def test_preview_and_apply_count_every_category_and_twice_changes_nothing(self):
        _wizard, before = self._preview()
        customers = self._customers()
        wizard, counts = self._preview()
        expected = dict(before)
        for key, delta in (
            ("adopt", 3),
            ("conflict", 1),
            ("archived", 1),
            # one more without salesperson, and 甲乙 (unowned before) claimed
            ("unowned", 0),
            ("claimed", 1),
        ):
            expected[key] += delta
        self.assertEqual(counts, expected)
        self.assertEqual(wizard.state, "preview")
        # the preview wrote nothing
        self.assertFalse(
            self.env["sales.claim"].search([("partner_id", "in", customers["adopt_tele"].ids)])
        )
        listing = base64.b64decode(wizard.list_file).decode("utf-8-sig")
        self.assertIn("存量丙制造有限公司", listing)
        self.assertIn("Opportunity of another salesperson", listing)
        self.assertIn(self.rep_direct.name, listing)
        self.assertEqual(wizard.action_download()["type"], "ir.actions.act_url")

        wizard.action_apply()
        self.assertEqual(wizard.state, "done")
        self.assertEqual(wizard.adopted_count + wizard.refused_count, counts["adopt"])
        Claim = self.env["sales.claim"]
        for key, owner in (
            ("adopt_tele", self.rep_tele),
            ("adopt_direct", self.rep_direct),
            ("adopt_person", self.rep_direct),
        ):
            partner = customers[key]
            self.assertEqual(partner.claim_owner_id, owner, key)
            self.assertEqual(partner.user_id, owner, key)
            self.assertEqual(
                partner.message_ids.filtered(
                    lambda m: "Ownership adopted" in (m.body or "")
                ).mapped("res_id"),
                [partner.id],
                key,
            )
        self.assertEqual(customers["adopt_person"].claim_id.key_type, "phone")
        self.assertEqual(customers["adopt_tele"].claim_id.date_start.date(), fields.Date.today())
        for key in ("conflict", "archived", "unowned"):
            self.assertFalse(customers[key].claim_id, key)
        # the conflict and the archived customer keep their salesperson
        self.assertEqual(customers["conflict"].user_id, self.rep_tele)
        self.assertTrue(customers["archived"].user_id)

        claims = Claim.search_count([])
        messages = self.env["mail.message"].search_count([("model", "=", "res.partner")])
        second, counts2 = self._preview()
        self.assertEqual(counts2["adopt"], wizard.refused_count)
        self.assertEqual(counts2["claimed"], counts["claimed"] + wizard.adopted_count)
        second.action_apply()
        self.assertEqual(second.adopted_count, 0)
        self.assertEqual(Claim.search_count([]), claims)
        self.assertEqual(
            self.env["mail.message"].search_count([("model", "=", "res.partner")]), messages
        )

    def test_protection_from_last_activity(self):
        customers = self._customers()
        partner = customers["adopt_tele"]
        message = partner.message_post(body="Visited the plant", message_type="comment")
        ten_days_ago = fields.Datetime.now() - timedelta(days=10)
        message.date = ten_days_ago
        wizard, _counts = self._preview(date_mode="last_activity")
        wizard.action_apply()
        self.assertEqual(partner.claim_id.date_start, ten_days_ago.replace(microsecond=0))
        self.assertEqual(
            partner.claim_id.date_end,
            partner.claim_id.date_start + timedelta(days=partner.claim_id.base_days),
        )

    def test_one_policy(self):
        customers = self._customers()
        with self.assertRaisesRegex(UserError, "Claim Policy"):
            self._preview(policy_mode="one")
        policy = self.policy.copy({"name": "Adopted customers", "base_days": 45})
        wizard, _counts = self._preview(policy_mode="one", policy_id=policy.id)
        wizard.action_apply()
        self.assertEqual(customers["adopt_tele"].claim_id.policy_id, policy)
        self.assertEqual(customers["adopt_tele"].claim_id.base_days, 45)

    def test_apply_resumes_the_garbage_collector(self):
        """The apply pauses Python's cyclic collector (a bulk path): it runs
        again after, whether the apply succeeded or failed."""
        self.assertTrue(gc.isenabled())
        self._customers()
        wizard, _counts = self._preview()
        wizard.action_apply()
        self.assertTrue(gc.isenabled())
        with self.assertRaisesRegex(ValueError, "interrupted"), cyclic_gc_paused():
            self.assertFalse(gc.isenabled())
            raise ValueError("interrupted")
        self.assertTrue(gc.isenabled())

    def test_only_sales_managers_adopt(self):
        with self.assertRaises(AccessError):
            self.env["sales.claim.adoption.wizard"].with_user(self.rep_tele).create({})

    def test_settings_offer_adoption_until_applied(self):
        self.env["ir.config_parameter"].set_param(
            "sales_claim_registration.adoption_applied", False
        )
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.claim_adoption_pending)
        wizard, _counts = self._preview()
        wizard.action_apply()
        self.assertFalse(self.env["res.config.settings"].create({}).claim_adoption_pending)
