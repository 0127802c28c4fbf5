"""Active claims' end-date index (18.0.1.0.1): ``(date_end, id)`` replaces
``(date_end)``.

The expiry cron walks its batches by ``(date_end, id)`` (keyset); the new index
is created by ``sales.claim.init()``, the old one would only cost writes.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS sales_claim_active_end_idx")
