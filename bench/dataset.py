"""Benchmark data set: a realistic B2B customer base generated with set-based SQL.

Everything scales with ``scale`` (the number of companies). At 1,000,000:
1,000,000 companies, ~1,500,000 contacts with phones, 2,000 reps in 50 teams,
10 pools, 300,000 active claims of mixed ages (+100,000 closed ones),
200,000 opportunities, 500,000 follow-up messages, 100,000 activities, and,
when the credit split addon is installed, 1,000,000 invoice lines with splits.

Company names (``names.py``) are Chinese (60 %) and English (40 %), with
exact duplicates in another spelling (2 %) and near duplicates (3 %) on
purpose, so the duplicate check meets what it meets in production. Users,
teams and pools are created through the ORM (few, and they need Odoo's side
effects); the bulk rows go in with COPY or INSERT ... SELECT generate_series.
"""

import io
import logging
import random
import re
import time
from datetime import datetime, timedelta

from names import company_names, duplicate_shares, vocabularies

_logger = logging.getLogger("bench.dataset")

CN_SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
CN_GIVEN = list("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰")
EN_FIRST = (
    "James Mary John Linda Robert Susan Michael Karen David Lisa William Nancy Richard "
    "Betty Thomas Sandra Daniel Ashley Paul Emily Mark Donna Steven Carol"
).split()
EN_LAST = (
    "Smith Johnson Brown Taylor Miller Wilson Moore Anderson Thomas Jackson White Harris "
    "Martin Thompson Garcia Clark Lewis Walker Hall Young Allen King Wright Scott"
).split()


def counts(scale):
    """How many rows of each kind a data set of ``scale`` companies has."""
    reps = max(40, scale // 500)
    return {
        "companies": scale,
        "reps": reps,
        "teams": max(4, reps // 40),
        "pools": 10,
        "active_claims": scale * 3 // 10,
        "closed_claims": scale // 10,
        "opportunities": scale // 5,
        "messages": scale // 2,
        "activities": scale // 10,
        "invoice_lines": scale,
    }


def _copy(cr, table, columns, rows):
    buf = io.StringIO()
    for row in rows:
        buf.write("\t".join("\\N" if v is None else str(v) for v in row))
        buf.write("\n")
    buf.seek(0)
    cr._obj.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buf)


def required_defaults(env, table, columns):
    """``{column: value}`` for the NOT NULL columns of ``table`` that
    ``columns`` leaves out (columns other addons add, e.g. a required
    selection), from the ORM defaults of their fields."""
    cr = env.cr
    cr.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND is_nullable = 'NO' AND column_default IS NULL AND column_name <> 'id'",
        [table],
    )
    missing = [r[0] for r in cr.fetchall() if r[0] not in columns]
    if not missing:
        return {}
    model = next(m for m in env.registry.models.values() if m._table == table and not m._abstract)
    Model = env[model._name]
    defaults = Model.default_get(missing)
    values = {}
    for column in missing:
        field = Model._fields.get(column)
        if column in defaults:
            value = defaults[column]
        elif field is not None and field.type == "boolean":
            value = False
        elif field is not None and field.type in ("integer", "float", "monetary"):
            value = 0
        elif field is not None and field.type == "selection":
            value = field.get_values(env)[0]
        else:
            raise ValueError(f"no value for the required column {table}.{column}")
        values[column] = value
    return values


def insert(env, query, params=None):
    """Run an ``INSERT INTO table (columns) SELECT ...`` after adding the
    required columns it leaves out (see ``required_defaults``)."""
    match = re.search(r"INSERT INTO (\w+) \(([^)]*)\)", query)
    table, columns = match.group(1), {c.strip() for c in match.group(2).split(",")}
    extra = required_defaults(env, table, columns)
    if extra:
        params = dict(params or {})
        names = []
        for i, value in enumerate(extra.values()):
            params[f"_req{i}"] = value
            names.append(f"%(_req{i})s")
        query = query.replace(
            f"INSERT INTO {table} (", f"INSERT INTO {table} ({', '.join(extra)}, ", 1
        )
        head, tail = query.split("SELECT ", 1)
        query = f"{head}SELECT {', '.join(names)}, {tail}"
    env.cr.execute(query, params)


