from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

from ..tools.allocation import SHARE_DIGITS

DOCUMENT_FIELDS = ("lead_id", "order_id", "move_id")
# fields whose change is a change of the split itself (logged, needs agreement)
RATE_FIELDS = {"commission_rate", "rate_frozen"}
RATE_WRITER_GROUPS = (
    "account.group_account_invoice",
    "account.group_account_manager",
    "sales_team.group_sale_manager",
)
SPLIT_FIELDS = ("user_id", "agent_partner_id", "role_id", "percent", "commission_rate")


class SalesCreditSplitLine(models.Model):
    """One participant's share of a deal's credit (业绩分配明细).

    One model for the split lines of opportunities, orders and invoices, with
    one Many2one per document (exactly one is set, checked by PostgreSQL):
    a single table is what the commission report reads, record rules and
    checks are written once, and each document still has a real One2many
    (a Reference field could do neither joins nor One2many).

    The participant is a user or an agent partner (代理商), never both. The
    credited amounts of all lines of a document are computed together
    (largest remainder, see ``tools/allocation.py``) so they add up exactly.
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
    )
    def _compute_amounts(self):
        for documents in self._documents():
            for document in documents:
                document._credit_split_allocate(self)
        for line in self.filtered(lambda x: not x._document()):
            line.update({"amount": 0, "amount_company": 0, "commission_amount": 0})
            line.rate_date = False

    # ------------------------------------------------------------------ constraints

    @api.constrains(*SPLIT_FIELDS, *DOCUMENT_FIELDS, "source_order_id")
    def _check_share(self):
        for line in self:
            line._document()._credit_split_check_line(line)

    # ------------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("credit_split_system"):
            self._check_rate_create(vals_list)
        lines = super().create(vals_list)
        if self.env.context.get("credit_split_system"):
            return lines
        for documents in lines._documents():
            documents._credit_split_check_edit()
            documents._credit_split_changed(lines, [])
        return lines

    def write(self, vals):
        if RATE_FIELDS & set(vals) and not self.env.context.get("credit_split_system"):
            self._check_rate_write()
        if not set(SPLIT_FIELDS) & set(vals) or self.env.context.get("credit_split_system"):
            return super().write(vals)
        for documents in self._documents():
            documents._credit_split_check_edit()
        before = [line._describe() for line in self]
        res = super().write(vals)
        for documents in self._documents():
            documents._credit_split_changed(self, before)
        return res

    def unlink(self):
        if self.env.context.get("credit_split_system"):
            return super().unlink()
        all_documents = self._documents()
        for documents in all_documents:
            documents._credit_split_check_edit()
        before = [line._describe() for line in self]
        res = super().unlink()
        for documents in all_documents:
            documents.exists()._credit_split_changed(self.browse(), before)
        return res

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

    # ------------------------------------------------------------------ tools

    def _documents(self):
        """The documents of these lines: a list with one recordset per document model."""
        return [self.mapped(f) for f in DOCUMENT_FIELDS if self.mapped(f)]

    def _participant_name(self):
        self.ensure_one()
        return (self.user_id or self.agent_partner_id).display_name or self.env._("(nobody)")

    def _describe(self):
        self.ensure_one()
        return "%s (%s) %s%%" % (self._participant_name(), self.role_id.name, self.percent)

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
