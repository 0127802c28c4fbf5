from odoo import models

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move


class ResUsers(models.Model):
    """People leave, with the pools: setting *Successor of Leaving Reps* may
    be "the pool": the leaving rep's customers are released to their pool
    (释放, logged as moves), their opportunities lose their salesperson and
    their activities go to the manager who archives them."""

    _inherit = "res.users"

    def _sales_leaver_successor(self, mode):
        if mode == "pool":
            return False
        return super()._sales_leaver_successor(mode)

    def _sales_hand_over_claims(self, successor, reason):
        if successor:
            return super()._sales_hand_over_claims(successor, reason)
        # sudo: the archiver releases the leaving rep's claims
        claims = (
            self.env["sales.claim"]
            .sudo()
            .search([("user_id", "=", self.id), ("state", "=", "active")])
        )
        with ownership_move(from_user_id=self.id, reason=reason):
            claims._close("released", reason)
        return claims.filtered(lambda c: c.key_type in ("company", "phone")).partner_id
