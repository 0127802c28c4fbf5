from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import sql

REVENUE_XMLID = "sales_credit_split.split_type_revenue"
TOTAL_RULES = [
    ("exactly_100", "Exactly 100% (revenue)"),
    ("any", "Any total (overlay)"),
]


class SalesCreditSplitType(models.Model):
    """A kind of credit split (业绩分配类型), as Salesforce's opportunity split types.

    *Revenue* (total exactly 100%) is the credit that quotas count: the
    shares of a deal add up to 100 and share its amount. *Overlay* (any
    total) credits the people who helped without owning the deal (pre-sales,
    specialists, channel managers): each overlay share is its own percentage
    of the amount, in addition to the revenue split, so overlay never reduces
    anybody's revenue credit. Companies add their own types of either rule.
    Changes of the shares of a type that requires approval send an agreed
    opportunity split back to draft; the other types change freely.
    """

    _name = "sales.credit.split.type"
    _description = "Credit Split Type"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, e.g. revenue, overlay.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the type between companies."
    )
    total_rule = fields.Selection(
        TOTAL_RULES,
        required=True,
        default="exactly_100",
        help="Exactly 100%: the shares of this type on a deal add up to 100 and share its "
        "amount (revenue, what quotas count). Any total: each share is credited its own "
        "percentage of the amount, in addition to the revenue split (overlay).",
    )
    requires_approval = fields.Boolean(
        default=True,
        help="Changing shares of this type sends an agreed opportunity split back to draft, "
        "and signing needs these shares as the claim owner agreed them.",
    )
    description = fields.Text(translate=True)

    @api.constrains("code", "company_id")
    def _check_code(self):
        """A code names one type per company (shared types: across companies)."""
        for split_type in self.filtered("code"):
            companies = [split_type.company_id.id, False] if split_type.company_id else []
            domain = [("code", "=", split_type.code), ("id", "!=", split_type.id)]
            if companies:
                domain.append(("company_id", "in", companies))
            # sudo: a type of another company also holds the code
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "Code %(code)s of split type %(type)s is already used by another "
                        "type: choose another code.",
                        code=split_type.code,
                        type=split_type.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_revenue(self):
        """The report's default filter and the migrated shares point at Revenue."""
        revenue = self.env.ref(REVENUE_XMLID, raise_if_not_found=False)
        if revenue and revenue in self:
            raise UserError(
                self.env._(
                    "Split type %(type)s is the revenue credit of every deal and cannot be "
                    "deleted: archive it, or rename it.",
                    type=revenue.name,
                )
            )

    @api.model
    def _get_revenue(self, company=None):
        """The type of a share entered without one: the shipped Revenue type,
        else the first 'exactly 100%' type of ``company`` (or shared)."""
        company = company or self.env.company
        # sudo: the default type is configuration, read whoever enters the
        # share (a default split is made by rule for any user)
        revenue = self.sudo().env.ref(REVENUE_XMLID, raise_if_not_found=False)
        if revenue and revenue.active and revenue.company_id in (company, company.browse()):
            return self.browse(revenue.id)
        if not sql.table_exists(self.env.cr, self._table):
            return self.browse()  # upgrading to split types: the migration sets Revenue
        found = self.sudo().search(
            [("total_rule", "=", "exactly_100"), ("company_id", "in", [company.id, False])],
            limit=1,
        )
        return self.browse(found.id)
