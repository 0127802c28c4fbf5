from datetime import datetime, time

import pytz

from odoo import api, fields, models

from .res_config_settings import DEFAULT_DAILY_CAP


class SalesClaimPortalAttempt(models.Model):
    """Log of claim registrations (报备) tried by agents from the portal.

    Every attempt is kept, accepted or refused, so that sales operations can
    see an agent probing the register ("is this customer taken? and this
    one?"), and so that the daily cap (单日报备上限) of attempts per agent user
    can be counted. Attempts refused because the cap was reached are logged
    too, with the result *capped*. The log is written by the portal flow only;
    nobody edits it.
    """

    _name = "sales.claim.portal.attempt"
    _description = "Agent Portal Claim Attempt"
    _order = "date desc, id desc"
    _rec_name = "company_name"

    date = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Portal User",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The agent's portal user who tried the registration.",
    )
    agent_partner_id = fields.Many2one(
        "res.partner",
        string="Agent",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The agent company of the portal user.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    company_name = fields.Char(
        string="Typed Company Name", readonly=True, help="The company name as the agent typed it."
    )
    contact_name = fields.Char(string="Typed Contact", readonly=True)
    phone = fields.Char(string="Typed Phone", readonly=True)
    name_key = fields.Char(
        string="Normalized Name", readonly=True, index=True, help="The company name key compared."
    )
    phone_key = fields.Char(
        string="Normalized Phone", readonly=True, help="The E.164 phone compared."
    )
    result = fields.Selection(
        [("accepted", "Accepted"), ("refused", "Refused"), ("capped", "Daily Cap Reached")],
        required=True,
        readonly=True,
        index=True,
    )
    claim_id = fields.Many2one(
        "sales.claim",
        string="Claim",
        readonly=True,
        ondelete="set null",
        help="Accepted: the claim created. Refused: the active claim that blocked the "
        "registration (never shown to the agent).",
    )
    reason = fields.Selection(
        [
            ("accepted", "Accepted"),
            ("daily_cap", "Daily cap reached"),
            ("already_claimed", "Already claimed"),
            ("claimed_meanwhile", "Claimed meanwhile"),
            ("sales_agent", "A sales agent's company or phone"),
            ("not_claimable", "Not claimable (cooldown, pool, caps...)"),
        ],
        string="Internal Reason",
        readonly=True,
        index=True,
        help="Why, for sales operations; never shown to the agent.",
    )
    reason_detail = fields.Text(
        string="Internal Detail",
        readonly=True,
        help="The rule's own refusal (it may name the owner): never shown to the agent.",
    )
    message = fields.Text(
        string="Answer Shown", readonly=True, help="What the agent was told on the page."
    )
    ip_address = fields.Char(string="IP Address", readonly=True)

    @api.model
    def _get_daily_cap(self):
        """The daily cap of attempts per agent portal user (setting, default 20)."""
        # sudo: settings are read on behalf of portal users
        value = self.env["ir.config_parameter"].sudo().get_param("sales_claim_portal.daily_cap")
        try:
            cap = int(value or DEFAULT_DAILY_CAP)
        except ValueError:
            cap = DEFAULT_DAILY_CAP
        return max(cap, 1)

    @api.model
    def _start_of_today(self, user):
        """Midnight of today in the user's time zone, as a naive UTC datetime."""
        tz = pytz.timezone(user.tz or "UTC")
        today = fields.Datetime.now().replace(tzinfo=pytz.utc).astimezone(tz).date()
        midnight = tz.localize(datetime.combine(today, time.min))
        return midnight.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _count_today(self, user):
        """Attempts of ``user`` today that count against the cap (not the capped ones)."""
        return self.search_count(
            [
                ("user_id", "=", user.id),
                ("date", ">=", self._start_of_today(user)),
                ("result", "!=", "capped"),
            ]
        )

    @api.model
    def _take_attempt(self, user):
        """Count one attempt of ``user`` against today's cap, or False when
        reached. The count is a locked counter row (``sales.daily.counter``),
        never a read of this log, which a parallel request's snapshot would
        see stale."""
        return self.env["sales.daily.counter"]._take(user, "portal.attempt", self._get_daily_cap())

    @api.model
    def _cap_reached(self, user):
        return self._count_today(user) >= self._get_daily_cap()
