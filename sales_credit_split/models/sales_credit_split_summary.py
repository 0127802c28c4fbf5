from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount


class SalesCreditSplitSummary(models.AbstractModel):
    """Credit by Participant (按人员汇总业绩): the document's split and its
    product lines' splits added up, per participant, role and split type, as
    a sales manager reads the deal. Shown only when a line has its own split
    (otherwise the Credit Split list says it all)."""

    _inherit = "sales.credit.split.mixin"

    credit_split_summary = fields.Html(
        string="Credit by Participant",
        compute="_compute_credit_split_summary",
        sanitize=False,
        help="What each participant is credited on this document: the document's split and "
        "the product lines' splits added up.",
    )

    credit_split_product_share_ids = fields.Many2many(
        "sales.credit.split.line",
        string="Product Line Splits",
        compute="_compute_credit_split_product_share_ids",
        help="The shares of the product lines with their own split, shown next to the "
        "document's split (which credits the other lines).",
    )

    @api.depends(lambda self: self._credit_split_summary_depends())
    def _compute_credit_split_product_share_ids(self):
        for document in self:
            document.credit_split_product_share_ids = (
                document._credit_split_all_lines() - document.credit_split_line_ids
            )

    @api.depends(lambda self: self._credit_split_summary_depends())
    def _compute_credit_split_summary(self):
        for document in self:
            lines = document._credit_split_all_lines()
            if lines == document.credit_split_line_ids:
                document.credit_split_summary = False
                continue
            totals = {}
            for line in lines:
                key = (line._participant_name(), line.role_id.name, line.split_type_id.name)
                totals[key] = totals.get(key, 0.0) + line.amount
            currency = document._credit_split_currency() or self.env.company.currency_id
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>")
                % (name, role or "", split_type or "", format_amount(self.env, amount, currency))
                for (name, role, split_type), amount in totals.items()
            )
            document.credit_split_summary = Markup(
                "<table class='table table-sm o_credit_split_summary'><thead><tr>"
                "<th>%s</th><th>%s</th><th>%s</th><th class='text-end'>%s</th>"
                "</tr></thead><tbody>%s</tbody></table>"
            ) % (
                self.env._("Participant"),
                self.env._("Role"),
                self.env._("Split Type"),
                self.env._("Credited Amount"),
                rows,
            )

    def _credit_split_summary_depends(self):
        lines = {"sale.order": "order_line", "account.move": "invoice_line_ids"}.get(self._name)
        if not lines:
            return []
        return [
            "credit_split_line_ids.amount",
            f"{lines}.credit_split_line_ids.amount",
        ]
