from odoo import api, fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    """Opportunities follow the claim (报备) of their customer.

    While a customer claim is active, new opportunities of the customer
    default to the owner and nobody else may take them (see
    ``sales.claim._check_ownership``). Moving an opportunity through the
    pipeline earns stage milestones; winning it closes its opportunity claim
    (won) and opens an arbitration case when someone else than the customer's
    owner won it; losing it closes its opportunity claim (lost).
    """

    _inherit = "crm.lead"

    claim_id = fields.Many2one(
        "sales.claim",
        string="Claim",
        compute="_compute_claim_id",
        help="The active claim of this opportunity, or else of its customer.",
    )
    claim_owner_id = fields.Many2one("res.users", string="Claimed By", compute="_compute_claim_id")
    claim_date_end = fields.Datetime(string="Protected Until", compute="_compute_claim_id")
    claim_count = fields.Integer(string="Claims", compute="_compute_claim_id")

    @api.depends("partner_id", "company_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_claim_id(self):
        # sudo: every rep may see that an opportunity is claimed, by whom and
        # until when, even when record rules hide the claim itself; in the
        # opportunity's company only (a shared customer is claimed per company)
        Claim = self.env["sales.claim"].sudo()
        lead_ids = [lead_id for lead_id in self.ids if lead_id]
        claims = Claim.search(
            [
                "|",
                ("lead_id", "in", lead_ids),
                "&",
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", self.partner_id.commercial_partner_id.ids),
                *self.env["res.partner"]._claim_company_domain(),
            ]
        )
        for lead in self:
            mine = claims.filtered(
                lambda c, lead=lead: (
                    (lead.id and c.lead_id.id == lead.id)
                    or (
                        c.key_type != "opportunity"
                        and c.partner_id == lead.partner_id.commercial_partner_id
                        and c.company_id in (lead.company_id or c.company_id)
                    )
                )
            )
            active = mine.filtered(lambda c: c.state == "active")
            claim = active.filtered(lambda c, lead=lead: c.lead_id.id == lead.id)[:1] or active[:1]
            lead.claim_id = claim
            lead.claim_owner_id = claim.user_id
            lead.claim_date_end = claim.date_end
            lead.claim_count = len(mine)

    @api.model_create_multi
    def create(self, vals_list):
        Claim = self.env["sales.claim"]
        default_partner = self.env.context.get("default_partner_id")
        partner_ids = [vals.get("partner_id") or default_partner for vals in vals_list]
        claims = {}
        # a customer shared by companies: the claims of the companies the user
        # works in, as the customer shows them (never another company's owner)
        companies = self.env["res.partner"]._claim_company_domain()
        if Claim._ownership_enforced():
            claims = Claim._active_customer_claims(
                self.env["res.partner"].browse(filter(None, partner_ids)), companies
            )
        if claims:
            for vals, partner_id in zip(vals_list, partner_ids, strict=True):
                claim = claims.get(self.env["res.partner"].browse(partner_id).commercial_partner_id)
                if not claim:
                    continue
                user_id = vals.get("user_id") or self.env.context.get("default_user_id")
                if not user_id:
                    vals["user_id"] = claim.user_id.id
                if Claim._ownership_bypassed():
                    continue
                if self.env.user != claim.user_id or (user_id and user_id != claim.user_id.id):
                    Claim._raise_ownership(claim)
        return super().create(vals_list)

    def write(self, vals):
        Claim = self.env["sales.claim"]
        if ("user_id" in vals or "partner_id" in vals) and not Claim._ownership_bypassed():
            partners = self.env["res.partner"].browse(vals.get("partner_id")) or self.partner_id
            claims = Claim._active_customer_claims(
                partners, self.env["res.partner"]._claim_company_domain()
            )
            for lead in self:
                partner = (
                    self.env["res.partner"].browse(vals["partner_id"])
                    if "partner_id" in vals
                    else lead.partner_id
                )
                claim = claims.get(partner.commercial_partner_id)
                user_id = vals["user_id"] if "user_id" in vals else lead.user_id.id
                if claim and user_id and user_id != claim.user_id.id:
                    Claim._raise_ownership(claim)
        stage_changed = self.env["crm.lead"]
        not_won = self.filtered(lambda lead: not lead.stage_id.is_won)
        if vals.get("stage_id"):
            stage_changed = self.filtered(lambda lead: lead.stage_id.id != vals["stage_id"])
        result = super().write(vals)
        if stage_changed and Claim._has_active_claims(stage_changed.partner_id, stage_changed):
            Milestone = self.env["sales.claim.milestone"]
            for lead in stage_changed:
                Milestone._reach(
                    "stage",
                    lead.partner_id,
                    lead,
                    Milestone._record_ref(lead),
                    stage=lead.stage_id,
                )
            won = (stage_changed & not_won).filtered(lambda lead: lead.stage_id.is_won)
            if won:
                Claim._on_leads_won(won)
        if "active" in vals and not vals["active"]:
            Claim._on_leads_lost(self.filtered(lambda lead: not lead.stage_id.is_won))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_claimed(self):
        """An opportunity with an active opportunity claim is not deleted,
        nor merged into another (Odoo's *Merge* deletes all but one, as
        the superuser): the claim would be left without its opportunity."""
        # sudo: who deletes may not read the claim of another rep
        claim = (
            self.env["sales.claim"]
            .sudo()
            .search([("state", "=", "active"), ("lead_id", "in", self.ids)], limit=1)
        )
        if claim:
            raise UserError(
                self.env._(
                    "Opportunity %(lead)s is claimed by %(owner)s until %(end)s (claim "
                    "%(claim)s): it cannot be deleted or merged into another opportunity. "
                    "Release the claim first, or ask for arbitration.",
                    lead=claim.lead_id.name,
                    owner=claim.user_id.name,
                    end=fields.Date.to_string(
                        fields.Datetime.context_timestamp(self, claim.date_end)
                    ),
                    claim=claim.name,
                )
            )

    @api.readonly
    def action_open_claim_wizard(self):
        """Claim (报备) this opportunity or its customer."""
        self.ensure_one()
        return self.env["sales.claim.register.wizard"]._open_action(
            {
                "default_lead_id": self.id,
                "default_partner_ids": self.partner_id.commercial_partner_id.ids,
                "default_key_type": "opportunity",
            }
        )

    @api.readonly
    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_claim_registration.sales_claim_action"
        )
        action["domain"] = [
            "|",
            ("lead_id", "=", self.id),
            "&",
            ("key_type", "in", ("company", "phone")),
            ("partner_id", "=", self.partner_id.commercial_partner_id.id or 0),
        ]
        action["context"] = {}
        return action
