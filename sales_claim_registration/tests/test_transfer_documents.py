from odoo import Command

from .common import ClaimCase


class TestTransferDocuments(ClaimCase):
    """A transfer (转移) moves the customer's open documents to the new owner:
    open opportunities, quotations and draft invoices; teams stay, signed
    documents keep their salesperson."""

    def test_arbitration_transfer_aligns_open_documents(self):
        claim = self.claim(self.rep_direct, self.jia)
        Lead = self.env["crm.lead"].with_user(self.rep_direct)
        open_lead = Lead.create(
            {
                "name": "T open deal",
                "type": "opportunity",
                "partner_id": self.jia_boss.id,
                "team_id": self.team_direct.id,
            }
        )
        won_lead = Lead.create(
            {"name": "T won deal", "type": "opportunity", "partner_id": self.jia.id}
        )
        won_lead.action_set_won()
        product = self.env["product.product"].create({"name": "T product", "list_price": 10})
        Order = self.env["sale.order"]
        quotation = Order.create(
            {
                "partner_id": self.jia.id,
                "user_id": self.rep_direct.id,
                "team_id": self.team_direct.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        confirmed = quotation.copy()
        confirmed.action_confirm()
        draft_invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.jia.id,
                "invoice_user_id": self.rep_direct.id,
                "team_id": self.team_direct.id,
                "invoice_line_ids": [Command.create({"product_id": product.id})],
            }
        )
        conflict = self.env["sales.claim.conflict"].create(
            {
                "claim_id": claim.id,
                "claimant_id": self.rep_tele.id,
                "reason": "T first visit",
                "decision_note": "T the claimant did the work",
            }
        )
        conflict.with_user(self.arbiter).action_decide_transfer()
        self.assertEqual(self.jia.claim_owner_id, self.rep_tele)
        self.assertEqual(open_lead.user_id, self.rep_tele)
        self.assertEqual(open_lead.team_id, self.team_direct, "the team does not drift")
        self.assertEqual(quotation.user_id, self.rep_tele)
        self.assertEqual(quotation.team_id, self.team_direct)
        self.assertEqual(draft_invoice.invoice_user_id, self.rep_tele)
        self.assertEqual(draft_invoice.team_id, self.team_direct)
        self.assertEqual(won_lead.user_id, self.rep_direct, "signed: history stays")
        self.assertEqual(confirmed.user_id, self.rep_direct)
