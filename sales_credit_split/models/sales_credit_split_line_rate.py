from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from .sales_credit_split_line import RATE_FIELDS

RATE_WRITER_GROUPS = (
    "account.group_account_invoice",
    "account.group_account_manager",
    "sales_team.group_sale_manager",
)


class SalesCreditSplitLineRate(models.Model):
    """Who may set the commission rate (提成比例) of a share, and when it is frozen."""

    _inherit = "sales.credit.split.line"

    def _is_rate_writer(self):
        user = self.env.user
        return self.env.su or any(user.has_group(group) for group in RATE_WRITER_GROUPS)

    def _rate_writer_error(self):
        return AccessError(
            self.env._(
                "Commission Rate: only accountants and sales managers may change it; ask "
                "one of them."
            )
        )

    @api.model
    def _check_rate_create(self, vals_list):
        """A new share takes the rate that applies (the participant's own rate
        for the role, else the role's): typing another rate, or a frozen one,
        on create is a change of rate like a write, for accountants and sales
        managers only. The split screens send the proposed rate back with each
        new line; that rate is no change and passes. Checked before anything
        is written."""
        if self._is_rate_writer():
            return
        for vals in vals_list:
            if vals.get("rate_frozen"):
                raise self._rate_writer_error()
            if "commission_rate" not in vals:
                continue
            share = self.new({k: v for k, v in vals.items() if k not in RATE_FIELDS})
            proposed = share._current_rates()[share]
            if float_compare(vals["commission_rate"] or 0.0, proposed, precision_digits=2):
                raise self._rate_writer_error()

    def _check_rate_write(self):
        """Commission rates (提成比例) are set by accountants and sales managers
        only, never by the people paid on them; the frozen rate of a posted
        invoice or a confirmed order never changes."""
        if not self._is_rate_writer():
            raise self._rate_writer_error()
        frozen = self.filtered(
            lambda line: (
                line.rate_frozen
                and (line.move_id.state == "posted" or line.order_id.state == "sale")
            )
        )
        if frozen:
            raise UserError(
                self.env._(
                    "Commission Rate: the rate of %(documents)s is frozen since it was "
                    "confirmed or posted; reset the document to draft first.",
                    documents=", ".join(
                        frozen.move_id.mapped("display_name")
                        + frozen.order_id.mapped("display_name")
                    ),
                )
            )
