from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.uninstall import addon_uninstalling

from ..tools.allocation import SHARE_DIGITS


class SalesCreditRole(models.Model):
    """A contribution to a deal that earns a share of its credit (业绩分配角色).

    First touch (首次接触), demo (演示), service (服务过程), signing (签约)...
    Each role has a default weight, used when a participant is added without
    a percentage, the split types it is credited in (pre-sales is overlay,
    signing is revenue), and a commission rate (提成比例) applied to the revenue it
    is credited, unless the participant has an override
    (``sales.credit.user.rate``).
    """

    _name = "sales.credit.role"
    _description = "Credit Split Role"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="Short technical code, e.g. first_touch, signing.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Leave empty to share the role between companies."
    )
    default_weight = fields.Float(
        digits=(9, SHARE_DIGITS),
        help="Share (in %) proposed for this role when it is added to a split without a "
        "percentage.",
    )
    commission_rate = fields.Float(
        string="Commission Rate (%)",
        digits=(5, 2),
        help="Commission paid on the revenue credited to this role, in % of that revenue. "
        "Copied onto order and invoice split lines when they are confirmed or posted: "
        "changing it later does not rewrite history.",
    )
    split_type_ids = fields.Many2many(
        "sales.credit.split.type",
        string="Split Types",
        help="The split types this role may be credited in; the first one is taken when the "
        "role is chosen. Leave empty to allow every type.",
    )
    description = fields.Text(translate=True)

    @api.ondelete(at_uninstall=True)
    def _unlink_split_lines_at_uninstall(self):
        """Uninstalling the addon: split and template lines go before the
        shipped roles they point at, see the claim addon's ``tools/uninstall.py``."""
        if addon_uninstalling(self.env, "sales_credit_split"):
            self.env.cr.execute(
                SQL(
                    """
                    DELETE FROM sales_credit_split_line WHERE role_id = ANY(%(ids)s);
                    DELETE FROM sales_credit_split_template_line WHERE role_id = ANY(%(ids)s);
                    """,
                    ids=self.ids,
                )
            )

    @api.constrains("default_weight", "commission_rate")
    def _check_percentages(self):
        for role in self:
            for value, label in (
                (role.default_weight, self.env._("Default Weight")),
                (role.commission_rate, self.env._("Commission Rate")),
            ):
                if value < 0 or value > 100:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of role %(role)s is %(value)s: enter a value between "
                            "0 and 100.",
                            field=label,
                            role=role.name,
                            value=value,
                        )
                    )
