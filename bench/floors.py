"""The floor beside each figure: the bare PostgreSQL form of the operation.

Each floor is one set-based SQL statement that writes the same rows (or reads
the same index) as the operation measured, on the same data, in the same run
and the same kind of rolled-back transaction; no Python, no ORM, no chatter,
no checks. The ratio ours / floor says how much of a figure is the work
PostgreSQL cannot avoid and how much is ours:

* expiry: the due claims expired, their customers (companies and contacts)
  without salesperson, the companies back in their home pool, one pool move
  each (one UPDATE with data-modifying CTEs);
* duplicate check: the indexed equality on the normalized key among active
  claims, then the trigram similarity on the normalized name (two SELECTs);
* credit report: one GROUP BY person x month over the credited split lines
  (their own posted flag and invoice date, as the report reads them);
* adoption: one INSERT ... SELECT of the claims with their followers and
  one chatter message per customer, then one UPDATE of the companies' home
  pool and due date;
* distribution: one INSERT ... SELECT of the claims round robin, the
  customers taken out of the pool (with their contacts' salesperson) and one
  pool move each.
"""

import time

from odoo.tools import SQL

EXPIRE_REASON = "Protection period ended"
RECYCLE_REASON = "Recycled: No follow-up"


def timed(cr, query, params=None):
    """Seconds ``query`` takes, its rows fetched."""
    t0 = time.perf_counter()
    cr.execute(query, params)
    if cr.description:
        cr.fetchall()
    return time.perf_counter() - t0


def has_pool(cr):
    cr.execute("SELECT to_regclass('sales_pool') IS NOT NULL")
    return cr.fetchone()[0]


# --------------------------------------------------------------------------- expiry


def expiry(env):
    """Expire the active claims past their end that the cron expires (the
    due set the benchmark made, less those the cron holds: won or locked
    customers)."""
    held = env["sales.claim"]._expiry_held_sql()
    due = SQL(
        """
        UPDATE sales_claim SET state = 'expired', date_closed = now() at time zone 'utc',
               close_reason = %s, write_date = now() at time zone 'utc', write_uid = 1
         WHERE state = 'active' AND date_end <= now() at time zone 'utc' AND NOT (%s)
        RETURNING id, partner_id, user_id, company_id, key_type
        """,
        EXPIRE_REASON,
        held,
    )
    return _back_to_pool(env.cr, due, "expired")


def recycling(env):
    """Recycle the customers past their recycling date: end their active
    claims (as the cron does, reason "Recycled"), put them back in their home
    pool without salesperson (their contacts too), one pool move each."""
    due = SQL(
        """
        UPDATE sales_claim c SET state = 'expired', date_closed = now() at time zone 'utc',
               close_reason = %s, write_date = now() at time zone 'utc', write_uid = 1
          FROM res_partner p
         WHERE p.id = c.partner_id AND c.state = 'active' AND c.key_type IN ('company', 'phone')
           AND p.pool_recycle_date <= now() at time zone 'utc'
        RETURNING c.id, c.partner_id, c.user_id, c.company_id, c.key_type
        """,
        RECYCLE_REASON,
    )
    return _back_to_pool(env.cr, due, "recycled")


def _back_to_pool(cr, due, move_type):
    """``due`` (an UPDATE of claims RETURNING id, partner_id, user_id,
    company_id, key_type) and, in the same statement, its customers back in
    their home pool with one pool move each (without pools: the salesperson
    cleared). Returns the seconds it took."""
    if not has_pool(cr):
        return timed(
            cr,
            SQL(
                """
                WITH due AS (%s)
                UPDATE res_partner p SET user_id = NULL
                  FROM due WHERE due.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = due.partner_id AND p.user_id = due.user_id
                """,
                due,
            ),
        )
    return timed(
        cr,
        SQL(
            """
            WITH due AS (%s),
            back AS (
                UPDATE res_partner p
                   SET user_id = NULL,
                       pool_id = CASE WHEN p.id = due.partner_id THEN p.pool_home_id
                                      ELSE p.pool_id END,
                       pool_date = CASE WHEN p.id = due.partner_id
                                        THEN now() at time zone 'utc' ELSE p.pool_date END,
                       pool_entry_type = CASE WHEN p.id = due.partner_id THEN %s
                                              ELSE p.pool_entry_type END,
                       pool_previous_owner_id = CASE WHEN p.id = due.partner_id
                                                     THEN due.user_id
                                                     ELSE p.pool_previous_owner_id END,
                       pool_recycle_date = NULL
                  FROM due
                 WHERE due.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = due.partner_id)
            INSERT INTO sales_pool_move (date, move_type, partner_id, company_id, to_pool_id,
                from_user_id, claim_id, create_uid, write_uid, create_date, write_date)
            SELECT now() at time zone 'utc', %s, due.partner_id, due.company_id,
                   p.pool_home_id, due.user_id, due.id, 1, 1, now() at time zone 'utc',
                   now() at time zone 'utc'
              FROM due JOIN res_partner p ON p.id = due.partner_id
             WHERE due.key_type IN ('company', 'phone')
            """,
            due,
            move_type,
            move_type,
        ),
    )


