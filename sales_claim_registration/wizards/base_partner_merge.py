from odoo import api, models

from ..tools.rules_write import rules_write


class MergePartnerAutomatic(models.TransientModel):
    """Odoo's partner merge keeps every claim (see
    ``models/sales_claim_merge.py``): claims are settled before the wizard
    moves the rows that point at the merged partners."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        self.env["sales.claim"]._merge_check_rights(partners.commercial_partner_id)
        # the wizard copies every field of the merged partners, the pool and
        # grade fields too; ``_on_customers_merged`` then makes them agree
        # with the surviving claim
        with rules_write():
            return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        self.env["sales.claim"]._merge_customers_claims(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _update_values(self, src_partners, dst_partner):
        res = super()._update_values(src_partners, dst_partner)
        self.env["sales.claim"]._on_customers_merged(dst_partner)
        return res
