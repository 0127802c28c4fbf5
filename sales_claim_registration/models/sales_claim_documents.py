from odoo import api, models

OPEN_ORDER_STATES = ("draft", "sent")
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class SalesClaim(models.Model):
    """A transfer moves the customer's open documents (转移单据).

    When a customer changes hands (arbitration transfer, handover), its
    open opportunities, its quotations and its draft invoices held by the
    former owner get the new owner as salesperson, so the salesperson is the
    same on every open document of the customer. Each document keeps its
    sales team (a change of salesperson must not silently change the team);
    won opportunities, confirmed orders and posted invoices are history and
    keep theirs. Each change is tracked on the document.
    """

    _inherit = "sales.claim"

    @api.model
    def _transfer_documents(self, partners, from_user, to_user, leads=None):
        """Give ``to_user`` the open documents of ``partners`` held by ``from_user``.

        ``leads``: the opportunities concerned when only some move (an
        opportunity claim); by default every open one of the customers.
        """
        if not partners or not from_user or from_user == to_user:
            return
        # sudo: the documents of the former owner move by rule, whoever
        # decided the transfer (an arbiter or a manager)
        env = self.sudo().env
        domain = [("partner_id", "child_of", partners.ids)]
        if leads is None:
            leads = env["crm.lead"].search(
                [*domain, ("user_id", "=", from_user.id), ("stage_id.is_won", "=", False)]
            )
        else:
            leads = leads.sudo().filtered(
                lambda lead: lead.active and lead.user_id == from_user and not lead.stage_id.is_won
            )
        for team, group in leads.grouped("team_id").items():
            group.write({"user_id": to_user.id, "team_id": team.id})
        orders = env["sale.order"].search(
            [*domain, ("user_id", "=", from_user.id), ("state", "in", OPEN_ORDER_STATES)]
        )
        for team, group in orders.grouped("team_id").items():
            group.write({"user_id": to_user.id, "team_id": team.id})
        moves = env["account.move"].search(
            [
                *domain,
                ("invoice_user_id", "=", from_user.id),
                ("state", "=", "draft"),
                ("move_type", "in", CUSTOMER_MOVE_TYPES),
            ]
        )
        for team, group in moves.grouped("team_id").items():
            group.write({"invoice_user_id": to_user.id, "team_id": team.id})
