"""Opportunities feed the recycling countdown (回收) and the grades (客户分级):
see ``res_partner_recycling.py`` and ``res_partner_grading.py``."""

from odoo import api, models

RECOUNT_FIELDS = {"stage_id", "active", "partner_id", "probability", "type"}


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        """A new opportunity restarts the "no new opportunity" countdown (回收);
        one created won (an import) counts in the grade at once."""
        leads = super().create(vals_list)
        with_partner = leads.filtered("partner_id")
        if with_partner:
            Partner = self.env["res.partner"]
            won = with_partner.filtered(lambda lead: lead.stage_id.is_won)
            if won:
                # before the countdown below, which recomputes with the new grade
                Partner._pool_update_grades(won.partner_id.commercial_partner_id.ids)
            Partner._pool_register_opportunity(with_partner.ids)
        return leads

    def write(self, vals):
        """Winning, losing or moving an opportunity changes the customer's grade
        and exemptions: recompute them at once."""
        partners = self.partner_id.commercial_partner_id if RECOUNT_FIELDS & set(vals) else None
        res = super().write(vals)
        if partners is not None:
            partners |= self.partner_id.commercial_partner_id
            Partner = self.env["res.partner"]
            Partner._pool_update_grades(partners.ids)
            Partner._pool_recompute_recycle_date(partners.ids)
        return res
