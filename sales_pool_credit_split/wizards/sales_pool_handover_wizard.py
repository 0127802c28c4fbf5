from odoo import models


class SalesPoolHandoverWizard(models.TransientModel):
    """The pool's handover of a leaving rep (离职交接) moves their credit too.

    Credit on open deals follows the customer, by the stage line's action:

    - transferred customers: the leaving rep's shares on the customer's open
      opportunities (split not locked), quotations and draft invoices go to
      the successor who gets the customer, merged with the successor's share
      in the same role;
    - released customers: the opportunities lose their salesperson and go
      back to the pool, so nobody works them yet: the leaving rep's shares go
      to the manager doing the handover, who also gets the activities, until
      the next owner agrees a new split.

    Won (locked) opportunities, confirmed orders and posted invoices are
    history and keep their credit.
    """

    _inherit = "sales.pool.handover.wizard"

    def _transfer(self, partner, successor):
        res = super()._transfer(partner, successor)
        self.user_id._credit_split_hand_over(successor, partners=partner)
        return res

    def _release(self, partners):
        res = super()._release(partners)
        self.user_id._credit_split_hand_over(self.env.user, partners=partners)
        return res
