"""Benchmarks of the public pools (sales_public_pool)."""

import logging
import multiprocessing
import random
import time
from functools import partial

import floors
import psycopg2
from benchmarks import (
    _result,
    assignment_count,
    iterations,
    measure_floor,
    no_commit,
    scaled,
    transaction,
)

import odoo
from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying


def _has_pool(ctx):
    return ctx.has("sales.pool") and hasattr(ctx.registry["res.partner"], "_cron_pool_recycle")


def _make_recycle_due(cr, n):
    """``n`` owned customers whose last follow-up is 40 days old (rule: 30):
    their due date, set at that follow-up, passed 10 days ago."""
    cr.execute(
        """
        WITH pick AS (
            SELECT c.id, c.partner_id FROM sales_claim c
             WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
             ORDER BY md5(c.id::text) LIMIT %s)
        , cl AS (UPDATE sales_claim c
                    SET date_start = now() at time zone 'utc' - interval '45 days',
                        date_end = now() at time zone 'utc' + interval '10 days'
                   FROM pick WHERE c.id = pick.id)
        UPDATE res_partner p
           SET pool_last_followup_date = now() at time zone 'utc' - interval '40 days',
               pool_recycle_date = now() at time zone 'utc' - interval '10 days',
               pool_recycle_rule = 'followup'
          FROM pick WHERE p.id = pick.partner_id
        """,
        [n],
    )
    return cr.rowcount


def plan_count(ctx, full, measure):
    """How many records a slow path is measured on: all ``full`` of them,
    unless a pilot run on 500 shows that would take more than ``--budget``
    seconds; then as many as fit in the budget (the rate of a per-record
    path hardly depends on the count). Returns ``(count, note)``."""
    pilot = min(full, 500)
    rate = measure(pilot)
    if full <= pilot or full / rate <= ctx.args.budget:
        return full, ""
    count = max(pilot, int(rate * ctx.args.budget))
    return count, f"sample of {count}: all {full} would take ~{full / rate:,.0f} s"


def _recycle_once(ctx, due):
    with transaction(ctx.registry) as env:
        n = _make_recycle_due(env.cr, due)
        with no_commit(env.cr):
            # the warnings of customers not yet due went out in yesterday's run
            env["res.partner"]._pool_send_warnings()
            t0 = time.perf_counter()
            done = env["res.partner"]._cron_pool_recycle()
            elapsed = time.perf_counter() - t0
    return done, n, elapsed


def bench_recycle_cron(ctx):
    if not _has_pool(ctx):
        return None
    full = scaled(ctx.scale, 100_000)

    def measure(count):
        done, _n, elapsed = _recycle_once(ctx, count)
        return done / elapsed

    due, sample = plan_count(ctx, full, measure)
    rates, fixed = [], []
    for _run in iterations(ctx, min(ctx.runs, 3)):
        done, n, elapsed = _recycle_once(ctx, due)
        rates.append(done / elapsed)
        fixed.append(f"{done}/{n} in {elapsed:.1f}s")

    def floor():
        out = []
        for _run in rates:  # as many runs as ours, on as many due customers
            with transaction(ctx.registry) as env:
                _make_recycle_due(env.cr, due)
                env.cr.execute("ANALYZE sales_claim")
                env.cr.execute(
                    "SELECT count(*) FROM res_partner "
                    "WHERE pool_recycle_date <= now() at time zone 'utc'"
                )
                out.append(env.cr.fetchone()[0] / floors.recycling(env))
        return out

    return _result(
        f"recycling cron, {due} due",
        rates,
        "customers/s",
        ">= 5,000/s",
        5000,
        higher_is_better=True,
        count=due,
        note="; ".join([*fixed, sample] if sample else fixed),
        floor=measure_floor(ctx, floor),
    )


