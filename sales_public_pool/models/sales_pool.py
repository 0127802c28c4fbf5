from odoo import fields, models


class SalesPool(models.Model):
    """A public pool (公海) of unowned customers that members claim from."""

    _name = "sales.pool"
    _description = "Public Customer Pool"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
