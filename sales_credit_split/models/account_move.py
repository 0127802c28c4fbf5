from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.allocation import to_decimal

CUSTOMER_TYPES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    """The credit split of customer invoices and credit notes (发票业绩分配).

    An invoice carries its own split lines, copied from its orders with the
    orders' frozen rates. An invoice of several orders keeps one group of
    shares per order (``source_order_id``), each crediting the invoice lines
    that come from that order; while the invoice is a draft, adding or
    removing the lines of an order adds or removes that order's shares.
    Posting checks the split adds up to 100 and freezes the rates; a posted
    invoice's split cannot change (reset it to draft).
    A credit note always takes the split and rates of the invoice it
    reverses, and is credited at the invoice's rate: each part, in document
    and in company currency, is the exact negative of the invoice's part (no
    double commission, no exchange difference); a cancelled invoice is
    credited nothing.
    """

    _name = "account.move"
    _inherit = ["account.move", "sales.credit.split.mixin"]

    # the invoice's own split: the shares of no invoice line (a line's shares
    # are on that line, see account_move_line.py), crediting the other lines
    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line",
        "move_id",
        string="Credit Split",
        copy=True,
        domain=[("move_line_id", "=", False)],
    )

    # ------------------------------------------------------------------ mixin

    def _credit_split_base(self):
        if self.move_type not in CUSTOMER_TYPES:
            return 0.0, 0.0, False
        sign = -1 if self.move_type == "out_refund" else 1
        day = self.invoice_date or self.date or fields.Date.context_today(self)
        origin = self._credit_split_origin()
        if origin:
            return self._credit_split_mirror_base(origin)
        return sign * self.amount_untaxed, self.amount_untaxed_signed, day

    def _credit_split_origin(self):
        """The invoice this credit note reverses, when its split is mirrored."""
        origin = self.reversed_entry_id
        if (
            self.move_type == "out_refund"
            and origin.move_type == "out_invoice"
            and origin.currency_id == self.currency_id
            and origin.amount_untaxed
        ):
            return origin
        return self.browse()

    def _credit_split_mirror_base(self, origin):
        """A credit note is credited at its invoice's rate (冲红按原发票汇率).

        The company-currency amount is the invoice's, in the proportion of the
        refunded amount: a full credit note gives back exactly what was
        credited, whatever the rate of the day it is issued.
        """
        currency = self.currency_id
        company_currency = self.company_id.currency_id
        amount = to_decimal(self.amount_untaxed, currency.decimal_places)
        origin_amount = to_decimal(origin.amount_untaxed, currency.decimal_places)
        origin_company = to_decimal(origin.amount_untaxed_signed, company_currency.decimal_places)
        if amount == origin_amount:
            amount_company = origin_company
        else:
            amount_company = to_decimal(
                origin_company * amount / origin_amount, company_currency.decimal_places
            )
        rate_date = origin.invoice_date or origin.date
        return -float(amount), -float(amount_company), rate_date

    def _credit_split_currency(self):
        return self.currency_id

    def _credit_split_weight_sign(self):
        return -1 if self.move_type == "out_refund" else 1

    def _credit_split_product_lines(self):
        if self.move_type not in CUSTOMER_TYPES:
            return []
        return self.invoice_line_ids.filtered(lambda line: line.display_type == "product")

    def _credit_split_owner_user(self):
        return self.invoice_user_id

    def _credit_split_line_groups(self):
        """One group per source order, then the shares of no order."""
        self.ensure_one()
        lines = self.credit_split_line_ids
        orders = lines.source_order_id.sorted("id")
        groups = [lines.filtered(lambda x, o=order: x.source_order_id == o) for order in orders]
        manual = lines.filtered(lambda x: not x.source_order_id)
        return groups + [manual] if manual else groups

    def _credit_split_group_weights(self, groups):
        """Each order's group weighs the untaxed amount of the invoice lines of that order.

        Invoice lines of no grouped order weigh for the shares of no order
        (lines with their own split weigh for their own group, not here);
        when there are none, they are spread over the orders' groups in
        proportion.
        """
        if len(groups) <= 1:
            return super()._credit_split_group_weights(groups)
        by_order = {}
        # the lines with their own split weigh for their own group
        for line in self.invoice_line_ids.filtered(
            lambda x: x.display_type == "product" and not x.credit_split_line_ids
        ):
            order = line.sale_line_ids.order_id[:1]
            key = order.id if order in self.credit_split_line_ids.source_order_id else False
            by_order[key] = by_order.get(key, Decimal(0)) + to_decimal(line.price_subtotal)
        weights = [max(by_order.get(group[:1].source_order_id.id, 0), 0) for group in groups]
        if not any(weights):
            weights = [Decimal(1) for _group in groups]
        return weights

    def _credit_split_check_edit(self):
        posted = self.filtered(lambda move: move.state == "posted")
        if posted:
            raise UserError(
                self.env._(
                    "%(move)s is posted: its credit split cannot change. Reset it to draft, "
                    "or issue a credit note.",
                    move=posted[0].display_name,
                )
            )

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        moves = super().create(vals_list)
        moves._credit_split_follow_orders()
        return moves

    def write(self, vals):
        res = super().write(vals)
        if {"invoice_line_ids", "line_ids"} & set(vals):
            self._credit_split_follow_orders()
        return res

    # ------------------------------------------------------------------ sources

    def _credit_split_follow_orders(self):
        """A draft invoice's split follows the orders of its lines (业绩随订单).

        When the split was copied from orders (or is empty) and the orders of
        the invoice lines changed, the shares of the orders no longer
        invoiced leave and the shares of the new orders are copied, each with
        its order's frozen rates. A split entered by hand is left alone.
        Invoice lines of order lines with their own split took a copy of it
        when they were made (``account.move.line._credit_split_follow_order_line``)
        and are not credited by their order's split.
        """
        for move in self:
            if (
                move.state != "draft"
                or move.move_type not in CUSTOMER_TYPES
                or move.reversed_entry_id
            ):
                continue
            split = move.credit_split_line_ids
            if split and not split.source_order_id:
                continue
            # an order whose invoiced lines all have their own split leaves
            # nothing for its order split to credit
            orders = move.invoice_line_ids.filtered(
                lambda x: not x.credit_split_line_ids
            ).sale_line_ids.order_id
            if set(orders.ids) == set(split.source_order_id.ids):
                continue
            vals_list = split.filtered(lambda x: not x.source_order_id)._copy_vals()
            for order in orders.sorted("id"):
                order_vals = order.credit_split_line_ids._copy_vals() or (
                    order._credit_split_default_vals(order.user_id)
                )
                vals_list += [dict(vals, source_order_id=order.id) for vals in order_vals]
            move._credit_split_replace(vals_list)

    # ------------------------------------------------------------------ posting

    def _post(self, soft=True):
        self.filtered(lambda m: m.move_type in CUSTOMER_TYPES)._credit_split_prepare_post()
        return super()._post(soft)

    def _credit_split_prepare_post(self):
        """Give each customer invoice its final split before posting.

        Credit note of an invoice: exactly the invoice's split and rates, each
        line's split on the credit note line that reverses it.
        Invoice without split: its orders' splits, else the salesperson at 100%.
        """
        for move in self:
            origin = move.reversed_entry_id
            origin_split = origin._credit_split_all_lines() if origin else origin
            if origin_split and origin.currency_id != move.currency_id:
                raise UserError(
                    self.env._(
                        "Credit note %(move)s is in %(currency)s but invoice %(origin)s is in "
                        "%(origin_currency)s: issue the credit note in %(origin_currency)s so "
                        "that each credited part is reversed exactly.",
                        move=move.display_name,
                        currency=move.currency_id.name,
                        origin=origin.display_name,
                        origin_currency=origin.currency_id.name,
                    )
                )
            if origin_split:
                move.invoice_line_ids._credit_split_mirror(origin.invoice_line_ids)
                # a credit note of split lines only gives back their participants' credit
                needed = move._credit_split_needs_document_split()
                move._credit_split_replace(
                    origin.credit_split_line_ids._copy_vals() if needed else []
                )
            else:
                move._credit_split_follow_orders()
                if not move.credit_split_line_ids and move._credit_split_needs_document_split():
                    move._credit_split_replace(
                        move._credit_split_default_vals(move.invoice_user_id)
                    )
            if move._credit_split_all_lines():
                move._credit_split_check_total()
        self._credit_split_freeze()
