"""Only the rules change a customer's pool state (只有规则改变归属).

Where a customer is (pool, home pool, cycles), its timers (recycling due
date, lock, cooldown), its previous owner and its grade are written by the
pool's actions, wizards and crons only, which check who may act and log
each move; a plain ``create`` or ``write`` of these fields is refused for
every user, sales managers included (``sales_claim_registration``'s
``tools/rules_write.py``). So is a salesperson given to a customer that
waits in a pool: a pool customer is taken by claiming or assigning it.
"""

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.sales_claim_registration.tools.rules_write import rules_writing

POOL_PLACE_FIELDS = (
    "pool_id",
    "pool_home_id",
    "pool_date",
    "pool_entry_type",
    "pool_cycle_count",
    "pool_missing",
    "pool_release_reason",
    "pool_previous_owner_id",
    "pool_cooldown_until",
)
POOL_TIMER_FIELDS = (
    "pool_last_followup_date",
    "pool_last_opportunity_date",
    "pool_recycle_date",
    "pool_recycle_rule",
    "pool_warned_date",
    "pool_locked_until",
    "pool_lock_user_id",
)
POOL_GRADE_FIELDS = ("customer_grade", "pool_won_revenue")


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _rules_fields(self):
        fields = super()._rules_fields()
        place = self.env._(
            "claim it from the pool, release it, or ask a pool administrator to assign, "
            "distribute or put it in a pool"
        )
        timers = self.env._(
            "log a follow-up or an opportunity, or lock or unlock the customer; the dates "
            "follow the pool's rules"
        )
        grade = self.env._("the grade follows the won revenue, recomputed by the pool cron")
        fields.update(dict.fromkeys(POOL_PLACE_FIELDS, place))
        fields.update(dict.fromkeys(POOL_TIMER_FIELDS, timers))
        fields.update(dict.fromkeys(POOL_GRADE_FIELDS, grade))
        return fields

    @api.model_create_multi
    def create(self, vals_list):
        if not rules_writing(self.env):
            default_user = self.env.context.get("default_user_id")
            parents = self.browse(
                [
                    vals["parent_id"]
                    for vals in vals_list
                    if vals.get("parent_id") and vals.get("user_id", default_user)
                ]
            )
            parents._check_pooled_salesperson()
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("user_id") and not rules_writing(self.env):
            self._check_pooled_salesperson()
        if "active" in vals and not vals["active"]:
            self._check_pool_customer_kept(self.env._("archived"))
        return super().write(vals)

    def _check_pooled_salesperson(self):
        """A customer waiting in a pool has no salesperson: it is taken by
        claiming it (caps, cooldown and membership apply), never by typing one."""
        # sudo: the pool of a contact's company decides, whoever may read it
        pooled = self.sudo().commercial_partner_id.filtered("pool_id")
        if pooled:
            raise UserError(
                self.env._(
                    "Salesperson: %(partners)s waits in public pool %(pool)s. Claim it from "
                    "the pool, or ask a pool administrator to assign it.",
                    partners=", ".join(pooled.mapped("display_name")),
                    pool=pooled[:1].pool_id.display_name,
                )
            )
