from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.allocation import (
    HUNDRED,
    SHARE_DIGITS,
    allocate,
    equal_shares,
    format_percent,
    is_full,
    percent_total,
    split_total,
    to_decimal,
)


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
    credited (``_credit_split_base``). The mixin computes the total, checks
    that the shares add up to exactly 100, allocates the credited amounts and
    commissions of all lines together so the parts add up exactly, and copies
    and freezes splits from one document to the next.
    """

    _name = "sales.credit.split.mixin"
    _description = "Document with a Credit Split"

    credit_split_total = fields.Float(
        string="Split Total (%)",
        digits=(9, SHARE_DIGITS),
        compute="_compute_credit_split_total",
        help="Sum of the shares: must be exactly 100.",
    )
    credit_split_total_ok = fields.Boolean(compute="_compute_credit_split_total")
    credit_split_participant_count = fields.Integer(
        string="Participants", compute="_compute_credit_split_total"
    )

    @api.depends(_split_depends("percent", "user_id", "agent_partner_id", "source_order_id"))
    def _compute_credit_split_total(self):
        for document in self:
            # the total farthest from 100 when the shares are grouped by source
            totals = [
                split_total(lines.mapped("percent"))
                for lines in document._credit_split_line_groups()
            ] or [Decimal(0)]
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

    def _credit_split_group_weights(self, groups):
        """Weights of ``groups`` in the credited amount (one group: all of it)."""
        return [Decimal(1) for _group in groups]

    def _credit_split_owner_user(self):
        return self.user_id

    def _credit_split_check_edit(self):
        """Raise when the split of these documents may not be changed by this user."""

    def _credit_split_changed(self, lines, before):
        """React to a change of the split (``before``: descriptions of the old lines)."""

    # ------------------------------------------------------------------ allocation

    def _credit_split_allocate(self, lines_to_set):
        """Set the credited amounts and commissions of ``lines_to_set`` in this document.

        One pool per deal: the untaxed amount times the total share, split by
        the shares, all lines together (largest remainder), in document and in
        company currency. The commission pool is the sum of every part times
        its rate, split the same way, so commissions add up exactly too.
        """
        self.ensure_one()
        amount, amount_company, rate_date = self._credit_split_base()
        company_currency = self.company_id.currency_id or self.env.company.currency_id
        currency = self._credit_split_currency() or company_currency
        digits, company_digits = currency.decimal_places, company_currency.decimal_places
        groups = self._credit_split_line_groups()
        weights = self._credit_split_group_weights(groups)
        bases = allocate(to_decimal(amount, digits), weights, digits) if groups else []
        company_bases = (
            allocate(to_decimal(amount_company, company_digits), weights, company_digits)
            if groups
            else []
        )
        lines = self.env["sales.credit.split.line"]
        parts, company_parts = [], []
        for group, base, company_base in zip(groups, bases, company_bases, strict=True):
            # negative input is refused on save; clamp it while the form is edited
            percents = [max(to_decimal(line.percent, SHARE_DIGITS), Decimal(0)) for line in group]
            # a full split (three thirds) credits the whole amount, not 99.999999% of it
            share = split_total(percents) / HUNDRED
            lines |= group
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

    # ------------------------------------------------------------------ checks and copies

    def _credit_split_participants(self):
        self.ensure_one()
        return {(line.user_id.id, line.agent_partner_id.id) for line in self.credit_split_line_ids}

    def _credit_split_signature(self):
        """What the agreement is about: who gets which share for which role."""
        self.ensure_one()
        return sorted(
            (line.user_id.id, line.agent_partner_id.id, line.role_id.id, line.percent)
            for line in self.credit_split_line_ids
        )

    def _credit_split_partners(self):
        """Partners to notify: every participant (users and agents)."""
        lines = self.credit_split_line_ids
        return lines.user_id.partner_id | lines.agent_partner_id

    def _credit_split_check_total(self):
        for document in self:
            if not document.credit_split_line_ids:
                raise UserError(
                    self.env._(
                        "%(document)s has no credit split: add at least one participant in "
                        "the Credit Split tab.",
                        document=document.display_name,
                    )
                )
            for group in document._credit_split_line_groups():
                if is_full(group.mapped("percent")):
                    continue
                total = format_percent(percent_total(group.mapped("percent")))
                if group.source_order_id:
                    raise UserError(
                        self.env._(
                            "The shares of order %(order)s in the credit split of "
                            "%(document)s add up to %(total)s%%: change them so that they add "
                            "up to exactly 100%%.",
                            order=group.source_order_id.display_name,
                            document=document.display_name,
                            total=total,
                        )
                    )
                raise UserError(
                    self.env._(
                        "The credit split of %(document)s adds up to %(total)s%%: change the "
                        "shares in the Credit Split tab so that they add up to exactly 100%%.",
                        document=document.display_name,
                        total=total,
                    )
                )

    def action_credit_split_equally(self):
        """Give every participant the same share (均分): 100 / n at 6 decimals.

        The shares add up to exactly 100 (the last millionths go to the first
        lines, see ``equal_shares``), so equal participants are credited the
        same amount to the cent. On an invoice of several orders, the shares
        of each order are split equally.
        """
        self._credit_split_check_edit()
        for document in self:
            before = [line._describe() for line in document.credit_split_line_ids]
            for group in document._credit_split_line_groups():
                for line, share in zip(group, equal_shares(len(group)), strict=True):
                    line.with_context(credit_split_system=True).percent = float(share)
            document._credit_split_changed(document.credit_split_line_ids, before)
        return True

    def _credit_split_check_line(self, line):
        """A share is in (0, 100], credits an active internal user of the document's
        company (or an agent), and no participant appears twice in the same role."""
        error = self._credit_split_line_error(line)
        if error:
            raise ValidationError(error)
        if any(
            other.role_id == line.role_id
            and other.source_order_id == line.source_order_id
            and other.user_id == line.user_id
            and other.agent_partner_id == line.agent_partner_id
            for other in self.credit_split_line_ids - line
        ):
            raise ValidationError(
                self.env._(
                    "%(participant)s appears twice with role %(role)s: merge the two lines "
                    "into one share.",
                    participant=line._participant_name(),
                    role=line.role_id.name,
                )
            )

    def _credit_split_line_error(self, line):
        """What is wrong with the share ``line`` and how to fix it, if anything."""
        user = line.user_id
        if line.percent <= 0 or line.percent > 100:
            return self.env._(
                "Share of %(participant)s (%(role)s) is %(value)s%%: enter a share greater "
                "than 0 and at most 100.",
                participant=line._participant_name(),
                role=line.role_id.name,
                value=line.percent,
            )
        if line.commission_rate < 0 or line.commission_rate > 100:
            return self.env._(
                "Commission Rate of %(participant)s (%(role)s) is %(value)s%%: enter a rate "
                "between 0 and 100.",
                participant=line._participant_name(),
                role=line.role_id.name,
                value=line.commission_rate,
            )
        if user and not user.active:
            return self.env._(
                "%(user)s is archived and cannot be credited: choose an active user, or hand "
                "the share over to the successor.",
                user=user.name,
            )
        if user.share:
            return self.env._(
                "%(user)s is a portal user: credit the agent company in the Agent column instead.",
                user=user.name,
            )
        if user and line.company_id not in user.company_ids:
            return self.env._(
                "%(user)s does not work for %(company)s and cannot be credited on its "
                "documents: give the user access to that company, or choose another.",
                user=user.name,
                company=line.company_id.name,
            )
        return False

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
        # sudo: the user acting on the document (e.g. an assistant quoting for
        # a colleague, or posting an invoice) may not own it, but the copied
        # split is decided by the rule above, not by that user.
        self.sudo().with_context(credit_split_system=True).credit_split_line_ids = [
            fields.Command.clear()
        ] + [fields.Command.create(vals) for vals in vals_list]

    def _credit_split_freeze(self, force=False):
        """Copy the current commission rates onto the lines: later rate changes keep off."""
        lines = self.credit_split_line_ids.filtered(lambda x: force or not x.rate_frozen)
        by_rate = defaultdict(lambda: self.env["sales.credit.split.line"])
        for line, rate in lines._current_rates().items():
            by_rate[rate] |= line
        for rate, rate_lines in by_rate.items():
            rate_lines.with_context(credit_split_system=True).write(
                {"commission_rate": rate, "rate_frozen": True}
            )

    def _credit_split_log(self, before, title):
        """Post who changed the split, from what to what, in the chatter."""
        for document in self:
            after = [line._describe() for line in document.credit_split_line_ids]
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
