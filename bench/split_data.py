"""Invoices with credit splits (业绩分配) for the benchmark data set (needs
sales_credit_split).

``scale`` credit lines on ``scale / 2`` customer invoices of the last two
years (95 % invoices, 5 % credit notes; 90 % posted), two participants per
invoice (60/40) with their role and commission rate frozen, amounts in company
currency. These are the rows the credit report (``sales.credit.report``)
reads: its view joins the split lines to the invoice headers only, so the
invoices get no journal items here (the report never reads them).
"""

from dataset import insert


def make_invoices(gen):
    env = gen.env
    company = env["res.company"].browse(gen.company_id)
    journal = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    roles = env["sales.credit.role"].search([]).ids
    # every generated share is a revenue share (split types, 18.0.1.2.0); the
    # report's columns (credited, credit_date: 18.0.1.3.0) from the invoice
    revenue = env.ref("sales_credit_split.split_type_revenue").id
    n_moves = max(1, gen.n["invoice_lines"] // 2)
    insert(
        env,
        """
        INSERT INTO account_move (journal_id, company_id, currency_id, name, state, move_type,
            auto_post, date, invoice_date, invoice_date_due, partner_id, commercial_partner_id,
            invoice_user_id, team_id, amount_untaxed, amount_total, amount_untaxed_signed,
            amount_total_signed, amount_residual, payment_state, sequence_prefix,
            sequence_number, invoice_currency_rate, create_uid, write_uid, create_date,
            write_date)
        SELECT %(journal)s, %(company)s, %(currency)s,
               CASE WHEN g %% 10 = 0 THEN '/' ELSE 'BENCH/INV/' || g END,
               CASE WHEN g %% 10 = 0 THEN 'draft' ELSE 'posted' END,
               CASE WHEN g %% 20 = 7 THEN 'out_refund' ELSE 'out_invoice' END,
               'no', d.d, d.d, d.d + 30, p.id, p.id, u.id, u.sale_team_id, a.amt, a.amt,
               a.amt * s.sign, a.amt * s.sign, a.amt, 'not_paid', 'BENCH/INV/', g, 1,
               1, 1, d.d, d.d
          FROM generate_series(1, %(n)s) g
          JOIN res_partner p ON p.id = %(first)s + (g * 11) %% %(ncomp)s
          JOIN res_users u ON u.id = (%(reps)s::int[])[1 + g %% %(nreps)s]
          CROSS JOIN LATERAL (SELECT (now() at time zone 'utc')::date - (g %% 730) AS d) d
          CROSS JOIN LATERAL (SELECT (500 + (g::bigint * 7919) %% 100000)::numeric AS amt) a
          CROSS JOIN LATERAL (SELECT CASE WHEN g %% 20 = 7 THEN -1 ELSE 1 END AS sign) s
        """,
        {
            "journal": journal.id,
            "company": company.id,
            "currency": company.currency_id.id,
            "n": n_moves,
            "first": gen.first_company,
            "ncomp": gen.n["companies"],
            "reps": gen.rep_ids,
            "nreps": len(gen.rep_ids),
        },
    )
    gen.analyze("account_move")  # the split lines are made from the invoices just written
    insert(
        env,
        """
        INSERT INTO sales_credit_split_line (move_id, sequence, company_id, team_id, doc_user_id,
            user_id, role_id, split_type_id, percent, commission_rate, rate_frozen, currency_id,
            amount, amount_company, commission_amount, rate_date, credited, credit_date,
            create_uid, write_uid, create_date, write_date)
        SELECT m.id, k, m.company_id, m.team_id, m.invoice_user_id,
               CASE WHEN k = 1 THEN m.invoice_user_id
                    ELSE (%(reps)s::int[])[1 + (m.id + 7) %% %(nreps)s] END,
               (%(roles)s::int[])[1 + (m.id + k) %% %(nroles)s], %(revenue)s,
               CASE WHEN k = 1 THEN 60 ELSE 40 END, 5, true, m.currency_id,
               m.amount_total_signed * CASE WHEN k = 1 THEN 0.6 ELSE 0.4 END,
               m.amount_total_signed * CASE WHEN k = 1 THEN 0.6 ELSE 0.4 END,
               m.amount_total_signed * CASE WHEN k = 1 THEN 0.03 ELSE 0.02 END,
               m.date, m.state = 'posted', COALESCE(m.invoice_date, m.date),
               1, 1, m.create_date, m.create_date
          FROM account_move m
          CROSS JOIN generate_series(1, 2) k
         WHERE m.sequence_prefix = 'BENCH/INV/'
        """,
        {
            "reps": gen.rep_ids,
            "nreps": len(gen.rep_ids),
            "roles": roles,
            "nroles": len(roles),
            "revenue": revenue,
        },
    )
    gen.analyze("sales_credit_split_line")  # read by the product-line splits
    make_line_splits(gen, roles, revenue)


def make_line_splits(gen, roles, revenue):
    """Product-line splits (18.0.1.3.0): one invoice in ten has a hardware
    line (80 %) and a service line (20 %) whose own split credits another
    rep at 100 %; the invoice's split then credits the hardware line only.
    The report reads these shares like the others (rows of the same table)."""
    env = gen.env
    account = env["account.account"].search([("account_type", "=", "income")], limit=1)
    insert(
        env,
        """
        INSERT INTO account_move_line (move_id, company_id, journal_id, currency_id,
            company_currency_id, account_id, display_type, sequence, name, quantity,
            price_unit, price_subtotal, price_total, balance, amount_currency, debit, credit,
            date, parent_state, create_uid, write_uid, create_date, write_date)
        SELECT m.id, m.company_id, m.journal_id, m.currency_id, m.currency_id, %(account)s,
               'product', k, CASE WHEN k = 1 THEN 'Hardware' ELSE 'Service' END, 1, a.amt,
               a.amt, a.amt, -a.bal, -a.bal, GREATEST(-a.bal, 0), GREATEST(a.bal, 0), m.date,
               m.state, 1, 1, m.create_date, m.create_date
          FROM account_move m
          CROSS JOIN generate_series(1, 2) k
          CROSS JOIN LATERAL (
              SELECT m.amount_untaxed * CASE WHEN k = 1 THEN 0.8 ELSE 0.2 END AS amt,
                     m.amount_untaxed_signed * CASE WHEN k = 1 THEN 0.8 ELSE 0.2 END AS bal
          ) a
         WHERE m.sequence_prefix = 'BENCH/INV/' AND m.id %% 10 = 3
        """,
        {"account": account.id},
    )
    gen.analyze("account_move_line")
    # the invoice's own split credits the hardware line: 80 % of the amount
    env.cr.execute(
        """
        UPDATE sales_credit_split_line line
           SET amount = line.amount * 0.8, amount_company = line.amount_company * 0.8,
               commission_amount = line.commission_amount * 0.8
          FROM account_move m
         WHERE m.id = line.move_id AND m.sequence_prefix = 'BENCH/INV/' AND mod(m.id, 10) = 3
        """
    )
    insert(
        env,
        """
        INSERT INTO sales_credit_split_line (move_id, move_line_id, sequence, company_id,
            team_id, doc_user_id, user_id, role_id, split_type_id, percent, commission_rate,
            rate_frozen, currency_id, amount, amount_company, commission_amount, rate_date,
            credited, credit_date, create_uid, write_uid, create_date, write_date)
        SELECT m.id, l.id, 3, m.company_id, m.team_id, m.invoice_user_id,
               (%(reps)s::int[])[1 + (m.id + 13) %% %(nreps)s],
               (%(roles)s::int[])[1 + m.id %% %(nroles)s], %(revenue)s, 100, 5, true,
               m.currency_id, m.amount_total_signed * 0.2, m.amount_total_signed * 0.2,
               m.amount_total_signed * 0.01, m.date, m.state = 'posted',
               COALESCE(m.invoice_date, m.date), 1, 1, m.create_date, m.create_date
          FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         WHERE m.sequence_prefix = 'BENCH/INV/' AND l.name = 'Service'
        """,
        {
            "reps": gen.rep_ids,
            "nreps": len(gen.rep_ids),
            "roles": roles,
            "nroles": len(roles),
            "revenue": revenue,
        },
    )
