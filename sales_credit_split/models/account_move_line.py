from odoo import Command, api, fields, models

from ..tools.system_write import lines_copied, split_system
from .account_move import CUSTOMER_TYPES

LINE_SPLIT_FORM = "sales_credit_split.account_move_line_view_form_credit_split"


class AccountMoveLine(models.Model):
    """The credit split of one invoice line (发票行业绩分配), copied from its
    order line; a credit note line takes the split of the line it reverses."""

    _inherit = "account.move.line"

    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line",
        "move_line_id",
        string="Line Credit Split",
        # not copied with the line: a credit note takes the splits of the lines
        # it reverses when posted (``_credit_split_mirror``), after OCA's
        # commission bridge copied the agents of the reversed lines
        copy=False,
        help="Who is credited for this line, when not the invoice's split: the revenue "
        "shares add up to exactly 100.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._credit_split_follow_order_line()
        return lines

    def copy_data(self, default=None):
        """The lines of a copied invoice keep their split (see account_move_duplicate.py):
        as it is on a replacement, at today's rates on a duplicate. A line
        copied otherwise (a reversal) does not."""
        vals_list = super().copy_data(default)
        mode = self.env.context.get("credit_split_copy")
        if not mode:
            return vals_list
        for line, vals in zip(self, vals_list, strict=True):
            shares = line.credit_split_line_ids
            if line.display_type == "product" and shares:
                share_vals = shares._copy_vals() if mode == "keep" else shares._duplicate_vals()
                vals["credit_split_line_ids"] = [Command.create(v) for v in share_vals]
        return vals_list

    def _credit_split_line_name(self):
        """The line as a user recognizes it in a message: its product, else its label."""
        self.ensure_one()
        return self.product_id.display_name or self.name or ""

    def action_open_credit_split(self):
        """Open the line's split in a small form (the Split button of the invoice lines)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Credit Split of %(line)s", line=self._credit_split_line_name()),
            "res_model": "account.move.line",
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref(LINE_SPLIT_FORM).id, "form")],
            "target": "new",
        }

    def _credit_split_order_line(self):
        """The order line whose split this invoice line follows, if it has one."""
        self.ensure_one()
        order_lines = self.sale_line_ids.filtered("credit_split_line_ids")
        return order_lines if len(order_lines) == 1 else order_lines.browse()

    def _credit_split_system_model(self):
        # sudo: the copied shares are decided by rule (the order line's split,
        # the reversed line's split), not by the user invoicing or refunding
        return self.env["sales.credit.split.line"].sudo()

    def _credit_split_follow_order_line(self):
        """New lines of a draft invoice, of an order line with its own split, take a copy of it.

        Covers lines added to a draft invoice by hand; lines made by
        invoicing the order get the copy in ``_prepare_invoice_line``. Only
        when the line is made: once a user removed or changed the line's
        split, a later edit of the line (its quantity) or posting must not
        bring the order line's shares back. Nor a copy of the line (a
        duplicate, the replacement of a reverse and replace): it has the
        split the copied line had, none when it had none
        (``tools/system_write.py``, ``copying_lines``).
        """
        if lines_copied():
            return
        vals_list = []
        for line in self.filtered(
            lambda x: (
                x.display_type == "product"
                and x.sale_line_ids
                and x.move_id.state == "draft"
                and x.move_id.move_type in CUSTOMER_TYPES
                and not x.move_id.reversed_entry_id
            )
        ):
            order_line = line._credit_split_order_line()
            if line.credit_split_line_ids or not order_line:
                continue
            vals_list += [
                dict(vals, move_line_id=line.id, source_order_id=order_line.order_id.id)
                for vals in order_line.credit_split_line_ids._copy_vals()
            ]
        if vals_list:
            with split_system():
                created = self._credit_split_system_model().create(vals_list)
            self.move_id._credit_split_changed(created, [], needs_agreement=False)

    def _credit_split_mirror(self, origin_lines):
        """Give these credit note lines the splits of the invoice lines they reverse.

        A reversal copies the lines in order, but the credit note may have
        been edited (a partial credit note of one line): each split line of
        the invoice goes to the credit note line of the same product,
        quantity and price, else of the same product; a credit note line
        that reverses no split line has none (the credit note's split
        credits it).
        """
        mine = self.filtered(lambda x: x.display_type == "product")
        with split_system():
            self._credit_split_system_model().browse(mine.credit_split_line_ids.ids).unlink()
        matches, free = {}, list(mine)
        passes = (
            lambda a, b: (
                (a.product_id, a.quantity, a.price_unit, a.discount)
                == (b.product_id, b.quantity, b.price_unit, b.discount)
            ),
            lambda a, b: a.product_id == b.product_id,
        )
        for same in passes:
            for origin_line in origin_lines.filtered("credit_split_line_ids"):
                if origin_line in matches:
                    continue
                found = next((x for x in free if same(x, origin_line)), None)
                if found:
                    matches[origin_line] = found
                    free.remove(found)
        vals_list = [
            dict(vals, move_line_id=line.id)
            for origin_line, line in matches.items()
            for vals in origin_line.credit_split_line_ids._copy_vals()
        ]
        if vals_list:
            with split_system():
                created = self._credit_split_system_model().create(vals_list)
            self.move_id._credit_split_changed(created, [], needs_agreement=False)