def _distribute_once(ctx, n):
    with transaction(ctx.registry) as env, no_commit(env.cr):
        pool = env["sales.pool"].search([("name", "=", "Bench Pool 01")])
        pool.holding_cap = 0  # the reps already hold ~150 each: no cap in this benchmark
        pool.daily_cap = 0
        env.flush_all()
        env.invalidate_all()
        count_assigned = "SELECT count(*) FROM sales_pool_move WHERE move_type = 'assigned'"
        env.cr.execute(count_assigned)
        before = env.cr.fetchone()[0]
        t0 = time.perf_counter()
        wizard = env["sales.pool.distribute.wizard"].create(
            {"pool_id": pool.id, "method": "round_robin", "count": n}
        )
        wizard.member_ids = pool.member_ids
        # customers that cannot be distributed are skipped (and reported), not
        # counted: the rate counts the customers actually distributed
        wizard.action_distribute()
        env.flush_all()
        elapsed = time.perf_counter() - t0
        env.cr.execute(count_assigned)
        moved = env.cr.fetchone()[0] - before
        members = len(pool.member_ids)
    return moved, elapsed, members


def bench_distribution(ctx):
    """Distribute pool customers round-robin to every rep with the
    distribution wizard; compared with Odoo's lead assignment of as many leads
    to the same reps (same run)."""
    if not _has_pool(ctx):
        return None
    full = assignment_count(ctx)

    def measure(count):
        moved, elapsed, _members = _distribute_once(ctx, count)
        return moved / elapsed

    n, sample = plan_count(ctx, full, measure)
    rates = []
    notes = []
    for _run in iterations(ctx, min(ctx.runs, 2)):
        moved, elapsed, members = _distribute_once(ctx, n)
        rates.append(moved / elapsed)
        notes.append(f"{moved} in {elapsed:.1f}s to {members} reps")
    if sample:
        notes.append(sample)

    def floor():
        out = []
        for _run in rates:  # as many runs as ours
            with transaction(ctx.registry) as env:
                pool = env["sales.pool"].search([("name", "=", "Bench Pool 01")])
                seconds, claims = floors.distribution(env.cr, pool.id, pool.member_ids.ids, n)
                out.append(claims / seconds)
        return out

    res = [
        _result(
            f"pool distribution, {n} customers",
            rates,
            "customers/s",
            ">= 2,000/s",
            2000,
            higher_is_better=True,
            count=n,
            note="; ".join(notes),
            floor=measure_floor(ctx, floor),
        )
    ]
    odoo_rate = getattr(ctx, "odoo_assignment_rate", None)
    if odoo_rate:
        ratio = (sum(rates) / len(rates)) / odoo_rate
        res.append(
            {
                "name": "distribution / Odoo assignment",
                "runs": 1,
                "median": ratio,
                "p95": ratio,
                "unit": "x faster",
                "goal": "printed",
                "verdict": "info",
                "note": f"Odoo crm.team assignment: {odoo_rate:,.0f} leads/s",
                "count": n,
            }
        )
    return res


# --------------------------------------------------------------------------- concurrency


def _worker(dbname, uid, partner_ids, queue):
    """One web worker: claims pool customers one request at a time, retried
    on serialization failures like Odoo's HTTP layer does."""
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # expected lock errors
    registry = odoo.modules.registry.Registry(dbname)
    ok = refused = failed = 0
    t0 = time.perf_counter()
    try:
        for pid in partner_ids:
            with registry.cursor() as cr:
                env = api.Environment(cr, uid, {})
                partner = env["res.partner"].browse(pid)
                try:
                    retrying(partial(partner.action_claim_from_pool), env)
                    cr.commit()
                    ok += 1
                except (odoo.exceptions.UserError, odoo.exceptions.ValidationError):
                    cr.rollback()
                    refused += 1
                except psycopg2.Error:  # retries exhausted: the user sees an error
                    cr.rollback()
                    failed += 1
    finally:
        queue.put((ok, refused, failed, time.perf_counter() - t0))


