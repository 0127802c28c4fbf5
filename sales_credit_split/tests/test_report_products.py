from odoo.tools import SQL

from .common import LineSplitCase


class TestCreditReportProducts(LineSplitCase):
    """Credit by product line (按产品行分析业绩): a share of a product line
    shows that line's product in the credit report, a share of the whole
    invoice none; the person x month pivot still reads the shares alone."""

    def posted_deals(self):
        first = self.deal()._create_invoices()
        first.action_post()
        second = self.order(
            [(self.hardware, 1, 3000.0), (self.service, 3, 500.0)],
            user=self.rep_c,
            service_split=[
                self.line(self.rep_b, self.role_service, 60),
                self.line(self.agent, self.role_first, 40),
            ],
        )._create_invoices()
        second.action_post()
        return first | second

    def test_group_credit_by_product(self):
        invoices = self.posted_deals()
        Report = self.env["sales.credit.report"].with_user(self.manager)
        domain = [("move_id", "in", invoices.ids)]
        rows = Report._read_group(domain, ["product_id"], ["amount_company:sum"])
        self.assertEqual(
            {product: round(amount, 2) for product, amount in rows},
            {self.service: 3500.0, self.env["product.product"]: 13000.0},
            "the service lines' shares, and the invoices' own splits (no product)",
        )
        rows = Report._read_group(
            domain + [("product_id", "!=", False)],
            ["product_id", "user_id", "agent_partner_id"],
            ["amount_company:sum"],
        )
        self.assertEqual(
            sorted(
                ((user or agent).display_name, product.name, round(amount, 2))
                for product, user, agent, amount in rows
            ),
            [
                ("Split Rep B", "T Service Line", 2900.0),
                ("T Agent 代理商", "T Service Line", 600.0),
            ],
        )
        # what the pivot's Group By > Product asks (read_group, labels included)
        groups = Report.read_group(domain, ["amount_company:sum"], ["product_id"])
        self.assertIn(
            (self.service.id, self.service.display_name),
            [group["product_id"] for group in groups],
        )
        # a document share has no product, whatever its invoice's lines are
        doc_rows = Report.search(domain + [("product_id", "=", False)])
        self.assertEqual(set(doc_rows.mapped("user_id.name")), {"Split Rep A", "Split Rep C"})
        own = self.env["sales.credit.report"].with_user(self.rep_b).search(domain)
        self.assertEqual(own.product_id, self.service, "a participant sees the product too")

    def test_group_by_product_in_the_search_view(self):
        view = self.env.ref("sales_credit_split.sales_credit_report_view_search")
        self.assertIn("'group_by': 'product_id'", view.arch)

    def test_pivot_without_product_reads_no_invoice_line(self):
        """The product comes from a LEFT JOIN on the invoice line's primary key:
        PostgreSQL drops it when the product is not asked (the person x month
        pivot scans the shares only), and joins it when it is."""
        self.posted_deals()
        Report = self.env["sales.credit.report"]

        def plan(*groupby):
            """EXPLAIN of the statement ``_read_group`` runs for ``groupby``."""
            query = Report._search([])
            terms = [Report._read_group_groupby(spec, query) for spec in groupby]
            query.groupby = SQL(", ").join(terms)
            select = query.select(*terms, Report._read_group_select("amount_company:sum", query))
            self.env.cr.execute(SQL("EXPLAIN %s", select))
            return "\n".join(row[0] for row in self.env.cr.fetchall())

        for groupby in (("user_id", "date:month"), ("team_id",), ("role_id", "date:quarter")):
            self.assertNotIn("account_move_line", plan(*groupby), groupby)
        self.assertIn("account_move_line", plan("product_id"))
        self.assertIn("account_move_line", plan("user_id", "product_id"))
