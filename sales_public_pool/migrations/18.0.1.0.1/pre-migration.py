"""Recycling due-date index (18.0.1.0.1): ``(pool_recycle_date, id)`` replaces
``(pool_recycle_date)``.

The recycling cron walks its batches by ``(pool_recycle_date, id)`` (keyset);
the new index is created by ``res.partner.init()``, the old one would only
cost writes.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS res_partner_pool_recycle_date_idx")
