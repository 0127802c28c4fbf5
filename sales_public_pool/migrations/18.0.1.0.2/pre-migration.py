"""Pool indexes (18.0.1.0.2): ``(pool_id, pool_date, id)`` replaces
``(pool_id)``, and ``pool_missing`` is indexed where true only.

The new indexes are created by ``res.partner.init()``. The former ones
would only cost writes; Odoo keeps an index a field no longer declares, so
they are dropped here.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute("DROP INDEX IF EXISTS res_partner__pool_id_index")
    cr.execute("DROP INDEX IF EXISTS res_partner__pool_missing_index")
