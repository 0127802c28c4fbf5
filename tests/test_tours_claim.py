"""Claim registration (报备) journeys in a real browser, one tour per role.

Python prepares the data of each journey; the tours
(sales_claim_registration/static/tests/tours/) only click through the
screens, then Python checks what the clicks did.
"""

from datetime import timedelta

from odoo import fields

from odoo.addons.mail.tests.common import mail_new_test_user

from .common import SuiteHttpCase

SALESMAN = "sales_team.group_sale_salesman"


class TestToursClaim(SuiteHttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rep_one = mail_new_test_user(
            cls.env, login="tour_rep_one", name="Tour Rep One", groups=SALESMAN
        )
        cls.rep_two = mail_new_test_user(
            cls.env, login="tour_rep_two", name="Tour Rep Two", groups=SALESMAN
        )
        cls.arbiter = mail_new_test_user(
            cls.env,
            login="tour_arbiter",
            name="Tour Arbiter",
            groups=f"{SALESMAN},sales_claim_registration.group_claim_arbiter",
        )
        cls.vp = mail_new_test_user(
            cls.env,
            login="tour_sales_vp",
            name="Tour Sales VP",
            groups=f"{SALESMAN},sales_claim_registration.group_claim_approver",
        )
        cls.Claim = cls.env["sales.claim"]

    def _claimed_company(self, name, user):
        partner = self.env["res.partner"].create({"name": name, "is_company": True})
        claim = self.Claim.with_user(user).create(
            {"partner_id": partner.id, "user_id": user.id, "key_type": "company"}
        )
        return partner, claim

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
        self.start_tour("/odoo", "sales_claim_tour_refused_escalate", login="tour_rep_two")
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
        mail_new_test_user(
            self.env, login="tour_rep_cn", name="Tour Rep CN", groups=SALESMAN, lang="zh_CN"
        )
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
        self.start_tour("/odoo", "sales_claim_tour_arbiter_decides", login="tour_arbiter")
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
        self.start_tour("/odoo", "sales_claim_tour_extension_approve", login="tour_sales_vp")
        self.assertEqual(request.state, "approved")
        self.assertEqual(request.decided_by_id, self.vp)
        self.assertEqual(claim.date_end, date_end + timedelta(days=10))
