"""Benchmarks of the credit splits (sales_credit_split)."""

import time

import floors
from benchmarks import _result, measure_floor, transaction


def bench_credit_report(ctx):
    """The credit report as the pivot view asks for it: credited revenue and
    commission by participant and month, over every line."""
    if not ctx.has("sales.credit.report"):
        return None
    samples = []
    rows = 0
    for _run in range(ctx.runs):
        with transaction(ctx.registry) as env:
            env.invalidate_all()
            t0 = time.perf_counter()
            groups = env["sales.credit.report"].read_group(
                [],
                ["amount_company:sum", "commission_amount:sum"],
                ["user_id", "date:month"],
                lazy=False,
            )
            samples.append((time.perf_counter() - t0) * 1000)
            rows = len(groups)
    with transaction(ctx.registry) as env:
        env.cr.execute("SELECT count(*) FROM sales_credit_report")
        lines = env.cr.fetchone()[0]

    def floor():
        out = []
        with transaction(ctx.registry) as env:
            for _run in samples:
                seconds, cells = floors.credit_report(env.cr)
                assert cells == rows, (cells, rows)  # the same cells as the pivot
                out.append(seconds * 1000)
        return out

    return _result(
        "credit report pivot (person x month)",
        samples,
        "ms",
        "<= 2,000 ms",
        2000,
        note=f"{lines:,} posted lines -> {rows:,} cells",
        count=lines,
        floor=measure_floor(ctx, floor),
    )


BENCHMARKS = [("credit_report", bench_credit_report)]
