"""Public pools (公海) of the benchmark data set (needs sales_public_pool).

10 pools; the teams are spread over pools 2-10, pool 1 is the company's
default pool and every rep is a member of it (it is the pool the distribution
benchmark distributes from). Unclaimed companies sit in the pools (2/10 of
them in pool 1), claimed ones have their home pool and a recycling countdown
that is not due: the follow-up rule is 30 days and the last follow-up or claim
is at most 29 days old.
"""

import json

from dataset import insert


def make_pools(gen):
    env, cr, n = gen.env, gen.cr, gen.n
    teams = env["crm.team"].search([("name", "like", "Bench Team")], order="id")
    reps = env["res.users"].browse(gen.rep_ids)
    admin = env.ref("base.user_admin")
    pools = env["sales.pool"]
    for i in range(n["pools"]):
        pool_teams = teams.filtered(lambda t, i=i: i and teams.ids.index(t.id) % 9 == i - 1)
        members = reps if i == 0 else reps.filtered(lambda u, pt=pool_teams: u.sale_team_id in pt)
        if i and not members:
            members = reps[i :: n["pools"]]
        pools |= pools.create(
            {
                "name": f"Bench Pool {i + 1:02d}",
                "is_default": i == 0,
                "team_ids": [(6, 0, pool_teams.ids)],
                "manager_ids": [(6, 0, admin.ids)],
                "member_ids": [(6, 0, members.ids)],
                "holding_cap": 500,
                "daily_cap": 80,
                "followup_rule": True,
                "followup_days": 30,
                "opportunity_rule": False,
                "win_rule": False,
                "exempt_won": True,
                "cooldown_days": 7,
                "max_cycles": 3,
            }
        )
    env.flush_all()
    gen.pool_ids = pools.ids
    # every customer is graded D until it has won revenue: first, while the
    # statistics of the grade (all empty) are fresh
    cr.execute("UPDATE res_partner SET customer_grade = 'D' WHERE customer_grade IS NULL")
    # unclaimed companies into the pools (a tenth stay outside: new prospects),
    # claimed ones get their home pool. Pool 1 (distribution) holds no
    # duplicate of a claimed company, the other pools do.
    cr.execute(
        """
        WITH owned AS (SELECT partner_id FROM sales_claim WHERE state = 'active'
                        AND key_type IN ('company', 'phone')),
        -- joins on sets, not correlated subqueries: those become one scan per
        -- company when the statistics of the fresh tables are off
        claimed_keys AS (SELECT DISTINCT customer_key FROM sales_claim
                          WHERE state = 'active' AND customer_key IS NOT NULL),
        first_of_key AS (SELECT min(id) AS id FROM res_partner
                          WHERE claim_name_key IS NOT NULL GROUP BY claim_name_key),
        target AS (
            SELECT p.id, CASE WHEN p.id %% 10 < 3 AND ck.customer_key IS NULL
                                   AND (p.claim_name_key IS NULL OR f.id IS NOT NULL)
                              THEN 1 ELSE 2 + (p.id / 10) %% 9 END AS pool_index
              FROM res_partner p
              LEFT JOIN claimed_keys ck ON ck.customer_key = p.claim_name_key
              LEFT JOIN first_of_key f ON f.id = p.id
             WHERE p.id BETWEEN %(first)s AND %(last)s AND p.id %% 10 <> 9
               AND NOT EXISTS (SELECT 1 FROM owned o WHERE o.partner_id = p.id))
        UPDATE res_partner p
           SET pool_id = (%(pools)s::int[])[t.pool_index],
               pool_home_id = (%(pools)s::int[])[t.pool_index],
               pool_date = LEAST(p.create_date + (p.id %% 200) * interval '1 day',
                                 %(now)s - interval '1 day'),
               pool_entry_type = (ARRAY['manual','expired','released','recycled'])[1 + p.id %% 4],
               pool_cycle_count = p.id %% 2
          FROM target t
         WHERE p.id = t.id
        """,
        {"pools": pools.ids, "first": gen.first_company, "last": gen.last_company, "now": gen.now},
    )
    by_team = {}
    for pool in pools:
        for team in pool.team_ids:
            by_team[team.id] = pool.id
    cr.execute(
        """
        UPDATE res_partner p
           SET pool_home_id = COALESCE((%(map)s::jsonb ->> c.team_id::text)::int, %(default)s),
               pool_last_followup_date = m.last_date
          FROM sales_claim c
          LEFT JOIN LATERAL (SELECT max(date) AS last_date FROM mail_message
                              WHERE model = 'res.partner' AND res_id = c.partner_id) m ON true
         WHERE c.state = 'active' AND c.partner_id = p.id
        """,
        {"map": json.dumps({str(k): v for k, v in by_team.items()}), "default": pools[0].id},
    )
    # the moves read the home pools just written, the grading and due dates
    # read the pool columns: plan them on the new values
    gen.analyze("res_partner")
    # the claim history as pool moves (daily caps count today's moves)
    insert(
        env,
        """
        INSERT INTO sales_pool_move (date, move_type, partner_id, company_id, from_pool_id,
            to_user_id, author_id, claim_id, create_uid, write_uid, create_date, write_date)
        SELECT c.date_start, 'claimed', c.partner_id, c.company_id, p.pool_home_id, c.user_id,
               c.user_id, c.id, 1, 1, c.date_start, c.date_start
          FROM sales_claim c JOIN res_partner p ON p.id = c.partner_id
         WHERE c.key_type IN ('company', 'phone')
        """,
    )
    gen.analyze("sales_pool_move")
    env["res.partner"].invalidate_model()
    env["res.partner"]._pool_update_grades()
    env["res.partner"]._pool_recompute_recycle_date()
