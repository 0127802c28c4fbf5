"""The pool's rules for a claim of a pool customer, on every path that
creates one (claim from the pool, assignment, distribution, a plain claim of
a duplicate): read by ``sales_claim.py``'s ``_pool_take_customers``."""

from odoo import models
from odoo.exceptions import ValidationError

from odoo.addons.sales_claim_registration.models.sales_claim import ClaimsRefused


class SalesClaim(models.Model):
    _inherit = "sales.claim"

    def _pool_check_claimable(self, rows, claimed=True):
        """The pool's rules for claims, by any path (``_pool_claim_refusal``).
        In a batch of claims the customers concerned are refused
        (``ClaimsRefused``)."""
        refusals = {}
        for row in rows:
            refusal = self._pool_claim_refusal(row, claimed)
            if refusal:
                refusals[row["partner_id"]] = refusal
                if not self.env.context.get("sales_claim_batch"):
                    raise ValidationError(refusal)
        if refusals:
            raise ClaimsRefused(refusals)

    def _pool_claim_refusal(self, row, claimed):
        """Why the claim ``row`` (of ``_pool_take_customers``) is refused, or
        ``False``. A pool customer is claimed in its pool's company: the
        pool's caps count it there, and it returns there (多公司). Whoever
        claims it (``claimed``; not an assignment) must be a member of the
        pool and not its previous owner during the cooldown (冷静期, see
        ``res.partner._pool_cooldown_refusal``), and claims another record
        of it (same normalized name or credit code: a duplicate, or typed
        again) from the pool, not around it."""
        Partner = self.env["res.partner"]
        if row["pool_id"] and row["pool_company_id"] != row["company_id"]:
            return self._pool_other_company_message(
                self.env["sales.pool"].browse(row["pool_id"]), Partner.browse(row["partner_id"])
            )
        if not claimed:
            return False
        if row["pool_twin_id"]:
            # sudo: the names of the pool and its customer only, for who may not read them
            twin = Partner.sudo().browse(row["pool_twin_id"])
            return self.env._(
                "%(partner)s is customer %(twin)s, waiting in public pool %(pool)s: claim it "
                "from the pool (members only), or ask an administrator of the pool to assign it.",
                partner=Partner.sudo().browse(row["partner_id"]).display_name,
                twin=twin.display_name,
                pool=twin.pool_id.display_name,
            )
        if not row["pool_id"]:
            return False
        user = self.env["res.users"].browse(row["user_id"])
        if not row["member"]:
            pool = self.env["sales.pool"].sudo().browse(row["pool_id"])  # sudo: name only
            return pool._not_member_message(user)
        return Partner.browse(row["partner_id"])._pool_cooldown_refusal(
            user, row["pool_previous_owner_id"], row["pool_cooldown_until"]
        )

    def _pool_other_company_message(self, pool, partners):
        """The refusal to claim ``partners`` of ``pool`` in another company."""
        # sudo: names only, for a user who may not read the pool or customers
        pool = pool.sudo()
        return self.env._(
            "%(partners)s: pool %(pool)s belongs to company %(company)s, where its customers "
            "are claimed: select %(company)s in the company switcher, then claim again.",
            partners=", ".join(partners.sudo().mapped("display_name")),
            pool=pool.display_name,
            company=pool.company_id.name,
        )
