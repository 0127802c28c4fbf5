from odoo import fields, models

from .res_users import LEAVER_PARAM
from .sales_claim_adoption import ADOPTED_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    claim_near_match_threshold = fields.Float(
        string="Near-Match Threshold",
        config_parameter="sales_claim_registration.near_match_threshold",
        default=0.4,
        help="Trigram similarity (0-1) above which a company name is shown as a possible "
        "duplicate when claiming. Lower shows more warnings.",
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

    def _compute_claim_adoption_pending(self):
        # sudo: a technical marker, read for the banner
        pending = not self.env["ir.config_parameter"].sudo().get_param(ADOPTED_PARAM)
        for settings in self:
            settings.claim_adoption_pending = pending
