from odoo import Command
from odoo.tests.common import TransactionCase

from odoo.addons.sales_claim_registration.tests.roles import (
    INVOICING,
    SALESMAN,
    SALESMAN_ALL_LEADS,
    SalesRoles,
)


class CreditSplitCase(SalesRoles, TransactionCase):
    """The standard cast (see sales_claim_registration/tests/roles.py), the
    three reps who share a deal (refusals name them), a team leader who sees
    all documents, an accountant, roles 20/60/20, a team, a customer, a product."""

    EXTRA_USERS = {
        "rep_a": ("split_rep_a", "Split Rep A", SALESMAN),
        "rep_b": ("split_rep_b", "Split Rep B", SALESMAN),
        "rep_c": ("split_rep_c", "Split Rep C", SALESMAN),
        "leader": ("split_leader", "Split Team Leader", SALESMAN_ALL_LEADS),
        "accountant": ("split_accountant", "Split Accountant", INVOICING),
    }

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.currency = cls.company.currency_id
        Role = cls.env["sales.credit.role"]
        cls.role_first = Role.create(
            {"name": "T First Touch", "default_weight": 20, "commission_rate": 10, "sequence": 1}
        )
        cls.role_service = Role.create(
            {"name": "T Service", "default_weight": 60, "commission_rate": 5, "sequence": 2}
        )
        cls.role_signing = Role.create(
            {"name": "T Signing", "default_weight": 20, "commission_rate": 2, "sequence": 3}
        )
        cls.company.credit_split_default_role_id = cls.role_signing
        cls.company.credit_split_require_agreement = True
        cls.template = cls.env["sales.credit.split.template"].create(
            {
                "name": "T 20/60/20",
                "line_ids": [
                    Command.create({"role_id": cls.role_first.id, "percent": 20}),
                    Command.create({"role_id": cls.role_service.id, "percent": 60}),
                    Command.create({"role_id": cls.role_signing.id, "percent": 20}),
                ],
            }
        )
        cls.team = cls.env["crm.team"].create({"name": "T Split Team", "user_id": cls.leader.id})
        cls.other_team = cls.env["crm.team"].create({"name": "T Other Team"})
        cls.customer = cls.env["res.partner"].create(
            {"name": "业绩测试客户 Split Customer", "is_company": True}
        )
        cls.agent = cls.env["res.partner"].create({"name": "T Agent 代理商", "is_company": True})
        cls.product = cls.env["product.product"].create(
            {"name": "T Service Product", "type": "service", "list_price": 100.0, "taxes_id": False}
        )

    # ------------------------------------------------------------------ helpers

    def opportunity(self, user=None, team=None, revenue=10000.0, **vals):
        return self.env["crm.lead"].create(
            {
                "name": "T Deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": (user or self.rep_a).id,
                "team_id": (team or self.team).id,
                "expected_revenue": revenue,
                **vals,
            }
        )

    @staticmethod
    def line(user, role, percent, **vals):
        """A Command creating a split line for ``user`` (a user, or an agent partner)."""
        key = "user_id" if user._name == "res.users" else "agent_partner_id"
        return Command.create({key: user.id, "role_id": role.id, "percent": percent, **vals})

    def three_way(self, percents=(20, 60, 20)):
        roles = (self.role_first, self.role_service, self.role_signing)
        users = (self.rep_a, self.rep_b, self.rep_c)
        return [Command.clear()] + [
            self.line(u, r, p) for u, r, p in zip(users, roles, percents, strict=True)
        ]

    def invoice(self, amount, split=None, move_type="out_invoice", currency=None, post=True):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.customer.id,
                "invoice_user_id": self.rep_a.id,
                "team_id": self.team.id,
                "invoice_date": "2026-01-15",
                "currency_id": (currency or self.currency).id,
                "invoice_line_ids": [
                    Command.create(
                        {"product_id": self.product.id, "price_unit": amount, "tax_ids": False}
                    )
                ],
                "credit_split_line_ids": split or [],
            }
        )
        if post:
            move.action_post()
        return move

    def amounts(self, record, field="amount_company"):
        return [round(v, 2) for v in record.credit_split_line_ids.mapped(field)]