def pool_violations(cr, pool_id):
    """Counts that must be zero after concurrent claims."""
    cr.execute(
        """
        SELECT
          (SELECT count(*) FROM (SELECT partner_id FROM sales_claim WHERE state = 'active'
                                   AND key_type IN ('company', 'phone')
                                 GROUP BY partner_id HAVING count(*) > 1) d) AS double_owner,
          (SELECT count(*) FROM (SELECT c.user_id FROM sales_claim c
                                   JOIN sales_pool sp ON sp.id = %(pool)s
                                  WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                                    AND c.user_id IN (SELECT user_id FROM sales_pool_member_rel
                                                       WHERE pool_id = %(pool)s)
                                  GROUP BY c.user_id, sp.holding_cap
                                 HAVING sp.holding_cap > 0 AND count(*) > sp.holding_cap) h)
            AS holding_cap_exceeded,
          (SELECT count(*) FROM (SELECT m.to_user_id FROM sales_pool_move m
                                   JOIN sales_pool sp ON sp.id = m.from_pool_id
                                  WHERE m.from_pool_id = %(pool)s AND m.move_type = 'claimed'
                                    AND m.date >= date_trunc('day', now() at time zone 'utc')
                                  GROUP BY m.to_user_id, sp.daily_cap
                                 HAVING sp.daily_cap > 0 AND count(*) > sp.daily_cap) d)
            AS daily_cap_exceeded,
          (SELECT count(*) FROM res_partner p JOIN sales_claim c ON c.partner_id = p.id
            WHERE c.state = 'active' AND p.pool_id IS NOT NULL) AS owned_but_in_pool
        """,
        {"pool": pool_id},
    )
    return dict(
        zip(
            ["double_owner", "holding_cap_exceeded", "daily_cap_exceeded", "owned_but_in_pool"],
            cr.fetchone(),
            strict=True,
        )
    )


def bench_pool_concurrency(ctx):
    """16 worker processes (8 reps, 2 browser tabs each) claim customers of
    one pool at once, with overlapping picks; caps low enough to be hit.
    Commits for real in the benchmark copy."""
    if not _has_pool(ctx):
        return None
    workers = ctx.args.workers
    per_worker = 40
    with ctx.registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        pool = env["sales.pool"].search([("name", "=", "Bench Pool 03")])
        reps = pool.member_ids[: max(1, workers // 2)]
        if len(reps) < workers // 2:
            pool.member_ids |= env["res.users"].browse(ctx.rep_ids[: workers // 2])
            reps = pool.member_ids[: workers // 2]
        cr.execute(
            """SELECT max(n) FROM (SELECT count(*) AS n FROM sales_claim
                       WHERE state = 'active' AND user_id = ANY(%s) GROUP BY user_id) x""",
            [reps.ids],
        )
        held = cr.fetchone()[0] or 0
        pool.write({"holding_cap": held + 25, "daily_cap": 30})
        cr.execute(
            "SELECT id FROM res_partner WHERE pool_id = %s ORDER BY md5(id::text) LIMIT %s",
            [pool.id, workers * per_worker // 2],
        )
        candidates = [r[0] for r in cr.fetchall()]
        pool_id = pool.id
        rep_ids = reps.ids
        cr.commit()
    rng = random.Random(3)
    plans = []
    for w in range(workers):
        # two workers per rep; every customer is wanted by two workers
        picks = rng.sample(candidates, min(per_worker, len(candidates)))
        plans.append((rep_ids[w % len(rep_ids)], picks))
    odoo.sql_db.close_all()
    mp = multiprocessing.get_context("fork")
    queue = mp.Queue()
    procs = [
        mp.Process(target=_worker, args=(ctx.dbname, uid, picks, queue)) for uid, picks in plans
    ]
    t0 = time.perf_counter()
    for p in procs:
        p.start()
    outcomes = [queue.get(timeout=900) for _p in procs]
    for p in procs:
        p.join()
    wall = time.perf_counter() - t0
    ok = sum(o[0] for o in outcomes)
    refused = sum(o[1] for o in outcomes)
    failed = sum(o[2] for o in outcomes)
    with ctx.registry.cursor() as cr:
        bad = pool_violations(cr, pool_id)
    verdict = "pass" if not any(bad.values()) else "GAP"
    return [
        {
            "name": f"pool claims, {workers} concurrent workers",
            "runs": 1,
            "median": ok / wall,
            "p95": ok / wall,
            "unit": "claims/s",
            "goal": "throughput",
            "verdict": "info",
            "note": f"{ok} claimed, {refused} refused, {failed} failed after 5 retries, "
            f"in {wall:.1f} s",
            "count": ok + refused,
        },
        {
            "name": "  cap violations + double owners",
            "runs": 1,
            "median": float(sum(bad.values())),
            "p95": float(sum(bad.values())),
            "unit": "count",
            "goal": "0",
            "verdict": verdict,
            "note": ", ".join(f"{k}={v}" for k, v in bad.items()),
            "count": None,
        },
    ]


BENCHMARKS = [
    ("recycle_cron", bench_recycle_cron),
    ("distribution", bench_distribution),
    ("pool_concurrency", bench_pool_concurrency),
]
