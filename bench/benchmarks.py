"""The benchmarks: each one is timed ``runs`` times on the generated database.

Conventions: a benchmark returns a result dict (see ``_result``); latencies
are in milliseconds, throughputs in customers (or leads) per second. Every
iteration runs in its own transaction that is rolled back, so the data set is
the same for every iteration and every benchmark; the crons' per-batch
commits are turned into flushes (``no_commit``). Only the concurrency
benchmark commits (it needs several connections to see each other's work).
"""

import multiprocessing
import os
import random
import statistics
import time
from contextlib import contextmanager

import floors
import psycopg2
from dataset import insert

import odoo
from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

SCALE_FULL = 1_000_000


def percentile(values, pct):
    """Nearest-rank percentile."""
    ordered = sorted(values)
    if not ordered:
        return None
    rank = max(1, int(round(pct / 100.0 * len(ordered) + 0.4999)))
    return ordered[min(rank, len(ordered)) - 1]


def _result(
    name,
    samples,
    unit,
    goal,
    goal_value,
    higher_is_better=False,
    note="",
    count=None,
    floor=None,
):
    """Summarise samples: latencies (ms, lower is better) or rates (/s).

    ``floor``: samples of the bare PostgreSQL form of the same operation
    (``floors.py``), in the same unit; ``ratio`` is then how many times the
    floor's time ours takes (median against median)."""
    med = statistics.median(samples) if samples else None
    floor_med = statistics.median(floor) if floor else None
    ratio = None
    if med and floor_med:
        ratio = floor_med / med if higher_is_better else med / floor_med
    if higher_is_better:
        # the "p95" of a throughput is the rate reached by 95 % of the runs
        p95 = percentile(samples, 5)
    else:
        p95 = percentile(samples, 95)
    if goal_value is None or p95 is None:
        verdict = "info"
    elif higher_is_better:
        verdict = "pass" if p95 >= goal_value else "GAP"
    else:
        verdict = "pass" if p95 <= goal_value else "GAP"
    return {
        "name": name,
        "runs": len(samples),
        "median": med,
        "p95": p95,
        "unit": unit,
        "goal": goal,
        "verdict": verdict,
        "note": note,
        "count": count,
        "floor": floor_med,
        "ratio": ratio,
    }


def measure_floor(ctx, fn):
    """Samples of a floor (``fn()`` returns them), or ``None`` when it fails
    (a figure without its floor is still a figure)."""
    try:
        return fn()
    except Exception as exc:  # reported, the benchmark goes on
        ctx.log(f"  floor failed: {exc!r}")
        return None


@contextmanager
def no_commit(cr):
    """Let code that commits per batch run inside one rolled-back transaction:
    its commits only flush (precommit hooks), like a commit would."""
    cr.commit = cr.flush
    try:
        yield
    finally:
        del cr.commit


@contextmanager
def transaction(registry, uid=SUPERUSER_ID, context=None):
    """An environment in a new transaction, rolled back at the end."""
    with registry.cursor() as cr:
        env = api.Environment(cr, uid, context or {})
        try:
            yield env
        finally:
            cr.rollback()


def iterations(ctx, wanted, budget=60.0):
    """Yield run numbers: ``wanted`` of them, but stop once the runs so far
    took ``budget`` seconds (slow paths get fewer runs; at least one)."""
    start = time.time()
    for run in range(max(1, wanted)):
        if run and time.time() - start > budget:
            return
        yield run


