from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.sales_credit_split.tools.allocation import (
    HUNDRED,
    SHARE_DIGITS,
    allocate,
    to_decimal,
)

# what a frozen (posted) agent line never changes
FROZEN_FIELDS = {"agent_id", "commission_id", "split_percent", "origin_agent_line_id", "amount"}


class AccountInvoiceLineAgent(models.Model):
    """A participant's share of the commission of an invoice line.

    The commission of the line's agents that come from the credit split is
    one pool: OCA's amount for each agent's commission times their share,
    allocated together (largest remainder) so that the parts add up exactly
    to the pool at the currency's precision. A credit note's parts are the
    exact negatives of its invoice's (in proportion when part of a line is
    refunded), whatever the rates are by then. Posting freezes the lines.
    """

    _inherit = "account.invoice.line.agent"

    # recursive: a credit note's amount follows its invoice's (origin_agent_line_id)
    amount = fields.Monetary(recursive=True)
    split_percent = fields.Float(
        string="Share (%)",
        digits=(16, SHARE_DIGITS),
        readonly=True,
        help="Share of the line's commission paid to this agent as participant of the credit "
        "split; empty for agents given by OCA's own rules.",
    )
    origin_agent_line_id = fields.Many2one(
        "account.invoice.line.agent",
        string="Paid Back Agent Line",
        readonly=True,
        index="btree_not_null",
        help="On a credit note: the agent line of the reversed invoice whose commission this "
        "line pays back exactly.",
    )
    split_frozen = fields.Boolean(
        readonly=True,
        copy=False,
        help="Set when the invoice is posted: the commission of this share no longer follows "
        "rates, costs or the split.",
    )

    @api.depends(
        "object_id.price_subtotal",
        "object_id.commission_free",
        "commission_id",
        "split_percent",
        "origin_agent_line_id.amount",
    )
    def _compute_amount(self):
        split = self.filtered(lambda x: x.split_percent or x.origin_agent_line_id)
        res = super(AccountInvoiceLineAgent, self - split)._compute_amount()
        # a frozen line is not assigned: it keeps its posted amount
        todo = split.filtered(lambda x: not x.split_frozen)
        for invoice_line in todo.object_id:
            siblings = invoice_line.agent_ids.filtered(
                lambda x: x.split_percent or x.origin_agent_line_id
            )
            for agent_line, amount in siblings._split_commission_amounts().items():
                if agent_line in todo:
                    agent_line.amount = amount
        return res

    def _split_commission_amounts(self):
        """{agent line: amount} for these split agent lines of one invoice line."""
        invoice_line = self.object_id
        invoice_line.ensure_one()
        currency = invoice_line.currency_id or invoice_line.company_currency_id
        digits = currency.decimal_places
        mirrored = self.filtered("origin_agent_line_id")
        shares = self - mirrored
        result = {}
        if mirrored:
            paid = [to_decimal(x.origin_agent_line_id.amount, digits) for x in mirrored]
            total = sum(paid, Decimal(0))
            refunded = to_decimal(invoice_line.price_subtotal, digits)
            invoiced = to_decimal(mirrored[0].origin_agent_line_id.object_id.price_subtotal, digits)
            if invoiced and refunded != invoiced:
                total = total * refunded / invoiced
            parts = allocate(-total, [abs(x) for x in paid], digits)
            result.update(zip(mirrored, parts, strict=True))
        if shares:
            sign = -1 if "refund" in (invoice_line.move_id.move_type or "") else 1
            weights = [
                to_decimal(
                    x._get_commission_amount(
                        x.commission_id,
                        invoice_line.price_subtotal,
                        invoice_line.product_id,
                        invoice_line.quantity,
                    ),
                    6,
                )
                * to_decimal(x.split_percent, SHARE_DIGITS)
                / HUNDRED
                for x in shares
            ]
            pool = sign * sum(weights, Decimal(0))
            parts = allocate(pool, [abs(w) for w in weights], digits)
            result.update(zip(shares, parts, strict=True))
        return {line: float(amount) for line, amount in result.items()}

    def write(self, vals):
        if FROZEN_FIELDS & set(vals):
            self._split_commission_check_frozen()
        res = super().write(vals)
        if {"commission_id", "split_percent"} & set(vals):
            self._split_commission_siblings()._split_commission_recompute()
        return res

    def unlink(self):
        self._split_commission_check_frozen()
        siblings = self._split_commission_siblings() - self
        res = super().unlink()
        siblings._split_commission_recompute()
        return res

    def _split_commission_siblings(self):
        """The split agent lines sharing a pool with these (same invoice lines).

        Not an @api.depends on ``object_id.agent_ids``: resolving that
        trigger reads the lines' agents while OCA may still be computing
        them, which deletes an agent line being created."""
        return self.object_id.agent_ids.filtered(
            lambda x: (x.split_percent or x.origin_agent_line_id) and not x.split_frozen
        )

    def _split_commission_recompute(self):
        self.env.add_to_compute(self._fields["amount"], self)

    def _split_commission_check_frozen(self):
        frozen = self.filtered("split_frozen")
        if frozen:
            raise UserError(
                self.env._(
                    "The commission of %(agent)s on %(move)s comes from its credit split and "
                    "was frozen when it was posted: reset the invoice to draft to change it "
                    "(unless it is settled), or issue a credit note.",
                    agent=frozen[0].agent_id.display_name,
                    move=frozen[0].invoice_id.display_name,
                )
            )
