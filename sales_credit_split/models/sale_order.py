from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    """The credit split of a quotation and order (订单业绩分配).

    A quotation made from an opportunity copies the opportunity's split. On
    confirmation the split must add up to 100 and the commission rates are
    copied onto its lines: later changes of the opportunity's split or of a
    role's rate do not touch the order. A confirmed order's split is changed
    by sales managers only, logged in the chatter; invoices copy it.
    """

    _name = "sale.order"
    _inherit = ["sale.order", "sales.credit.split.mixin"]

    # the order's own split: the shares of no order line (a line's shares are
    # on that line, see sale_order_line.py), crediting the lines without one
    credit_split_line_ids = fields.One2many(
        "sales.credit.split.line",
        "order_id",
        string="Credit Split",
        copy=True,
        domain=[("order_line_id", "=", False)],
    )

    # ------------------------------------------------------------------ mixin

    def _credit_split_base(self):
        company = self.company_id or self.env.company
        day = fields.Date.to_date(self.date_order) or fields.Date.context_today(self)
        amount = self.amount_untaxed
        currency = self.currency_id or company.currency_id
        amount_company = currency._convert(amount, company.currency_id, company, day)
        return amount, amount_company, day

    def _credit_split_currency(self):
        return self.currency_id

    def _credit_split_product_lines(self):
        return self.order_line.filtered(lambda line: not line.display_type)

    def _credit_split_check_edit(self):
        if self.env.user.has_group("sales_team.group_sale_manager"):
            return
        confirmed = self.filtered(lambda order: order.state == "sale")
        if confirmed:
            raise UserError(
                self.env._(
                    "%(order)s is confirmed: only a sales manager may change its credit split.",
                    order=confirmed[0].display_name,
                )
            )

    def _credit_split_changed(self, lines, before, needs_agreement=True):
        self.filtered(lambda order: order.state == "sale")._credit_split_log(
            before, self.env._("Credit split of a confirmed order changed by a manager.")
        )

    # ------------------------------------------------------------------ CRUD and flow

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        # sudo: the split of the opportunity being quoted is copied by rule,
        # even when record rules hide it from the user making the quotation
        for order in orders.filtered(
            lambda o: o.opportunity_id.sudo().credit_split_line_ids and not o.credit_split_line_ids
        ):
            order.action_copy_split_from_opportunity()
        return orders

    def action_copy_split_from_opportunity(self):
        """Copy the opportunity's split onto this quotation (current rates)."""
        for order in self:
            if order.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "%(order)s is confirmed: its split no longer follows the opportunity.",
                        order=order.display_name,
                    )
                )
            # sudo: see create; the copy is the opportunity's split, as agreed
            vals_list = order.opportunity_id.sudo().credit_split_line_ids._copy_vals()
            for vals in vals_list:
                vals.pop("commission_rate")
                vals["rate_frozen"] = False
            order._credit_split_replace(vals_list)
        return True

    def action_confirm(self):
        """Confirm with the split of the quotation, else the salesperson at 100%.

        An order whose salesperson cannot be credited (none, OdooBot for a
        cron or server action, a portal user, a rep who left) and that has no
        split confirms without one, as in Odoo: nothing is credited. A split
        that exists must add up to 100.
        """
        for order in self.filtered(
            lambda o: not o.credit_split_line_ids and o._credit_split_needs_document_split()
        ):
            vals_list = order._credit_split_default_vals(order.user_id)
            if vals_list:
                order._credit_split_replace(vals_list)
        signing = self.filtered(
            lambda o: o.state in ("draft", "sent") and o._credit_split_all_lines()
        )
        signing._credit_split_check_total()
        signing._credit_split_check_agreed()
        return super().action_confirm()

    def _credit_split_check_agreed(self):
        """Confirming is signing (签约): a shared split must be the agreed one.

        When the company requires an agreed split and several people share
        the credit, the order's split must be the one the claim owner agreed
        on its opportunity (agreed or locked, same shares). An order without
        opportunity has no claim owner's agreement: a sales manager confirms it.
        """
        is_manager = self.env.user.has_group("sales_team.group_sale_manager")
        for order in self:
            company = order.company_id or self.env.company
            if not company.credit_split_require_agreement:
                continue
            if order._credit_split_approval_count() <= 1:
                continue
            # sudo: the agreement on the opportunity is checked by rule, even
            # when record rules hide the opportunity from the user confirming
            lead = order.opportunity_id.sudo()
            if not lead:
                if is_manager:
                    continue
                raise UserError(
                    self.env._(
                        "%(order)s shares the credit between %(count)s participants without an "
                        "opportunity where the claim owner agrees it: quote from the "
                        "opportunity, or have a sales manager confirm it.",
                        order=order.display_name,
                        count=order._credit_split_approval_count(),
                    )
                )
            if lead.credit_split_state not in ("agreed", "locked"):
                raise UserError(
                    self.env._(
                        "%(order)s cannot be confirmed: the credit split of %(lead)s has "
                        "%(count)s participants and is not agreed. Submit the split on the "
                        "opportunity and have %(owner)s agree it first.",
                        order=order.display_name,
                        lead=lead.display_name,
                        count=order._credit_split_approval_count(),
                        owner=lead._credit_split_approver().name,
                    )
                )
            if order._credit_split_signature() != lead._credit_split_signature():
                raise UserError(
                    self.env._(
                        "The credit split of %(order)s differs from the split agreed on "
                        "%(lead)s: press Copy Split from Opportunity, or change and agree the "
                        "split on the opportunity first.",
                        order=order.display_name,
                        lead=lead.display_name,
                    )
                )

    def _action_confirm(self):
        res = super()._action_confirm()
        self._credit_split_freeze(force=True)
        return res

    def _prepare_invoice(self):
        vals = super()._prepare_invoice()
        vals["credit_split_line_ids"] = [
            fields.Command.create(dict(line_vals, source_order_id=self.id))
            for line_vals in self.credit_split_line_ids._copy_vals()
        ]
        return vals
