from odoo import api, fields, models

from ..tools.allocation import SHARE_DIGITS
from ..tools.system_write import split_system_writing

DOCUMENT_FIELDS = ("lead_id", "order_id", "move_id")
PRODUCT_LINE_FIELDS = ("order_line_id", "move_line_id")
# fields whose change is a change of the split itself (logged, needs agreement)
RATE_FIELDS = {"commission_rate", "rate_frozen"}
SPLIT_FIELDS = (
    "user_id",
    "agent_partner_id",
    "role_id",
    "percent",
    "commission_rate",
    "split_type_id",
)


class SalesCreditSplitLine(models.Model):
    """One participant's share of a deal's credit (业绩分配明细).

    One model for the split lines of opportunities, orders and invoices, with
    one Many2one per document (exactly one is set, checked by PostgreSQL):
    a single table is what the commission report reads, record rules and
    checks are written once, and each document still has a real One2many
    (a Reference field could do neither joins nor One2many).

    The participant is a user or an agent partner (代理商), never both. Each
    share has a split type: the revenue shares of a document share its
    amount and are computed together (largest remainder, see
    ``tools/allocation.py``) so they add up exactly; each overlay share is
    credited its own percentage of the amount, on top (see
    ``sales.credit.split.type``).
    """

    _name = "sales.credit.split.line"
    _description = "Credit Split Line"
    _order = "sequence, id"

    # the document
    lead_id = fields.Many2one("crm.lead", ondelete="cascade", index="btree_not_null")
    order_id = fields.Many2one("sale.order", ondelete="cascade", index="btree_not_null")
    move_id = fields.Many2one("account.move", ondelete="cascade", index="btree_not_null")
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", compute="_compute_document", store=True, index=True, precompute=True
    )
    team_id = fields.Many2one(
        "crm.team", string="Sales Team", compute="_compute_document", store=True, precompute=True
    )
    doc_user_id = fields.Many2one(
        "res.users",
        string="Document Owner",
        compute="_compute_document",
        store=True,
        precompute=True,
        help="Salesperson of the opportunity, order or invoice.",
    )
    # the share
    user_id = fields.Many2one(
        "res.users",
        string="Participant",
        index="btree_not_null",
        domain="[('share', '=', False)]",
        help="The salesperson credited; leave empty when the participant is an agent.",
    )
    agent_partner_id = fields.Many2one(
        "res.partner",
        string="Agent",
        index="btree_not_null",
        help="The agent or reseller (代理商) credited, when the participant is not a user.",
    )
    role_id = fields.Many2one("sales.credit.role", string="Role", required=True)
    split_type_id = fields.Many2one(
        "sales.credit.split.type",
        string="Split Type",
        required=True,
        index=True,
        ondelete="restrict",
        compute="_compute_split_type_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Revenue: the shares add up to 100 and share the amount. Overlay: each share is "
        "credited its own percentage of the amount, in addition. Follows the role when the "
        "role is meant for other types.",
    )
    percent = fields.Float(
        string="Share (%)",
        # 6 decimals so that equal shares are equal (a third is 33.333333),
        # see SHARE_DIGITS in tools/allocation.py
        digits=(9, SHARE_DIGITS),
        required=True,
        compute="_compute_percent",
        store=True,
        readonly=False,
        precompute=True,
        help="Share of the deal credited to this participant for this role: more than 0, "
        "at most 100; the shares of a document add up to exactly 100 (of each source order "
        "on an invoice of several orders). Up to 6 decimals: a third is 33.333333, and "
        "Split Equally gives everyone the same share. Proposed from the role's default "
        "weight.",
    )
    source_order_id = fields.Many2one(
        "sale.order",
        string="Source Order",
        index="btree_not_null",
        ondelete="set null",
        help="On an invoice: the order this share was copied from. The shares of each order "
        "add up to 100 and credit the invoice lines that come from that order.",
    )
    note = fields.Char(help="What this participant did for the deal.")
    commission_rate = fields.Float(
        string="Commission Rate (%)",
        digits=(5, 2),
        compute="_compute_commission_rate",
        store=True,
        readonly=False,
        copy=True,
        help="The role's rate, or the participant's own rate; copied (frozen) when the "
        "order is confirmed or the invoice posted.",
    )
    rate_frozen = fields.Boolean(
        readonly=True, help="The commission rate was copied and no longer follows the role."
    )
    # amounts
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_currency_id", store=True, precompute=True
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    amount = fields.Monetary(
        string="Credited Amount",
        currency_field="currency_id",
        compute="_compute_amounts",
        store=True,
        help="Share of the untaxed amount (expected revenue on an opportunity), in the "
        "document's currency; negative on credit notes.",
    )
    amount_company = fields.Monetary(
        string="Credited Revenue",
        currency_field="company_currency_id",
        compute="_compute_amounts",
        store=True,
        help="Credited amount in company currency, converted at the rate of the rate date.",
    )
    commission_amount = fields.Monetary(
        currency_field="company_currency_id", compute="_compute_amounts", store=True
    )
    rate_date = fields.Date(
        compute="_compute_amounts",
        store=True,
        help="Date of the currency rate used to convert the credited amount.",
    )

    _sql_constraints = [
        (
            "one_document",
            "CHECK((lead_id IS NOT NULL)::int + (order_id IS NOT NULL)::int "
            "+ (move_id IS NOT NULL)::int = 1)",
            "A credit split line belongs to exactly one opportunity, order or invoice.",
        ),
        (
            "one_participant",
            "CHECK((user_id IS NULL) <> (agent_partner_id IS NULL))",
            "A credit split line credits either a user or an agent: fill in exactly one of "
            "Participant and Agent.",
        ),
    ]

    # ------------------------------------------------------------------ computes

    def _document(self):
        self.ensure_one()
        return self.lead_id or self.order_id or self.move_id

    @api.depends(
        *[f"{doc}.{name}" for doc in DOCUMENT_FIELDS for name in ("company_id", "team_id")],
        "lead_id.user_id",
        "order_id.user_id",
        "move_id.invoice_user_id",
    )
    def _compute_document(self):
        for line in self:
            document = line._document()
            line.company_id = document.company_id or self.env.company
            line.team_id = document.team_id
            line.doc_user_id = document._credit_split_owner_user()

    @api.depends("lead_id", "order_id.currency_id", "move_id.currency_id")
    def _compute_currency_id(self):
        for line in self:
            document = line._document()
            company = document.company_id or self.env.company
            line.currency_id = document._credit_split_currency() or company.currency_id

    @api.depends("role_id")
    def _compute_split_type_id(self):
        """A new share is revenue; a role meant for other types brings its first type."""
        Type = self.env["sales.credit.split.type"]
        for line in self:
            allowed = line.role_id.split_type_ids
            if allowed and line.split_type_id not in allowed:
                line.split_type_id = allowed[:1]
            elif not line.split_type_id:
                line.split_type_id = Type._get_revenue(line.company_id or self.env.company)

    @api.depends("role_id")
    def _compute_percent(self):
        """A share left empty is proposed from the role's default weight."""
        for line in self:
            if not line.percent:
                line.percent = line.role_id.default_weight

    @api.depends("role_id", "user_id")
    def _compute_commission_rate(self):
        rates = self.filtered(lambda x: not x.rate_frozen)._current_rates()
        for line, rate in rates.items():
            line.commission_rate = rate

    def _current_rates(self):
        """{line: rate}: the participant's own rate for the role, else the role's rate."""
        return self.env["sales.credit.user.rate"]._get_rates(self)

    @api.depends(
        "percent",
        "commission_rate",
        "currency_id",
        *[
            f"{doc}.credit_split_line_ids.{name}"
            for doc in DOCUMENT_FIELDS
            for name in SPLIT_FIELDS
        ],
        "lead_id.expected_revenue",
        "order_id.amount_untaxed",
        "order_id.date_order",
        "move_id.amount_untaxed_signed",
        "move_id.invoice_date",
        "move_id.credit_split_line_ids.source_order_id",
        "move_id.invoice_line_ids.price_subtotal",
        "move_id.invoice_line_ids.sale_line_ids",
        "move_id.reversed_entry_id",
        *[
            f"{doc}.{lines}.credit_split_line_ids.{name}"
            for doc, lines in (("order_id", "order_line"), ("move_id", "invoice_line_ids"))
            for name in SPLIT_FIELDS
        ],
        "order_id.order_line.price_subtotal",
    )
    def _compute_amounts(self):
        for documents in self._documents():
            for document in documents:
                document._credit_split_allocate(self)
        for line in self.filtered(lambda x: not x._document()):
            line.update({"amount": 0, "amount_company": 0, "commission_amount": 0})
            line.rate_date = False

    # ------------------------------------------------------------------ constraints

    @api.constrains(*SPLIT_FIELDS, *DOCUMENT_FIELDS, *PRODUCT_LINE_FIELDS, "source_order_id")
    def _check_share(self):
        for line in self:
            line._check_product_line()
            line._document()._credit_split_check_line(line)

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        self._set_document_of_product_line(vals_list)
        if not split_system_writing():
            self._check_rate_create(vals_list)
        lines = super().create(vals_list)
        if split_system_writing():
            return lines
        needs_agreement = lines._needs_agreement()
        for documents in lines._documents():
            documents._credit_split_check_edit()
            documents._credit_split_changed(lines, [], needs_agreement=needs_agreement)
        return lines

    def write(self, vals):
        if RATE_FIELDS & set(vals) and not split_system_writing():
            self._check_rate_write()
        if not set(SPLIT_FIELDS) & set(vals) or split_system_writing():
            return super().write(vals)
        for documents in self._documents():
            documents._credit_split_check_edit()
        before = [line._describe() for line in self]
        needed_before = self._needs_agreement()
        res = super().write(vals)
        needs_agreement = needed_before or self._needs_agreement()
        for documents in self._documents():
            documents._credit_split_changed(self, before, needs_agreement=needs_agreement)
        return res

    def unlink(self):
        if split_system_writing():
            return super().unlink()
        all_documents = self._documents()
        for documents in all_documents:
            documents._credit_split_check_edit()
        before = [line._describe() for line in self]
        needs_agreement = self._needs_agreement()
        res = super().unlink()
        for documents in all_documents:
            documents.exists()._credit_split_changed(
                self.browse(), before, needs_agreement=needs_agreement
            )
        return res

    def _needs_agreement(self):
        """Whether changing these shares needs a new agreement: their type requires it."""
        return any(not line.split_type_id or line.split_type_id.requires_approval for line in self)

    # ------------------------------------------------------------------ tools

    def _documents(self):
        """The documents of these lines: a list with one recordset per document model."""
        return [self.mapped(f) for f in DOCUMENT_FIELDS if self.mapped(f)]

    def _participant_name(self):
        self.ensure_one()
        return (self.user_id or self.agent_partner_id).display_name or self.env._("(nobody)")

    def _describe(self):
        self.ensure_one()
        product_line = self._product_line()
        prefix = f"[{product_line._credit_split_line_name()}] " if product_line else ""
        if self.split_type_id.total_rule == "any":
            return "%s%s (%s, %s) %s%%" % (
                prefix,
                self._participant_name(),
                self.role_id.name,
                self.split_type_id.name,
                self.percent,
            )
        return "%s%s (%s) %s%%" % (
            prefix,
            self._participant_name(),
            self.role_id.name,
            self.percent,
        )

    def _copy_vals(self):
        """Values to copy these shares onto another document, with their frozen rates."""
        names = (
            "sequence",
            "note",
            "percent",
            "commission_rate",
            "rate_frozen",
            "source_order_id",
            *SPLIT_FIELDS,
        )
        return [
            {name: line._fields[name].convert_to_write(line[name], line) for name in names}
            for line in self
        ]

    def _duplicate_vals(self):
        """Values to copy these shares onto a duplicated document (a new draft):
        same participants, roles, types and shares, the rates of today (not
        frozen), no source order (the copy invoices no order)."""
        vals_list = self._copy_vals()
        for vals in vals_list:
            vals.pop("commission_rate")
            vals.pop("source_order_id")
            vals["rate_frozen"] = False
        return vals_list
