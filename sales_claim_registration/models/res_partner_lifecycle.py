"""Odoo's own life cycle of a claimed customer (只有规则改变归属): duplicating
it, moving a contact to another company, deleting it. Each is a plain
``copy``, ``write`` or ``unlink`` that a client runs over RPC; none of them
may carry, split or drop the ownership that only the claims give."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.rules_write import rules_writing


class ResPartner(models.Model):
    """The claim stays with its customer.

    - A duplicate (*Duplicate*, ``copy``) is a new, unclaimed customer: it
      does not carry the claim owner as salesperson (a contact duplicated
      into its claimed company gets the owner again, as a new contact).
    - A contact moves into or out of a claimed customer (``parent_id``)
      only by the owner of that claim or a sales manager, and then has the
      owner of its new company as salesperson. The contact whose phone is
      the key of an active phone claim stays with that claim's customer:
      elsewhere its phone would keep a claim on another customer.
    - A claimed customer is not deleted nor archived, and keeps the
      company (``res.company``) its claim is registered in: its claim is
      released (or ends) first.
    """

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if "user_id" in (default or {}):
            return vals_list
        claims = self.env["sales.claim"]._active_customer_claims(self)
        for partner, vals in zip(self, vals_list, strict=True):
            if partner.commercial_partner_id in claims:
                vals["user_id"] = False
        return vals_list

    def write(self, vals):
        moving = self.browse()
        if not rules_writing(self.env):
            if "active" in vals and not vals["active"]:
                self._check_claimed_kept(self.env._("archived"))
            if vals.get("company_id"):
                self._check_claim_company(vals["company_id"])
            if "parent_id" in vals:
                moving = self.filtered(lambda p: p.parent_id.id != (vals["parent_id"] or False))
                moving._check_contact_move(self.browse(vals["parent_id"]))
            elif vals.get("is_company"):
                # a contact made a company is a customer of its own: it leaves its company
                moving = self.filtered(lambda p: p.parent_id and not p.is_company)
                moving._check_contact_move(self.browse())
        result = super().write(vals)
        if moving and "user_id" not in vals:
            moving._claim_follow_new_company()
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_except_claimed(self):
        self._check_claimed_kept(self.env._("deleted"))

    # ------------------------------------------------------------------ rules

    def _check_claimed_kept(self, action):
        """Claimed customers among these partners are not deleted or archived."""
        claims = self.env["sales.claim"]._active_customer_claims(self)
        for claim in claims.values():
            if claim.partner_id in self:
                raise UserError(
                    self.env._(
                        "%(customer)s is claimed by %(owner)s until %(end)s (claim %(claim)s) "
                        "and cannot be %(action)s: release the claim first.",
                        customer=claim.partner_id.display_name,
                        owner=claim.user_id.name,
                        end=self._claim_end_date(claim),
                        claim=claim.name,
                        action=action,
                    )
                )

    def _check_claim_company(self, company_id):
        """A claimed customer stays in the company its claim is registered in."""
        claims = self.env["sales.claim"]._active_customer_claims(self)
        for claim in claims.values():
            if claim.company_id.id != company_id:
                raise UserError(
                    self.env._(
                        "%(field)s: %(customer)s is claimed by %(owner)s in %(company)s until "
                        "%(end)s (claim %(claim)s): it stays in that company. Release the "
                        "claim first, then register it in the other company.",
                        field=self._fields["company_id"].string,
                        customer=claim.partner_id.display_name,
                        owner=claim.user_id.name,
                        company=claim.company_id.name,
                        end=self._claim_end_date(claim),
                        claim=claim.name,
                    )
                )

    def _check_contact_move(self, new_parent):
        """Who may move these contacts to ``new_parent`` (or out of their
        company when it is empty): see the class docstring."""
        if not self:
            return
        Claim = self.env["sales.claim"]
        field = self._fields["parent_id"].string
        for claim in self._claim_key_phone_claims():
            raise UserError(
                self.env._(
                    "%(field)s: the phone of %(contact)s is the key of claim %(claim)s of "
                    "%(customer)s (%(owner)s, until %(end)s): the contact stays with that "
                    "customer while the claim is active. Release the claim first, or add a "
                    "new contact to the other company.",
                    field=field,
                    contact=claim.contact_id.name or claim.claim_key,
                    claim=claim.name,
                    customer=claim.partner_id.display_name,
                    owner=claim.user_id.name,
                    end=self._claim_end_date(claim),
                )
            )
        if not Claim._ownership_enforced() or self.env.user.has_group(
            "sales_team.group_sale_manager"
        ):
            return
        for claim in Claim._active_customer_claims(self | new_parent).values():
            if claim.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "%(field)s: %(customer)s is claimed by %(owner)s until %(end)s: only "
                        "its owner or a sales manager moves contacts into or out of it.",
                        field=field,
                        customer=claim.partner_id.display_name,
                        owner=claim.user_id.name,
                        end=self._claim_end_date(claim),
                    )
                )

    def _claim_key_phone_claims(self):
        """Active phone claims of these contacts' companies keyed on their phones."""
        # sudo: the check holds for users who cannot read others' claims
        claims = (
            self.env["sales.claim"]
            .sudo()
            .search(
                [
                    ("state", "=", "active"),
                    ("key_type", "=", "phone"),
                    ("partner_id", "in", self.commercial_partner_id.ids),
                ]
            )
        )
        keys = set(self.mapped("claim_phone_key")) | set(self.mapped("claim_mobile_key"))
        keys.discard(False)
        return claims.filtered(lambda c: c.contact_id in self or c.claim_key in keys)

    def _claim_follow_new_company(self):
        """Moved contacts get the owner of their new company as salesperson."""
        claims = self.env["sales.claim"]._active_customer_claims(self)
        for claim in claims.values():
            contacts = self.filtered(
                lambda p, claim=claim: (
                    p.commercial_partner_id == claim.partner_id and p.user_id != claim.user_id
                )
            )
            # sudo: the salesperson follows the claim, by rule, whoever moved the contact
            contacts.sudo().write({"user_id": claim.user_id.id})

    def _claim_end_date(self, claim):
        return fields.Date.to_string(fields.Datetime.context_timestamp(self, claim.date_end))
