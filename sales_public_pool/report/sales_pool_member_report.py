from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools import calendar_days


class SalesPoolMemberReport(models.Model):
    """Pool dashboard: each member's holdings against the pool's caps (保有量).

    "Claimed today" is the member's calendar day, as the daily cap counts it
    (``sales_claim_registration/tools/calendar_days.py``).
    """

    _name = "sales.pool.member.report"
    _description = "Public Pool Member Holdings"
    _auto = False
    _order = "pool_id, holding_count desc"

    pool_id = fields.Many2one("sales.pool", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    user_id = fields.Many2one("res.users", string="Member", readonly=True)
    holding_count = fields.Integer(string="Holding", readonly=True, aggregator="sum")
    holding_cap = fields.Integer(string="Holding Cap", readonly=True, aggregator="max")
    claimed_today = fields.Integer(string="Claimed Today", readonly=True, aggregator="sum")
    daily_cap = fields.Integer(string="Daily Cap", readonly=True, aggregator="max")
    locked_count = fields.Integer(string="Locked", readonly=True, aggregator="sum")
    usage = fields.Float(string="Cap Usage (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT row_number() OVER (ORDER BY m.pool_id, m.user_id) AS id,
                           m.pool_id, sp.company_id, m.user_id,
                           COALESCE(h.cnt, 0) AS holding_count,
                           sp.holding_cap,
                           COALESCE(t.cnt, 0) AS claimed_today,
                           sp.daily_cap,
                           COALESCE(lk.cnt, 0) AS locked_count,
                           CASE WHEN sp.holding_cap > 0
                                THEN 100.0 * COALESCE(h.cnt, 0) / sp.holding_cap ELSE 0 END AS usage
                      FROM sales_pool_member_rel m
                      JOIN sales_pool sp ON sp.id = m.pool_id AND sp.active
                      JOIN res_users member ON member.id = m.user_id
                      JOIN res_partner user_partner ON user_partner.id = member.partner_id
                      JOIN res_company member_company ON member_company.id = member.company_id
                      JOIN res_partner company_partner
                        ON company_partner.id = member_company.partner_id
                      LEFT JOIN (SELECT user_id, company_id, count(*) AS cnt FROM sales_claim
                                  WHERE state = 'active' AND key_type IN ('company', 'phone')
                                  GROUP BY user_id, company_id) h
                             ON h.user_id = m.user_id AND h.company_id = sp.company_id
                      -- claimed today: the member's day, as the daily cap counts it
                      LEFT JOIN LATERAL (SELECT count(*) AS cnt
                                   FROM sales_pool_move mv
                                  WHERE mv.move_type = 'claimed'
                                    AND mv.to_user_id = m.user_id AND mv.from_pool_id = m.pool_id
                                    AND mv.date >= %s) t ON TRUE
                      LEFT JOIN LATERAL (SELECT count(*) AS cnt
                                   FROM res_partner lp
                                  WHERE lp.pool_lock_user_id = m.user_id
                                    AND lp.pool_home_id = m.pool_id
                                    AND lp.pool_locked_until >= (now() AT TIME ZONE %s)::date
                                ) lk ON TRUE
                )
                """,
                SQL.identifier(self._table),
                SQL(calendar_days.TODAY_START_SQL),
                SQL(calendar_days.DAY_TZ_SQL),
            )
        )
