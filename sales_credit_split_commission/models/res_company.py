from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    credit_split_commission = fields.Boolean(
        string="Pay Credit Splits as Commissions",
        help="Posted customer invoices with a credit split get the split's participants as "
        "commission agents (OCA commissions) of their lines, each paid their share. Every "
        "participant must then be a commission agent.",
    )