def scaled(scale, full):
    """``full`` is the figure at 1,000,000 companies; scale it down."""
    return max(1, full * scale // SCALE_FULL)


class Context:
    def __init__(self, dbname, args, log):
        self.dbname = dbname
        self.args = args
        self.scale = args.scale
        self.runs = args.runs
        self.log = log
        self.registry = odoo.modules.registry.Registry(dbname)
        self.rng = random.Random(7)
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM res_users WHERE login LIKE 'bench.rep.%%' ORDER BY id")
            self.rep_ids = [r[0] for r in cr.fetchall()]
            cr.execute(
                "SELECT min(id), max(id) FROM res_partner WHERE is_company "
                "AND claim_name_key IS NOT NULL AND id > 1000"
            )
            self.first_company, self.last_company = cr.fetchone()

    def has(self, model):
        return model in self.registry


# --------------------------------------------------------------------------- claims


def bench_duplicate_check(ctx):
    """Duplicate check of a new claim: exact (blocking active claims on the same
    normalized name, phone or customer) and near matches (trigram), per call."""
    from odoo.addons.sales_claim_registration.tools.claim_key import (  # noqa: PLC0415
        normalize_company_name,
    )
    from odoo.addons.sales_claim_registration.tools.trigram import (  # noqa: PLC0415
        index_threshold,
    )

    samples, floor = [], []
    n = 60
    with transaction(ctx.registry) as env:
        cr = env.cr
        # names to check: a third claimed names respelled, a third near
        # variants, a third brand-new names
        cr.execute(
            "SELECT p.id, p.name FROM sales_claim c JOIN res_partner p ON p.id = c.partner_id "
            "WHERE c.state = 'active' AND c.key_type = 'company' "
            "ORDER BY md5(c.id::text) LIMIT %s",
            [ctx.runs * n],
        )
        claimed = cr.fetchall()
        company = env.company.id
        Partner = env["res.partner"]
        steps = Partner._claim_near_match_thresholds()

        def ours(partner, key):
            env["sales.claim"]._find_blocking_claims(
                {
                    "company_id": company,
                    "key_type": "company",
                    "claim_key": key,
                    "customer_key": key,
                    "partner_id": partner,
                }
            )
            Partner._claim_near_matches(key)

        def bare(partner, name):
            key = normalize_company_name(name)
            # the threshold the near-match query gives the trigram index for
            # this name (its count of trigrams asked before the clock starts)
            cr.execute("SELECT cardinality(show_trgm(%s))", [key])
            threshold = index_threshold(len(key), cr.fetchone()[0], steps)
            floor.append(1000 * floors.duplicate_check(cr, company, key, partner, threshold))

        for run in range(ctx.runs):
            for i in range(n):
                pid, name = claimed[(run * n + i) % len(claimed)]
                kind = i % 3
                if kind == 1:
                    name = name[:3] + "X" + name[4:]
                elif kind == 2:
                    name = f"全新客户{run}{i}测试科技有限公司" if i % 2 else f"New {run} {i} Ltd"
                partner = pid if kind == 0 else 0
                # the floor first every other check: neither gets the other's cache
                if i % 2:
                    bare(partner, name)
                env.invalidate_all()
                t0 = time.perf_counter()
                ours(partner, normalize_company_name(name))
                samples.append((time.perf_counter() - t0) * 1000)
                if not i % 2:
                    bare(partner, name)
    return _result(
        "duplicate check (exact + near)",
        samples,
        "ms",
        "p95 <= 20 ms",
        20,
        note=f"{len(samples)} checks",
        floor=floor,
    )


def _unclaimed_companies(cr, n):
    """New prospects: companies nobody owns, outside the public pools."""
    cr.execute("SELECT to_regclass('sales_pool') IS NOT NULL")
    in_pool = SQL("AND p.pool_id IS NULL") if cr.fetchone()[0] else SQL("")
    cr.execute(
        SQL(
            """
        SELECT p.id FROM res_partner p
         WHERE p.is_company AND p.claim_name_key IS NOT NULL AND p.active AND p.user_id IS NULL
           %s AND NOT EXISTS (SELECT 1 FROM sales_claim c WHERE c.state = 'active'
                            AND c.customer_key = p.claim_name_key)
         ORDER BY md5(p.id::text) LIMIT %s
        """,
            in_pool,
            n,
        )
    )
    return [r[0] for r in cr.fetchall()]


def bench_claim_registration(ctx):
    """Claim registration end to end through the ORM, as a rep: create the
    claim (keys, policy, duplicate check, insert, tracking, hooks) and flush."""
    samples = []
    n = 20
    errors = 0
    first_error = ""
    for _run in range(ctx.runs):
        with transaction(ctx.registry) as env:
            partner_ids = _unclaimed_companies(env.cr, n * 2)
            ctx.rng.shuffle(partner_ids)
            done = 0
            for pid in partner_ids:
                if done == n:
                    break
                user = ctx.rep_ids[ctx.rng.randrange(len(ctx.rep_ids))]
                env.invalidate_all()
                Claim = env["sales.claim"].with_user(user)
                t0 = time.perf_counter()
                try:
                    with env.cr.savepoint():
                        Claim.create({"partner_id": pid, "key_type": "company", "user_id": user})
                        env.flush_all()
                except odoo.exceptions.UserError as exc:
                    errors += 1
                    first_error = first_error or str(exc)[:80]
                    continue
                samples.append((time.perf_counter() - t0) * 1000)
                done += 1

    def floor():
        # the same kind of customers, claimed by one exact check and one INSERT
        out = []
        for _run in range(ctx.runs):
            with transaction(ctx.registry) as env:
                cr = env.cr
                company = env.company.id
                for pid in _unclaimed_companies(cr, n):
                    cr.execute("SELECT claim_name_key FROM res_partner WHERE id = %s", [pid])
                    key = cr.fetchone()[0]
                    user = ctx.rep_ids[ctx.rng.randrange(len(ctx.rep_ids))]
                    try:
                        with cr.savepoint():
                            out.append(1000 * floors.registration(cr, company, pid, user, key))
                    except psycopg2.IntegrityError:
                        continue  # its key is held (a duplicate name): ours refuses it too
        return out

    return _result(
        "claim registration (ORM, end to end)",
        samples,
        "ms",
        "p95 <= 150 ms",
        150,
        note=f"{len(samples)} claims, {errors} refused {first_error}".strip(),
        floor=measure_floor(ctx, floor),
    )


def _make_due(cr, n):
    cr.execute(
        """
        UPDATE sales_claim SET date_end = now() at time zone 'utc' - interval '1 hour'
         WHERE id IN (SELECT id FROM sales_claim WHERE state = 'active'
                       ORDER BY md5(id::text) LIMIT %s)
        """,
        [n],
    )
    return cr.rowcount


def _count_expirable(env):
    """Due claims the cron expires: not those it holds (won or locked customers)."""
    env.cr.execute(
        SQL(
            "SELECT count(*) FROM sales_claim WHERE state = 'active' "
            "AND date_end <= now() at time zone 'utc' AND NOT (%s)",
            env["sales.claim"]._expiry_held_sql(),
        )
    )
    return env.cr.fetchone()[0]


def bench_expiry_cron(ctx):
    due = scaled(ctx.scale, 100_000)
    rates = []
    held = 0
    for _run in iterations(ctx, min(ctx.runs, 3)):
        with transaction(ctx.registry) as env:
            n = _make_due(env.cr, due)
            env.cr.execute("ANALYZE sales_claim")
            expirable = _count_expirable(env)
            held = n - expirable
            with no_commit(env.cr):
                t0 = time.perf_counter()
                done = env["sales.claim"]._cron_expire_claims()
                elapsed = time.perf_counter() - t0
            assert done == expirable, (done, expirable)
            rates.append(done / elapsed)

    def floor():
        out = []
        for _run in rates:  # as many runs as ours
            with transaction(ctx.registry) as env:
                _make_due(env.cr, due)
                env.cr.execute("ANALYZE sales_claim")
                expirable = _count_expirable(env)
                out.append(expirable / floors.expiry(env))
        return out

    return _result(
        f"expiry cron, {due} due",
        rates,
        "customers/s",
        ">= 5,000/s",
        5000,
        higher_is_better=True,
        count=due,
        note=f"{held} held (won or locked customers)" if held else "",
        floor=measure_floor(ctx, floor),
    )


def bench_expiry_cron_idle(ctx):
    samples = []
    has_pool = ctx.has("sales.pool") and hasattr(ctx.registry["res.partner"], "_cron_pool_recycle")

    def run_crons(env):
        env["sales.claim"]._cron_expire_claims()
        if has_pool:
            env["res.partner"]._cron_pool_recycle()

    for _run in range(ctx.runs):
        with transaction(ctx.registry) as env, no_commit(env.cr):
            # yesterday's run: the generated data set has never seen the
            # crons (warnings of customers soon due, first grading)
            run_crons(env)
            env.invalidate_all()
            t0 = time.perf_counter()
            run_crons(env)
            samples.append((time.perf_counter() - t0) * 1000)

    def floor():
        with transaction(ctx.registry) as env:
            return [1000 * floors.nothing_due(env.cr) for _run in samples]

    return _result(
        "crons with nothing due",
        samples,
        "ms",
        "<= 2,000 ms",
        2000,
        floor=measure_floor(ctx, floor),
    )


# --------------------------------------------------------------------------- Odoo's assignment


def _insert_unassigned_leads(env, n, first_company, ncompanies):
    insert(
        env,
        """
        INSERT INTO crm_lead (name, type, partner_id, company_id, active, probability,
                              priority, create_uid, write_uid, create_date, write_date)
        SELECT 'Bench assignment lead ' || g, 'lead', %(first)s + (g * 13) %% %(ncomp)s,
               1, true, 10, '1', 1, 1, now() at time zone 'utc' - interval '1 hour',
               now() at time zone 'utc' - interval '1 hour'
          FROM generate_series(1, %(n)s) g
        RETURNING id
        """,
        {"n": n, "first": first_company, "ncomp": ncompanies},
    )
    return [r[0] for r in env.cr.fetchall()]


def assignment_count(ctx):
    return scaled(ctx.scale, 100_000)


def bench_odoo_assignment(ctx):
    """Odoo's own lead assignment (crm.team._action_assign_leads) of as many
    leads as pool customers are distributed (at most ``--odoo-sample``: it
    assigns one lead at a time, its rate does not depend on the count), to
    the same reps."""
    n = min(assignment_count(ctx), ctx.args.odoo_sample)
    per_rep = -(-n // len(ctx.rep_ids)) + 1
    rates = []
    with transaction(ctx.registry) as env, no_commit(env.cr):
        cr = env.cr
        leads = _insert_unassigned_leads(
            env, n, ctx.first_company, ctx.last_company - ctx.first_company
        )
        cr.execute(
            "UPDATE crm_team_member SET assignment_max = %s WHERE user_id = ANY(%s)",
            [per_rep * 30, ctx.rep_ids],
        )
        # only the benchmark's leads: the data set's unassigned opportunities
        # would be allocated (and deduplicated) too, and counted nowhere
        cr.execute(
            "UPDATE crm_team SET assignment_optout = false, assignment_domain = %s",
            [repr([("name", "=like", "Bench assignment lead %")])],
        )
        teams = env["crm.team"].search([("name", "like", "Bench Team")])
        env.invalidate_all()
        t0 = time.perf_counter()
        teams._action_assign_leads(force_quota=True, creation_delta_days=0)
        env.flush_all()
        elapsed = time.perf_counter() - t0
        cr.execute(
            "SELECT count(*) FROM crm_lead WHERE id = ANY(%s) AND user_id IS NOT NULL", [leads]
        )
        assigned = cr.fetchone()[0]
        rates.append(assigned / elapsed)
    ctx.odoo_assignment_rate = rates[0]
    return _result(
        f"Odoo lead assignment, {n} leads",
        rates,
        "leads/s",
        "baseline",
        None,
        higher_is_better=True,
        count=n,
        note=f"{assigned} assigned in {elapsed:.1f} s (1 run)",
    )


# --------------------------------------------------------------------------- table


ALL = [
    ("duplicate_check", bench_duplicate_check),
    ("registration", bench_claim_registration),
    ("expiry_cron", bench_expiry_cron),
    ("idle_crons", bench_expiry_cron_idle),
    ("odoo_assignment", bench_odoo_assignment),
]


def _register_optional():
    """Pool and credit split benchmarks, present when their addons are."""
    import bench_adoption  # noqa: PLC0415 - imports this module back
    import bench_pool  # noqa: PLC0415
    import bench_split  # noqa: PLC0415

    return bench_adoption.BENCHMARKS + bench_pool.BENCHMARKS + bench_split.BENCHMARKS


def run_all(dbname, args, log=print):
    ctx = Context(dbname, args, log)
    only = {x for x in args.only.split(",") if x}
    results = []
    order = [
        "duplicate_check",
        "registration",
        "expiry_cron",
        "idle_crons",
        "recycle_cron",
        "odoo_assignment",
        "distribution",
        "adoption",
        "credit_report",
        "pool_concurrency",
    ]
    benches = sorted(
        ALL + _register_optional(), key=lambda b: order.index(b[0]) if b[0] in order else len(order)
    )
    for key, fn in benches:
        if only and key not in only:
            continue
        log(f"- {key} ...")
        t0 = time.time()
        try:
            res = fn(ctx)
        except Exception as exc:  # a failing benchmark is a figure too
            log(f"  failed: {exc!r}")
            res = {
                "name": key,
                "runs": 0,
                "median": None,
                "p95": None,
                "unit": "",
                "goal": "",
                "verdict": "ERROR",
                "note": repr(exc)[:120],
                "count": None,
            }
        if res is None:
            continue
        for r in res if isinstance(res, list) else [res]:
            r["key"] = key
            results.append(r)
            floor = f", floor {_fmt(r['floor'])} ({r['ratio']:.1f}x)" if r.get("ratio") else ""
            log(
                f"  {_fmt(r['median'])} median, {_fmt(r['p95'])} p95 {r['unit']}{floor} "
                f"[{r['verdict']}] ({time.time() - t0:.0f} s)"
            )
    return results


def _fmt(value):
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def format_table(results, scale, dbname):
    head = [
        "benchmark",
        "runs",
        "median",
        "p95",
        "unit",
        "goal",
        "result",
        "floor",
        "ours/floor",
        "note",
    ]
    rows = [
        [
            r["name"],
            str(r["runs"]),
            _fmt(r["median"]),
            _fmt(r["p95"]),
            r["unit"],
            r["goal"],
            r["verdict"],
            _fmt(r.get("floor")),
            f"{r['ratio']:.1f}x" if r.get("ratio") else "-",
            r.get("note") or "",
        ]
        for r in results
    ]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    widths = [
        max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(head)
    ]
    lines = [
        f"Benchmarks at scale {scale:,} companies (database {dbname}, "
        f"{multiprocessing.cpu_count()} CPUs, load average {load}); "
        "p95 of a throughput = the rate 95 % of the runs reached; floor = median of the "
        "bare PostgreSQL statement on the same data (bench/floors.py); ours/floor = how many "
        "times the floor's time ours takes"
    ]
    sep = "  "
    lines.append(sep.join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    lines.append(sep.join("-" * w for w in widths))
    for row in rows:
        lines.append(sep.join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(lines)
