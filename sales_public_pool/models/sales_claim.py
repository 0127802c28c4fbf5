from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.models.sales_claim import ClaimsRefused
from odoo.addons.sales_claim_registration.tools import calendar_days

CUSTOMER_KEYS = ("company", "phone")


class SalesClaim(models.Model):
    """Claims (报备) drive the public pools: a claim that starts takes the
    customer out of its pool, a claim that ends puts it back.

    The caps (保有量上限, 单日领取上限, caps per grade) are checked in
    ``_on_claims_started``, so they hold on every path that creates a claim:
    claim from the pool, assignment, distribution, import, transfer, merge.
    """

    _inherit = "sales.claim"

    # ------------------------------------------------------------------ hooks

    def _on_claims_started(self):
        # before super(): the pool's update of the customers also sets their
        # salesperson, so super() only rewrites the contacts (each row
        # rewritten costs all of res_partner's indexes)
        claims = self.filtered(lambda c: c.key_type in CUSTOMER_KEYS)
        partner_ids = claims.partner_id.ids
        if claims:
            claims._pool_take_customers()
        res = super()._on_claims_started()
        if claims:
            claims._pool_check_caps()
            self.env["res.partner"]._pool_recompute_recycle_date(partner_ids)
        return res

    def _on_claims_ended(self, reason):
        # before super(): the pool's update of the customers also clears their
        # salesperson, so super() only rewrites the contacts (each row
        # rewritten costs all of res_partner's indexes)
        if reason not in ("won", "transferred") and self:
            self._pool_return_customers(reason)
        return super()._on_claims_ended(reason)

    # ------------------------------------------------------------------ pool moves

    def _pool_take_customers(self):
        """The new owners take the customers out of their pools (and become
        their salesperson); one move each."""
        self.env.flush_all()
        ctx = self.env.context
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT c.id, c.partner_id, c.user_id, c.company_id, c.team_id,
                       p.pool_id, p.pool_home_id, p.pool_previous_owner_id,
                       p.pool_cooldown_until,
                       EXISTS (SELECT 1 FROM sales_pool_member_rel m
                                WHERE m.pool_id = p.pool_id AND m.user_id = c.user_id) AS member
                  FROM sales_claim c JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.id = ANY(%s)
                """,
                self.ids,
            )
        )
        rows = cr.dictfetchall()
        if (ctx.get("pool_move_type") or "claimed") == "claimed":
            self._pool_check_claimable(rows)
        by_team, default, active = self.env["sales.pool"]._get_target_map(
            {r["company_id"] for r in rows}
        )
        homes, moves = [], []
        for row in rows:
            home = (
                row["pool_id"]
                or (row["pool_home_id"] if row["pool_home_id"] in active else None)
                or by_team.get((row["company_id"], row["team_id"]))
                or default.get(row["company_id"])
            )
            homes.append(home)
            moves.append(
                {
                    "move_type": ctx.get("pool_move_type") or "claimed",
                    "partner_id": row["partner_id"],
                    "company_id": row["company_id"],
                    "from_pool_id": row["pool_id"],
                    "from_user_id": ctx.get("pool_from_user_id"),
                    "to_user_id": row["user_id"],
                    "claim_id": row["id"],
                    "reason": ctx.get("pool_reason"),
                }
            )
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET user_id = d.owner, pool_id = NULL, pool_home_id = d.home,
                       pool_missing = false, pool_entry_type = NULL,
                       pool_warned_date = NULL, pool_locked_until = NULL,
                       pool_lock_user_id = NULL
                  FROM unnest(%s::int[], %s::int[], %s::int[]) AS d(id, home, owner)
                 WHERE p.id = d.id
                """,
                [r["partner_id"] for r in rows],
                homes,
                [r["user_id"] for r in rows],
            )
        )
        self.env["res.partner"].invalidate_model()
        self.env["sales.pool.move"]._insert_moves(moves)

    def _pool_check_claimable(self, rows):
        """Whoever claims a pool customer, by any path, must be a member of the
        pool and not its previous owner during the cooldown (冷静期). In a
        batch of claims the customers concerned are refused (``ClaimsRefused``)."""
        now = fields.Datetime.now()
        refusals = {}
        for row in rows:
            if not row["pool_id"]:
                continue
            claim = self.browse(row["id"])
            pool = self.env["sales.pool"].sudo().browse(row["pool_id"])  # sudo: name only
            if not row["member"]:
                refusals[row["partner_id"]] = self.env._(
                    "%(user)s is not a member of pool %(pool)s and cannot take its "
                    "customers: ask an administrator of the pool to add them.",
                    user=claim.user_id.name,
                    pool=pool.name,
                )
            elif (
                row["pool_previous_owner_id"] == row["user_id"]
                and row["pool_cooldown_until"]
                and row["pool_cooldown_until"] > now
            ):
                refusals[row["partner_id"]] = self.env._(
                    "%(user)s released or lost %(partner)s recently and may claim it again "
                    "from %(date)s (cooldown of pool %(pool)s).",
                    user=claim.user_id.name,
                    partner=claim.partner_id.display_name,
                    date=fields.Date.to_string(row["pool_cooldown_until"]),
                    pool=pool.name,
                )
            if refusals and not self.env.context.get("sales_claim_batch"):
                raise ValidationError(next(iter(refusals.values())))
        if refusals:
            raise ClaimsRefused(refusals)

    def _pool_return_customers(self, reason):
        """Put customers whose claim ended into their pool (掉入公海), set-based.

        The pool is explicit: the home pool, else the pool of the claim's team,
        else the company's default pool. With none, the customer is flagged
        "without pool" and the move says so. After the pool's maximum number
        of cycles the customer moves on to the overflow pool.
        """
        self.env.flush_all()
        ctx = self.env.context
        cr = self.env.cr
        now = fields.Datetime.now()
        move_type = ctx.get("pool_move_type") or ("expired" if reason == "expired" else "released")
        cr.execute(
            SQL(
                """
                SELECT c.id, c.partner_id, c.user_id, c.company_id, c.team_id, c.close_reason,
                       p.pool_home_id, p.pool_cycle_count
                  FROM sales_claim c JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.id = ANY(%s) AND c.key_type IN ('company', 'phone')
                """,
                self.ids,
            )
        )
        rows = cr.dictfetchall()
        if not rows:
            return
        Pool = self.env["sales.pool"].sudo()  # sudo: routing does not depend on who ended it
        by_team, default, active = Pool._get_target_map({r["company_id"] for r in rows})
        pools = {pool.id: pool for pool in Pool.browse(active)}
        no_pool = self.env._("No pool configured for this customer's sales team or company")
        updates = {k: [] for k in ("id", "pool", "cycle", "cooldown", "owner", "reason", "entry")}
        moves = []
        for row in rows:
            target = (
                (row["pool_home_id"] if row["pool_home_id"] in active else None)
                or by_team.get((row["company_id"], row["team_id"]))
                or default.get(row["company_id"])
            )
            why = row["close_reason"] or reason
            move = {
                "move_type": move_type,
                "partner_id": row["partner_id"],
                "company_id": row["company_id"],
                "from_pool_id": row["pool_home_id"],
                "to_pool_id": target,
                "from_user_id": row["user_id"],
                "claim_id": row["id"],
                "reason": why if target else f"{why} - {no_pool}",
                "note": ctx.get("pool_release_note"),
                "date": now,
            }
            moves.append(move)
            final, entry, cooldown = target, move_type, None
            cycle = (row["pool_cycle_count"] or 0) + 1 if target == row["pool_home_id"] else 1
            pool = pools.get(target)
            if pool:
                cooldown = now + timedelta(days=pool.cooldown_days)
                overflow = pool.overflow_pool_id
                if pool.max_cycles and cycle >= pool.max_cycles and overflow.active:
                    final, entry, cycle = overflow.id, "overflow", 0
                    moves.append(
                        dict(
                            move,
                            move_type="overflow",
                            from_pool_id=target,
                            to_pool_id=overflow.id,
                            reason=self.env._(
                                "%(count)s cycles in pool %(pool)s",
                                count=pool.max_cycles,
                                pool=pool.name,
                            ),
                            date=now + timedelta(microseconds=1),
                        )
                    )
            updates["id"].append(row["partner_id"])
            updates["pool"].append(final)
            updates["cycle"].append(cycle if final else 0)
            updates["cooldown"].append(cooldown)
            updates["owner"].append(row["user_id"])
            updates["reason"].append(why)
            updates["entry"].append(entry if final else None)
        cr.execute(
            SQL(
                """
                UPDATE res_partner p
                   SET user_id = CASE WHEN p.user_id = d.owner THEN NULL ELSE p.user_id END,
                       pool_id = d.pool, pool_home_id = COALESCE(d.pool, p.pool_home_id),
                       pool_date = %(now)s, pool_cycle_count = d.cycle,
                       pool_cooldown_until = d.cooldown, pool_previous_owner_id = d.owner,
                       pool_release_reason = d.reason, pool_entry_type = d.entry,
                       pool_missing = d.pool IS NULL, pool_recycle_date = NULL,
                       pool_recycle_rule = NULL, pool_warned_date = NULL,
                       pool_locked_until = NULL, pool_lock_user_id = NULL
                  FROM unnest(%(id)s::int[], %(pool)s::int[], %(cycle)s::int[],
                              %(cooldown)s::timestamp[], %(owner)s::int[], %(reason)s::varchar[],
                              %(entry)s::varchar[])
                       AS d(id, pool, cycle, cooldown, owner, reason, entry)
                 WHERE p.id = d.id
                """,
                now=now,
                **updates,
            )
        )
        self.env["res.partner"].invalidate_model()
        self.env["sales.pool.move"]._insert_moves(moves)

    # ------------------------------------------------------------------ caps

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
        claimed = (self.env.context.get("pool_move_type") or "claimed") == "claimed"
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
            counted = [
                (grade, count)
                for company_id, grade, won, count in holdings.get(user_id, ())
                if company_id == pool.company_id.id and (pool.won_counts_in_cap or not won)
            ]
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
