#!/usr/bin/env python3
"""Benchmarks of the sales ownership suite on generated data.

    python3 bench/run.py --scale 100000            # what `make bench` runs
    python3 bench/run.py --scale 1000000 --runs 5  # the full size

The first run at a scale installs the addons without demo data into
``bench_<scale>`` and fills it with ``bench/dataset.py`` (cached: later runs
reuse it; ``--regenerate`` rebuilds it). Each run copies it to
``bench_<scale>_run`` (CREATE DATABASE ... TEMPLATE) and measures there, so the
template stays pristine. Every measured iteration runs in a transaction that
is rolled back (crons' per-batch commits become no-ops), except the
concurrency benchmark, whose workers commit for real in the copy.

Prints one table: benchmark, runs, median, p95, throughput, goal, verdict.
"""

import argparse
import ast
import json
import os
import subprocess
import sys
import time

import psycopg2

import odoo
from odoo import SUPERUSER_ID, api

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

ADDONS = [
    "sales_claim_registration",
    "sales_public_pool",
    "sales_credit_split",
    "sales_claim_portal",
]


def log(msg):
    print(msg, flush=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=int(os.environ.get("SCALE", 100000)))
    parser.add_argument(
        "--runs",
        type=int,
        default=int(os.environ.get("RUNS", 5)),
        help="iterations of each repeatable benchmark",
    )
    parser.add_argument(
        "--conf", default=os.environ.get("ODOO_CONF", os.path.join(ROOT, ".local/odoo.conf"))
    )
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the data set again (keeps bench_base)"
    )
    parser.add_argument(
        "--reinstall",
        action="store_true",
        help="install the addons again into bench_base (after code changes), then generate",
    )
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    parser.add_argument(
        "--generate-only",
        action="store_true",
        help="build the cached data set of this scale (if missing), measure nothing",
    )
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=0,
        help="fail (exit 1) when generating the data set takes longer than this "
        "(the installation of <prefix>_base is not counted)",
    )
    parser.add_argument(
        "--db-prefix",
        default=os.environ.get("BENCH_DB_PREFIX", "bench"),
        help="names of the databases: <prefix>_base, <prefix>_<scale>, <prefix>_<scale>_run",
    )
    parser.add_argument("--json", default="", help="also write the results to this file")
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument(
        "--no-update",
        action="store_true",
        help="measure the copy as generated, without updating the addons to the current code",
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=float(os.environ.get("BUDGET", 120)),
        help="seconds a slow per-record path may take; beyond, it is measured on a sample",
    )
    parser.add_argument(
        "--odoo-sample",
        type=int,
        default=int(os.environ.get("ODOO_SAMPLE", 200)),
        help="at most this many leads for Odoo's own lead assignment (its rate is per lead)",
    )
    return parser.parse_args(argv)


# --------------------------------------------------------------------------- databases


def psql_conn(config, dbname="postgres"):
    conn = psycopg2.connect(
        dbname=dbname,
        host=config["db_host"] or None,
        port=config["db_port"] or None,
        user=config["db_user"] or None,
    )
    conn.autocommit = True
    return conn


def db_exists(config, name):
    with psql_conn(config) as conn, conn.cursor() as cr:
        cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return bool(cr.fetchone())


def drop_db(config, name):
    odoo.sql_db.close_db(name)
    conn = psql_conn(config)
    conn.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.close()


def template_ok(config, name, addons, table="bench_meta"):
    if not db_exists(config, name):
        return False
    conn = psql_conn(config, name)
    try:
        cr = conn.cursor()
        cr.execute("SELECT to_regclass(%s)", [table])
        if not cr.fetchone()[0]:
            return False
        cr.execute(f"SELECT addons FROM {table}")
        row = cr.fetchone()
        return bool(row) and sorted(row[0].split(",")) == sorted(addons)
    finally:
        conn.close()


def available_addons(config):
    """The addons of the suite that can be installed now (manifest installable)."""
    found = []
    for addon in ADDONS:
        for path in config["addons_path"].split(","):
            manifest = os.path.join(path.strip(), addon, "__manifest__.py")
            if os.path.exists(manifest):
                with open(manifest) as f:
                    if ast.literal_eval(f.read()).get("installable", True):
                        found.append(addon)
                break
    return found