def _reserve_ids(cr, table, n):
    cr.execute(f"SELECT nextval('{table}_id_seq')")
    first = cr.fetchone()[0]
    cr.execute(f"SELECT setval('{table}_id_seq', %s)", [first + n])
    return first


class Generator:
    def __init__(self, env, scale, seed=42, log=print, commit=True):
        self.env = env
        self.cr = env.cr
        self.scale = scale
        self.n = counts(scale)
        self.seed = seed
        self.rng = random.Random(seed)
        self.log = log
        # commit after each step (the data set); a test runs it in its own
        # transaction, rolled back
        self.commit = commit
        self.now = datetime.utcnow().replace(microsecond=0)

    def analyze(self, *tables):
        """Fresh planner statistics of tables just filled or rewritten.

        The load runs in long transactions, and autovacuum analyzes only
        what is committed, later: without this the next statement is planned
        on the statistics of an almost empty table (a nested loop over
        "10 rows" that are 100,000: a claims INSERT that ran for 20 minutes
        at the default scale). ANALYZE works inside the transaction and
        sees its rows. Each table by name: a database-wide ANALYZE would
        read every table again after each step."""
        for table in tables:
            self.cr.execute(f"ANALYZE {table}")

    def step(self, label, fn, tables=()):
        """Run one step, then analyze the ``tables`` it filled (its last
        statements; what it reads after its own writes, it analyzes itself)."""
        t0 = time.time()
        fn()
        self.analyze(*tables)
        if self.commit:
            self.cr.commit()
        self.log(f"  {label}: {time.time() - t0:.1f} s")

    def run(self):
        cr = self.cr
        cr.execute("SET LOCAL synchronous_commit = off")
        self.step(
            "teams, reps, policy",
            self.make_org,
            ("res_users", "res_partner", "crm_team", "crm_team_member", "sales_claim_policy"),
        )
        self.step("drop GIN indexes during the load", self.drop_gin_indexes)
        self.step(f"{self.n['companies']} companies", self.make_companies, ("res_partner",))
        self.step("contacts and phones", self.make_contacts, ("res_partner",))
        self.step(
            f"{self.n['active_claims']} active claims",
            self.make_claims,
            ("res_partner",),
        )
        self.step(f"{self.n['opportunities']} opportunities", self.make_leads, ("crm_lead",))
        self.step("messages and activities", self.make_followups, ("mail_message", "mail_activity"))
        if "pool_id" in self.env["res.partner"]._fields:
            self.step("pools", self.make_pools, ("res_partner",))
        if "sales.credit.report" in self.env:
            self.step(
                "invoice lines with splits",
                self.make_invoices,
                ("account_move", "account_move_line", "sales_credit_split_line"),
            )
        self.step("rebuild GIN indexes", self.restore_gin_indexes)
        self.step("duplicates in the names", self.report_names)
        # the rest (small tables the ORM wrote, many-to-many links): once
        self.step("analyze", lambda: cr.execute("ANALYZE"))

    def report_names(self):
        """Where the names come from, and how many look alike."""
        for what, size, source in vocabularies():
            self.log(f"    {what}: {size:,} ({source})")
        self.env.invalidate_all()
        exact, near, sampled = duplicate_shares(
            self.env,
            self.first_company,
            self.last_company,
            sample=min(300, max(50, self.scale // 50)),
        )
        self.log(
            f"    companies sharing a normalized name: {exact:.1%} (2 % made on purpose); "
            f"warned of a near match of another name by the duplicate check: {near:.1%} of "
            f"{sampled} sampled (3 % made on purpose)"
        )

    GIN_TABLES = ("res_partner", "crm_lead", "mail_message", "account_move", "mail_activity")

    def drop_gin_indexes(self):
        """Trigram (GIN) indexes are slow to maintain row by row: drop them
        for the bulk load and build them once at the end."""
        self.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) AND indexdef LIKE '%%USING gin%%'",
            [list(self.GIN_TABLES)],
        )
        self.gin_indexes = self.cr.fetchall()
        for name, _definition in self.gin_indexes:
            self.cr.execute(f'DROP INDEX "{name}"')

    def restore_gin_indexes(self):
        self.cr.execute("SET maintenance_work_mem = '512MB'")
        for _name, definition in self.gin_indexes:
            self.cr.execute(definition)

    # ------------------------------------------------------------------ org

    def make_org(self):
        env = self.env
        ctx = {
            "tracking_disable": True,
            "mail_create_nosubscribe": True,
            "no_reset_password": True,
            "mail_notrack": True,
        }
        company = env.ref("base.main_company")
        self.company_id = company.id
        salesman = env.ref("sales_team.group_sale_salesman")
        teams = (
            env["crm.team"]
            .with_context(**ctx)
            .create(
                [
                    {
                        "name": f"Bench Team {t + 1:02d}",
                        "use_leads": True,
                        "use_opportunities": True,
                        "company_id": company.id,
                    }
                    for t in range(self.n["teams"])
                ]
            )
        )
        users = (
            env["res.users"]
            .with_context(**ctx)
            .create(
                [
                    {
                        "name": f"Bench Rep {r + 1:04d}",
                        "login": f"bench.rep.{r + 1:04d}",
                        "email": f"bench.rep.{r + 1:04d}@example.com",
                        "groups_id": [(6, 0, [salesman.id])],
                        "company_id": company.id,
                        "company_ids": [(6, 0, [company.id])],
                    }
                    for r in range(self.n["reps"])
                ]
            )
        )
        env["crm.team.member"].with_context(**ctx).create(
            [
                {"crm_team_id": teams[r % len(teams)].id, "user_id": u.id, "assignment_max": 30}
                for r, u in enumerate(users)
            ]
        )
        for r, u in enumerate(users):
            u.sale_team_id = teams[r % len(teams)]
        policy = env.ref("sales_claim_registration.policy_company_default")
        policy.write({"base_days": 30, "max_days": 90})
        self.policy_id = policy.id
        phone_policy = env["sales.claim.policy"].search(
            [("key_type", "=", "phone"), ("company_id", "=", company.id)], limit=1
        ) or policy.copy({"name": "Bench phone policy", "key_type": "phone"})
        self.phone_policy_id = phone_policy.id
        env.flush_all()
        self.cn_id = env.ref("base.cn").id
        self.us_id = env.ref("base.us").id

    # ------------------------------------------------------------------ customers

    def make_companies(self):
        from odoo.addons.sales_claim_registration.tools.claim_key import (  # noqa: PLC0415
            normalize_company_name,
            normalize_phone,
        )

        n = self.n["companies"]
        first = _reserve_ids(self.cr, "res_partner", n)
        self.first_company, self.last_company = first, first + n - 1
        cols = [
            "id",
            "name",
            "complete_name",
            "commercial_company_name",
            "commercial_partner_id",
            "is_company",
            "type",
            "active",
            "partner_share",
            "lang",
            "country_id",
            "phone",
            "phone_sanitized",
            "claim_phone_key",
            "email",
            "email_normalized",
            "customer_rank",
            "supplier_rank",
            "invoice_warn",
            "sale_warn",
            "autopost_bills",
            "claim_name_key",
            "color",
            "message_bounce",
            "create_uid",
            "write_uid",
            "create_date",
            "write_date",
        ]
        extra = required_defaults(self.env, "res_partner", cols)
        cols += list(extra)
        extra_values = tuple(extra.values())
        rng = self.rng
        now = self.now
        names = company_names(n, seed=self.seed)
        rows = []
        for i, company in enumerate(names):
            name, is_cn = company.text, company.is_cn
            pid = first + i
            email = f"info{i}@{'example.cn' if is_cn else 'example.com'}"
            phone_n = 10000000 + i
            if is_cn:
                phone = f"+86 10 {phone_n // 10000:04d} {phone_n % 10000:04d}"
                sanitized = f"+8610{phone_n}"
            else:
                phone = f"+1 212 {200 + (i // 10000) % 800} {i % 10000:04d}"
                sanitized = f"+1212{200 + (i // 10000) % 800}{i % 10000:04d}"
            created = now - timedelta(days=rng.randrange(1, 1500))
            rows.append(
                (
                    pid,
                    name,
                    name,
                    name,
                    pid,
                    "t",
                    "contact",
                    "t",
                    "t",
                    "zh_CN" if is_cn else "en_US",
                    self.cn_id if is_cn else self.us_id,
                    phone,
                    sanitized,
                    normalize_phone(phone),
                    email,
                    email,
                    1,
                    0,
                    "no-message",
                    "no-message",
                    "ask",
                    normalize_company_name(name) or None,
                    0,
                    0,
                    1,
                    1,
                    created,
                    created,
                )
                + extra_values
            )
            if len(rows) >= 50000:
                _copy(self.cr, "res_partner", cols, rows)
                rows = []
        if rows:
            _copy(self.cr, "res_partner", cols, rows)

    def make_contacts(self):
        """One or two contacts per company with unique mobiles; 1 % of second
        contacts share the mobile of another company's contact (duplicates)."""
        insert(
            self.env,
            """
            INSERT INTO res_partner (name, complete_name, parent_id, commercial_partner_id,
                commercial_company_name, is_company, type, active, partner_share, lang, country_id,
                mobile, phone_sanitized, claim_mobile_key, email, email_normalized, function,
                customer_rank,
                supplier_rank, invoice_warn, sale_warn, autopost_bills, color, message_bounce,
                create_uid, write_uid, create_date, write_date)
            SELECT cn.name, c.name || ', ' || cn.name, c.id, c.id, c.name, false, 'contact', true,
                   true, c.lang, c.country_id, ph.mobile, ph.e164, ph.e164,
                   'contact' || s.seq || '@' || split_part(c.email, '@', 2),
                   'contact' || s.seq || '@' || split_part(c.email, '@', 2),
                   (ARRAY['CEO','采购经理','IT Manager','财务总监','Buyer'])[1 + s.seq %% 5],
                   0, 0, 'no-message', 'no-message', 'ask', 0, 0, 1, 1, c.create_date, c.create_date
              FROM res_partner c
              CROSS JOIN LATERAL generate_series(1, 1 + (c.id %% 2)) AS k
              CROSS JOIN LATERAL (SELECT (c.id - %(first)s) * 2 + k - 1 AS seq) s
              CROSS JOIN LATERAL (SELECT CASE WHEN k = 2 AND c.id %% 100 = 0
                                              THEN (c.id - %(first)s + 7919) %% %(n)s * 2
                                              ELSE s.seq END AS pseq) d
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN c.country_id = %(cn)s
                              THEN '+86 138 ' || lpad((d.pseq / 10000)::text, 4, '0') || ' '
                                   || lpad((d.pseq %% 10000)::text, 4, '0')
                              ELSE '+1 646 ' || (200 + (d.pseq / 10000) %% 800) || ' '
                                   || lpad((d.pseq %% 10000)::text, 4, '0') END AS mobile,
                         CASE WHEN c.country_id = %(cn)s
                              THEN '+86138' || lpad(d.pseq::text, 8, '0')
                              ELSE '+1646' || (200 + (d.pseq / 10000) %% 800)
                                   || lpad((d.pseq %% 10000)::text, 4, '0') END AS e164) ph
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN c.country_id = %(cn)s
                              THEN (%(sur)s::text[])[1 + (c.id * 7 + k) %% %(nsur)s]
                                   || (%(giv)s::text[])[1 + (c.id * 13 + k) %% %(ngiv)s]
                              ELSE (%(first_names)s::text[])[1 + (c.id * 7 + k) %% %(nfirst)s]
                                   || ' '
                                   || (%(last_names)s::text[])[1 + (c.id * 13 + k) %% %(nlast)s]
                              END AS name) cn
             WHERE c.id BETWEEN %(first)s AND %(last)s
            """,
            {
                "first": self.first_company,
                "last": self.last_company,
                "n": self.n["companies"],
                "cn": self.cn_id,
                "sur": CN_SURNAMES,
                "nsur": len(CN_SURNAMES),
                "giv": CN_GIVEN,
                "ngiv": len(CN_GIVEN),
                "first_names": EN_FIRST,
                "nfirst": len(EN_FIRST),
                "last_names": EN_LAST,
                "nlast": len(EN_LAST),
            },
        )

    # ------------------------------------------------------------------ claims

    def make_claims(self):
        """Active claims of mixed ages (0-29 days old, 30 days protection:
        none due), plus closed ones; the owner is the salesperson of the
        company and its contacts. One active claim per normalized name."""
        cr = self.cr
        n_active, n_closed = self.n["active_claims"], self.n["closed_claims"]
        cr.execute(
            "SELECT id, sale_team_id FROM res_users WHERE login LIKE 'bench.rep.%%' ORDER BY id"
        )
        reps = cr.fetchall()
        self.rep_ids = [r[0] for r in reps]
        cr.execute(
            "CREATE TEMP TABLE bench_rep AS SELECT row_number() OVER (ORDER BY id) - 1 AS rn, "
            "id, sale_team_id FROM res_users WHERE login LIKE 'bench.rep.%%'"
        )
        self.analyze("bench_rep")
        cr.execute(
            """
            CREATE TEMP TABLE bench_pick AS
            SELECT id, claim_name_key, row_number() OVER (ORDER BY md5(id::text)) AS rn
              FROM (SELECT DISTINCT ON (claim_name_key) id, claim_name_key
                      FROM res_partner
                     WHERE id BETWEEN %s AND %s AND claim_name_key IS NOT NULL
                     ORDER BY claim_name_key, id) d
            """,
            [self.first_company, self.last_company],
        )
        self.analyze("bench_pick")
        nreps = len(reps)
        insert(
            self.env,
            """
            INSERT INTO sales_claim (name, company_id, partner_id, contact_id, user_id, team_id,
                policy_id, base_days, max_days, extension_days, key_type, claim_key, customer_key,
                channel, state, date_start, date_end, date_reminder, date_closed, close_reason,
                create_uid, write_uid, create_date, write_date)
            SELECT 'BENCH/' || lpad(p.rn::text, 7, '0'), %(company)s, p.id,
                   CASE WHEN p.rn %% 10 = 0 THEN ct.id END, r.id, r.sale_team_id,
                   CASE WHEN p.rn %% 10 = 0 THEN %(phone_policy)s ELSE %(policy)s END, 30, 90, 0,
                   CASE WHEN p.rn %% 10 = 0 THEN 'phone' ELSE 'company' END,
                   CASE WHEN p.rn %% 10 = 0 THEN ct.phone_sanitized ELSE p.claim_name_key END,
                   p.claim_name_key,
                   (ARRAY['direct','telesales','agent'])[1 + p.rn %% 3],
                   CASE WHEN p.rn <= %(active)s THEN 'active'
                        ELSE (ARRAY['expired','released','won','lost'])[1 + p.rn %% 4] END,
                   t.start, t.start + interval '30 days', t.start + interval '27 days',
                   CASE WHEN p.rn > %(active)s THEN t.start + interval '20 days' END,
                   CASE WHEN p.rn > %(active)s THEN 'bench history' END,
                   1, 1, t.start, t.start
              FROM bench_pick p
              JOIN bench_rep r ON r.rn = p.rn %% %(nreps)s
              JOIN LATERAL (SELECT id, phone_sanitized FROM res_partner
                             WHERE parent_id = p.id ORDER BY id LIMIT 1) ct ON true
              CROSS JOIN LATERAL (
                  SELECT CASE WHEN p.rn <= %(active)s
                              THEN %(now)s - (p.rn %% 29 + 0.5) * interval '1 day'
                              ELSE %(now)s - (60 + p.rn %% 300) * interval '1 day' END AS start) t
             WHERE p.rn <= %(total)s
            """,
            {
                "company": self.company_id,
                "policy": self.policy_id,
                "phone_policy": self.phone_policy_id,
                "active": n_active,
                "total": n_active + n_closed,
                "nreps": nreps,
                "now": self.now,
            },
        )
        self.analyze("sales_claim")
        cr.execute(
            """
            UPDATE res_partner p SET user_id = c.user_id
              FROM sales_claim c
             WHERE c.state = 'active' AND p.commercial_partner_id = c.partner_id
            """
        )
        cr.execute("SELECT setval('sales_claim_id_seq', (SELECT max(id) FROM sales_claim))")

    # ------------------------------------------------------------------ crm

    def make_leads(self):
        cr = self.cr
        cr.execute("SELECT id, is_won FROM crm_stage ORDER BY sequence, id")
        stages = cr.fetchall()
        open_stages = [s[0] for s in stages if not s[1]]
        won = [s[0] for s in stages if s[1]]
        insert(
            self.env,
            """
            INSERT INTO crm_lead (name, type, partner_id, user_id, team_id, company_id, stage_id,
                active, probability, expected_revenue, prorated_revenue, priority, date_open,
                date_last_stage_update, contact_name, partner_name, phone, email_from, lang_id,
                create_uid, write_uid, create_date, write_date, date_closed)
            SELECT p.name || ' - ' || (ARRAY['CRM','ERP','Cloud','Support','License'])[1 + g %% 5],
                   'opportunity', p.id, p.user_id, u.sale_team_id, %(company)s,
                   CASE WHEN g %% 10 = 0 THEN %(won)s
                        ELSE (%(open)s::int[])[1 + g %% %(nopen)s] END,
                   true, CASE WHEN g %% 10 = 0 THEN 100 ELSE 10 + g %% 70 END,
                   1000 + (g::bigint * 7919) %% 500000, 0, '1', t.d, t.d, NULL,
                   p.name, p.phone, p.email,
                   NULL, 1, 1, t.d, t.d, CASE WHEN g %% 10 = 0 THEN t.d + interval '5 days' END
              FROM generate_series(1, %(n)s) g
              JOIN res_partner p ON p.id = %(first)s + (g * 7) %% %(ncomp)s
              LEFT JOIN res_users u ON u.id = p.user_id
              CROSS JOIN LATERAL (SELECT %(now)s - (g %% 120) * interval '1 day'
                                         - (g %% 1440) * interval '1 minute' AS d) t
            """,
            {
                "company": self.company_id,
                "won": won[0] if won else open_stages[-1],
                "open": open_stages,
                "nopen": len(open_stages),
                "n": self.n["opportunities"],
                "first": self.first_company,
                "ncomp": self.n["companies"],
                "now": self.now,
            },
        )

    def make_followups(self):
        """Follow-up notes on claimed customers (0-9 days old) and planned
        activities, written by the owner."""
        cr = self.cr
        note = self.env.ref("mail.mt_note").id
        call = self.env.ref("mail.mail_activity_data_call").id
        cr.execute("SELECT id FROM ir_model WHERE model = 'res.partner'")
        partner_model = cr.fetchone()[0]
        insert(
            self.env,
            """
            INSERT INTO mail_message (model, res_id, message_type, subtype_id, body, author_id,
                date, is_internal, record_company_id, create_uid, write_uid, create_date,
                write_date)
            SELECT 'res.partner', c.partner_id, 'comment', %(note)s,
                   (ARRAY['<p>电话跟进，客户有采购意向</p>',
                          '<p>Visited, demo planned next week</p>',
                          '<p>已发送报价单</p>',
                          '<p>Called the buyer, waiting for budget</p>'])[1 + g %% 4],
                   u.partner_id, t.d, true, %(company)s, c.user_id, c.user_id, t.d, t.d
              FROM generate_series(1, %(n)s) g
              JOIN sales_claim c ON c.id = %(first_claim)s + g %% %(nclaims)s
              JOIN res_users u ON u.id = c.user_id
              CROSS JOIN LATERAL (SELECT %(now)s - (g %% 10) * interval '1 day'
                                         - (g %% 600) * interval '1 minute' AS d) t
            """,
            {
                "note": note,
                "company": self.company_id,
                "n": self.n["messages"],
                "first_claim": self._first_claim(),
                "nclaims": self.n["active_claims"],
                "now": self.now,
            },
        )
        insert(
            self.env,
            """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id,
                user_id, date_deadline, summary, automated, active, create_uid, write_uid,
                create_date, write_date)
            SELECT %(model)s, 'res.partner', c.partner_id, p.name, %(call)s, c.user_id,
                   (%(now)s + (g %% 20 - 5) * interval '1 day')::date,
                   (ARRAY['回访', 'Follow-up call', '确认预算', 'Send quotation'])[1 + g %% 4],
                   false, true, c.user_id, c.user_id, %(now)s, %(now)s
              FROM generate_series(1, %(n)s) g
              JOIN sales_claim c ON c.id = %(first_claim)s + (g * 3) %% %(nclaims)s
              JOIN res_partner p ON p.id = c.partner_id
            """,
            {
                "model": partner_model,
                "call": call,
                "now": self.now,
                "n": self.n["activities"],
                "first_claim": self._first_claim(),
                "nclaims": self.n["active_claims"],
            },
        )

    def _first_claim(self):
        self.cr.execute("SELECT min(id) FROM sales_claim WHERE name LIKE 'BENCH/%%'")
        return self.cr.fetchone()[0]

    # ------------------------------------------------------------------ pools / splits

    def make_pools(self):
        from pool_data import make_pools  # noqa: PLC0415 - needs the pool addon

        make_pools(self)

    def make_invoices(self):
        from split_data import make_invoices  # noqa: PLC0415 - needs the split addon

        make_invoices(self)
