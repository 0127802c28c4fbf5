"""Upper bounds of a pool's days and caps (配置上限): a typo such as 999,999
or 2,000,000,000 days is refused with the field named
(``sales_claim_registration/tools/bounds.py``)."""

from odoo import api, models

from odoo.addons.sales_claim_registration.tools.bounds import (
    MAX_CAP,
    MAX_DAYS,
    check_upper_bounds,
)

POOL_BOUNDS = {
    "holding_cap": MAX_CAP,
    "daily_cap": MAX_CAP,
    "lock_limit": MAX_CAP,
    "lock_days": MAX_DAYS,
    "warning_days": MAX_DAYS,
    "cooldown_days": MAX_DAYS,
    "max_cycles": 1000,
    "distribution_period_days": MAX_DAYS,
    "followup_days": MAX_DAYS,
    "opportunity_days": MAX_DAYS,
    "win_days": MAX_DAYS,
}


class SalesPool(models.Model):
    _inherit = "sales.pool"

    @api.constrains(*POOL_BOUNDS)
    def _check_upper_bounds(self):
        check_upper_bounds(
            self, POOL_BOUNDS, lambda pool: self.env._("pool %(pool)s", pool=pool.display_name)
        )
