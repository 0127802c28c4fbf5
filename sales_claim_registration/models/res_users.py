from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

from ..tools.code_marks import ownership_move
from ..tools.rules_write import by_rules

LEAVER_PARAM = "sales_claim_registration.leaver_successor"


class ResUsers(models.Model):
    """People leave (离职交接): archiving a rep never strands what they own.

    A user who owns active claims, open opportunities or activities (other
    addons add pool customers and credit splits) cannot simply be archived:
    setting *Successor of Leaving Reps* (CRM settings) says what happens:

    - ``handover`` (default): archiving is refused with one sentence saying
      what the user still owns; a manager hands it over first (the pool's
      handover by stage, or a successor chosen in the settings);
    - ``manager``: everything goes to the user's manager (their employee's
      manager when HR is installed), else to their team leader;
    - ``team_leader``: everything goes to the leader of their sales team;
    - ``pool`` (public pool addon): customers are released to their pool.

    The handover is one step: claims are closed as "transferred" and the
    successor's claims registered in one batch, opportunities and
    activities move in one write each, and each customer and opportunity
    gets one message saying who took over.
    """

    _inherit = "res.users"

    def action_archive(self):
        # before Odoo deletes the archived users' activities
        self._sales_leaving()
        return super().action_archive()

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            self._sales_leaving()
        return super().write(vals)

    # ------------------------------------------------------------------ leaving

    def _sales_leaving(self):
        """Hand over (or refuse to archive) the internal users in ``self`` who still own work."""
        for user in self.filtered(lambda u: u.active and not u.share):
            owned = user._sales_owned_work()
            if not any(owned.values()):
                continue
            mode = user._sales_leaver_mode()
            successor = user._sales_leaver_successor(mode)
            if mode == "handover" or successor is None:
                raise UserError(user._sales_leaving_refusal(owned, mode))
            user._sales_hand_over(successor)

    def _sales_leaver_mode(self):
        # sudo: a setting, read by whoever archives users
        return self.env["ir.config_parameter"].sudo().get_param(LEAVER_PARAM) or "handover"

    def _sales_leaver_successor(self, mode):
        """The user who takes over, ``False`` for "no user" (the pool), or
        ``None`` when there is nobody: then archiving is refused."""
        self.ensure_one()
        successor = self.env["res.users"]
        if mode == "manager" and "employee_parent_id" in self._fields:
            successor = self.sudo().employee_parent_id.user_id
        if mode in ("manager", "team_leader") and not successor:
            successor = self.sudo().sale_team_id.user_id
        if not successor or successor == self or not successor.active or successor.share:
            return None
        return successor

    def _sales_owned_work(self):
        """``{label: count}`` of what the user owns and must hand over."""
        self.ensure_one()
        # sudo: whoever archives the user counts all of their work
        Claim = self.env["sales.claim"].sudo()
        return {
            self.env._("active claims"): Claim.search_count(
                [("user_id", "=", self.id), ("state", "=", "active")]
            ),
            self.env._("open opportunities"): len(self._sales_open_leads()),
            self.env._("activities"): self.env["mail.activity"]
            .sudo()
            .search_count([("user_id", "=", self.id)]),
        }

    def _sales_leaving_refusal(self, owned, mode):
        what = ", ".join(f"{label}: {count}" for label, count in owned.items() if count)
        if mode == "handover":
            return self.env._(
                "%(user)s still owns %(what)s. Hand them over first (Hand Over Customers on the "
                "user), or choose a Successor of Leaving Reps in the CRM settings.",
                user=self.name,
                what=what,
            )
        return self.env._(
            "%(user)s still owns %(what)s and has no successor (manager or sales team leader) to "
            "take them over: hand them over first, or give the user a team leader.",
            user=self.name,
            what=what,
        )

    def _sales_open_leads(self):
        # sudo: the leaving rep's opportunities, whatever the archiver may read
        return (
            self.env["crm.lead"]
            .sudo()
            .search([("user_id", "=", self.id), ("stage_id.is_won", "=", False)])
        )

    def _sales_hand_over(self, successor):
        """Give everything the user owns to ``successor`` (``False``: the pool
        addon releases the customers). Other addons extend this."""
        self.ensure_one()
        reason = self.env._("%(user)s left: handed over", user=self.name)
        partners = self._sales_hand_over_claims(successor, reason)
        leads = self._sales_open_leads()
        for team, group in leads.grouped("team_id").items():
            group.write({"user_id": successor.id if successor else False, "team_id": team.id})
        # sudo: the leaving rep's activities, on records the archiver may not read
        activities = self.env["mail.activity"].sudo().search([("user_id", "=", self.id)])
        activities.write({"user_id": (successor or self.env.user).id})
        who = successor.name if successor else self.env._("the public pool")
        body = Markup("<p>%s</p>") % self.env._(
            "%(user)s left: handed over to %(successor)s.", user=self.name, successor=who
        )
        Adoption = self.env["sales.claim.adoption"].sudo()
        Adoption._log_messages(partners.ids, [body] * len(partners))
        Adoption._log_messages(leads.ids, [body] * len(leads), model="crm.lead")

    @by_rules
    def _sales_hand_over_claims(self, successor, reason):
        """Transfer the user's active claims to ``successor``: closed as
        transferred, registered again for the successor in one batch (caps
        and moves of the pool addon apply). Returns the customers."""
        # sudo: the archiver closes the leaving rep's claims
        claims = (
            self.env["sales.claim"]
            .sudo()
            .search([("user_id", "=", self.id), ("state", "=", "active")])
        )
        customer_claims = claims.filtered(lambda c: c.key_type in ("company", "phone"))
        lead_claims = claims - customer_claims
        with ownership_move("transferred", from_user_id=self.id, reason=reason):
            claims._close("transferred", reason)
            self.env.flush_all()
            _claims, refused = claims._create_claims_batch(
                [
                    {
                        # a phone claim registers the contact whose phone it is
                        "partner_id": (claim.contact_id or claim.partner_id).id,
                        "user_id": successor.id,
                        "key_type": claim.key_type,
                        "note": reason,
                    }
                    for claim in customer_claims
                ]
            )
            claims.create(
                [
                    {
                        "lead_id": claim.lead_id.id,
                        "key_type": "opportunity",
                        "user_id": successor.id,
                    }
                    for claim in lead_claims
                ]
            )
        if refused:
            raise UserError(
                self.env._(
                    "%(user)s cannot take over every customer: %(reason)s",
                    user=successor.name,
                    reason=refused[0][1],
                )
            )
        return customer_claims.partner_id
