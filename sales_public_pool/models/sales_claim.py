from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.code_marks import current_ownership_move

CUSTOMER_KEYS = ("company", "phone")


class SalesClaim(models.Model):
    """Claims (报备) drive the public pools: a claim that starts takes the
    customer out of its pool, a claim that ends puts it back.

    The caps (保有量上限, 单日领取上限, caps per grade) are checked in
    ``_on_claims_started`` (``sales_claim_caps.py``), so they hold on every
    path that creates a claim: claim from the pool, assignment, distribution,
    import, transfer, merge; so do the pool's company, the membership and the
    cooldown (冷静期, ``_pool_check_claimable``, ``sales_claim_claimable.py``).
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

    def _on_claims_adopted(self):
        """Adopted customers (ownership the company already had) get their
        home pool, as claimed ones do, and leave the pool they were in, if
        any (a move "assigned", by the manager who adopted them). No caps,
        membership or cooldown: adoption records who already owns the
        customer, it is not a rep taking customers (a rep above a holding cap
        after it keeps them, and claims no more until under the cap)."""
        claims = self.filtered(lambda c: c.key_type in CUSTOMER_KEYS)
        homes = claims._pool_adopt_customers() if claims else {}
        res = super()._on_claims_adopted()
        if claims:
            self.env["res.partner"]._pool_recompute_recycle_date(claims.partner_id.ids, homes=homes)
        return res

    def _pool_home_finder(self, rows):
        """A function ``row -> home pool id`` for claim rows (``company_id``,
        ``team_id``, ``channel``, ``pool_id``, ``pool_home_id``): the pool the
        customer is in, else its home if still active, else its team's pool,
        else the company's default. An agent's customer is recycled by, and
        returns to, the agents' pool only: never a pool of the direct team."""
        companies = {row["company_id"] for row in rows}
        by_team, default, active = self.env["sales.pool"]._get_target_map(companies)
        agent_pools = self.env["sales.pool"]._get_agent_pool_map(companies)

        def home_of(row):
            if row["channel"] == "agent":
                return agent_pools.get(row["company_id"])
            return (
                row["pool_id"]
                or (row["pool_home_id"] if row["pool_home_id"] in active else None)
                or by_team.get((row["company_id"], row["team_id"]))
                or default.get(row["company_id"])
            )

        return home_of

    def _pool_adopt_customers(self):
        """``_pool_take_customers`` for adopted customers: those in a pool
        leave it (a move each); the others change neither pool nor owner and
        are not logged. Returns ``{partner id: home pool}`` of the latter
        whose home changes, written with their recycling date (one rewrite
        of each row, not two: each costs all of res_partner's indexes)."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT c.id, c.partner_id, c.user_id, c.company_id, c.team_id, c.channel,
                       p.pool_id, p.pool_home_id
                  -- OFFSET 0: one probe of the primary key per claim; "id =
                  -- ANY" or a join of 5,000 ids was planned as a scan of
                  -- every claim
                  FROM unnest(%s::int[]) AS x(id)
                  CROSS JOIN LATERAL (SELECT * FROM sales_claim c WHERE c.id = x.id OFFSET 0) c
                  JOIN res_partner p ON p.id = c.partner_id
                """,
                self.ids,
            )
        )
        rows = cr.dictfetchall()
        home_of = self._pool_home_finder(rows)
        updates, moves, homes = [], [], {}
        reason = self.env._("Adoption of existing ownership")
        for row in rows:
            home = home_of(row)
            if not row["pool_id"]:
                if home and home != row["pool_home_id"]:
                    homes[row["partner_id"]] = home
                continue
            updates.append((row["partner_id"], home))
            moves.append(
                {
                    "move_type": "assigned",
                    "partner_id": row["partner_id"],
                    "company_id": row["company_id"],
                    "from_pool_id": row["pool_id"],
                    "to_user_id": row["user_id"],
                    "claim_id": row["id"],
                    "reason": reason,
                }
            )
        if updates:
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET pool_id = NULL, pool_home_id = d.home, pool_missing = false,
                           pool_entry_type = NULL, pool_warned_date = NULL,
                           pool_locked_until = NULL, pool_lock_user_id = NULL
                      FROM unnest(%s::int[], %s::int[]) AS d(id, home)
                     WHERE p.id = d.id
                    """,
                    [partner_id for partner_id, _home in updates],
                    [home for _partner_id, home in updates],
                )
            )
            self.env["res.partner"].invalidate_model()
        self.env["sales.pool.move"]._insert_moves(moves)
        return homes

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
        move = current_ownership_move()
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                SELECT c.id, c.partner_id, c.user_id, c.company_id, c.team_id, c.channel,
                       p.pool_id, p.pool_home_id, p.pool_previous_owner_id,
                       p.pool_cooldown_until, sp.company_id AS pool_company_id,
                       EXISTS (SELECT 1 FROM sales_pool_member_rel m
                                WHERE m.pool_id = p.pool_id AND m.user_id = c.user_id) AS member,
                       -- another record of the customer waiting in a pool
                       -- (a duplicate, or typed again): indexed keys only
                       CASE WHEN p.pool_id IS NULL
                                 AND (c.customer_key IS NOT NULL OR c.credit_code_key IS NOT NULL)
                            THEN (SELECT t.id FROM res_partner t
                                   WHERE t.pool_id IS NOT NULL AND t.is_company
                                     AND (t.company_id IS NULL OR t.company_id = c.company_id)
                                     AND (t.claim_name_key = c.customer_key
                                          OR t.claim_credit_code_key = c.credit_code_key)
                                   ORDER BY t.id LIMIT 1)
                       END AS pool_twin_id
                  -- by primary key, as in _pool_adopt_customers: "id = ANY"
                  -- of a chunk was planned as a scan of every claim and customer
                  FROM unnest(%s::int[]) AS x(id)
                  CROSS JOIN LATERAL (SELECT * FROM sales_claim c WHERE c.id = x.id OFFSET 0) c
                  CROSS JOIN LATERAL (
                      SELECT * FROM res_partner p WHERE p.id = c.partner_id OFFSET 0
                  ) p
                  LEFT JOIN sales_pool sp ON sp.id = p.pool_id
                """,
                self.ids,
            )
        )
        rows = cr.dictfetchall()
        self._pool_check_claimable(rows, claimed=(move["move_type"] or "claimed") == "claimed")
        home_of = self._pool_home_finder(rows)
        homes, moves = [], []
        for row in rows:
            home = home_of(row)
            homes.append(home)
            moves.append(
                {
                    "move_type": move["move_type"] or "claimed",
                    "partner_id": row["partner_id"],
                    "company_id": row["company_id"],
                    "from_pool_id": row["pool_id"],
                    "from_user_id": move["from_user_id"],
                    "to_user_id": row["user_id"],
                    "claim_id": row["id"],
                    "reason": move["reason"],
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
        move_type = current_ownership_move()["move_type"] or (
            "expired" if reason == "expired" else "released"
        )
        cr.execute(
            SQL(
                """
                SELECT c.id, c.partner_id, c.user_id, c.company_id, c.team_id, c.close_reason,
                       c.channel, p.pool_home_id, p.pool_cycle_count
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
        companies = {r["company_id"] for r in rows}
        by_team, default, active = Pool._get_target_map(companies)
        agent_pools = Pool._get_agent_pool_map(companies)
        pools = {pool.id: pool for pool in Pool.browse(active)}
        no_pool = self.env._("No pool configured for this customer's sales team or company")
        no_agent_pool = self.env._(
            "No pool named for agents' customers (CRM settings, Public Pools); an agent's "
            "customer never goes to a pool of the direct team"
        )
        updates = {k: [] for k in ("id", "pool", "cycle", "cooldown", "owner", "reason", "entry")}
        moves = []
        for row in rows:
            agent = row["channel"] == "agent"
            if agent:
                target = agent_pools.get(row["company_id"])
            else:
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
                "reason": why if target else f"{why} - {no_agent_pool if agent else no_pool}",
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
