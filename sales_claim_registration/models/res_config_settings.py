from odoo import fields, models

from .res_users import LEAVER_PARAM
from .sales_claim_adoption import ADOPTED_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    claim_near_match_threshold = fields.Float(
        string="Near-Match Threshold",
        config_parameter="sales_claim_registration.near_match_threshold",
        default=0.4,
        help="Trigram similarity (0-1) from which a company name of four to eight characters "
        "is shown as a possible duplicate when claiming; shorter names need 0.1 less, names of "
        "9-12 characters 0.1 more, longer names 0.2 more. Lower shows more warnings.",
    )
    claim_near_match_unavailable = fields.Boolean(
        compute="_compute_claim_near_match_unavailable",
        help="This database's character type is not UTF-8: pg_trgm sees no Chinese character, "
        "near matching is off and only exact keys are checked.",
    )
    claim_enforce_ownership = fields.Boolean(
        string="Enforce Claim Ownership",
        config_parameter="sales_claim_registration.enforce_ownership",
        help="While a claim is active, only its owner (or a sales manager) may be the "
        "salesperson of the customer and of its new opportunities.",
    )
    claim_cron_batch_size = fields.Integer(
        string="Claim Cron Batch Size",
        config_parameter="sales_claim_registration.cron_batch_size",
        default=2000,
        help="Claims expired or reminded per committed batch by the scheduled actions.",
    )
    claim_leaver_successor = fields.Selection(
        [
            ("handover", "Hand over first"),
            ("manager", "Their manager"),
            ("team_leader", "Their sales team leader"),
        ],
        string="Successor of Leaving Reps",
        config_parameter=LEAVER_PARAM,
        default="handover",
        help="When a user who owns claims, opportunities, credit splits or activities is "
        "archived: refuse until they are handed over, or hand everything to this successor.",
    )
    claim_adoption_pending = fields.Boolean(
        compute="_compute_claim_adoption_pending",
        help="No adoption of the existing ownership was applied yet: the settings offer it.",
    )

    def _compute_claim_near_match_unavailable(self):
        unavailable = not self.env["res.partner"]._claim_near_match_available()
        for settings in self:
            settings.claim_near_match_unavailable = unavailable

    def _compute_claim_adoption_pending(self):
        # sudo: a technical marker, read for the banner
        pending = not self.env["ir.config_parameter"].sudo().get_param(ADOPTED_PARAM)
        for settings in self:
            settings.claim_adoption_pending = pending
