"""The benchmark data set is generated on fresh planner statistics.

``make bench`` on a fresh clone once sat over 20 minutes in one INSERT of
``bench/dataset.py``: the load runs in long transactions, autovacuum never
analyzed what had just been inserted, and PostgreSQL planned the next steps
on the statistics of almost empty tables. This test generates a small data
set in its own (rolled-back) transaction and, before every statement of the
generation (the generator's bulk SQL and the ORM's), checks the statistics
of each table that the generation changed and that the statement names:
the row count (``pg_class.reltuples``) and the share of NULLs of each column
the statement reads (``pg_stats.null_frac``) must match the rows. Timing is
left to a generous budget; ``bench/run.py --generate-only --budget-seconds``
checks the time of a real generation.
"""

import os
import re
import sys
import time
from unittest.mock import patch

from odoo.sql_db import Cursor
from odoo.tools import SQL

from .common import SuiteTransactionCase

BENCH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench")
SCALE = 3000
# seconds; about 15 s measured on 2 shared cores with coverage. Stale
# statistics made it minutes at 100,000 companies, not at this size: the
# statistics check below is the real test.
BUDGET = 120
# rows a table must gain or change before it is checked again: more than
# the ORM writes for the pools' members (followers, ~100 rows), less than
# the smallest bulk table (activities, SCALE / 10)
MIN_CHANGES = 200
WORDS = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# the columns a statement writes do not need statistics, those it reads do
SET_CLAUSE = re.compile(r"\bSET\b.*?(?=\bFROM\b|\bWHERE\b|\bRETURNING\b|$)", re.S | re.I)
ORIGINAL_EXECUTE = Cursor.execute


