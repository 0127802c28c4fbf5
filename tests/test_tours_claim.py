"""Claim registration (报备) journeys in a real browser, one tour per role.

Python prepares the data of each journey; the tours
(sales_claim_registration/static/tests/tours/) only click through the
screens, then Python checks what the clicks did.
"""

from datetime import timedelta

from odoo import fields

from odoo.addons.sales_claim_registration.tests.roles import SALESMAN, new_user

from .common import SuiteHttpCase, SuiteRoles


class TestToursClaim(SuiteRoles, SuiteHttpCase):
    # the tours read this owner's name on the screens
    EXTRA_USERS = {"rep_one": ("tour_rep_one", "Tour Rep One", SALESMAN)}
    ROLE_ALIASES = {"rep_two": "rep_tele", "vp": "approver"}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Claim = cls.env["sales.claim"]

    def _claimed_company(self, name, user):
        partner, __ = self.new_company(name)
        return partner, self.claim(user, partner, key_type="company")

    def test_salesperson_registers_prospect(self):
        """A new prospect claimed from the customer form is protected at once."""
        self.start_tour("/odoo", "sales_claim_tour_register_prospect", login="tour_rep_one")
        claim = self.Claim.search([("partner_id.name", "=", "Tour Prospect Alpha Co., Ltd.")])
        self.assertEqual(claim.user_id, self.rep_one)
        self.assertEqual(claim.state, "active")
        self.assertGreater(claim.date_end, fields.Datetime.now())

    def test_second_salesperson_refused_then_escalates(self):
        """The same company under another spelling is refused and can be contested."""
        __, claim = self._claimed_company("Tour Contested Beta Co., Ltd.", self.rep_one)
        self.start_tour("/odoo", "sales_claim_tour_refused_escalate", login=self.rep_two.login)
        conflict = self.env["sales.claim.conflict"].search([("claim_id", "=", claim.id)])
        self.assertEqual(conflict.claimant_id, self.rep_two)
        self.assertEqual(conflict.state, "open")
        self.assertEqual(claim.state, "active", "escalating does not take the customer away")
        self.assertEqual(self.Claim.search_count([("partner_id", "=", claim.partner_id.id)]), 1)

    def test_refusal_in_chinese(self):
        """A salesperson working in 简体中文 reads the screens and the refusal in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ("sales_claim_registration", "sales_public_pool", "sales_credit_split"),
                )
            ]
        )._update_translations(["zh_CN"])
        new_user(self.env, "tour_rep_cn", "Tour Rep CN", SALESMAN, lang="zh_CN")
        self._claimed_company("途尔科技有限公司", self.rep_one)
        self.start_tour("/odoo", "sales_claim_tour_refused_zh", login="tour_rep_cn")

    def test_arbiter_decides(self):
        """The arbiter transfers the contested customer to the claimant (判单)."""
        __, claim = self._claimed_company("Tour Contested Gamma Co., Ltd.", self.rep_one)
        conflict = (
            self.env["sales.claim.conflict"]
            .with_user(self.rep_two)
            .create(
                {
                    "claim_id": claim.id,
                    "reason": "Met them first at the fair.",
                    "claimant_id": self.rep_two.id,
                }
            )
        )
        self.start_tour("/odoo", "sales_claim_tour_arbiter_decides", login=self.arbiter.login)
        self.assertEqual(conflict.state, "decided")
        self.assertEqual(conflict.decision, "transfer")
        self.assertEqual(conflict.decided_by_id, self.arbiter)
        self.assertNotEqual(claim.state, "active")
        self.assertEqual(conflict.new_claim_id.user_id, self.rep_two)
        self.assertEqual(conflict.new_claim_id.state, "active")

    def test_vp_approves_manual_extension(self):
        """The owner asks for the one manual extension; a sales VP approves it."""
        __, claim = self._claimed_company("Tour Extended Delta Co., Ltd.", self.rep_one)
        date_end = claim.date_end
        self.start_tour("/odoo", "sales_claim_tour_extension_request", login="tour_rep_one")
        request = claim.extension_ids.filtered(lambda e: e.kind == "manual")
        self.assertEqual(request.state, "requested")
        self.assertEqual(claim.date_end, date_end, "a request alone extends nothing")
        self.start_tour("/odoo", "sales_claim_tour_extension_approve", login=self.vp.login)
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by_id, self.vp)
        self.assertEqual(claim.date_end, date_end + timedelta(days=10))
