from odoo import api, fields, models


class SalesPoolHandoverLine(models.TransientModel):
    _name = "sales.pool.handover.line"
    _description = "Handover per Opportunity Stage"

    wizard_id = fields.Many2one("sales.pool.handover.wizard", required=True, ondelete="cascade")
    stage_id = fields.Many2one(
        "crm.stage",
        string="Stage",
        help="Most advanced open opportunity; empty: no open opportunity.",
    )
    partner_ids = fields.Many2many("res.partner", string="Customers")
    customer_count = fields.Integer(compute="_compute_customer_count")
    action = fields.Selection(
        [("transfer", "Transfer to Successors"), ("release", "Release to Pool")],
        required=True,
        default="transfer",
    )
    successor_ids = fields.Many2many(
        "res.users",
        string="Successors",
        domain="[('share', '=', False)]",
        help="Successors for this stage, served in turn; empty: the wizard's successors.",
    )

    @api.depends("partner_ids")
    def _compute_customer_count(self):
        for line in self:
            line.customer_count = len(line.partner_ids)
