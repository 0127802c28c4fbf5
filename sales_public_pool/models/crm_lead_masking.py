"""Pool scraping protection (公海防爬) on opportunities: the email and phones
of an opportunity of a pool customer are masked like the customer's own
(``pool_contact_mask.py`` holds the rules of every path)."""

from odoo import models
from odoo.osv import expression
from odoo.tools import SQL


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "sales.pool.contact.mask"]

    _pool_masked_fields = (
        "email_cc",
        "email_from",
        "email_normalized",
        "mobile",
        "phone",
        "phone_sanitized",
    )
    _pool_contact_column = "partner_id"

    def _search_phone_mobile_search(self, operator, value):
        """Odoo's phone search runs its own SQL: hidden customers never match."""
        domain = super()._search_phone_mobile_search(operator, value)
        if not self._pool_mask_searches():
            return domain
        hidden = SQL("(SELECT t.id FROM crm_lead t WHERE %s)", self._pool_hidden_sql("t"))
        return expression.AND([domain, [("id", "not in", hidden)]])
