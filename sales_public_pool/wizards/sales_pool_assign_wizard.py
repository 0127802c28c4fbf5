from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move
from odoo.addons.sales_claim_registration.tools.rules_write import rules_write


class SalesPoolAssignWizard(models.TransientModel):
    """Administrators assign pool customers to one member (分配)."""

    _name = "sales.pool.assign.wizard"
    _description = "Assign Pool Customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    pool_id = fields.Many2one("sales.pool", compute="_compute_pool_id")
    user_id = fields.Many2one(
        "res.users",
        string="Assign To",
        required=True,
        domain="[('share', '=', False)]",
        help="A member of the customers' pool.",
    )
    reason = fields.Char(help="Why these customers go to this member.")

    @api.depends("partner_ids")
    def _compute_pool_id(self):
        for wizard in self:
            wizard.pool_id = wizard.partner_ids.pool_id[:1]

    def action_assign(self):
        self.ensure_one()
        partners = self.partner_ids.commercial_partner_id
        outside = partners.filtered(lambda p: not p.pool_id)
        if outside:
            raise UserError(
                self.env._(
                    "%(partners)s is not in a pool: only pool customers can be assigned.",
                    partners=", ".join(outside.mapped("display_name")),
                )
            )
        pools = partners.pool_id
        pools._check_administrator()
        pools._check_member(self.user_id)
        self.env["res.partner"]._pool_lock_rows(partners)
        # sudo: administrators create claims for members; rights checked above
        with rules_write(), ownership_move("assigned", reason=self.reason or False):
            self.env["sales.claim"].sudo().create(
                [
                    {
                        "partner_id": p.id,
                        "user_id": self.user_id.id,
                        "key_type": "company" if p.is_company else "phone",
                        # the pool's company, whichever of the user's is current
                        "company_id": p.sudo().pool_id.company_id.id,
                    }
                    for p in partners
                ]
            )
        return {"type": "ir.actions.act_window_close"}
