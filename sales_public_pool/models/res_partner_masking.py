"""Pool scraping protection (公海防爬): contact data of pool customers stay masked.

A rep sees a pool customer's phone and email only once they claim it (or
reveal it, within the pool's daily reveal cap); sales managers see them
always. The rules of each path (read, search, group, sort, export) are in
``pool_contact_mask.py``; this file says which fields of a contact are
masked, and masks its display name and phone search. Fields and actions of
the pool customer are in ``res_partner.py``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.rules_write import rules_writing

from .pool_contact_mask import mask_value

MASKED_FIELDS = {
    "phone",
    "mobile",
    "email",
    "email_formatted",
    "email_normalized",
    "phone_sanitized",
    "claim_phone_key",
    "claim_mobile_key",
}
#: the stored values the masked fields come from (what a duplicate would copy)
MASKED_SOURCE_FIELDS = ("phone", "mobile", "email")
#: a change of these may make another company the contact's customer (its mask)
COMPANY_FIELDS = ("parent_id", "is_company")


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "sales.pool.contact.mask"]

    _pool_masked_fields = tuple(sorted(MASKED_FIELDS))
    _pool_contact_column = "id"

    pool_phone_masked = fields.Char(
        string="Phone (masked)",
        compute="_compute_pool_masked",
        help="Contact details stay masked until the customer is claimed.",
    )
    pool_email_masked = fields.Char(string="Email (masked)", compute="_compute_pool_masked")

    @api.depends("phone", "mobile", "email", "pool_id")
    def _compute_pool_masked(self):
        for partner in self:
            phone = partner.mobile or partner.phone or False
            email = partner.email or False
            if partner.commercial_partner_id.pool_id:
                phone, email = mask_value("phone", phone), mask_value("email", email)
            partner.pool_phone_masked = phone
            partner.pool_email_masked = email

    @api.depends_context(
        "show_address",
        "partner_show_db_id",
        "address_inline",
        "show_email",
        "show_vat",
        "lang",
        "uid",
    )
    def _compute_display_name(self):
        """With ``show_email`` the name carries the email: masked for hidden customers."""
        super()._compute_display_name()
        if not self.env.context.get("show_email"):
            return
        hidden = self._pool_hidden_ids()
        for partner in self:
            if partner.id in hidden and partner.email and partner.display_name:
                partner.display_name = partner.display_name.replace(
                    partner.email, mask_value("email", partner.email)
                )

    def copy_data(self, default=None):
        """A duplicate of a pool customer (or of its contact) carries none of
        its contact data: the copy is in no pool, it would show them in
        clear for good (a reveal shows them for the day only)."""
        vals_list = super().copy_data(default=default)
        if rules_writing(self.env) or self._pool_mask_exempt_user():
            return vals_list
        for partner, vals in zip(self, vals_list, strict=True):
            if partner.commercial_partner_id.pool_id:
                vals.update(
                    {fname: False for fname in MASKED_SOURCE_FIELDS if fname not in (default or {})}
                )
        return vals_list

    def write(self, vals):
        """A contact of a pool customer is masked by its company: it leaves
        that company (another company, none, or made a company itself) only
        by someone who sees its data in clear for good (a sales manager),
        not to be read in clear elsewhere."""
        if (
            any(fname in vals for fname in COMPANY_FIELDS)
            and not rules_writing(self.env)
            and not self._pool_mask_exempt_user()
        ):
            leaving = self.filtered(
                lambda p: (
                    p.commercial_partner_id.pool_id
                    and (
                        ("parent_id" in vals and p.parent_id.id != (vals["parent_id"] or False))
                        or ("is_company" in vals and p.is_company != bool(vals["is_company"]))
                    )
                )
            )
            if leaving:
                raise UserError(
                    self.env._(
                        "%(field)s: %(contact)s is a contact of pool customer %(customer)s, "
                        "whose contact data are hidden until claimed: claim the customer "
                        "first, or ask a sales manager to move the contact.",
                        field=self._fields["parent_id"].string,
                        contact=leaving[:1].display_name,
                        customer=leaving[:1].commercial_partner_id.display_name,
                    )
                )
        return super().write(vals)

    def _search_phone_mobile_search(self, operator, value):
        """Odoo's phone search runs its own SQL: hidden customers never match."""
        domain = super()._search_phone_mobile_search(operator, value)
        if not self._pool_mask_searches():
            return domain
        hidden = SQL("(SELECT t.id FROM res_partner t WHERE %s)", self._pool_hidden_sql("t"))
        return expression.AND([domain, [("id", "not in", hidden)]])

    def action_pool_reveal(self):
        """A pool member reveals this customer's contact data for today
        (daily reveal cap of the pool, ``sales_pool_reveal.py``)."""
        for partner in self.commercial_partner_id:
            self.env["sales.pool.reveal"]._reveal(partner)
        return True
