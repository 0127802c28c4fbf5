"""Set-based test data for the scale and concurrency tests: thousands of
companies and claims in one INSERT ... SELECT generate_series each."""

from datetime import timedelta

from odoo import fields


def column_exists(cr, table, column):
    cr.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        [table, column],
    )
    return bool(cr.fetchone())


def insert_companies(cr, count, prefix):
    """``count`` companies named ``<prefix> <hash of n> Co., Ltd.``; returns their ids.

    The normalized name is what ``normalize_company_name`` gives for these
    names (``<prefix lowercased><hash>``), so duplicate checks find them; the
    hash makes the names as different from each other as real ones.
    """
    grade = column_exists(cr, "res_partner", "customer_grade")
    cr.execute(
        f"""
        INSERT INTO res_partner (name, complete_name, commercial_company_name, is_company, type,
            active, partner_share, lang, autopost_bills, invoice_warn, sale_warn, color,
            claim_name_key, customer_rank, supplier_rank, create_uid, write_uid, create_date,
            write_date{", customer_grade" if grade else ""})
        SELECT %(prefix)s || ' ' || h || ' Co., Ltd.', %(prefix)s || ' ' || h || ' Co., Ltd.',
               %(prefix)s || ' ' || h || ' Co., Ltd.', true, 'contact', true, true, 'en_US',
               'ask', 'no-message', 'no-message', 0, lower(%(prefix)s) || h, 1, 0, 1, 1,
               now() at time zone 'utc', now() at time zone 'utc'{", 'D'" if grade else ""}
          FROM generate_series(1, %(count)s) g,
               LATERAL (SELECT substr(md5(%(prefix)s || g), 1, 12) AS h) x
        RETURNING id
        """,
        {"prefix": prefix, "count": count},
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE id IN (SELECT unnest(%s::int[]))",
        [ids],
    )
    return ids


def insert_claims(cr, partner_ids, user_ids, policy_id, company_id, days_old=1, base_days=30):
    """Active company-name claims of ``partner_ids``, owners round-robin."""
    now = fields.Datetime.now()
    cr.execute(
        """
        INSERT INTO sales_claim (name, company_id, partner_id, user_id, policy_id, base_days,
            max_days, extension_days, key_type, claim_key, customer_key, channel, state,
            date_start, date_end, date_reminder, create_uid, write_uid, create_date, write_date)
        SELECT 'SCALE/' || p.id, %(company)s, p.id,
               (%(users)s::int[])[1 + (row_number() OVER (ORDER BY p.id))::int
                                      %% cardinality(%(users)s::int[])],
               %(policy)s, %(base)s, 90, 0, 'company', p.claim_name_key, p.claim_name_key,
               'direct', 'active', %(start)s, %(start)s + make_interval(days => %(base)s),
               %(start)s + make_interval(days => %(base)s - 3), 1, 1, %(start)s, %(start)s
          FROM res_partner p WHERE p.id IN (SELECT unnest(%(ids)s::int[]))
        RETURNING id
        """,
        {
            "company": company_id,
            "users": list(user_ids),
            "policy": policy_id,
            "base": base_days,
            "start": now - timedelta(days=days_old),
            "ids": list(partner_ids),
        },
    )
    ids = [row[0] for row in cr.fetchall()]
    cr.execute(
        """UPDATE res_partner p SET user_id = c.user_id FROM sales_claim c
            WHERE c.id IN (SELECT unnest(%s::int[])) AND c.partner_id = p.id""",
        [ids],
    )
    return ids
