from odoo import Command

from odoo.addons.sales_claim_registration.tests.roles import INVOICING
from odoo.addons.sales_credit_split.tests.common import CreditSplitCase

COMMISSION_MANAGER = (
    f"{INVOICING},commission_oca.group_commission_manager,"
    "account_commission_oca.group_invoicing_commission"
)


class SplitCommissionCase(CreditSplitCase):
    """The credit split cast, with the three reps as OCA agents at 10% and a
    commission manager who runs OCA's settlement wizard."""

    EXTRA_USERS = {
        **CreditSplitCase.EXTRA_USERS,
        "commission_manager": (
            "split_commission_manager",
            "Commission Manager",
            COMMISSION_MANAGER,
        ),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.credit_split_commission = True
        Commission = cls.env["commission"]
        cls.commission_10 = Commission.create({"name": "T 10%", "fix_qty": 10.0})
        cls.commission_5 = Commission.create({"name": "T 5%", "fix_qty": 5.0})
        for rep in (cls.rep_a, cls.rep_b, cls.rep_c):
            cls.make_agent(rep.partner_id, cls.commission_10)

    @staticmethod
    def make_agent(partner, commission):
        partner.write({"agent": True, "commission_id": commission.id, "settlement": "monthly"})

    def post(self, move):
        move.with_user(self.accountant).action_post()
        return move

    def agent_amounts(self, move):
        """{agent partner: commission} over the product lines of ``move``."""
        result = {}
        for agent_line in move.invoice_line_ids.agent_ids:
            result[agent_line.agent_id] = round(
                result.get(agent_line.agent_id, 0.0) + agent_line.amount, 2
            )
        return result

    def partners(self, *users):
        return [user.partner_id for user in users]

    def settle(self, date_to, agents=None):
        """OCA's wizard, run by the commission manager; the settlements made."""
        agents = agents or self.rep_a.partner_id | self.rep_b.partner_id | self.rep_c.partner_id
        Settlement = self.env["commission.settlement"]
        before = Settlement.search([])
        wizard = (
            self.env["commission.make.settle"]
            .with_user(self.commission_manager)
            .create(
                {
                    "date_to": date_to,
                    "settlement_type": "sale_invoice",
                    "agent_ids": [Command.set(agents.ids)],
                }
            )
        )
        wizard.action_settle()
        return Settlement.search([("id", "not in", before.ids)])

    def paid(self, partner):
        """What the settlements pay ``partner`` in total (cancelled ones aside)."""
        lines = self.env["commission.settlement.line"].search(
            [("agent_id", "=", partner.id), ("settlement_id.state", "!=", "cancel")]
        )
        return round(sum(lines.mapped("settled_amount")), 2)

    def reverse(self, move, date, modify=False):
        wizard = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "T refund", "date": date})
        )
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])
