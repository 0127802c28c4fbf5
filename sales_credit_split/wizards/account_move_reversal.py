from odoo import models

from ..tools.system_write import copying_lines


class AccountMoveReversal(models.TransientModel):
    """Reverse and replace (冲红重开) reproduces the invoice's lines as they were."""

    _inherit = "account.move.reversal"

    def reverse_moves(self, is_modify=False):
        """The replacement is made here from copies of the invoice's lines
        (``copy_data``, then ``create``), with their order links: each line
        keeps the split it had, and a line that had none must not take its
        order line's split again (see
        ``account.move.line._credit_split_follow_order_line``)."""
        if not is_modify:
            return super().reverse_moves(is_modify=is_modify)
        with copying_lines():
            return super().reverse_moves(is_modify=is_modify)
