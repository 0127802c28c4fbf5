from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from markupsafe import Markup

from odoo import api, fields, models

from ..tools.allocation import (
    HUNDRED,
    SHARE_DIGITS,
    allocate,
    allocate_signed,
    equal_shares,
    split_total,
    to_decimal,
)
from ..tools.system_write import split_system


def _split_depends(*names):
    """Dependencies on the split lines, for the concrete models that have them."""
    return lambda self: (
        [f"credit_split_line_ids.{name}" for name in names]
        if "credit_split_line_ids" in self._fields
        else []
    )


class SalesCreditSplitMixin(models.AbstractModel):
    """Gives a credit split (业绩分配) to opportunities, orders and invoices.

    A concrete model declares ``credit_split_line_ids`` (One2many to
    ``sales.credit.split.line`` through its own Many2one) and says what is
    credited (``_credit_split_base``). The mixin computes the total of each
    split type, allocates the credited amounts and commissions so the parts
    add up exactly (revenue shares share the amount, each overlay share is
    its own percentage of it), and copies and freezes splits from one
    document to the next. The rules a split must follow are in
    ``sales_credit_split_check.py``.
    """

    _name = "sales.credit.split.mixin"
    _description = "Document with a Credit Split"

    credit_split_total = fields.Float(
        string="Split Total (%)",
        digits=(9, SHARE_DIGITS),
        compute="_compute_credit_split_total",
        help="Sum of the revenue shares (of each split type that must total 100): must be "
        "exactly 100.",
    )
    credit_split_total_ok = fields.Boolean(compute="_compute_credit_split_total")
    credit_split_participant_count = fields.Integer(
        string="Participants", compute="_compute_credit_split_total"
    )

    @api.depends(
        _split_depends("percent", "user_id", "agent_partner_id", "source_order_id", "split_type_id")
    )
    def _compute_credit_split_total(self):
        for document in self:
            # the total farthest from 100 of the shares that must total 100,
            # grouped by source and type; a group without any counts as 0
            totals = []
            for group in document._credit_split_line_groups():
                full_rule = [
                    split_total(lines.mapped("percent"))
                    for split_type, lines in document._credit_split_buckets(group)
                    if split_type.total_rule != "any"
                ]
                totals += full_rule or [Decimal(0)]
            totals = totals or [Decimal(0)]
            total = max(totals, key=lambda t: (abs(t - HUNDRED), t))
            document.credit_split_total = float(total)
            document.credit_split_total_ok = all(t == HUNDRED for t in totals)
            document.credit_split_participant_count = len(document._credit_split_participants())

    # ------------------------------------------------------------------ per model

    def _credit_split_base(self):
        """Return (amount in document currency, amount in company currency, rate date)."""
        return 0.0, 0.0, False

    def _credit_split_currency(self):
        return self.company_id.currency_id

    def _credit_split_line_groups(self):
        """The split lines as groups whose shares add up to 100 each.

        One group here; an invoice of several orders has one per source order.
        """
        self.ensure_one()
        lines = self.credit_split_line_ids
        return [lines] if lines else []

    def _credit_split_product_lines(self):
        """The product lines of the document that a line split may credit (an
        opportunity has none)."""
        return []

    def _credit_split_product_groups(self):
        """[(product line, its split lines)]: the lines with their own split, in line order."""
        lines = self._credit_split_product_lines()
        return [(line, line.credit_split_line_ids) for line in lines if line.credit_split_line_ids]

    def _credit_split_needs_document_split(self):
        """Whether some amount is left for the document's split: not when every
        product line has its own split."""
        lines = self._credit_split_product_lines()
        return not lines or not all(line.credit_split_line_ids for line in lines)

    def _credit_split_all_lines(self):
        """The document's split and the splits of its product lines."""
        lines = self.credit_split_line_ids
        for _line, split in self._credit_split_product_groups():
            lines |= split
        return lines

    def _credit_split_allocation_groups(self):
        """(groups, weights): the document's groups and one group per product line
        with its own split, each line weighing its untaxed subtotal, the
        document's groups sharing the subtotal of the lines without their own
        split. That subtotal with no document split to credit is a group
        ``None`` (credited to nobody)."""
        groups = self._credit_split_line_groups()
        weights = self._credit_split_group_weights(groups)
        products = self._credit_split_product_groups()
        if not products:
            return groups, weights
        lines = self._credit_split_product_lines()
        rest = sum(
            (
                Fraction(to_decimal(x.price_subtotal, 6))
                for x in lines
                if not x.credit_split_line_ids
            ),
            Fraction(0),
        )
        weights = [Fraction(to_decimal(w, 6)) for w in weights]
        total = sum(weights, Fraction(0))
        weights = [w * rest / total if total else Fraction(0) for w in weights]
        if not groups and rest:
            groups, weights = [None], [rest]
        return (
            groups + [split for _line, split in products],
            weights + [Fraction(to_decimal(line.price_subtotal, 6)) for line, _split in products],
        )

    def _credit_split_buckets(self, group):
        """[(split type, lines)]: the lines of ``group`` by split type, in type order."""
        types = group.split_type_id.sorted(lambda t: (t.sequence, t.id))
        buckets = [(t, group.filtered(lambda x, t=t: x.split_type_id == t)) for t in types]
        untyped = group.filtered(lambda x: not x.split_type_id)  # a form being edited
        return buckets + [(group.split_type_id.browse(), untyped)] if untyped else buckets

    def _credit_split_group_weights(self, groups):
        """Weights of ``groups`` in the credited amount (one group: all of it)."""
        return [Decimal(1) for _group in groups]

    def _credit_split_owner_user(self):
        return self.user_id

    def _credit_split_check_edit(self):
        """Raise when the split of these documents may not be changed by this user."""

    def _credit_split_changed(self, lines, before, needs_agreement=True):
        """React to a change of the split (``before``: descriptions of the old lines;
        ``needs_agreement``: shares of a type that requires approval changed)."""

    # ------------------------------------------------------------------ allocation

    def _credit_split_allocate(self, lines_to_set):
        """Set the credited amounts and commissions of ``lines_to_set`` in this document.

        Revenue (a type whose shares total 100): one pool per deal and type,
        the untaxed amount times the total share, split by the shares, all
        lines together (largest remainder), in document and in company
        currency. Overlay (any total): each share is credited its own
        percentage of the amount, independently, so overlay never reduces the
        revenue credit. The commission pool is the sum of every part times its
        rate, split the same way, so commissions add up exactly too.
        """
        self.ensure_one()
        amount, amount_company, rate_date = self._credit_split_base()
        company_currency = self.company_id.currency_id or self.env.company.currency_id
        currency = self._credit_split_currency() or company_currency
        digits, company_digits = currency.decimal_places, company_currency.decimal_places
        groups, weights = self._credit_split_allocation_groups()
        unit, company_unit = self._credit_split_weight_units(weights, company_currency, rate_date)
        bases = allocate_signed(to_decimal(amount, digits), weights, digits, unit) if groups else []
        company_bases = (
            allocate_signed(
                to_decimal(amount_company, company_digits), weights, company_digits, company_unit
            )
            if groups
            else []
        )
        lines = self.env["sales.credit.split.line"]
        parts, company_parts = [], []
        for group, base, company_base in zip(groups, bases, company_bases, strict=True):
            if group is None:
                continue
            for split_type, bucket in self._credit_split_buckets(group):
                lines |= bucket
                # negative input is refused on save; clamp it while the form is edited
                percents = [
                    max(to_decimal(line.percent, SHARE_DIGITS), Decimal(0)) for line in bucket
                ]
                if split_type.total_rule == "any":
                    # rounding half away from zero: a credit note mirrors each part
                    parts += [to_decimal(base * p / HUNDRED, digits) for p in percents]
                    company_parts += [
                        to_decimal(company_base * p / HUNDRED, company_digits) for p in percents
                    ]
                    continue
                # a full split (three thirds) credits the whole amount, not 99.999999% of it
                share = split_total(percents) / HUNDRED
                parts += allocate(to_decimal(base * share, digits), percents, digits)
                company_parts += allocate(
                    to_decimal(company_base * share, company_digits), percents, company_digits
                )
        rates = [max(to_decimal(line.commission_rate), Decimal(0)) for line in lines]
        commission_pool = (
            sum((p * r for p, r in zip(company_parts, rates, strict=True)), Decimal(0)) / HUNDRED
        )
        commissions = allocate(
            to_decimal(commission_pool, company_digits),
            [abs(p) * r for p, r in zip(company_parts, rates, strict=True)],
            company_digits,
        )
        for line, part, company_part, commission in zip(
            lines, parts, company_parts, commissions, strict=True
        ):
            if line in lines_to_set:
                line.amount = float(part)
                line.amount_company = float(company_part)
                line.commission_amount = float(commission)
                line.rate_date = rate_date

    def _credit_split_weight_units(self, weights, company_currency, rate_date):
        """(document, company): what a weight of 1 is worth when the weights add up
        to nothing (a final invoice paid in full by its down payment): its sign,
        converted at the rate date. None when the weights share the amount."""
        if sum(weights) or not any(weights):
            return None, None
        sign = self._credit_split_weight_sign()
        currency = self._credit_split_currency() or company_currency
        rate = currency._get_conversion_rate(
            currency,
            company_currency,
            self.company_id or self.env.company,
            rate_date or fields.Date.context_today(self),
        )
        return sign, Fraction(str(sign)) * Fraction(str(rate))

    def _credit_split_weight_sign(self):
        return 1  # -1 on a document that credits back (a credit note)

    # ------------------------------------------------------------------ checks and copies

    def _credit_split_participants(self):
        self.ensure_one()
        return {(line.user_id.id, line.agent_partner_id.id) for line in self.credit_split_line_ids}

    def _credit_split_approval_lines(self):
        """The shares the claim owner agrees: those of types that require approval."""
        self.ensure_one()
        return self.credit_split_line_ids.filtered(lambda line: line._needs_agreement())

    def _credit_split_approval_count(self):
        """How many people share the credit that needs an agreement."""
        lines = self._credit_split_approval_lines()
        return len({(line.user_id.id, line.agent_partner_id.id) for line in lines})

    def _credit_split_signature(self):
        """What the agreement is about: who gets which share of which type for which role."""
        self.ensure_one()
        return sorted(
            (
                line.user_id.id,
                line.agent_partner_id.id,
                line.role_id.id,
                line.split_type_id.id,
                line.percent,
            )
            for line in self._credit_split_approval_lines()
        )

    def _credit_split_partners(self):
        """Partners to notify: every participant (users and agents)."""
        lines = self.credit_split_line_ids
        return lines.user_id.partner_id | lines.agent_partner_id

    def action_credit_split_equally(self):
        """Give every participant the same share (均分): 100 / n at 6 decimals.

        The shares add up to exactly 100 (the last millionths go to the first
        lines, see ``equal_shares``), so equal participants are credited the
        same amount to the cent. Each split type that totals 100 is split
        equally on its own (on an invoice of several orders, for each order);
        overlay shares are left as they are.
        """
        self._credit_split_check_edit()
        for document in self:
            lines = document.credit_split_line_ids
            before = [line._describe() for line in lines]
            for group in document._credit_split_line_groups():
                for split_type, bucket in document._credit_split_buckets(group):
                    if split_type.total_rule == "any":
                        continue
                    with split_system():
                        for line, share in zip(bucket, equal_shares(len(bucket)), strict=True):
                            line.percent = float(share)
            document._credit_split_changed(lines, before, needs_agreement=lines._needs_agreement())
        return True

    def _credit_split_creditable(self, user):
        """Whether ``user`` may receive the default split of this document.

        Only an active internal user of the document's company is credited by
        default. Records made by Odoo's own flows often carry a user nobody
        would credit: OdooBot (crons, server actions, the mail gateway), the
        public user (website forms), a portal user or a rep who left. Those
        get no default split, so the flow is never refused; the split is
        proposed once a real salesperson is set (and a user typing such a
        participant in by hand is still told why it is refused).
        """
        if not user or not user.active or user.share or user._is_superuser():
            return False
        company = self.company_id or self.env.company
        return company in user.company_ids

    def _credit_split_default_vals(self, user):
        """The default split: the team's template, else ``user`` at 100% (default role).

        Empty when ``user`` cannot be credited (see ``_credit_split_creditable``).
        """
        self.ensure_one()
        template = self.team_id.credit_split_template_id
        if not self._credit_split_creditable(user):
            return []
        if template:
            return [
                {
                    "sequence": tl.sequence,
                    "user_id": user.id,
                    "role_id": tl.role_id.id,
                    "split_type_id": template.split_type_id.id,
                    "percent": tl.percent,
                }
                for tl in template.line_ids
            ]
        company = self.company_id or self.env.company
        role = company.credit_split_default_role_id or self.env["sales.credit.role"].search(
            [("company_id", "in", [company.id, False])], limit=1
        )
        return [{"user_id": user.id, "role_id": role.id, "percent": 100.0}] if role else []

    def _credit_split_replace(self, vals_list):
        """Replace the split of this document by ``vals_list`` (system change).

        Used to copy a split by business rule: the default split, the
        opportunity's onto a quotation, the order's or the reversed invoice's
        onto an invoice, an arbitration decision.
        """
        self.ensure_one()
        commands = [fields.Command.create(vals) for vals in vals_list]
        # sudo: whoever acts (an assistant quoting, an accountant posting) may not own it
        with split_system():
            self.sudo().credit_split_line_ids = [fields.Command.clear(), *commands]

    def _credit_split_freeze(self, force=False):
        """Copy the current commission rates onto the lines (those of the product
        lines' splits too): later rate changes keep off."""
        lines = self.env["sales.credit.split.line"]
        for document in self:
            lines |= document._credit_split_all_lines()
        lines = lines.filtered(lambda x: force or not x.rate_frozen)
        by_rate = defaultdict(lambda: self.env["sales.credit.split.line"])
        for line, rate in lines._current_rates().items():
            by_rate[rate] |= line
        for rate, rate_lines in by_rate.items():
            with split_system():
                rate_lines.write({"commission_rate": rate, "rate_frozen": True})

    def _credit_split_log(self, before, title):
        """Post who changed the split, from what to what, in the chatter."""
        for document in self:
            after = [line._describe() for line in document._credit_split_all_lines()]
            document.message_post(
                body=Markup("<p>%s</p><p>%s<br/>%s</p><p>%s<br/>%s</p>")
                % (
                    title,
                    self.env._("Before:"),
                    Markup("<br/>").join(before) or "-",
                    self.env._("After:"),
                    Markup("<br/>").join(after) or "-",
                )
            )
