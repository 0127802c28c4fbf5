from odoo import api, fields, models
from odoo.tools import SQL


class SalesClaim(models.Model):
    """The pool's exemptions hold at the end of protection too (保护期到期).

    A customer its owner locked (锁定) stays with the owner until the lock
    ends, and a customer the pool exempts because it was won (赢单客户免回收)
    stays as long as the exemption holds: the expiry cron leaves their claims
    active, so the customer is neither put back in the pool nor the owner
    barred by a cooldown.
    """

    _inherit = "sales.claim"

    @api.model
    def _expiry_held_sql(self):
        today = fields.Date.context_today(self)
        return SQL(
            """(%(super)s OR (
                sales_claim.key_type IN ('company', 'phone') AND EXISTS (
                    SELECT 1 FROM res_partner hp
                      LEFT JOIN sales_pool hsp ON hsp.id = hp.pool_home_id AND hsp.active
                     WHERE hp.id = sales_claim.partner_id
                       AND (hp.pool_locked_until >= %(today)s
                            OR (hsp.exempt_won AND EXISTS (
                                -- from the customer's contacts to their leads,
                                -- both by index; OFFSET 0 keeps PostgreSQL from
                                -- hashing the won leads of every customer
                                SELECT 1 FROM res_partner hlp
                                  JOIN crm_lead hl ON hl.partner_id = hlp.id AND hl.active
                                  JOIN crm_stage hs ON hs.id = hl.stage_id AND hs.is_won
                                 WHERE hlp.commercial_partner_id = hp.id
                                OFFSET 0))))))""",
            super=super()._expiry_held_sql(),
            today=today,
        )