def run_odoo(args, dbname, options, action):
    """Run Odoo once on ``dbname`` (install or update), its log in .local/."""
    logfile = os.path.join(ROOT, ".local", f"{action}-{dbname}.log")
    with open(logfile, "w") as out:
        rc = subprocess.call(
            [sys.executable, "-m", "odoo", "-c", args.conf, "-d", dbname, *options]
            + ["--stop-after-init", "--log-level=warn"],
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    if rc:
        sys.exit(f"{action} the addons in {dbname} failed, see {logfile}")


def build_template(args, config, name, addons):
    from dataset import Generator, counts  # noqa: PLC0415 - needs the addons path

    base = f"{args.db_prefix}_base"
    if args.reinstall or not template_ok(config, base, addons, table="bench_base_meta"):
        drop_db(config, base)
        log(f"installing {', '.join(addons)} without demo data into {base} ...")
        t0 = time.time()
        run_odoo(args, base, ["-i", ",".join(addons), "--without-demo=all"], "installing")
        conn = psql_conn(config, base)
        conn.cursor().execute(
            "CREATE TABLE bench_base_meta AS SELECT %s::text AS addons", [",".join(addons)]
        )
        conn.close()
        log(f"  installed in {time.time() - t0:.0f} s")
    copy_db(config, base, name)
    log(f"generating {counts(args.scale)}")
    registry = odoo.modules.registry.Registry(name)
    t0 = time.time()
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Generator(env, args.scale, log=log).run()
        cr.execute("CREATE TABLE bench_meta (scale int, addons text, generated_at timestamp)")
        cr.execute(
            "INSERT INTO bench_meta VALUES (%s, %s, now() at time zone 'utc')",
            [args.scale, ",".join(addons)],
        )
    elapsed = time.time() - t0
    log(f"  generated in {elapsed:.0f} s")
    odoo.sql_db.close_db(name)
    odoo.modules.registry.Registry.delete(name)
    return elapsed


def copy_db(config, template, name):
    drop_db(config, name)
    odoo.sql_db.close_db(template)
    conn = psql_conn(config)
    conn.cursor().execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn.close()


def invisible_indexes(config, dbname):
    """Indexes that no query may use yet, and the sessions that keep them so.

    An index built while HOT-updated rows were still visible to an older
    transaction anywhere on the cluster (another database's long load, an
    idle transaction) is usable only by transactions younger than that
    transaction's snapshot (``pg_index.indcheckxmin``): until it ends, the
    figures would measure sequential scans (the duplicate check's trigram
    index rebuilt after the load, on a shared cluster)."""
    with psql_conn(config, dbname) as conn, conn.cursor() as cr:
        cr.execute(
            """
            WITH old AS (
                SELECT datname, pid, xact_start,
                       greatest(age(backend_xmin), age(backend_xid)) AS age
                  FROM pg_stat_activity
                 WHERE pid <> pg_backend_pid()
                   AND (backend_xmin IS NOT NULL OR backend_xid IS NOT NULL))
            SELECT c.relname,
                   (SELECT string_agg(format('pid %s in %s since %s', pid, datname,
                                             date_trunc('second', xact_start)), ', ')
                      FROM old WHERE old.age >= age(i.xmin))
              FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
             WHERE i.indcheckxmin
               AND EXISTS (SELECT 1 FROM old WHERE old.age >= age(i.xmin))
            """
        )
        return cr.fetchall()


def warn_invisible_indexes(config, dbname):
    found = invisible_indexes(config, dbname)
    if found:
        log(
            f"WARNING: {len(found)} indexes of {dbname} cannot be used yet "
            f"({', '.join(sorted(name for name, _ in found)[:5])}...): transactions older "
            f"than their build are open ({found[0][1]}); figures that need them measure "
            "sequential scans. Re-run once those transactions end."
        )


# --------------------------------------------------------------------------- main


def main(argv=None):
    args = parse_args(argv)
    odoo.tools.config.parse_config(["-c", args.conf, "--log-level=warn"])
    config = odoo.tools.config
    template = f"{args.db_prefix}_{args.scale}"
    work = f"{template}_run"
    addons = available_addons(config)
    t_start = time.time()
    generated = None
    if args.regenerate or args.reinstall or not template_ok(config, template, addons):
        generated = build_template(args, config, template, addons)
    else:
        log(f"reusing the generated database {template} (--regenerate rebuilds it)")
    if args.budget_seconds and generated is not None and generated > args.budget_seconds:
        log(
            f"FAIL: generating {args.scale:,} companies took {generated:.0f} s, over the budget "
            f"of {args.budget_seconds:.0f} s (a step planned on stale statistics? see "
            "tests/test_bench_generation.py)"
        )
        return 1
    if args.generate_only:
        if args.budget_seconds and generated is None:
            log("nothing generated, no budget checked: add --regenerate")
        log(f"data set ready in {template} after {time.time() - t_start:.0f} s")
        return 0
    copy_db(config, template, work)
    if not args.no_update:
        # the cached data set may predate the code: update the copy, so the
        # benchmarks always measure the addons as they are now
        t0 = time.time()
        run_odoo(args, work, ["-u", ",".join(addons)], "updating")
        # an update may fill new stored columns on every row (keys of the
        # identity, say): plan the measured queries on fresh statistics
        with psql_conn(config, work) as conn, conn.cursor() as cr:
            cr.execute("ANALYZE")
        log(f"updated the addons in {work} in {time.time() - t0:.0f} s")
    warn_invisible_indexes(config, work)
    log(f"measuring in {work} (copy of {template}), {args.runs} runs per benchmark")

    import benchmarks  # noqa: PLC0415 - imports the addons: after the configuration

    results = benchmarks.run_all(work, args, log=log)
    table = benchmarks.format_table(results, args.scale, work)
    log("")
    log(table)
    log(f"\ntotal wall time {time.time() - t_start:.0f} s")
    out = args.json or os.path.join(ROOT, ".local", f"bench-{args.scale}.json")
    with open(out, "w") as f:
        json.dump(
            {
                "scale": args.scale,
                "results": results,
                "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            },
            f,
            indent=1,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
