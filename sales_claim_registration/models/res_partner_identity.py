"""The unified social credit code of a company (统一社会信用代码): validated
and stored normalized, an identity key of its claims."""

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from ..tools.credit_code import clean_credit_code, is_credit_code, looks_like_credit_code


class ResPartner(models.Model):
    """Odoo's Tax ID (``vat``) of a Chinese company is its unified social
    credit code: 18 characters, the last a check character (GB 32100-2015).
    A valid code is stored normalized (``claim_credit_code_key``, indexed):
    two records of one company with one code are one customer. A code with
    a wrong check character is refused with the field named."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    claim_credit_code_key = fields.Char(
        string="Normalized Credit Code",
        compute="_compute_claim_credit_code_key",
        store=True,
        index="btree_not_null",
        help="The unified social credit code (统一社会信用代码) of a company, when its Tax ID "
        "is a valid one: the key duplicate checks compare.",
    )

    @api.depends("vat", "is_company")
    def _compute_claim_credit_code_key(self):
        for partner in self:
            partner.claim_credit_code_key = (
                clean_credit_code(partner.vat)
                if partner.is_company and is_credit_code(partner.vat)
                else False
            )

    def _claim_credit_code_expected(self):
        """Whether the Tax ID of this partner must be a credit code: a Chinese
        company (its country, or its Tax ID written as 18 characters)."""
        self.ensure_one()
        chinese = (self.country_id or self.commercial_partner_id.country_id).code == "CN"
        return self.is_company and (chinese or looks_like_credit_code(self.vat))

    @api.constrains("vat", "is_company", "country_id")
    def _check_claim_credit_code(self):
        for partner in self:
            if not partner.vat or not partner._claim_credit_code_expected():
                continue
            if not is_credit_code(partner.vat):
                raise ValidationError(
                    self.env._(
                        "Tax ID: %(vat)s of %(partner)s is not a valid unified social credit "
                        "code (统一社会信用代码): 18 digits and capitals whose last character is "
                        "its check character. Copy it from the business licence.",
                        vat=partner.vat,
                        partner=partner.display_name,
                    )
                )

    def _auto_init(self):
        """Create the credit code column before the ORM does and fill it
        with one query (only partners with a Tax ID can have one)."""
        cr = self.env.cr
        new = not column_exists(cr, self._table, "claim_credit_code_key")
        if new:
            create_column(cr, self._table, "claim_credit_code_key", "varchar")
        result = super()._auto_init()
        if new:
            cr.execute(SQL("SELECT id, vat FROM res_partner WHERE vat IS NOT NULL AND is_company"))
            rows = [(pid, clean_credit_code(vat)) for pid, vat in cr.fetchall()]
            rows = [(pid, code) for pid, code in rows if is_credit_code(code)]
            if rows:
                ids, codes = zip(*rows, strict=True)
                cr.execute(
                    SQL(
                        """
                        UPDATE res_partner p SET claim_credit_code_key = k.code
                          FROM unnest(%s::int[], %s::varchar[]) AS k(id, code)
                         WHERE p.id = k.id
                        """,
                        list(ids),
                        list(codes),
                    )
                )
        return result
