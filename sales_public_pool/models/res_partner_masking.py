"""Pool scraping protection (公海防爬): contact data of pool customers stay masked.

A rep sees a pool customer's phone and email only once they claim it; sales
managers see them always. Fields and actions of the pool customer are in
``res_partner.py``.
"""

from odoo import api, fields, models

MASKED_FIELDS = {"phone", "mobile", "email", "email_formatted", "phone_sanitized"}


def _mask(fname, value):
    """Keep a hint of a phone or email, hide the rest: +86****00, b***@acme.cn."""
    if not value or not isinstance(value, str):
        return value
    if "email" in fname:
        return value[:1] + "***@" + value.rpartition("@")[2].rstrip(">")
    return value[:3] + "****" + value[-2:]


class ResPartner(models.Model):
    _inherit = "res.partner"

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
                phone, email = _mask("phone", phone), _mask("email", email)
            partner.pool_phone_masked = phone
            partner.pool_email_masked = email

    def _read_format(self, fnames, load="_classic_read"):
        """Pool scraping (公海防爬): a pool customer's phone and email are
        masked for reps until they claim it; sales managers see them."""
        result = super()._read_format(fnames, load)
        masked = MASKED_FIELDS & set(fnames)
        if not masked or self.env.su or self.env.user.has_group("sales_team.group_sale_manager"):
            return result
        # sudo: the pool of a contact's company decides, whoever may read it
        pooled = set(self.sudo().filtered(lambda p: p.commercial_partner_id.pool_id).ids)
        for values in result:
            if values["id"] in pooled:
                for fname in masked:
                    values[fname] = _mask(fname, values[fname])
        return result
