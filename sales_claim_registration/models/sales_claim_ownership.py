"""Ownership consistency (客户归属一致): the claim owner is the salesperson of
the customer, its contacts and its opportunities."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.rules_write import rules_writing
from .sales_claim import ACTIVE


class SalesClaim(models.Model):
    """The ownership guard: while a customer claim is active, only its owner
    (or a sales manager) is the salesperson of the customer and its
    contacts, and opens opportunities for it (``res.partner``,
    ``crm.lead``). The claim hooks ``_on_claims_started`` and
    ``_on_claims_ended`` hand the customer over, set-based; other addons
    extend them."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _active_customer_claims(self, partners, domain=()):
        """{commercial partner: active customer claim} for ``partners``
        (``domain``: of these claims only, e.g. of some companies)."""
        if not partners:
            return {}
        # sudo: ownership is checked for users who cannot read others' claims
        claims = self.sudo().search(
            [
                ("state", "=", ACTIVE),
                ("key_type", "in", ("company", "phone")),
                ("partner_id", "in", partners.commercial_partner_id.ids),
                *domain,
            ]
        )
        return {claim.partner_id: claim for claim in claims}

    @api.model
    def _has_active_claims(self, partners, leads):
        """Whether any active claim concerns these customers or opportunities:
        one query that spares milestone lookups on unclaimed records."""
        # sudo: a cheap existence check, nothing is shown
        return bool(
            self.sudo().search_count(
                [
                    ("state", "=", ACTIVE),
                    "|",
                    ("partner_id", "in", partners.commercial_partner_id.ids),
                    ("lead_id", "in", leads.ids),
                ],
                limit=1,
            )
        )

    @api.model
    def _ownership_enforced(self):
        """Setting "Enforce Claim Ownership" (客户归属一致), on by default."""
        enforced = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.enforce_ownership")
        )
        return bool(enforced) and enforced not in ("False", "0")

    @api.model
    def _ownership_bypassed(self):
        """Ownership consistency of opportunities is not enforced for the
        superuser, the claim code itself (``tools/rules_write.py``: never a
        context key, which any client can send), sales managers, or when
        the setting is off. The salesperson of a claimed customer is
        checked for everyone (``res.partner.write``)."""
        if rules_writing(self.env):
            return True
        if not self._ownership_enforced():
            return True
        return self.env.user.has_group("sales_team.group_sale_manager")

    @api.model
    def _raise_ownership(self, claim):
        raise UserError(
            self.env._(
                "%(customer)s is claimed by %(owner)s until %(end)s: only the owner or a sales "
                "manager can be its salesperson or open opportunities for it.",
                customer=claim.partner_id.display_name,
                owner=claim.user_id.name,
                end=fields.Date.to_string(fields.Datetime.context_timestamp(self, claim.date_end)),
            )
        )

    # ------------------------------------------------------------------ hooks

    def _on_claims_started(self):
        """Hook: claims just became active. The owner gets the customer.

        Set the salesperson of the customer and of its contacts to the owner,
        so that every document of the customer agrees.
        """
        self._sync_customers_salesperson()

    def _on_claims_adopted(self):
        """Hook: claims just adopted the ownership a customer already had
        (``sales.claim.adoption``): its salesperson is the owner already, so
        only its contacts that disagree are set to the owner. Not a claim
        of a rep: other addons do not check their claim-time rules here
        (the public pools' caps, membership and cooldown)."""
        self._sync_customers_salesperson()

    def _sync_customers_salesperson(self):
        """The salesperson of the customers of customer claims, and of their
        contacts, becomes the owner; only the rows that differ are written."""
        if not self:
            return
        # one query for the whole batch, whatever the number of owners; read
        # from the table: a distribution starts thousands of claims at once
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET user_id = c.user_id
                  FROM sales_claim c
                 WHERE c.id = ANY(%s) AND c.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = c.partner_id
                   AND p.user_id IS DISTINCT FROM c.user_id
                """,
                self.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])

    def _on_claims_ended(self, reason):
        """Hook: claims just left the active state (``reason`` is the new state).

        The owner loses the customer: its salesperson is cleared when it is
        still the former owner. Other addons extend this (the public pool
        addon sends expired and released customers to a pool).
        """
        if reason in ("won", "transferred") or not self:
            return
        # one query for the whole batch, whatever the number of former owners;
        # read from the table, not the ORM: crons end thousands of claims
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner p SET user_id = NULL
                  FROM sales_claim c
                 WHERE c.id = ANY(%s) AND c.key_type IN ('company', 'phone')
                   AND p.commercial_partner_id = c.partner_id
                   AND p.user_id = c.user_id
                """,
                self.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])

    @api.model
    def _set_salesperson(self, partners, user_id):
        """Set the salesperson of companies and their contacts in one query.

        SQL on purpose: the ORM write subscribes followers and tracks per
        record (about 110 partners/s), far too slow for expiry crons.
        """
        if not partners:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner SET user_id = %(user)s
                 WHERE id = ANY(%(ids)s) OR commercial_partner_id = ANY(%(ids)s)
                """,
                user=user_id or None,
                ids=partners.ids,
            )
        )
        self.env["res.partner"].invalidate_model(["user_id"])
