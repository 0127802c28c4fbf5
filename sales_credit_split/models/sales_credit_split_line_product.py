from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SalesCreditSplitLineProduct(models.Model):
    """Shares of one product line (产品行业绩分配): on a deal with a hardware
    line and a service line, the service line's credit goes to the service
    team. Such a share keeps its document Many2one too, so the report, the
    record rules and the document's joins see it; the document's own split
    (``credit_split_line_ids`` of the order or invoice) is the shares of no
    line, and credits the lines without their own split.
    """

    _inherit = "sales.credit.split.line"

    # a share of one product line (its document Many2one is set as well, so
    # the report, the record rules and the document's joins see it)
    order_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        ondelete="cascade",
        index="btree_not_null",
        help="The product line this share credits; empty: the whole order (the lines "
        "without their own split).",
    )
    move_line_id = fields.Many2one(
        "account.move.line",
        string="Invoice Line",
        ondelete="cascade",
        index="btree_not_null",
        help="The product line this share credits; empty: the whole invoice (the lines "
        "without their own split).",
    )
    _sql_constraints = [
        (
            "order_line_of_order",
            "CHECK(order_line_id IS NULL OR order_id IS NOT NULL)",
            "A share of an order line belongs to that line's order.",
        ),
        (
            "move_line_of_move",
            "CHECK(move_line_id IS NULL OR move_id IS NOT NULL)",
            "A share of an invoice line belongs to that line's invoice.",
        ),
    ]

    def _product_line(self):
        """The order or invoice line this share credits (empty: the whole document)."""
        self.ensure_one()
        return self.order_line_id or self.move_line_id

    def _group_mates(self):
        """The shares this one is checked with: its product line's, else its document's."""
        self.ensure_one()
        product_line = self._product_line()
        if product_line:
            return product_line.credit_split_line_ids
        return self._document().credit_split_line_ids

    @api.model
    def _set_document_of_product_line(self, vals_list):
        """A share created on a product line (from the line's split, or copied with
        the line) belongs to that line's document."""
        for vals in vals_list:
            if vals.get("order_line_id") and not vals.get("order_id"):
                line = self.env["sale.order.line"].browse(vals["order_line_id"])
                vals["order_id"] = line.order_id.id
            if vals.get("move_line_id") and not vals.get("move_id"):
                line = self.env["account.move.line"].browse(vals["move_line_id"])
                vals["move_id"] = line.move_id.id

    def copy_data(self, default=None):
        """A share copied with its product line (a duplicated order or invoice, a
        reversal) takes the new line's document, not the old one (see create)."""
        vals_list = super().copy_data(default)
        for line, vals in zip(self, vals_list, strict=True):
            if line.order_line_id and "order_id" not in (default or {}):
                vals.pop("order_id", None)
            if line.move_line_id and "move_id" not in (default or {}):
                vals.pop("move_id", None)
        return vals_list

    def _check_product_line(self):
        """A share of a product line belongs to that line's document (an RPC write
        cannot move it onto another order's or invoice's line)."""
        product_line = self._product_line()
        if not product_line:
            return
        document = product_line.order_id if self.order_line_id else product_line.move_id
        if self.move_line_id and self.order_line_id or document != self._document():
            raise ValidationError(
                self.env._(
                    "The share of %(participant)s credits product line %(line)s of "
                    "%(line_document)s, not of %(document)s: split a line of %(document)s, "
                    "or leave Product Line empty to credit the whole document.",
                    participant=self._participant_name(),
                    line=product_line._credit_split_line_name(),
                    line_document=document.display_name,
                    document=self._document().display_name,
                )
            )
