"""Merged customers and the pools (合并客户与公海): a customer merged into a
claimed one leaves its pool; merging pool customers is the pools' business.
The claims themselves are settled by ``sales_claim_registration``
(``models/sales_claim_merge.py``)."""

from odoo import api, models
from odoo.tools import SQL


class SalesClaim(models.Model):
    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _merge_check_rights(self, partners):
        """Merging takes customers out of their pools: administrators of
        those pools or sales managers only (the caps of a claim from the
        pool would not apply)."""
        super()._merge_check_rights(partners)
        if self.env.su:
            return
        # sudo: the pool of a customer decides, whoever may read it
        pools = partners.sudo().pool_id
        if pools:
            pools.with_env(self.env)._check_administrator()

    @api.model
    def _on_customers_merged(self, dst_partner):
        """The surviving customer of a merge that has an active claim is out
        of every pool, as when it was claimed (home pool kept); its recycling
        due date follows its claim."""
        res = super()._on_customers_merged(dst_partner)
        customer = dst_partner.commercial_partner_id
        if self._active_customer_claims(customer):
            self.env.flush_all()
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner
                       SET pool_home_id = COALESCE(pool_id, pool_home_id), pool_id = NULL,
                           pool_missing = false, pool_entry_type = NULL, pool_warned_date = NULL
                     WHERE id = %s
                    """,
                    customer.id,
                )
            )
            self.env["res.partner"].invalidate_model()
            self.env["res.partner"]._pool_recompute_recycle_date([customer.id])
        return res
