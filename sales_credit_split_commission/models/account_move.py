from odoo import models
from odoo.exceptions import UserError

CUSTOMER_TYPES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    """Posting a customer invoice pays its credit split through OCA commissions.

    When the company pays credit splits as commissions, the split decides the
    commission agents of each product line (see ``account.move.line``): each
    participant's partner, paid their share of OCA's commission. Posting
    checks that every participant is a commission agent, sets the agents from
    the final split (the default split is only decided at posting) and
    freezes the agent lines: a later change of a commission, of a product's
    cost or OCA's "recompute agents" never rewrites what was posted and
    settled. A credit note pays back exactly what its invoice paid.
    """

    _inherit = "account.move"

    def _split_commission_applies(self):
        """Whether the credit split decides the commission agents of this document."""
        self.ensure_one()
        return bool(
            self.move_type in CUSTOMER_TYPES
            and self.company_id.credit_split_commission
            and self.credit_split_line_ids
        )

    def _split_commission_mirrors(self):
        """Whether this credit note pays back its invoice's split agent lines."""
        self.ensure_one()
        return bool(
            self.move_type == "out_refund"
            and self.reversed_entry_id.invoice_line_ids.agent_ids.filtered("split_percent")
        )

    # ------------------------------------------------------------------ split hooks

    def _credit_split_changed(self, lines, before, needs_agreement=True):
        res = super()._credit_split_changed(lines, before, needs_agreement=needs_agreement)
        self._split_commission_refresh()
        return res

    def _credit_split_replace(self, vals_list):
        res = super()._credit_split_replace(vals_list)
        self._split_commission_refresh()
        return res

    def _split_commission_refresh(self):
        """The agents of a draft follow its split: the split's participants, or
        OCA's agents once the split is emptied. Companies that do not pay splits
        as commissions keep their agents as they are."""
        moves = self.filtered(
            lambda m: (
                m.state == "draft"
                and m.move_type in CUSTOMER_TYPES
                and m.company_id.credit_split_commission
            )
        )
        # sudo: the agents follow the split by rule, whoever changed the split
        # (a sales manager editing a draft's split has no commission rights)
        moves.sudo().invoice_line_ids._compute_agent_ids()

    # ------------------------------------------------------------------ posting

    def _credit_split_prepare_post(self):
        res = super()._credit_split_prepare_post()
        moves = self.filtered(lambda m: m._split_commission_applies())
        moves.filtered(lambda m: not m._split_commission_mirrors())._split_commission_check()
        # the final split decides, over agents edited by hand or copied from orders
        moves._split_commission_refresh()
        return res

    def _post(self, soft=True):
        posted = super()._post(soft)
        # sudo: freezing is a rule of posting, whoever posts and whatever their
        # commission rights
        agent_lines = posted.sudo().invoice_line_ids.agent_ids.filtered(
            lambda a: a.split_percent and not a.split_frozen
        )
        # compute the amounts before freezing them
        agent_lines.mapped("amount")
        agent_lines.write({"split_frozen": True})
        return posted

    def button_draft(self):
        res = super().button_draft()
        # a draft follows its split and OCA's rates again, except what was settled
        # sudo: as when posting, unfreezing goes with the document's state
        agent_lines = self.sudo().invoice_line_ids.agent_ids.filtered(
            lambda a: a.split_frozen and not a.settled
        )
        agent_lines.write({"split_frozen": False})
        return res

    def _split_commission_check(self):
        """Every participant paid through commissions must be a commission agent."""
        for move in self:
            for split_line in move._credit_split_all_lines():
                partner = split_line._split_commission_partner()
                if partner._split_commission_is_agent():
                    continue
                raise UserError(
                    self.env._(
                        "%(person)s is credited on %(move)s but is not a commission agent: "
                        "open the contact %(partner)s, tick Agent and choose a Commission "
                        "in its Agent information tab (Commission users see it), or remove "
                        "%(person)s from the credit split. To post without paying the split "
                        "as commissions, untick Pay Credit Splits as Commissions in the CRM "
                        "settings.",
                        person=split_line._participant_name(),
                        move=move.display_name,
                        partner=partner.display_name,
                    )
                )
