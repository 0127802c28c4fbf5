from odoo import api, fields, models

LINE_SPLIT_FORM = "sales_credit_split.sale_order_line_view_form_credit_split"


class SaleOrderLine(models.Model):
    """The credit split of one order line (订单行业绩分配).

    A line with its own split is credited to its own participants, weighted
    by its untaxed subtotal; the other lines are credited by the order's
    split. Invoicing the line (partially or not) copies its split onto the
    invoice line, with the order's frozen rates.
    """

    _inherit = "sale.order.line"

    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line",
        "order_line_id",
        string="Line Credit Split",
        copy=True,
        help="Who is credited for this line, when not the order's split: the revenue shares "
        "add up to exactly 100.",
    )
    credit_split_count = fields.Integer(
        string="Line Split Shares", compute="_compute_credit_split_count"
    )

    @api.depends("credit_split_line_ids")
    def _compute_credit_split_count(self):
        for line in self:
            line.credit_split_count = len(line.credit_split_line_ids)

    def _credit_split_line_name(self):
        """The line as a user recognizes it in a message: its product, else its label."""
        self.ensure_one()
        return self.product_id.display_name or self.name or ""

    def _prepare_invoice_line(self, **optional_values):
        """The invoice line of a line with its own split gets a copy of that split.

        Down payment lines and lines without their own split are credited by
        the invoice's split (copied from the order's).
        """
        vals = super()._prepare_invoice_line(**optional_values)
        if self.credit_split_line_ids and vals.get("display_type", "product") == "product":
            vals["credit_split_line_ids"] = [
                fields.Command.create(dict(split_vals, source_order_id=self.order_id.id))
                for split_vals in self.credit_split_line_ids._copy_vals()
            ]
        return vals

    def action_open_credit_split(self):
        """Open the line's split in a small form (the Split button of the order lines)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Split of %(line)s", line=self._credit_split_line_name()),
            "res_model": "sale.order.line",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref(LINE_SPLIT_FORM).id, "form")],
            "target": "new",
        }
