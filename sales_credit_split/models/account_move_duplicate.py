from decimal import Decimal
from fractions import Fraction

from odoo import Command, models

from ..tools.allocation import SHARE_DIGITS, allocate, to_decimal
from ..tools.system_write import copying_lines
from .account_move import CUSTOMER_TYPES


class AccountMove(models.Model):
    """A copied customer invoice credits the same people.

    Duplicate (复制发票): the copy is a new draft that invoices no order (Odoo
    does not copy the links to the order lines); it keeps its lines' splits
    (see ``account.move.line.copy_data``) and gets the invoice's split as its
    own split, at the rates of today (frozen again when it is posted).
    Reverse and replace (冲红重开): the replacement corrects the same sale
    (Odoo copies the order links, ``include_business_fields``): every
    share is kept as it is, frozen rates and source orders included.
    Either way a line keeps only the split it had: a line whose split was
    removed is not given its order line's split again.
    A reversal copies the invoice too, but its credit note takes the
    invoice's splits and frozen rates when posted
    (``_credit_split_prepare_post``), not here.
    """

    _inherit = "account.move"

    def copy(self, default=None):
        # the copied lines have their split from copy_data, the order links too
        # with include_business_fields: they must not take the order lines' split
        with copying_lines():
            return super().copy(default)

    def copy_data(self, default=None):
        default = dict(default or {})
        if default.get("reversed_entry_id"):
            return super().copy_data(default)
        # the context tells the invoice lines to copy their shares, and how
        keep = bool(self.env.context.get("include_business_fields"))
        moves = self.with_context(credit_split_copy="keep" if keep else "duplicate")
        vals_list = super(AccountMove, moves).copy_data(default)
        if keep:
            return vals_list
        for move, vals in zip(self, vals_list, strict=True):
            if move.move_type in CUSTOMER_TYPES and "credit_split_line_ids" not in default:
                vals["credit_split_line_ids"] = [
                    Command.create(share_vals) for share_vals in move._credit_split_duplicate_vals()
                ]
        return vals_list

    def _credit_split_duplicate_vals(self):
        """The split of a copy of this invoice, as one split of no order.

        An invoice of several orders credits each order's shares on the lines
        of that order; the copy has no order, so each share becomes its
        share of the whole: its percentage times its order's weight. The
        revenue shares of each type still add up to exactly 100 (largest
        remainder at 6 decimals) and a participant with the same role in two
        orders gets one share.
        """
        self.ensure_one()
        groups = self._credit_split_line_groups()
        if len(groups) <= 1:
            return self.credit_split_line_ids._duplicate_vals()
        weights = [Fraction(to_decimal(w, 6)) for w in self._credit_split_group_weights(groups)]
        total = sum(weights, Fraction(0))
        merged = {}
        for group, weight in zip(groups, weights, strict=True):
            for share, vals in zip(group, group._duplicate_vals(), strict=True):
                key = (share.user_id, share.agent_partner_id, share.role_id, share.split_type_id)
                part = Fraction(to_decimal(share.percent, SHARE_DIGITS)) * weight / total
                merged.setdefault(key, [vals, Fraction(0)])[1] += part
        vals_list = []
        types = self.credit_split_line_ids.split_type_id.sorted(lambda t: (t.sequence, t.id))
        for split_type in types:
            keys = [key for key in merged if key[3] == split_type]
            parts = [merged[key][1] for key in keys]
            if split_type.total_rule == "any":
                percents = [_to_share(part) for part in parts]
            else:
                # exactly what the orders' shares add up to (100), in parts that add up to it
                percents = allocate(_to_share(sum(parts, Fraction(0))), parts, SHARE_DIGITS)
            vals_list += [
                dict(merged[key][0], percent=float(percent))
                for key, percent in zip(keys, percents, strict=True)
                if percent
            ]
        return vals_list


def _to_share(value):
    """A Fraction as a share of 6 decimals."""
    return to_decimal(Decimal(value.numerator) / Decimal(value.denominator), SHARE_DIGITS)
