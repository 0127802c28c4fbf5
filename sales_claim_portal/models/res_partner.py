from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResPartner(models.Model):
    _inherit = "res.partner"

    is_sales_agent = fields.Boolean(
        string="Sales Agent",
        index=True,
        help="An agent or reseller (渠道/代理商): the portal users of this company may "
        "register their customers (报备) themselves from the customer portal.",
    )
    sales_agent_manager_id = fields.Many2one(
        "res.users",
        string="Agent Account Manager",
        domain="[('share', '=', False)]",
        help="Internal user who owns the claims this agent registers from the portal. "
        "Empty: the agent's salesperson, else the default account manager of the settings.",
    )

    agent_claim_count = fields.Integer(string="Agent Claims", compute="_compute_agent_claim_count")

    def _compute_agent_claim_count(self):
        # counted with the user's rights: only the claims they may open
        counts = dict(
            self.env["sales.claim"]._read_group(
                [("agent_partner_id", "in", self.ids)], ["agent_partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.agent_claim_count = counts.get(partner._origin, 0)

    @api.readonly
    def action_view_agent_claims(self):
        """The claims this agent registered (渠道报备), in the normal claim views."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_claim_registration.sales_claim_action"
        )
        action["domain"] = [("agent_partner_id", "=", self.id)]
        action["context"] = {"default_channel": "agent", "default_agent_partner_id": self.id}
        return action

    @api.constrains("sales_agent_manager_id")
    def _check_sales_agent_manager(self):
        for partner in self:
            if partner.sales_agent_manager_id.share:
                raise ValidationError(
                    self.env._(
                        "Agent Account Manager of %(partner)s: %(user)s is a portal user. "
                        "Choose an internal user, since claims are owned by internal users.",
                        partner=partner.display_name,
                        user=partner.sales_agent_manager_id.name,
                    )
                )

    def _get_sales_agent_manager(self):
        """The internal user who owns the claims registered by this agent.

        The agent's own account manager, else its salesperson when internal,
        else the default account manager of the settings; may be empty.
        """
        self.ensure_one()
        agent = self.commercial_partner_id
        if agent.sales_agent_manager_id:
            return agent.sales_agent_manager_id
        if agent.user_id and not agent.user_id.share and agent.user_id.active:
            return agent.user_id
        # sudo: portal users register too, and may read neither settings nor users
        default_id = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_portal.default_manager_id")
        )
        user = self.env["res.users"].sudo().browse(int(default_id or 0)).exists()
        return user if user and not user.share and user.active else self.env["res.users"]
