"""The life cycle of a claim after it is registered: release, cancel,
extensions and milestones, arbitration, opportunities won or lost."""

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.rules_write import by_rules
from .sales_claim import ACTIVE


class SalesClaim(models.Model):
    """How a claim ends (释放, 作废, 赢单, lost) and what its owner may ask
    for meanwhile (延期申请, milestones, 判单). Every end goes through
    ``_close``, which calls the ``_on_claims_ended`` hook."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @by_rules
    def _close(self, state, reason=False):
        """End active claims: the owner loses the customer. Set-based."""
        claims = self.filtered(lambda c: c.state == ACTIVE)
        if not claims:
            return claims
        claims.check_access("write")
        # sudo: the life cycle fields are written by the claim code only, on
        # claims the caller may write
        claims.sudo().write(
            {"state": state, "date_closed": fields.Datetime.now(), "close_reason": reason}
        )
        claims._on_claims_ended(state)
        return claims

    def action_release(self, reason):
        """The owner gives the customer back (释放)."""
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why you release the customer."))
        return self._close("released", reason)

    def action_cancel(self):
        """A sales manager voids a claim registered by mistake (作废)."""
        if not (self.env.su or self.env.user.has_group("sales_team.group_sale_manager")):
            raise UserError(self.env._("Only a sales manager can cancel a claim."))
        return self._close("cancelled", self.env._("Cancelled"))

    @api.readonly
    def action_open_extension_wizard(self):
        """The owner asks for the one manual extension (延期申请)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request an Extension"),
            "res_model": "sales.claim.extension.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    @api.readonly
    def action_open_escalate_wizard(self):
        """Contest this claim: open an arbitration request (判单)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Escalate to Arbitration"),
            "res_model": "sales.claim.escalate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_claim_id": self.id},
        }

    @api.readonly
    def action_view_conflicts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_claim_registration.sales_claim_conflict_action"
        )
        action["domain"] = [("claim_id", "=", self.id)]
        action["context"] = {"default_claim_id": self.id}
        return action

    def _record_manual_milestone(self, milestone, evidence):
        """The owner records a milestone reached outside the system, with evidence.

        The evidence is posted on the claim; the milestone counts once, capped
        at the claim's maximum.
        """
        self.ensure_one()
        user = self.env.user
        if self.state != ACTIVE:
            raise UserError(self.env._("Only an active claim can earn milestones."))
        if self.user_id != user and not user.has_group("sales_team.group_sale_manager"):
            raise UserError(
                self.env._(
                    "Only the owner of claim %(claim)s can record its milestones.", claim=self.name
                )
            )
        if milestone.trigger != "manual" or milestone.policy_id != self.policy_id:
            raise ValidationError(
                self.env._(
                    "Milestone: choose one recorded by hand of policy %(policy)s.",
                    policy=self.policy_id.display_name,
                )
            )
        if milestone in self.extension_ids.milestone_id:
            raise ValidationError(
                self.env._(
                    "Milestone %(milestone)s already counted on claim %(claim)s: each "
                    "milestone counts once.",
                    milestone=milestone.name,
                    claim=self.name,
                )
            )
        if not (evidence or "").strip():
            raise ValidationError(self.env._("Evidence: describe what proves the milestone."))
        lines = milestone._extend_claims(self.sudo(), "manual", f"{self._name},{self.id}")
        if not lines:
            raise ValidationError(
                self.env._(
                    "Claim %(claim)s already has its maximum of %(max)s days.",
                    claim=self.name,
                    max=self.max_days,
                )
            )
        lines.reason = evidence
        self.message_post(body=self.env._("Evidence: %(evidence)s", evidence=evidence))
        return lines

    def _get_approvers(self):
        """Claim approvers (sales VPs) of the claim's company: the team leader
        when he is one, else all of them."""
        self.ensure_one()
        group = self.env.ref("sales_claim_registration.group_claim_approver")
        # sudo: reps may not read group memberships
        approvers = group.sudo().users.filtered(
            lambda u: not u.share and u.active and self.company_id in u.company_ids
        )
        leader = self.team_id.user_id
        return leader if leader in approvers else approvers

    # ------------------------------------------------------------------ opportunities

    @api.model
    def _on_leads_won(self, leads):
        """Opportunities were won (赢单).

        An opportunity claim of a won opportunity is won: its job is done. A
        customer claim stays active when its owner wins an opportunity: the
        customer keeps its account manager, the "signed" milestone extends the
        protection and the normal expiry (or the pool's recycling rules) still
        apply. When someone else wins an opportunity of a claimed customer, an
        arbitration case is opened so sales operations decide who gets the
        credit (撞单).
        """
        # sudo: whoever moves the opportunity may not see the claims concerned
        Claim = self.sudo()
        lead_claims = Claim.search(
            [("state", "=", ACTIVE), ("key_type", "=", "opportunity"), ("lead_id", "in", leads.ids)]
        )
        lead_claims._close("won", self.env._("Opportunity won"))
        customer_claims = Claim.search(
            [
                ("state", "=", ACTIVE),
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", leads.partner_id.commercial_partner_id.ids),
            ]
        )
        by_partner = {claim.partner_id: claim for claim in customer_claims}
        contested = []
        for lead in leads:
            claim = by_partner.get(lead.partner_id.commercial_partner_id)
            if claim and lead.user_id and lead.user_id != claim.user_id:
                contested.append((claim, lead))
        if contested:
            self.env["sales.claim.conflict"]._open_for_won_leads(contested)

    @api.model
    def _on_leads_lost(self, leads):
        """Opportunities were lost: their opportunity claims are lost too."""
        # sudo: whoever marks the opportunity lost may not see its claim
        self.sudo().search(
            [("state", "=", ACTIVE), ("key_type", "=", "opportunity"), ("lead_id", "in", leads.ids)]
        )._close("lost", self.env._("Opportunity lost"))
