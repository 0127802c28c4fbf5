from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.system_write import split_system_writing

CUSTOMER_TYPES = ("out_invoice", "out_refund")
# values of a share that the rules compute from its document and shares: the
# credited amounts, where they come from, and what the credit report reads
DERIVED_FIELDS = (
    "company_id",
    "team_id",
    "doc_user_id",
    "currency_id",
    "amount",
    "amount_company",
    "commission_amount",
    "rate_date",
    "credited",
    "credit_date",
)


class SalesCreditSplitLine(models.Model):
    """The derived values of a share, refused to anyone but the rules.

    A participant must not credit themself a larger amount than their share
    gives: over RPC a plain ``write`` of ``amount_company`` on the share of a
    posted invoice would otherwise change the credit report and the
    commission. The values are set by the computes (and by the code that
    copies splits by rule, inside ``split_system()``).

    ``credited`` and ``credit_date`` are what the credit report filters and
    groups by, kept on the share (from its invoice's state, type and date) so
    that the report's person x month pivot reads one table instead of joining
    every posted invoice (see ``report/sales_credit_report.py``).
    """

    _inherit = "sales.credit.split.line"

    credited = fields.Boolean(
        compute="_compute_credited",
        store=True,
        help="Counts in the credit analysis: the share of a posted customer invoice or "
        "credit note.",
    )
    credit_date = fields.Date(
        compute="_compute_credited",
        store=True,
        help="The invoice date (else the accounting date) of the invoice, the month the "
        "credit counts in.",
    )

    @api.depends("move_id.state", "move_id.move_type", "move_id.invoice_date", "move_id.date")
    def _compute_credited(self):
        for line in self:
            move = line.move_id
            line.credited = move.state == "posted" and move.move_type in CUSTOMER_TYPES
            line.credit_date = (move.invoice_date or move.date) if move else False

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_derived_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_derived_fields(vals)
        return super().write(vals)

    @api.model
    def _check_derived_fields(self, vals):
        if split_system_writing():
            return
        derived = [name for name in DERIVED_FIELDS if name in vals]
        if derived:
            raise UserError(
                self.env._(
                    "%(fields)s of a credit split line are computed from its document and "
                    "shares and cannot be set: change the share, the role or the document "
                    "instead.",
                    fields=", ".join(self._fields[name].string for name in derived),
                )
            )
