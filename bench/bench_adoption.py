"""Benchmark of the adoption of existing ownership (sales_claim_registration)."""

import statistics
import time

import floors
from benchmarks import (
    _result,
    _unclaimed_companies,
    iterations,
    measure_floor,
    no_commit,
    scaled,
    transaction,
)

from odoo.tools import SQL


def _adopt_once(ctx, n):
    """Give ``n`` unclaimed companies a salesperson (as a live Odoo company
    has them: its contacts have the same one, as Odoo's ``_compute_user_id``
    gives them), then preview and apply the adoption. Rolled back."""
    with transaction(ctx.registry) as env, no_commit(env.cr):
        ids = _give_salesperson(ctx, env, n)
        t0 = time.perf_counter()
        wizard = env["sales.claim.adoption.wizard"].create({})
        wizard.action_preview()
        env.flush_all()
        t1 = time.perf_counter()
        # the apply classifies again (what changed since the preview counts);
        # above sales_claim_registration.adoption_background_from customers it
        # queues a run that the cron applies with the same code: timed too
        wizard.action_apply()
        if wizard.run_id:
            env["sales.claim.adoption.run"]._cron_apply_runs()
        env.flush_all()
        elapsed = time.perf_counter() - t1
        result = wizard.run_id or wizard
        return len(ids), result.adopted_count, result.refused_count, t1 - t0, elapsed


def _give_salesperson(ctx, env, n):
    """``n`` unclaimed companies (the same ones in every transaction) and
    their contacts get a salesperson; returns the companies' ids."""
    ids = _unclaimed_companies(env.cr, n)
    env.cr.execute(
        SQL(
            """
                UPDATE res_partner p
                   SET user_id = (%(reps)s::int[])[1 + mod(p.commercial_partner_id, %(n)s)]
                 WHERE p.id = ANY(%(ids)s) OR p.commercial_partner_id = ANY(%(ids)s)
                """,
            reps=ctx.rep_ids,
            n=len(ctx.rep_ids),
            ids=ids,
        )
    )
    env.invalidate_all()
    return ids


def _adoption_floor(ctx, n, runs, unwritten):
    """Floor samples (/s); appends to ``unwritten`` the floor's rate without
    the companies' rewrite (home pool and due date)."""
    out = []
    for _run in range(runs):
        with transaction(ctx.registry) as env:
            ids = _give_salesperson(ctx, env, n)
            pool = None
            if "sales.pool" in env:
                env.cr.execute("SELECT id FROM sales_pool WHERE is_default ORDER BY id LIMIT 1")
                pool = env.cr.fetchone()[0]
            seconds, claims, rewrite = floors.adoption(env.cr, ids, pool)
            out.append(claims / seconds)
            unwritten.append(claims / (seconds - rewrite))
    return out


def bench_adoption(ctx):
    """Adopt the existing ownership on companies that have a salesperson and
    no claim: the rate of the apply (classify every customer again, claim in
    batches, one message per customer), in the request or, for a large
    adoption, queued and applied by the cron; the preview, a separate step
    the manager takes before, is timed apart."""
    if not ctx.has("sales.claim.adoption.wizard"):
        return None
    n = scaled(ctx.scale, 200000)
    samples, refused, previews, given = [], 0, [], n
    for _run in iterations(ctx, min(ctx.runs, 3), budget=ctx.args.budget):
        given, adopted, refused, preview, elapsed = _adopt_once(ctx, n)
        samples.append(adopted / elapsed)
        previews.append(preview)
    unwritten = []
    floor = measure_floor(ctx, lambda: _adoption_floor(ctx, n, len(samples), unwritten))
    without = (
        f", floor without the companies' rewrite {statistics.median(unwritten):,.0f} /s"
        if unwritten
        else ""
    )
    return _result(
        "adoption of existing ownership (apply)",
        samples,
        "/s",
        ">= 5,000 customers/s",
        5000,
        higher_is_better=True,
        note=f"{given} companies given a salesperson, {refused} refused, "
        f"preview {min(previews):.1f} s{without}",
        count=given,
        floor=floor,
    )


BENCHMARKS = [("adoption", bench_adoption)]