class StatisticsWatch:
    """Checks, before each statement run on ``cursor``, that the statistics
    of the tables it names are those of their current rows."""

    def __init__(self, cursor):
        self.cursor = cursor  # the real cursor under the test cursor
        self.checked = {}  # table oid -> changes counted when last checked
        self.stale = []  # (statement, table, reason)
        self.checks = 0
        self.paused = False
        (self.started,) = self._fetch("SELECT clock_timestamp()")[0]

    def _fetch(self, query, params=None):
        ORIGINAL_EXECUTE(self.cursor, query, params)
        return self.cursor.fetchall()

    def changed_tables(self):
        """``{oid: (qualified name, name, rows inserted, updated or deleted)}`` of
        the tables this transaction changed."""
        rows = self._fetch(
            "SELECT relid, quote_ident(schemaname) || '.' || quote_ident(relname), relname, "
            "n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {oid: (qualified, name, changes) for oid, qualified, name, changes in rows}

    def forgive(self):
        """What was changed so far is not checked (an ORM step of a few rows)."""
        for oid, (_qualified, _name, changes) in self.changed_tables().items():
            self.checked[oid] = changes

    def before(self, query):
        if self.paused:
            return
        text = query.code if isinstance(query, SQL) else str(query)
        if text.lstrip().upper().startswith("ANALYZE"):
            return
        read = SET_CLAUSE.sub(" ", text)
        words = set(WORDS.findall(read))
        for oid, (qualified, name, changes) in self.changed_tables().items():
            if name not in words or changes - self.checked.get(oid, 0) < MIN_CHANGES:
                continue
            self.checked[oid] = changes
            self.checks += 1
            reason = self.stale_reason(oid, qualified, words)
            if reason:
                self.stale.append((" ".join(text.split())[:160], name, reason))

    def stale_reason(self, oid, qualified, words):
        (overwritten,) = self._fetch(
            "SELECT last_autoanalyze > %s FROM pg_stat_user_tables WHERE relid = %s",
            [self.started, oid],
        )[0]
        if overwritten:
            # autovacuum analyzed the table meanwhile, from the committed rows
            # only (it cannot see this test's transaction): not the statistics
            # the generation left, nothing to judge
            return None
        (reltuples,) = self._fetch("SELECT reltuples FROM pg_class WHERE oid = %s", [oid])[0]
        stats = dict(
            self._fetch(
                "SELECT s.attname, s.null_frac FROM pg_stats s "
                "JOIN pg_class c ON c.relname = s.tablename "
                "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = s.schemaname "
                "WHERE c.oid = %s",
                [oid],
            )
        )
        columns = sorted(c for c in stats if c in words)
        counts = self._fetch(
            "SELECT count(*){} FROM {}".format(
                "".join(f', count("{c}")' for c in columns), qualified
            )
        )[0]
        rows = counts[0]
        if abs(reltuples - rows) > max(50, rows / 10):
            return f"planned for {reltuples:.0f} rows, has {rows}"
        for column, not_null in zip(columns, counts[1:], strict=True):
            nulls = 1 - not_null / rows if rows else 0
            if abs(stats[column] - nulls) > 0.1:
                return (
                    f"column {column}: {stats[column]:.0%} NULL in the statistics, {nulls:.0%} NULL"
                )
        return None


class TestBenchGeneration(SuiteTransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if BENCH not in sys.path:
            sys.path.insert(0, BENCH)

    def watch(self, watch):
        def execute(cursor, query, params=None, log_exceptions=True):
            if cursor is watch.cursor:
                watch.before(query)
            return ORIGINAL_EXECUTE(cursor, query, params, log_exceptions)

        return patch.object(Cursor, "execute", execute)

    def test_watch_sees_stale_statistics(self):
        """The check itself: a table filled after its last ANALYZE is stale,
        and fresh again once analyzed."""
        cr = self.env.cr
        watch = StatisticsWatch(getattr(cr, "_cursor", cr))
        cr.execute("CREATE TEMP TABLE bench_watch (n int, owner int)")
        cr.execute("ANALYZE bench_watch")
        cr.execute("INSERT INTO bench_watch SELECT g, NULL FROM generate_series(1, 500) g")
        with self.watch(watch):
            cr.execute("SELECT count(*) FROM bench_watch WHERE n > 10")
        self.assertEqual(len(watch.stale), 1, watch.stale)
        self.assertIn("planned for 0 rows, has 500", watch.stale[0][2])
        cr.execute("ANALYZE bench_watch")
        cr.execute("UPDATE bench_watch SET owner = 1 WHERE n <= 300")
        with self.watch(watch):
            cr.execute("SELECT n FROM bench_watch WHERE owner IS NULL")
        self.assertEqual(len(watch.stale), 2, watch.stale)
        self.assertIn("column owner: 100% NULL in the statistics, 40% NULL", watch.stale[1][2])
        cr.execute("ANALYZE bench_watch")
        cr.execute("UPDATE bench_watch SET owner = 2 WHERE n > 300")
        with self.watch(watch):
            # writes the column, reads none with changed statistics
            cr.execute("UPDATE bench_watch SET owner = 3 WHERE n = 1")
        self.assertEqual(len(watch.stale), 2, watch.stale)

    def test_generation_plans_on_fresh_statistics(self):
        from dataset import Generator, counts  # noqa: PLC0415 - bench/ is on the path now

        cr = self.env.cr
        watch = StatisticsWatch(getattr(cr, "_cursor", cr))
        steps = []
        make_org = Generator.make_org

        def org_unwatched(generator):
            # a few dozen users, teams and pools through the ORM, as Odoo
            # creates them in production (small tables, without ANALYZE):
            # the bulk steps that follow are checked
            watch.paused = True
            make_org(generator)
            watch.paused = False
            watch.forgive()

        start = time.time()
        with self.watch(watch), patch.object(Generator, "make_org", org_unwatched):
            Generator(self.env, SCALE, log=steps.append, commit=False).run()
        elapsed = time.time() - start
        self.assertFalse(
            watch.stale,
            "statements planned on stale statistics (ANALYZE the table after the step or "
            "statement that fills it):\n"
            + "\n".join(f"{table}: {reason}\n    {query}" for query, table, reason in watch.stale),
        )
        # the check ran: every bulk table was read back at least once
        self.assertGreaterEqual(watch.checks, 10, steps)
        n = counts(SCALE)
        cr.execute("SELECT count(*) FROM sales_claim WHERE name LIKE 'BENCH/%%'")
        self.assertEqual(cr.fetchone()[0], n["active_claims"] + n["closed_claims"])
        # after the generation every table it filled has statistics
        cr.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relname = ANY(%s) AND c.reltuples <= 0",
            [["res_partner", "sales_claim", "crm_lead", "mail_message", "sales_pool_move"]],
        )
        self.assertFalse(cr.fetchall())
        self.assertLess(elapsed, BUDGET, steps)
