from odoo import api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.gc_pause import cyclic_gc_paused
from odoo.addons.sales_claim_registration.tools.sql_jit import jit_disabled

from ..models.sales_credit_split_type import TOTAL_RULES
from ..tools.allocation import SHARE_DIGITS
from ..tools.grouped_rows import format_each_value_once


class SalesCreditReport(models.Model):
    """Credited revenue and commission (业绩与提成) per person, team, role and period.

    Read from the split lines of posted customer invoices and credit notes
    only: a draft or cancelled invoice credits nothing, a credit note credits
    the exact negative of the invoice it reverses. Amounts are in company
    currency, as frozen when the invoice was posted.

    Each line has its split type: revenue credit adds up to the invoices'
    amounts, overlay credit comes on top of it. The menu opens on Revenue so
    that totals mean revenue; group by type to see both.
    """

    _name = "sales.credit.report"
    _description = "Credit Split Analysis"
    _auto = False
    _order = "date desc, id desc"
    # the number, not the invoice: a participant credited on a colleague's
    # invoice may not read the invoice, but sees and exports its number
    _rec_name = "move_name"
    # what the view reads: flushed before it is searched or grouped, so that
    # an invoice posted in the same transaction is in the report
    _depends = {
        "sales.credit.split.line": [
            "credited",
            "credit_date",
            "move_id",
            "move_line_id",
            "company_id",
            "team_id",
            "user_id",
            "agent_partner_id",
            "role_id",
            "split_type_id",
            "percent",
            "commission_rate",
            "amount_company",
            "commission_amount",
            "amount",
            "currency_id",
            "rate_date",
        ],
        "account.move": ["name", "move_type", "commercial_partner_id"],
        "account.move.line": ["product_id"],
        "res.company": ["currency_id"],
        "sales.credit.split.type": ["total_rule"],
    }

    date = fields.Date(string="Invoice Date", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    move_name = fields.Char(string="Invoice Number", readonly=True)
    move_type = fields.Selection(
        [("out_invoice", "Invoice"), ("out_refund", "Credit Note")], readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    product_id = fields.Many2one(
        "product.product",
        string="Product",
        readonly=True,
        help="The product of the invoice line that the share credits, when the line has its "
        "own split; empty for the shares of the whole invoice.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    company_currency_id = fields.Many2one("res.currency", string="Currency", readonly=True)
    team_id = fields.Many2one("crm.team", string="Sales Team", readonly=True)
    user_id = fields.Many2one("res.users", string="Participant", readonly=True)
    agent_partner_id = fields.Many2one("res.partner", string="Agent", readonly=True)
    role_id = fields.Many2one("sales.credit.role", string="Role", readonly=True)
    split_type_id = fields.Many2one("sales.credit.split.type", string="Split Type", readonly=True)
    total_rule = fields.Selection(TOTAL_RULES, string="Split Type Rule", readonly=True)
    percent = fields.Float(
        string="Share (%)", digits=(9, SHARE_DIGITS), readonly=True, aggregator="avg"
    )
    commission_rate = fields.Float(
        string="Commission Rate (%)", digits=(5, 2), readonly=True, aggregator="avg"
    )
    amount_company = fields.Monetary(
        string="Credited Revenue", currency_field="company_currency_id", readonly=True
    )
    commission_amount = fields.Monetary(currency_field="company_currency_id", readonly=True)
    amount = fields.Float(string="Credited (Invoice Currency)", readonly=True, aggregator=None)
    currency_id = fields.Many2one("res.currency", string="Invoice Currency", readonly=True)
    rate_date = fields.Date(readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT line.id AS id,
                   line.credit_date AS date,
                   line.move_id AS move_id,
                   move.name AS move_name,
                   move.move_type AS move_type,
                   move.commercial_partner_id AS partner_id,
                   product_line.product_id AS product_id,
                   line.company_id AS company_id,
                   company.currency_id AS company_currency_id,
                   line.team_id AS team_id,
                   line.user_id AS user_id,
                   line.agent_partner_id AS agent_partner_id,
                   line.role_id AS role_id,
                   line.split_type_id AS split_type_id,
                   split_type.total_rule AS total_rule,
                   line.percent AS percent,
                   line.commission_rate AS commission_rate,
                   line.amount_company AS amount_company,
                   line.commission_amount AS commission_amount,
                   line.amount AS amount,
                   line.currency_id AS currency_id,
                   line.rate_date AS rate_date
              FROM sales_credit_split_line line
              LEFT JOIN account_move move ON move.id = line.move_id
              -- on the invoice line's primary key, like the joins above: when
              -- the product is not asked, PostgreSQL drops the join and the
              -- person x month pivot still reads the shares alone
              LEFT JOIN account_move_line product_line ON product_line.id = line.move_line_id
              LEFT JOIN res_company company ON company.id = line.company_id
              LEFT JOIN sales_credit_split_type split_type ON split_type.id = line.split_type_id
             WHERE line.credited
            """
        )

    @api.model
    @api.readonly
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        # a pivot builds tens of thousands of rows: the cyclic garbage
        # collector would walk every object of the process several times
        with cyclic_gc_paused():
            return super().read_group(domain, fields, groupby, offset, limit, orderby, lazy)

    @api.model
    def _read_group(
        self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None
    ):
        # a pivot aggregates every credited share: PostgreSQL would spend
        # longer compiling the statement (JIT) than running it
        with jit_disabled(self.env.cr):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        # tens of thousands of cells (people x months), each value formatted once
        return format_each_value_once(rows_dict, lazy_groupby, super()._read_group_format_result)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