def nothing_due(cr):
    """What the crons must find when nothing is due: the due claims and the
    due customers, by their indexes; returns the seconds it took."""
    t0 = time.perf_counter()
    cr.execute(
        "SELECT id FROM sales_claim WHERE state = 'active' "
        "AND date_end <= now() at time zone 'utc' ORDER BY date_end, id LIMIT 1"
    )
    cr.fetchall()
    if has_pool(cr):
        cr.execute(
            "SELECT id FROM res_partner WHERE pool_recycle_date <= now() at time zone 'utc' "
            "ORDER BY pool_recycle_date, id LIMIT 1"
        )
        cr.fetchall()
    return time.perf_counter() - t0


def _exact_check(cr, company_id, key, partner_id):
    """An active claim on the key or the customer (what the unique indexes guard)."""
    cr.execute(
        """
        SELECT id FROM sales_claim
         WHERE state = 'active' AND company_id = %(company)s
           AND (customer_key = %(key)s OR (key_type = 'company' AND claim_key = %(key)s)
                OR (key_type IN ('company', 'phone') AND partner_id = %(partner)s))
         LIMIT 1
        """,
        {"company": company_id, "key": key, "partner": partner_id},
    )
    cr.fetchall()


def registration(cr, company_id, partner_id, user_id, key):
    """Register a claim: the exact check of its key and customer among the
    active claims, then one INSERT of the claim; returns the seconds."""
    policy_id, days = _policy(cr)
    t0 = time.perf_counter()
    _exact_check(cr, company_id, key, partner_id)
    cr.execute(
        f"""
        INSERT INTO sales_claim ({CLAIM_COLUMNS})
        VALUES ('FLOOR/' || %(partner)s, %(company)s, %(partner)s, %(user)s, NULL, %(policy)s,
                %(days)s, 90, 0, 'company', %(key)s, %(key)s, 'direct', 'active',
                now() at time zone 'utc',
                now() at time zone 'utc' + make_interval(days => %(days)s),
                now() at time zone 'utc' + make_interval(days => %(days)s - 3),
                1, 1, now() at time zone 'utc', now() at time zone 'utc')
        """,
        {
            "company": company_id,
            "partner": partner_id,
            "user": user_id,
            "policy": policy_id,
            "days": days,
            "key": key,
        },
    )
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- duplicates


def duplicate_check(cr, company_id, key, partner_id, threshold):
    """Exact: an active claim on the key or the customer (unique indexes).
    Near: names similar to the key (trigram index)."""
    t0 = time.perf_counter()
    _exact_check(cr, company_id, key, partner_id)
    cr.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(threshold)])
    cr.execute(
        """
        SELECT id, similarity(claim_name_key, %(key)s) AS score FROM res_partner
         WHERE claim_name_key %% %(key)s AND active
         ORDER BY score DESC, id LIMIT 5
        """,
        {"key": key},
    )
    cr.fetchall()
    return time.perf_counter() - t0


# --------------------------------------------------------------------------- credit report


def credit_report(cr):
    """Credited revenue and commission by person and month over the credited
    shares (their own posted flag and invoice date, as the report reads
    them); returns ``(seconds, cells)``."""
    t0 = time.perf_counter()
    cr.execute(
        """
        SELECT line.user_id, date_trunc('month', line.credit_date),
               sum(line.amount_company), sum(line.commission_amount)
          FROM sales_credit_split_line line
         WHERE line.credited
         GROUP BY 1, 2
        """
    )
    cells = len(cr.fetchall())
    return time.perf_counter() - t0, cells


# --------------------------------------------------------------------------- claims in bulk

CLAIM_COLUMNS = """name, company_id, partner_id, user_id, team_id, policy_id, base_days,
    max_days, extension_days, key_type, claim_key, customer_key, channel, state, date_start,
    date_end, date_reminder, create_uid, write_uid, create_date, write_date"""


def _policy(cr):
    cr.execute(
        "SELECT id, base_days FROM sales_claim_policy WHERE active AND key_type = 'company' "
        "ORDER BY id LIMIT 1"
    )
    return cr.fetchone()


