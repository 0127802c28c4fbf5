from collections import defaultdict
from decimal import Decimal

from odoo import Command, models

from odoo.addons.sales_credit_split.tools.allocation import SHARE_DIGITS, to_decimal


class AccountMoveLine(models.Model):
    """The commission agents of an invoice line come from the credit split.

    On a customer invoice of a company paying credit splits as commissions
    (``account.move._split_commission_applies``), the agents of each product
    line are the split's participants (a user's partner, or the agent
    partner), each with their share (``split_percent``): the shares of the
    line's order, else the shares of no order, as for the credited amounts.
    A participant credited in several roles is one agent with the sum of
    their shares (OCA allows one line per agent). A credit note of such an
    invoice takes the invoice's agent lines, to pay back exactly what they
    paid. Other documents keep OCA's agents (the customer's agents).
    """

    _inherit = "account.move.line"

    # OCA's triggers (the customer); a change of the split refreshes the agents
    # through account.move's split hooks, only where the split decides them
    def _compute_agent_ids(self):
        # posted shares are history: OCA's "recompute agents" leaves them alone
        frozen = self.filtered(lambda line: any(line.agent_ids.mapped("split_frozen")))
        split = (self - frozen).filtered(lambda line: line._split_commission_driven())
        res = super(AccountMoveLine, self - frozen - split)._compute_agent_ids()
        split._split_commission_set_agents()
        return res

    def _split_commission_driven(self):
        """Whether the credit split decides this line's agents (OCA's conditions too)."""
        self.ensure_one()
        return bool(
            self.display_type == "product"
            and self.product_id
            and not self.commission_free
            and self.move_id.partner_id
            and self.move_id._split_commission_applies()
        )

    def _split_commission_set_agents(self):
        """Give these lines the agents of their split (lines with frozen agents excepted)."""
        lines = self.filtered(
            lambda line: (
                not any(line.agent_ids.mapped("split_frozen")) and line._split_commission_driven()
            )
        )
        lines.agent_ids = False
        for line in lines:
            line.agent_ids = line._split_commission_agent_vals()

    def _split_commission_agent_vals(self):
        self.ensure_one()
        if self.move_id._split_commission_mirrors():
            paid = self._split_commission_origin_line().agent_ids.filtered("split_percent")
            if paid:
                return [
                    Command.create(
                        {
                            "agent_id": agent_line.agent_id.id,
                            "commission_id": agent_line.commission_id.id,
                            "split_percent": agent_line.split_percent,
                            "origin_agent_line_id": agent_line.id,
                        }
                    )
                    for agent_line in paid
                ]
        shares = defaultdict(Decimal)
        for split_line, percent in self._split_commission_shares():
            partner = split_line._split_commission_partner()
            # posting refuses participants who are not agents, naming them
            if partner._split_commission_is_agent():
                shares[partner] += percent
        return [
            Command.create(
                {
                    "agent_id": partner.id,
                    "commission_id": partner.commission_id.id,
                    "split_percent": float(share),
                }
            )
            for partner, share in shares.items()
            if share
        ]

    def _split_commission_shares(self):
        """[(split line, share in percent)]: the shares that credit this invoice line.

        The same rule as the credited amounts: a line with its own split
        takes its shares, a line of an order takes that order's shares,
        another line the shares of no order; without them, the shares of
        every order, in proportion to the orders' amounts.
        """
        self.ensure_one()
        if self.credit_split_line_ids:
            # a line with its own split (产品行业绩分配) pays its own participants
            shares = [
                (line, to_decimal(line.percent, SHARE_DIGITS))
                for line in self.credit_split_line_ids
            ]
            return shares + self._split_commission_extra_shares()
        move = self.move_id
        groups = move._credit_split_line_groups()
        by_source = {group[:1].source_order_id: group for group in groups}
        order = self.sale_line_ids.order_id[:1]
        group = by_source.get(order) or by_source.get(order.browse())
        if group:
            shares = [(line, to_decimal(line.percent, SHARE_DIGITS)) for line in group]
        else:
            weights = [Decimal(w) for w in move._credit_split_group_weights(groups)]
            total = sum(weights, Decimal(0)) or Decimal(1)
            shares = [
                (line, to_decimal(line.percent, SHARE_DIGITS) * weight / total)
                for group, weight in zip(groups, weights, strict=True)
                for line in group
            ]
        return shares + self._split_commission_extra_shares()

    def _split_commission_extra_shares(self):
        """Shares paid outside the split's groups: none here.

        Overlay shares (pre-sales, specialists) are in their group already
        and paid on top of the revenue shares: each agent's part is its
        commission times its share, so the pool is their sum, not 100 %.
        """
        return []

    def _split_commission_origin_line(self):
        """The line of the reversed invoice that this credit note line pays back.

        The same product at the same rank: a reversal copies the lines in order.
        """
        self.ensure_one()
        origin = self.move_id.reversed_entry_id

        def same_product(lines):
            return lines.filtered(
                lambda x: x.display_type == "product" and x.product_id == self.product_id
            )

        mine = list(same_product(self.move_id.invoice_line_ids))
        theirs = same_product(origin.invoice_line_ids)
        rank = mine.index(self) if self in mine else len(theirs)
        return theirs[rank] if rank < len(theirs) else self.browse()
