"""Daily caps that hold under parallel requests (单日上限): one counter row
per user, scope and day, taken before anything is counted."""

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.calendar_days import local_day


class SalesDailyCounter(models.Model):
    """How many units of a daily cap a user took today (a pool member's
    reveals, an agent's portal attempts...).

    A cap counted by reading a log is stale under parallel requests: Odoo's
    transactions read a snapshot taken at their first query, so two requests
    both count N-1 and both pass. Here the count is the counter row itself,
    incremented by one ``UPDATE ... WHERE count < cap RETURNING``: a second
    request waits for the first's row lock, and PostgreSQL then either sees
    the new count or aborts it with a serialization failure that Odoo retries
    (RPC and HTTP requests are retried on it). The day is the user's calendar
    day (``tools/calendar_days.py``).
    """

    _name = "sales.daily.counter"
    _description = "Daily Cap Counter"
    _log_access = False

    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="cascade")
    scope = fields.Char(required=True, readonly=True, help="What is counted, e.g. pool.reveal.3")
    day = fields.Date(required=True, readonly=True)
    count = fields.Integer(readonly=True)

    _sql_constraints = [
        (
            "user_scope_day_unique",
            "UNIQUE(user_id, scope, day)",
            "One counter per user, scope and day.",
        ),
    ]

    @api.model
    def _take(self, user, scope, cap):
        """Take one unit of ``user``'s cap ``cap`` for ``scope`` today; False
        when the cap is reached (nothing taken)."""
        day = local_day(self.env, fields.Datetime.now(), user)
        self.env.cr.execute(
            SQL(
                "INSERT INTO sales_daily_counter (user_id, scope, day, count) "
                "VALUES (%(user)s, %(scope)s, %(day)s, 0) "
                "ON CONFLICT (user_id, scope, day) DO NOTHING",
                user=user.id,
                scope=scope,
                day=day,
            )
        )
        self.env.cr.execute(
            SQL(
                "UPDATE sales_daily_counter SET count = count + 1 "
                "WHERE user_id = %(user)s AND scope = %(scope)s AND day = %(day)s "
                "AND count < %(cap)s RETURNING count",
                user=user.id,
                scope=scope,
                day=day,
                cap=cap,
            )
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _taken_today(self, user, scope):
        """Units of ``scope`` that ``user`` took today."""
        day = local_day(self.env, fields.Datetime.now(), user)
        self.env.cr.execute(
            SQL(
                "SELECT count FROM sales_daily_counter "
                "WHERE user_id = %s AND scope = %s AND day = %s",
                user.id,
                scope,
                day,
            )
        )
        row = self.env.cr.fetchone()
        return row[0] if row else 0
