import logging
import threading

import psycopg2.errors

from odoo import api, models

from ..tools.sql_jit import jit_off_until_commit

_logger = logging.getLogger(__name__)


class SalesBatchCron(models.AbstractModel):
    """The one loop of every batch cron of the suite (claim expiry, reminders,
    pool recycling).

    How a batch cron runs on millions of rows with several cron workers:

    1. **Pick** the next batch with a query ending in
       ``FOR NO KEY UPDATE SKIP LOCKED``: two workers never take the same
       row, and a row locked by a user's transaction is left for the next run.
    2. **Process** the batch with set-based statements (the caller's
       ``process(rows)``).
    3. **Commit** the batch (never in tests): an interrupted run keeps its
       progress and a re-run continues where it stopped; re-runs find
       nothing left, so they are idempotent.
    4. **Report** progress to Odoo's cron progress (``ir.cron``), which
       re-triggers the job while rows remain.

    A worker whose snapshot is older than a batch the other worker committed
    cannot lock those rows under REPEATABLE READ (serialization failure): it
    rolls back and picks again on a fresh snapshot, where they are no longer
    due. Without per-batch commits (tests), the failure is raised.
    """

    _name = "sales.batch.cron"
    _description = "Batch Cron Runner"

    @api.model
    def _run_batches(self, pick_query, process, total=None, label=""):
        """Run ``process(rows)`` on each batch returned by ``pick_query()``
        until it returns no row; return the number of rows processed.

        ``pick_query`` is a callable returning the ``SQL`` of the next batch
        (called again for each batch, so it may depend on what was done);
        ``total`` is the number of rows due when known (progress report).
        """
        auto_commit = self._batch_auto_commit()
        cr = self.env.cr
        done = 0
        while True:
            rows = self._pick_batch(pick_query(), auto_commit)
            if not rows:
                break
            process(rows)
            done += len(rows)
            remaining = max(total - done, 0) if total is not None else 0
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            if auto_commit:
                # batch cron: keep each batch's progress (never in tests)
                cr.commit()  # pylint: disable=invalid-commit
        if label:
            _logger.info("%s: %s", label, done)
        return done

    @api.model
    def _batch_auto_commit(self):
        """Commit per batch, except in tests (Odoo's test threads and
        pytest-odoo set ``testing``): tests roll back."""
        return not getattr(threading.current_thread(), "testing", False)

    @api.model
    def _pick_batch(self, query, auto_commit, retries=5):
        """Lock and return the next batch; on a stale snapshot roll back and
        pick again (see the class docstring)."""
        cr = self.env.cr
        for attempt in range(retries + 1):
            try:
                # a batch is short set-based statements estimated at millions
                # of rows: JIT compiling them (seconds at that estimate) costs
                # more than running them; SET LOCAL ends with the batch's commit
                jit_off_until_commit(cr)
                cr.execute(query)
                return cr.fetchall()
            except psycopg2.errors.SerializationFailure:
                if not auto_commit or attempt == retries:
                    raise
                cr.rollback()
        return []