class SplitTypeCase(CreditSplitCase):
    """Revenue and overlay types, an overlay role, and a split builder."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revenue = cls.env.ref("sales_credit_split.split_type_revenue")
        cls.overlay = cls.env.ref("sales_credit_split.split_type_overlay")
        cls.role_presales = cls.env["sales.credit.role"].create(
            {
                "name": "T Pre-Sales",
                "default_weight": 10,
                "commission_rate": 1,
                "split_type_ids": [Command.set(cls.overlay.ids)],
            }
        )

    def split(self, revenue=(), overlay=()):
        """A split: revenue shares for rep_a, rep_b, rep_c, overlay shares likewise."""
        users = (self.rep_a, self.rep_b, self.rep_c)
        roles = (self.role_first, self.role_service, self.role_signing)
        commands = [Command.clear()]
        commands += [self.line(u, r, p) for u, r, p in zip(users, roles, revenue, strict=False)]
        commands += [
            self.line(u, self.role_presales, p, split_type_id=self.overlay.id)
            for u, p in zip(users, overlay, strict=False)
        ]
        return commands


class LineSplitCase(CreditSplitCase):
    """A hardware and a service product, and deals whose service line has its
    own split (产品行业绩分配), with the helpers to invoice, refund and read them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.hardware = cls.env["product.product"].create(
            {"name": "T Hardware Line", "type": "consu", "list_price": 10000.0, "taxes_id": False}
        )
        cls.service = cls.env["product.product"].create(
            {"name": "T Service Line", "type": "service", "list_price": 2000.0, "taxes_id": False}
        )

    # ------------------------------------------------------------------ helpers

    def order(self, lines, user=None, split=None, service_split=None, confirm=True):
        """An order of ``lines`` [(product, quantity, unit price)] for ``user`` (rep_a);
        ``service_split``: the split of the service line."""
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "user_id": (user or self.rep_a).id,
                "team_id": self.other_team.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": qty,
                            "price_unit": price,
                            "tax_id": False,
                        }
                    )
                    for product, qty, price in lines
                ],
                "credit_split_line_ids": split or [],
            }
        )
        if service_split:
            self.service_line(order).credit_split_line_ids = service_split
        if confirm:
            order.action_confirm()
        return order

    def deal(self, **kwargs):
        """Hardware 10,000 + service 2,000; the service line's split: rep_b 100%."""
        return self.order(
            [(self.hardware, 1, 10000.0), (self.service, 1, 2000.0)],
            service_split=[self.line(self.rep_b, self.role_service, 100)],
            **kwargs,
        )

    def service_line(self, document):
        lines = document.order_line if document._name == "sale.order" else document.invoice_line_ids
        return lines.filtered(lambda x: x.product_id == self.service)

    def credited(self, document, field="amount_company"):
        """{participant: credited amount} over the document's and its lines' splits."""
        result = {}
        for line in document._credit_split_all_lines():
            name = line._participant_name()
            result[name] = round(result.get(name, 0.0) + line[field], 2)
        return result

    def parts(self, document):
        """[(product, participant, amount, commission)] of each share, in a stable order."""
        return sorted(
            (
                line._product_line().product_id.name or "",
                line._participant_name(),
                round(line.amount_company, 2),
                round(line.commission_amount, 2),
            )
            for line in document._credit_split_all_lines()
        )

    def reverse(self, move, modify=False, user=None):
        """The credit note of ``move``; ``modify``: reverse and replace, the replacement;
        ``user``: who runs the wizard (the test's superuser by default)."""
        wizard = (
            self.env["account.move.reversal"]
            .with_user(user or self.env.user)
            .with_context(active_model="account.move", active_ids=move.ids)
            .create({"journal_id": move.journal_id.id, "reason": "T refund"})
        )
        action = wizard.modify_moves() if modify else wizard.refund_moves()
        return self.env["account.move"].browse(action["res_id"])

    def down_payment(self, order, percent):
        wizard = (
            self.env["sale.advance.payment.inv"]
            .with_context(active_model="sale.order", active_ids=order.ids)
            .create({"advance_payment_method": "percentage", "amount": percent})
        )
        wizard.create_invoices()
        return order.invoice_ids.sorted("id")[-1:]
