"""The caps of the public pools (公海): holding cap (保有量上限), caps per
customer grade and daily claim cap (单日领取上限).

They are checked on the claims (``_on_claims_started`` in ``sales_claim.py``
calls ``_pool_check_caps``), so they hold on every path that creates a claim;
the caps themselves are fields of the pool (``sales_pool.py``) and of its
rules per grade (``sales_pool_grade_rule.py``).
"""

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.models.sales_claim import ClaimsRefused
from odoo.addons.sales_claim_registration.tools import calendar_days
from odoo.addons.sales_claim_registration.tools.code_marks import current_ownership_move


class SalesClaim(models.Model):
    _inherit = "sales.claim"

    def _pool_check_caps(self):
        """Holding cap (保有量上限), caps per grade and daily claim cap (单日领取上限).

        The rows of the owners are locked, and written, before counting: in
        Odoo's REPEATABLE READ transactions a plain ``FOR NO KEY UPDATE`` would
        let a second claim of the same rep wait and then count from its old
        snapshot. Because the row is written, the second transaction fails
        with a serialization error instead, which Odoo retries, and the retry
        counts the first claim. Parallel claims of one rep thus serialize.

        Set-based whatever the number of owners: one query finds the claims
        whose pool has caps, one counts the holdings and one the day's claims
        of all their owners. The daily cap limits what reps take from the pool
        themselves: assignments and distributions by administrators do not
        count, and do not check it. In a batch of claims (context
        ``sales_claim_batch``, see ``_create_claims_batch``) the claims over a
        cap are refused with ``ClaimsRefused`` instead of failing the batch:
        each owner keeps the first claims, up to the cap.
        """
        self.env.flush_all()
        cr = self.env.cr
        # the daily cap counts what reps take themselves, not assignments
        claimed = (current_ownership_move()["move_type"] or "claimed") == "claimed"
        cr.execute(
            SQL(
                """
                SELECT c.id, c.user_id, c.partner_id, p.pool_home_id, p.customer_grade
                  FROM sales_claim c
                  JOIN res_partner p ON p.id = c.partner_id
                  JOIN sales_pool sp ON sp.id = p.pool_home_id
                 WHERE c.id = ANY(%s)
                   AND (sp.holding_cap > 0 OR (%s AND sp.daily_cap > 0)
                        OR EXISTS (SELECT 1 FROM sales_pool_grade_rule r
                                    WHERE r.pool_id = sp.id AND r.holding_cap > 0))
                 ORDER BY c.id
                """,
                self.ids,
                claimed,
            )
        )
        checks = {}
        for row in cr.dictfetchall():
            checks.setdefault((row["user_id"], row["pool_home_id"]), []).append(row)
        if not checks:
            return
        user_ids = sorted({user_id for user_id, _pool_id in checks})
        cr.execute(
            SQL(
                "SELECT id FROM res_users WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE",
                user_ids,
            )
        )
        cr.execute(SQL("UPDATE res_users SET write_date = write_date WHERE id = ANY(%s)", user_ids))
        # sudo: the caps hold whoever claims, whatever they may read
        pools = {
            pool.id: pool for pool in self.env["sales.pool"].sudo().browse({p for _u, p in checks})
        }
        users = {user.id: user for user in self.env["res.users"].sudo().browse(user_ids)}
        holdings = self._pool_holdings(
            {u for u, p in checks if pools[p].holding_cap or pools[p].grade_rule_ids}
        )
        daily = self._pool_daily_claims(
            [(users[u], pools[p]) for u, p in checks if claimed and pools[p].daily_cap]
        )
        violations = []
        for (user_id, pool_id), rows in checks.items():
            user, pool = users[user_id], pools[pool_id]
            counted = self._pool_counted_holdings(holdings.get(user_id, ()), pool)
            total = sum(count for _grade, count in counted)
            if pool.holding_cap and total > pool.holding_cap:
                message = self.env._(
                    "%(user)s would own %(count)s customers, above the holding cap of "
                    "%(cap)s of pool %(pool)s: release customers first, or ask an "
                    "administrator to raise the cap.",
                    user=user.name,
                    count=total,
                    cap=pool.holding_cap,
                    pool=pool.name,
                )
                violations.append((message, rows, total - pool.holding_cap))
            grades = {row["customer_grade"] for row in rows}
            for rule in pool.grade_rule_ids:
                if not rule.holding_cap or rule.grade not in grades:
                    continue
                count = sum(c for grade, c in counted if grade == rule.grade)
                if count > rule.holding_cap:
                    message = self.env._(
                        "%(user)s would own %(count)s grade %(grade)s customers, above the "
                        "cap of %(cap)s of pool %(pool)s: release a grade %(grade)s "
                        "customer first.",
                        user=user.name,
                        count=count,
                        grade=rule.grade,
                        cap=rule.holding_cap,
                        pool=pool.name,
                    )
                    graded = [row for row in rows if row["customer_grade"] == rule.grade]
                    violations.append((message, graded, count - rule.holding_cap))
            count = daily.get((user_id, pool_id), 0)
            if pool.daily_cap and count > pool.daily_cap:
                message = self.env._(
                    "%(user)s reached the daily claim cap of %(cap)s customers of pool "
                    "%(pool)s: claim again tomorrow.",
                    user=user.name,
                    cap=pool.daily_cap,
                    pool=pool.name,
                )
                violations.append((message, rows, count - pool.daily_cap))
        if not violations:
            return
        if not self.env.context.get("sales_claim_batch"):
            raise ValidationError(violations[0][0])
        refusals = {}
        for message, rows, excess in violations:
            for row in rows[-excess:]:
                refusals.setdefault(row["partner_id"], message)
        partners = self.env["res.partner"].browse(refusals)
        raise ClaimsRefused(
            {
                partner.id: self.env._(
                    "%(customer)s: %(reason)s",
                    customer=partner.display_name,
                    reason=refusals[partner.id],
                )
                for partner in partners
            }
        )

    def _pool_holdings(self, user_ids):
        """``{user id: [(company id, grade, won, count)]}``: the customers the
        users own (active customer claims), in one query."""
        if not user_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
                WITH owned AS (
                    SELECT c.user_id, c.company_id, c.partner_id FROM sales_claim c
                     WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                       AND c.user_id = ANY(%s)
                ),
                -- won customers among the owned ones only (every won
                -- customer of a million is 150 ms); a join, not EXISTS per
                -- row, whose cost estimate made PostgreSQL JIT-compile it
                won AS (
                    SELECT DISTINCT lp.commercial_partner_id AS partner_id
                      FROM res_partner lp
                      JOIN crm_lead l ON l.partner_id = lp.id AND l.active
                      JOIN crm_stage s ON s.id = l.stage_id AND s.is_won
                     WHERE lp.commercial_partner_id IN (SELECT partner_id FROM owned)
                )
                SELECT o.user_id, o.company_id, p.customer_grade,
                       won.partner_id IS NOT NULL, count(*)
                  FROM owned o
                  JOIN res_partner p ON p.id = o.partner_id
                  LEFT JOIN won ON won.partner_id = o.partner_id
                 GROUP BY 1, 2, 3, 4
                """,
                sorted(user_ids),
            )
        )
        holdings = {}
        for user_id, company_id, grade, won, count in self.env.cr.fetchall():
            holdings.setdefault(user_id, []).append((company_id, grade, won, count))
        return holdings

    def _pool_counted_holdings(self, holdings, pool):
        """``[(grade, count)]``: the part of one user's ``holdings`` (from
        ``_pool_holdings``) that counts against the caps of ``pool``, the
        customers of the pool's company, won ones only when the pool counts
        them (``won_counts_in_cap``). The claims' check and the distribution's
        room per member count the same way."""
        return [
            (grade, count)
            for company_id, grade, won, count in holdings
            if company_id == pool.company_id.id and (pool.won_counts_in_cap or not won)
        ]

    def _pool_daily_claims(self, pairs):
        """``{(user id, pool id): customers claimed from the pool today}``, the
        day in each user's time zone, in one query."""
        if not pairs:
            return {}
        now = fields.Datetime.now()
        # the user's day, as every countdown counts it (tools/calendar_days.py)
        starts = [calendar_days.today_start(self.env, now, user) for user, _pool in pairs]
        self.env.cr.execute(
            SQL(
                """
                SELECT d.user_id, d.pool_id, count(m.id)
                  FROM unnest(%s::int[], %s::int[], %s::timestamp[]) AS d(user_id, pool_id, start)
                  JOIN sales_pool_move m ON m.to_user_id = d.user_id AND m.from_pool_id = d.pool_id
                                        AND m.move_type = 'claimed' AND m.date >= d.start
                 GROUP BY 1, 2
                """,
                [user.id for user, _pool in pairs],
                [pool.id for _user, pool in pairs],
                starts,
            )
        )
        return {(user_id, pool_id): count for user_id, pool_id, count in self.env.cr.fetchall()}
