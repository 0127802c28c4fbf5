from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move
from odoo.addons.sales_claim_registration.tools.rules_write import rules_write


class SalesPoolHandoverWizard(models.TransientModel):
    """Handover of a leaving rep's customers (离职交接), by opportunity stage.

    Customers are grouped by the stage of their most advanced open
    opportunity. Per group the manager transfers them to one or several
    successors (in turn) or releases them to their pool. Open opportunities
    and activities follow: to the successor on transfer; on release the
    opportunities lose their salesperson and the activities go to the manager
    doing the handover. Every transfer is a claim closed as "transferred" and
    a new claim of the successor, so caps and moves log apply.
    """

    _name = "sales.pool.handover.wizard"
    _description = "Handover of a Leaving Rep's Customers"

    user_id = fields.Many2one(
        "res.users", string="Leaving Rep", required=True, domain="[('share', '=', False)]"
    )
    successor_ids = fields.Many2many(
        "res.users",
        string="Successors",
        domain="[('share', '=', False)]",
        help="Default successors of every stage, served in turn.",
    )
    reason = fields.Char(required=True, default=lambda self: self.env._("Rep leaving: handover"))
    line_ids = fields.One2many(
        "sales.pool.handover.line",
        "wizard_id",
        string="By Stage",
        compute="_compute_line_ids",
        store=True,
        readonly=False,
    )

    @api.depends("user_id")
    def _compute_line_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            for stage, partners in wizard._customers_by_stage().items():
                commands.append(
                    Command.create(
                        {
                            "stage_id": stage.id,
                            "partner_ids": [Command.set(partners.ids)],
                            "action": "transfer",
                        }
                    )
                )
            wizard.line_ids = commands

    def _customers_by_stage(self):
        """``{stage: customers}``: the stage of each customer's most advanced open opportunity."""
        if not self.user_id:
            return {}
        claims = (
            self.env["sales.claim"]
            .sudo()
            .search(  # sudo: managers see every claim anyway
                [
                    ("user_id", "=", self.user_id.id),
                    ("state", "=", "active"),
                    ("key_type", "in", ("company", "phone")),
                    # of the companies the manager works in, as they see them
                    *self.env["res.partner"]._claim_company_domain(),
                ]
            )
        )
        user = self.env.user
        if not user.has_group("sales_team.group_sale_manager"):
            # a pool administrator lists (and hands over) the customers of the
            # pools they administer only: not every customer of a colleague
            # with the stages of deals they may not read
            claims = claims.filtered(lambda c: user in c.partner_id.pool_home_id.manager_ids)
        if not claims:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (lp.commercial_partner_id) lp.commercial_partner_id, s.id
                  FROM crm_lead l
                  JOIN res_partner lp ON lp.id = l.partner_id
                  JOIN crm_stage s ON s.id = l.stage_id AND NOT COALESCE(s.is_won, false)
                 WHERE l.active AND lp.commercial_partner_id = ANY(%s)
                 ORDER BY lp.commercial_partner_id, s.sequence DESC, s.id DESC
                """,
                claims.partner_id.ids,
            )
        )
        stage_of = dict(self.env.cr.fetchall())
        result = {}
        Stage = self.env["crm.stage"]
        for partner in claims.partner_id:
            stage = Stage.browse(stage_of.get(partner.id))
            result.setdefault(stage, self.env["res.partner"])
            result[stage] |= partner
        return result

    def action_handover(self):
        self.ensure_one()
        if not self.env.user.has_group("sales_team.group_sale_manager"):
            pools = self.line_ids.partner_ids.pool_home_id
            if not pools:
                raise UserError(self.env._("Only sales managers may hand customers over."))
            pools._check_administrator()
        for line in self.line_ids:
            partners = line.partner_ids.filtered(lambda p: p.claim_owner_id == self.user_id)
            if not partners:
                continue
            if line.action == "release":
                self._release(partners)
            else:
                successors = line.successor_ids or self.successor_ids
                if not successors:
                    raise UserError(
                        self.env._(
                            "Choose the Successors of stage %(stage)s, or release its customers.",
                            stage=line.stage_id.name or self.env._("no open opportunity"),
                        )
                    )
                if self.user_id in successors:
                    raise UserError(self.env._("The leaving rep cannot be their own successor."))
                for index, partner in enumerate(partners):
                    self._transfer(partner, successors[index % len(successors)])
        return {"type": "ir.actions.act_window_close"}

    def _open_leads(self, partners):
        return (
            self.env["crm.lead"]
            .sudo()
            .search(  # sudo: leads of the leaving rep
                [
                    ("partner_id", "child_of", partners.ids),
                    ("user_id", "=", self.user_id.id),
                    ("stage_id.is_won", "=", False),
                ]
            )
        )

    def _move_activities(self, partners, leads, user):
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(  # sudo: activities of the leaving rep
                [
                    ("user_id", "=", self.user_id.id),
                    "|",
                    "&",
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", leads.ids),
                    "&",
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", partners.ids),
                ]
            )
        )
        activities.write({"user_id": user.id})

    def _release(self, partners):
        leads = self._open_leads(partners)
        self._move_activities(partners, leads, self.env.user)
        for team, group in leads.grouped("team_id").items():
            group.write({"user_id": False, "team_id": team.id})
        # sudo: the manager releases the leaving rep's claims
        partners.claim_id.sudo().action_release(self.reason)

    def _transfer(self, partner, successor):
        leads = self._open_leads(partner)
        # sudo: the manager closes the leaving rep's claim and registers the
        # successor's; the successor's caps are still checked by the claim hook
        partner.claim_id.sudo()._close("transferred", self.reason)
        with (
            rules_write(),
            ownership_move("transferred", from_user_id=self.user_id.id, reason=self.reason),
        ):
            self.env["sales.claim"].sudo().create(
                {
                    "partner_id": partner.id,
                    "user_id": successor.id,
                    "key_type": "company" if partner.is_company else "phone",
                }
            )
        for team, group in leads.grouped("team_id").items():
            group.write({"user_id": successor.id, "team_id": team.id})
        # quotations and draft invoices follow the customer too
        self.env["sales.claim"]._transfer_documents(partner, self.user_id, successor)
        self._move_activities(partner, leads, successor)
