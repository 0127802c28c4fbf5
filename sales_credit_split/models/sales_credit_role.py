from odoo import fields, models


class SalesCreditRole(models.Model):
    """A contribution to a deal that earns a share of its credit."""

    _name = "sales.credit.role"
    _description = "Credit Split Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    default_weight = fields.Float(digits=(5, 2))
