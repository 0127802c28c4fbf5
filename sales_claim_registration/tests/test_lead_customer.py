from .common import ClaimCase


class TestLeadCustomer(ClaimCase):
    """Claiming from a new lead reuses the customer found by its keys (no duplicate)."""

    def _claim_lead(self, **vals):
        lead = self.env["crm.lead"].with_user(self.rep_tele).create({"name": "Inbound", **vals})
        action = lead.action_open_claim_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.rep_tele)
            .with_context(**action["context"])
            .create({"key_type": "company"})
        )
        claim = self.env["sales.claim"].browse(wizard.action_register()["res_id"])
        return lead, claim

    def test_same_company_written_differently_is_reused(self):
        companies = self.env["res.partner"].search_count([("is_company", "=", True)])
        lead, claim = self._claim_lead(
            partner_name="甲乙测试科技有限公司（北京）", contact_name="王总"
        )
        self.assertEqual(claim.partner_id, self.jia)
        self.assertEqual(lead.partner_id.commercial_partner_id, self.jia)
        self.assertEqual(
            self.env["res.partner"].search_count([("is_company", "=", True)]), companies
        )

    def test_same_phone_is_reused(self):
        lead, claim = self._claim_lead(
            partner_name="另一个名字", contact_name="李秘书", phone="+86 139-1234-5678"
        )
        self.assertEqual(claim.partner_id, self.jia)
