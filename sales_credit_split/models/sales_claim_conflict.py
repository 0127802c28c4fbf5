from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.allocation import HUNDRED, SHARE_DIGITS, percent_total, to_decimal


class SalesClaimConflict(models.Model):
    """Arbitration decided as "share the credit" writes the split (判单分业绩).

    The owner of the contested claim and the claimant share the credit they
    held on the opportunity at stake: the claimant gets the decided part, the
    owner the rest, both with the company's default credit role; third
    parties keep their shares. The arbiter's decision is the agreement (who
    and when are recorded); a won opportunity's split stays locked. Its
    orders and unposted invoices follow. The change is logged and both
    participants are notified.
    """

    _inherit = "sales.claim.conflict"

    credit_claimant_percent = fields.Float(
        string="Claimant's Credit Share (%)",
        digits=(5, 2),
        default=50.0,
        help="When the decision is to share the credit: the claimant's part of the shares the "
        "owner and the claimant held on the opportunity; the owner gets the rest, other "
        "participants keep their shares.",
    )

    @api.constrains("credit_claimant_percent")
    def _check_credit_claimant_percent(self):
        for conflict in self:
            if not 0 < conflict.credit_claimant_percent < 100:
                raise ValidationError(
                    self.env._(
                        "Claimant's Credit Share of case %(case)s is %(value)s%%: enter more "
                        "than 0 and less than 100, the owner gets the rest.",
                        case=conflict.name,
                        value=conflict.credit_claimant_percent,
                    )
                )

    def _apply_share_credit(self):
        res = super()._apply_share_credit()
        for conflict in self:
            conflict._credit_split_share()
        return res

    def _credit_split_share(self):
        """Owner and claimant share what they held; everybody else keeps theirs.

        The shares the owner and the claimant held on the opportunity are
        pooled and split: the claimant gets the decided percentage of the
        pool, the owner the rest (default credit role). Third parties' shares
        are untouched. The opportunity's quotations, orders and unposted
        invoices get the same decision on their own split; posted invoices
        keep theirs (a credit note and a new invoice re-credit them).
        """
        self.ensure_one()
        # sudo: the arbiter applies the decision on opportunities of any team,
        # including won (locked) ones, without being their salesperson
        lead = self.lead_id.sudo()
        lead_vals = self._credit_split_shared_vals(lead, strict=True)
        before = [line._describe() for line in lead.credit_split_line_ids]
        lead._credit_split_replace(lead_vals)
        if lead.credit_split_state != "locked":
            lead._credit_split_write_state(
                {
                    "credit_split_state": "agreed",
                    "credit_split_agreed_by_id": self.env.user.id,
                    "credit_split_agreed_date": fields.Datetime.now(),
                }
            )
        title = self.env._("Credit split decided by arbitration %(case)s.", case=self.name)
        lead._credit_split_log(before, title)
        for document in self._credit_split_documents(lead):
            vals_list = self._credit_split_shared_vals(document, lead.order_ids)
            if vals_list is None:
                continue
            before = [line._describe() for line in document.credit_split_line_ids]
            document._credit_split_replace(vals_list)
            if document._name == "sale.order" and document.state == "sale":
                document._credit_split_freeze()
            document._credit_split_log(before, title)
        lead._credit_split_notify(
            self.env._("Arbitration %(case)s: the credit is shared.", case=self.name)
        )

    def _credit_split_documents(self, lead):
        """The opportunity's orders and their unposted invoices (not cancelled)."""
        orders = lead.order_ids.filtered(lambda o: o.state != "cancel")
        invoices = orders.invoice_ids.filtered(
            lambda m: m.state == "draft" and m.move_type == "out_invoice"
        )
        return list(orders) + list(invoices)

    def _credit_split_shared_vals(self, document, orders=None, strict=False):
        """The split of ``document`` after the decision, as values to create.

        On an invoice, only the shares of ``orders`` change. Only the revenue
        is contested: overlay shares (and other types) are kept as they are.
        None when nothing changes; ``strict``: refuse when owner and claimant
        hold no revenue share.
        """
        lines = document.credit_split_line_ids
        company = document.company_id or self.company_id
        role = company.credit_split_default_role_id or self.env["sales.credit.role"].search(
            [("company_id", "in", [company.id, False])], limit=1
        )
        revenue = self.env["sales.credit.split.type"]._get_revenue(company)
        parties = self.owner_id | self.claimant_id
        vals_list, changed = [], False
        groups = document._credit_split_line_groups() or [lines]
        for group in groups:
            contested = group.filtered(
                lambda x: x.user_id and x.user_id in parties and x.split_type_id == revenue
            )
            kept = group - contested
            pool = percent_total(contested.mapped("percent"))
            if group and (
                (orders is not None and group.source_order_id - orders) or (not pool and not strict)
            ):
                vals_list += self._credit_split_keep_vals(group)
                continue
            if not pool and group:
                raise UserError(
                    self.env._(
                        "Case %(case)s: neither %(owner)s nor %(claimant)s holds a share of the "
                        "credit split of %(document)s, so there is nothing to share: give the "
                        "owner a share first, then decide.",
                        case=self.name,
                        owner=self.owner_id.name,
                        claimant=self.claimant_id.name,
                        document=document.display_name,
                    )
                )
            if not group:
                pool = HUNDRED
            claimant = to_decimal(
                pool * to_decimal(self.credit_claimant_percent) / HUNDRED, SHARE_DIGITS
            )
            source = {"source_order_id": group[:1].source_order_id.id} if group else {}
            changed = True
            vals_list += self._credit_split_keep_vals(kept)
            vals_list += [
                dict(
                    source,
                    user_id=user.id,
                    role_id=role.id,
                    split_type_id=revenue.id,
                    percent=float(percent),
                )
                for user, percent in (
                    (self.owner_id, pool - claimant),
                    (self.claimant_id, claimant),
                )
                if percent > 0
            ]
        return vals_list if changed else None

    def _credit_split_keep_vals(self, lines):
        """Values to keep ``lines`` as they are (a rate not frozen keeps following its role)."""
        return [
            {k: v for k, v in vals.items() if k != "commission_rate" or vals["rate_frozen"]}
            for vals in lines._copy_vals()
        ]
