from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError


class SalesClaimAdoptionWizard(models.TransientModel):
    """Adoption of existing ownership, with the pools: customers without a
    salesperson may go to a chosen pool (公海) instead of staying unclaimed.
    Customers already in a pool stay where they are, so applying twice
    changes nothing."""

    _inherit = "sales.claim.adoption.wizard"

    unowned_action = fields.Selection(
        selection_add=[("pool", "Put in a pool")], ondelete={"pool": "set default"}
    )
    pool_id = fields.Many2one(
        "sales.pool", string="Pool", domain="[('company_id', 'in', (company_id, False))]"
    )

    def _check_manager(self):
        res = super()._check_manager()
        if self.unowned_action == "pool" and not self.pool_id:
            raise UserError(
                self.env._("Pool: choose the pool that receives the customers without salesperson.")
            )
        return res

    def _adoption_options(self):
        options = super()._adoption_options()
        options.update(self._convert_to_write({"pool_id": self.pool_id}))
        return options

    def _apply_unowned(self, partner_ids):
        done = super()._apply_unowned(partner_ids)
        if self.unowned_action != "pool" or not partner_ids:
            return done
        Partner = self.env["res.partner"]
        # sudo: the manager may put customers of every team in the pool
        partners = Partner.sudo().browse(partner_ids).filtered(lambda p: not p.pool_id)
        if not partners:
            return done
        partners.with_context(pool_id=self.pool_id.id).action_put_in_pool()
        template = self.env._("Put in pool %(pool)s by the ownership adoption.")
        body = template % {"pool": self.pool_id.display_name}
        self.env["sales.claim.adoption"].sudo()._log_messages(
            partners.ids, [Markup("<p>%s</p>") % body] * len(partners)
        )
        return done + partners.ids