def adoption(cr, partner_ids, pool_id):
    """Claims for the companies given (their salesperson as owner, one per
    normalized name), each owner following their claim, one chatter message
    per customer, then the home pool and due date on the companies; returns
    ``(seconds, claims, rewrite_seconds)``, ``rewrite_seconds`` the part of
    the companies' rewrite (what the recycling state kept on the claim
    would save)."""
    policy_id, days = _policy(cr)
    t0 = time.perf_counter()
    cr.execute(
        f"""
        WITH claims AS (
            INSERT INTO sales_claim ({CLAIM_COLUMNS})
            SELECT DISTINCT ON (p.claim_name_key)
                   'FLOOR/' || p.id, COALESCE(p.company_id, 1), p.id, p.user_id,
                   u.sale_team_id, %(policy)s, %(days)s, 90, 0, 'company', p.claim_name_key,
                   p.claim_name_key, 'direct', 'active', now() at time zone 'utc',
                   now() at time zone 'utc' + make_interval(days => %(days)s),
                   now() at time zone 'utc' + make_interval(days => %(days)s - 3),
                   1, 1, now() at time zone 'utc', now() at time zone 'utc'
              FROM res_partner p JOIN res_users u ON u.id = p.user_id
             WHERE p.id = ANY(%(ids)s)
             ORDER BY p.claim_name_key, p.id
            RETURNING id, partner_id, user_id
        ), followers AS (
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'sales.claim', c.id, u.partner_id
              FROM claims c JOIN res_users u ON u.id = c.user_id
        ), messages AS (
            INSERT INTO mail_message (model, res_id, body, message_type, subtype_id, author_id,
                                      date, is_internal, create_uid, create_date, write_uid,
                                      write_date)
            SELECT 'res.partner', c.partner_id, '<p>Ownership adopted</p>', 'notification',
                   (SELECT res_id FROM ir_model_data WHERE module = 'mail' AND name = 'mt_note'),
                   2, now() at time zone 'utc', true, 1, now() at time zone 'utc', 1,
                   now() at time zone 'utc'
              FROM claims c
        )
        SELECT array_agg(partner_id) FROM claims
        """,
        {"policy": policy_id, "days": days, "ids": partner_ids},
    )
    adopted = cr.fetchone()[0] or []
    t1 = time.perf_counter()
    if pool_id:
        cr.execute(
            """
            UPDATE res_partner SET pool_home_id = %s,
                   pool_recycle_date = now() at time zone 'utc' + interval '30 days'
             WHERE id IN (SELECT unnest(%s::int[]))
            """,
            [pool_id, adopted],
        )
    t2 = time.perf_counter()
    return t2 - t0, len(adopted), t2 - t1


def distribution(cr, pool_id, user_ids, n):
    """``n`` customers of the pool (the wizard's order) claimed round robin by
    ``user_ids``: claims, customers out of the pool with their contacts'
    salesperson, one pool move each; returns ``(seconds, claims)``."""
    policy_id, days = _policy(cr)
    t0 = time.perf_counter()
    cr.execute(
        f"""
        WITH pick AS (
            SELECT p.id, p.claim_name_key, p.company_id,
                   row_number() OVER (ORDER BY p.pool_date, p.id) AS rn
              FROM res_partner p
             WHERE p.pool_id = %(pool)s AND p.claim_name_key IS NOT NULL
             ORDER BY p.pool_date, p.id LIMIT %(n)s),
        claims AS (
            INSERT INTO sales_claim ({CLAIM_COLUMNS})
            SELECT 'FLOOR/' || pick.id, COALESCE(pick.company_id, 1), pick.id, u.id,
                   u.sale_team_id, %(policy)s, %(days)s, 90, 0, 'company', pick.claim_name_key,
                   pick.claim_name_key, 'direct', 'active', now() at time zone 'utc',
                   now() at time zone 'utc' + make_interval(days => %(days)s),
                   now() at time zone 'utc' + make_interval(days => %(days)s - 3),
                   1, 1, now() at time zone 'utc', now() at time zone 'utc'
              FROM pick
              JOIN res_users u ON u.id = (%(users)s::int[])[1 + pick.rn %% %(nusers)s]
            RETURNING id, partner_id, user_id, company_id),
        taken AS (
            UPDATE res_partner p
               SET user_id = c.user_id,
                   pool_id = CASE WHEN p.id = c.partner_id THEN NULL ELSE p.pool_id END,
                   pool_home_id = CASE WHEN p.id = c.partner_id THEN %(pool)s
                                       ELSE p.pool_home_id END,
                   pool_entry_type = NULL,
                   pool_recycle_date = CASE WHEN p.id = c.partner_id
                        THEN now() at time zone 'utc' + interval '30 days' END
              FROM claims c WHERE p.commercial_partner_id = c.partner_id)
        INSERT INTO sales_pool_move (date, move_type, partner_id, company_id, from_pool_id,
            to_user_id, claim_id, create_uid, write_uid, create_date, write_date)
        SELECT now() at time zone 'utc', 'assigned', c.partner_id, c.company_id, %(pool)s,
               c.user_id, c.id, 1, 1, now() at time zone 'utc', now() at time zone 'utc'
          FROM claims c
        """,
        {
            "pool": pool_id,
            "n": n,
            "users": user_ids,
            "nusers": len(user_ids),
            "policy": policy_id,
            "days": days,
        },
    )
    count = cr.rowcount
    return time.perf_counter() - t0, count
