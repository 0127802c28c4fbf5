"""Claims seen by agents: portal access links, the fields agents may not
read, and what an agent is told (``sales_claim_portal_register.py``:
registration; ``sales_claim_portal_extension.py``: extension requests)."""

from odoo import fields, models
from odoo.tools import format_date

NAME_MAX = 128
NOTE_MAX = 2000


class SalesClaim(models.Model):
    """Agents register their customers (PRM 报备) from the portal.

    An agent's portal user types a company name, a contact and a phone; the
    customer is found by normalized name or phone, or created, and claimed
    with channel *agent* for the agent company. The claim is owned by the
    agent's account manager, an internal user. A refusal tells the agent that
    the customer is registered and until when, never by whom: agents must not
    learn each other's customers. Every attempt is logged, and attempts per
    user per day are capped (see ``sales.claim.portal.attempt``).
    """

    _inherit = "sales.claim"
    # Agents read their company's claims and post messages and evidence on
    # them from the portal chatter, without write access to the claim.
    _mail_post_access = "read"

    # internal texts: never readable by portal users, even through RPC
    note = fields.Text(groups="base.group_user")
    close_reason = fields.Char(groups="base.group_user")

    # ------------------------------------------------------------------ access links

    def _get_access_action(self, access_uid=None, force_website=False):
        """Agents open their claims in the portal, e.g. from a notification."""
        self.ensure_one()
        # sudo: only whether the user is a portal user is read
        user = self.env["res.users"].sudo().browse(access_uid) if access_uid else self.env.user
        if user.share and self.channel == "agent":
            return {
                "type": "ir.actions.act_url",
                "url": f"/my/claims/{self.id}",
                "target": "self",
                "res_id": self.id,
            }
        return super()._get_access_action(access_uid=access_uid, force_website=force_website)

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        """Agents following a claim get the button that opens it in the portal."""
        groups = super()._notify_get_recipients_groups(
            message, model_description, msg_vals=msg_vals
        )
        for name, _check, data in groups:
            if name == "portal":
                data.update(active=True, has_button_access=True)
        return groups

    # ------------------------------------------------------------------ answers

    def _portal_date_end(self):
        """Protection end date as the agent reads it (its time zone and language)."""
        self.ensure_one()
        if not self.date_end:
            return ""
        return format_date(self.env, fields.Datetime.context_timestamp(self, self.date_end))

    def _portal_refusal_message(self, agent):
        """What an agent is told when the customer is already claimed.

        Says that the customer is registered and until when; never by whom,
        in which team or through which channel (agents must not learn each
        other's customers). When the agent's own company holds the claim, it
        says so, since that is the agent's own information.
        """
        self.ensure_one()
        if self.agent_partner_id == agent:
            return self.env._(
                "Your company already registered this customer (claim %(ref)s), protected "
                "until %(end)s.",
                ref=self.name,
                end=self._portal_date_end(),
            )
        return self.env._(
            "This customer is already registered, protected until %(end)s. If you have "
            "evidence that it is yours, contact your account manager.",
            end=self._portal_date_end(),
        )
