import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from ..tools.claim_key import normalize_company_name
from ..tools.rules_write import rules_writing, without_defaults

_logger = logging.getLogger(__name__)

# the stored E.164 phones, filled by ``_auto_init`` on existing rows
PHONE_KEY_COLUMNS = ("claim_phone_key", "claim_mobile_key")


class ResPartner(models.Model):
    _inherit = "res.partner"

    claim_name_key = fields.Char(
        string="Normalized Name",
        compute="_compute_claim_name_key",
        store=True,
        index=True,
        help="Company name without case, width, punctuation, brackets and legal forms: "
        "the key duplicate checks compare.",
    )
    # E.164 (same as the phone claim keys), so a phone is found whatever its spelling
    claim_phone_key = fields.Char(
        string="Normalized Phone",
        compute="_compute_claim_phone_keys",
        store=True,
        index="btree_not_null",
        help="The phone in E.164 form (+8613800138000): the key duplicate checks compare.",
    )
    claim_mobile_key = fields.Char(
        string="Normalized Mobile",
        compute="_compute_claim_phone_keys",
        store=True,
        index="btree_not_null",
        help="The mobile in E.164 form (+8613800138000): the key duplicate checks compare.",
    )
    claim_ids = fields.One2many("sales.claim", "partner_id", string="Claims")
    claim_id = fields.Many2one(
        "sales.claim",
        string="Active Claim",
        compute="_compute_claim_id",
        search="_search_claim_id",
        help="The active customer claim of this company, whoever owns it.",
    )
    claim_owner_id = fields.Many2one("res.users", string="Claimed By", compute="_compute_claim_id")
    claim_date_end = fields.Datetime(string="Protected Until", compute="_compute_claim_id")
    claim_days_left = fields.Integer(string="Protection Days Left", compute="_compute_claim_id")
    claim_count = fields.Integer(string="Claim History", compute="_compute_claim_count")

    @api.depends("name", "is_company")
    def _compute_claim_name_key(self):
        for partner in self:
            partner.claim_name_key = (
                normalize_company_name(partner.name)
                if partner.is_company and partner.name
                else False
            )

    @api.depends("phone", "mobile", "country_id", "commercial_partner_id.country_id")
    def _compute_claim_phone_keys(self):
        """National numbers are read in the partner's country, else its
        company's, else the country of its (or the current) ``res.company``
        (``sales.customer.identity._partner_phone_country``)."""
        Identity = self.env["sales.customer.identity"]
        for partner in self:
            if not (partner.phone or partner.mobile):
                partner.claim_phone_key = partner.claim_mobile_key = False
                continue
            code = Identity._partner_phone_country(partner).code
            partner.claim_phone_key = Identity._phone_key(partner.phone, code)
            partner.claim_mobile_key = Identity._phone_key(partner.mobile, code)

    @api.model
    def _claim_company_domain(self):
        """The claims a user sees on customers: those of the companies they
        work in (a customer shared by companies is claimed in each of them,
        and one company's owner is none of the other's business); code run
        as superuser out of any company context sees every company's."""
        if self.env.su and not self.env.context.get("allowed_company_ids"):
            return []
        return [("company_id", "in", self.env.companies.ids)]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_claim_id(self):
        # sudo: every rep may see that a customer is claimed, by whom and until
        # when, even when record rules hide the claim itself.
        claims = (
            self.env["sales.claim"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("state", "=", "active"),
                    ("key_type", "in", ("company", "phone")),
                    *self._claim_company_domain(),
                ]
            )
        )
        by_partner = {}
        # the current company's claim first
        for claim in claims.sorted(lambda c: c.company_id != self.env.company):
            by_partner.setdefault(claim.partner_id.id, claim)
        for partner in self:
            claim = by_partner.get(partner.commercial_partner_id.id)
            partner.claim_id = claim.id if claim else False
            partner.claim_owner_id = claim.user_id.id if claim else False
            partner.claim_date_end = claim.date_end if claim else False
            partner.claim_days_left = claim.days_left if claim else 0

    def _search_claim_id(self, operator, value):
        Claim = self.env["sales.claim"].sudo()
        active = [
            ("state", "=", "active"),
            ("key_type", "in", ("company", "phone")),
            *self._claim_company_domain(),
        ]
        if operator not in ("=", "!=", "in", "not in") or value not in (False, None):
            claims = Claim._search([*active, ("id", operator, value)])
            return [("commercial_partner_id", "in", claims.subselect("partner_id"))]
        # sudo: whether a customer is claimed is public to every rep
        claimed = Claim._search(active).subselect("partner_id")
        if (operator in ("=", "in")) == (value in (False, None)):
            return [("commercial_partner_id", "not in", claimed)]
        return [("commercial_partner_id", "in", claimed)]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_claim_count(self):
        # sudo: the history count is shown to anyone who sees the company
        counts = dict(
            self.env["sales.claim"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    *self._claim_company_domain(),
                ],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.claim_count = counts.get(partner.commercial_partner_id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        """Contacts of a claimed company get the claim owner as salesperson;
        no other salesperson, whoever creates them."""
        Claim = self.env["sales.claim"]
        if not rules_writing(self.env):
            self = without_defaults(self, set(self._rules_fields()))
            for vals in vals_list:
                self._check_rules_fields(vals, creating=True)
        parents = self.browse([vals["parent_id"] for vals in vals_list if vals.get("parent_id")])
        claims = Claim._active_customer_claims(parents) if Claim._ownership_enforced() else {}
        for vals in vals_list:
            claim = claims.get(self.browse(vals.get("parent_id")).commercial_partner_id)
            if not claim:
                continue
            if not vals.get("user_id"):
                vals["user_id"] = claim.user_id.id
            elif vals["user_id"] != claim.user_id.id and not rules_writing(self.env):
                self._raise_claimed_salesperson(claim)
        return super().create(vals_list)

    def write(self, vals):
        """Only the rules change the salesperson of a claimed customer and
        of its contacts: whoever writes (a sales manager too), the value
        must be the claim owner; clearing it is refused as well."""
        if not rules_writing(self.env):
            self._check_rules_fields(vals)
            if "user_id" in vals:
                self._check_claimed_salesperson(vals["user_id"] or False)
        return super().write(vals)

    def _rules_fields(self):
        """``{field: action to use instead}``: the fields only the rules
        write (``tools/rules_write.py``). Other addons add theirs."""
        action = self.env._("edit the name or the phones, the keys are computed from them")
        return dict.fromkeys(("claim_name_key", "claim_phone_key", "claim_mobile_key"), action)

    def _check_rules_fields(self, vals, creating=False):
        """Refuse the fields only the rules write, naming each field and the
        action to use instead (``UserError``). A new partner may carry the
        fields' defaults (``res.users`` creates its partner with them)."""
        protected = self._rules_fields()
        given = [name for name in protected if name in vals]
        if creating:
            given = [
                name
                for name in given
                if vals[name]
                and not (
                    self._fields[name].default and vals[name] == self._fields[name].default(self)
                )
            ]
        if given:
            raise UserError(
                "\n".join(
                    self.env._(
                        "%(field)s of a customer is set by the rules only: %(action)s.",
                        field=self._fields[name].string,
                        action=protected[name],
                    )
                    for name in given
                )
            )

    def _check_claimed_salesperson(self, user_id):
        Claim = self.env["sales.claim"]
        if not Claim._ownership_enforced():
            return
        for claim in Claim._active_customer_claims(self).values():
            if claim.user_id.id != user_id:
                self._raise_claimed_salesperson(claim)

    def _raise_claimed_salesperson(self, claim):
        raise UserError(
            self.env._(
                "Salesperson: %(customer)s is claimed by %(owner)s until %(end)s, who stays its "
                "salesperson. To change the owner, ask for arbitration (transfer), or use the "
                "pool's assignment or the handover of a leaving rep.",
                customer=claim.partner_id.display_name,
                owner=claim.user_id.name,
                end=fields.Date.to_string(fields.Datetime.context_timestamp(self, claim.date_end)),
            )
        )

    @api.readonly
    def action_open_claim_wizard(self):
        """Claim (报备) the selected customers: from the form or the list."""
        return self.env["sales.claim.register.wizard"]._open_action(
            {"default_partner_ids": self.commercial_partner_id.ids}
        )

    @api.readonly
    def action_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sales_claim_registration.sales_claim_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def _auto_init(self):
        """Create the normalized phone columns before the ORM does, and fill
        them in chunks: the ORM would compute them for every partner at once
        (a database may hold a million partners)."""
        cr = self.env.cr
        new = [name for name in PHONE_KEY_COLUMNS if not column_exists(cr, self._table, name)]
        for name in new:
            create_column(cr, self._table, name, "varchar")
        result = super()._auto_init()
        if new:
            self._fill_claim_phone_keys()
        return result

    def _fill_claim_phone_keys(self, chunk_size=20000):
        """Normalize the phones of existing partners, ``chunk_size`` rows a
        query and one ``UPDATE`` a chunk (normalization is Python:
        ``phonenumbers``), as ``_compute_claim_phone_keys`` would."""
        cr = self.env.cr
        Identity = self.env["sales.customer.identity"]
        default_code = self.env.company.country_id.code
        last_id, done = 0, 0
        while True:
            cr.execute(
                SQL(
                    """
                    SELECT p.id, p.phone, p.mobile,
                           COALESCE(pc.code, cc.code, kc.code) AS code
                      FROM res_partner p
                      LEFT JOIN res_country pc ON pc.id = p.country_id
                      LEFT JOIN res_partner cp ON cp.id = p.commercial_partner_id
                      LEFT JOIN res_country cc ON cc.id = cp.country_id
                      LEFT JOIN res_company k ON k.id = p.company_id
                      LEFT JOIN res_partner kp ON kp.id = k.partner_id
                      LEFT JOIN res_country kc ON kc.id = kp.country_id
                     WHERE p.id > %s AND (p.phone IS NOT NULL OR p.mobile IS NOT NULL)
                     ORDER BY p.id
                     LIMIT %s
                    """,
                    last_id,
                    chunk_size,
                )
            )
            rows = cr.fetchall()
            if not rows:
                break
            last_id = rows[-1][0]
            keys = [
                (
                    pid,
                    Identity._phone_key(phone, code or default_code) or None,
                    Identity._phone_key(mobile, code or default_code) or None,
                )
                for pid, phone, mobile, code in rows
            ]
            keys = [row for row in keys if row[1] or row[2]]
            if keys:
                ids, phones, mobiles = zip(*keys, strict=True)
                cr.execute(
                    SQL(
                        """
                        UPDATE res_partner p SET claim_phone_key = k.phone,
                                                 claim_mobile_key = k.mobile
                          FROM unnest(%s::int[], %s::varchar[], %s::varchar[])
                               AS k(id, phone, mobile)
                         WHERE p.id = k.id
                        """,
                        list(ids),
                        list(phones),
                        list(mobiles),
                    )
                )
            done += len(rows)
            _logger.info("res.partner: normalized phones of %s partners", done)
