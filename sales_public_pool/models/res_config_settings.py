from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    claim_leaver_successor = fields.Selection(
        selection_add=[("pool", "The public pool")], ondelete={"pool": "set default"}
    )
    pool_currency_id = fields.Many2one(related="company_id.currency_id", string="Pool Currency")
    pool_grade_a_amount = fields.Monetary(
        related="company_id.pool_grade_a_amount", readonly=False, currency_field="pool_currency_id"
    )
    pool_grade_b_amount = fields.Monetary(
        related="company_id.pool_grade_b_amount", readonly=False, currency_field="pool_currency_id"
    )
    pool_grade_c_amount = fields.Monetary(
        related="company_id.pool_grade_c_amount", readonly=False, currency_field="pool_currency_id"
    )
    pool_agent_pool_id = fields.Many2one(
        related="company_id.pool_agent_pool_id",
        readonly=False,
        string="Agents' Customers Pool",
        domain="[('company_id', '=', company_id)]",
    )
