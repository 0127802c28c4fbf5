from odoo import fields, models
from odoo.exceptions import UserError

CUSTOMER_TYPES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    """The credit split of customer invoices and credit notes (发票业绩分配).

    An invoice carries its own split lines, copied from its order with the
    order's frozen rates. Posting checks the split adds up to 100 and freezes
    the rates; a posted invoice's split cannot change (reset it to draft).
    A credit note always takes the split and rates of the invoice it
    reverses, so each part is credited back exactly (no double commission);
    a cancelled invoice is credited nothing.
    """

    _name = "account.move"
    _inherit = ["account.move", "sales.credit.split.mixin"]

    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line", "move_id", string="Credit Split", copy=True
    )

    # ------------------------------------------------------------------ mixin

    def _credit_split_base(self):
        if self.move_type not in CUSTOMER_TYPES:
            return 0.0, 0.0, False
        sign = -1 if self.move_type == "out_refund" else 1
        day = self.invoice_date or self.date or fields.Date.context_today(self)
        return sign * self.amount_untaxed, self.amount_untaxed_signed, day

    def _credit_split_currency(self):
        return self.currency_id

    def _credit_split_owner_user(self):
        return self.invoice_user_id

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

    # ------------------------------------------------------------------ posting

    def _post(self, soft=True):
        self.filtered(lambda m: m.move_type in CUSTOMER_TYPES)._credit_split_prepare_post()
        return super()._post(soft)

    def _credit_split_prepare_post(self):
        """Give each customer invoice its final split before posting.

        Credit note of an invoice: exactly the invoice's split and rates.
        Invoice without split: its order's split, else the salesperson at 100%.
        """
        for move in self:
            origin = move.reversed_entry_id
            if origin.credit_split_line_ids and origin.currency_id != move.currency_id:
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
            if origin.credit_split_line_ids:
                move._credit_split_replace(origin.credit_split_line_ids._copy_vals())
            elif not move.credit_split_line_ids:
                order = move.invoice_line_ids.sale_line_ids.order_id[:1]
                vals_list = order.credit_split_line_ids._copy_vals() or (
                    move._credit_split_default_vals(move.invoice_user_id)
                )
                move._credit_split_replace(vals_list)
            if move.credit_split_line_ids:
                move._credit_split_check_total()
        self._credit_split_freeze()
