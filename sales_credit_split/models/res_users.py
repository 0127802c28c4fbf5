from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _credit_split_hand_over(self, successor, partners=None):
        """Hand the open credit splits of leaving reps over to ``successor`` (离职交接).

        Open splits are those of opportunities whose split is not locked, of
        quotations and of draft invoices: their shares move to the successor,
        merged with the successor's share in the same role if there is one.
        Locked, confirmed and posted splits are history and do not change.
        Each change is logged on its document, and agreed opportunity splits
        go back to draft for a new agreement. ``partners``: only the
        documents of these customers (and their contacts). Returns the shares
        moved.
        """
        lines = self._credit_split_open_lines()
        if partners is not None:
            customers = partners.commercial_partner_id
            lines = lines.filtered(
                lambda line: line._document().partner_id.commercial_partner_id in customers
            )
        for line in lines:
            same = line._group_mates().filtered(
                lambda other, line=line: (
                    other.user_id == successor
                    and other.role_id == line.role_id
                    and other.split_type_id == line.split_type_id
                    and other.source_order_id == line.source_order_id
                )
            )
            if same:
                same.percent += line.percent
                line.unlink()
            else:
                line.user_id = successor
        return len(lines)

    def _credit_split_open_lines(self):
        """The users' shares that a handover moves (not locked, not confirmed, not posted)."""
        # sudo: the handover is run by a manager for reps of every team, on
        # documents their record rules may hide from them
        return (
            self.env["sales.credit.split.line"]
            .sudo()
            .search(
                [
                    ("user_id", "in", self.ids),
                    "|",
                    "|",
                    "&",
                    ("lead_id", "!=", False),
                    ("lead_id.credit_split_state", "!=", "locked"),
                    ("order_id.state", "in", ("draft", "sent")),
                    ("move_id.state", "=", "draft"),
                ]
            )
        )

    # people leave: archiving a rep hands their open credit over too

    def _sales_owned_work(self):
        owned = super()._sales_owned_work()
        owned[self.env._("open credit splits")] = len(self._credit_split_open_lines())
        return owned

    def _sales_hand_over(self, successor):
        """The open shares follow the customers: to the successor, or (customers
        released to the pool) to the manager who archives the rep."""
        # before super: the opportunities still name the leaving rep
        self._credit_split_hand_over(successor or self.env.user)
        return super()._sales_hand_over(successor)
