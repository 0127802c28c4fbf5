from odoo import models
from odoo.exceptions import UserError, ValidationError

from ..tools.allocation import format_percent, is_full, percent_total


class SalesCreditSplitCheck(models.AbstractModel):
    """The rules a credit split follows (业绩分配规则), for every document with one.

    Per document (per source order on an invoice of several orders) and per
    split type: the shares of a type whose rule is "exactly 100%" (revenue)
    add up to exactly 100, and there is at least one such type; the shares of
    a type with any total (overlay) are each more than 0 and at most 100,
    whatever their sum. Each share credits an active internal user of the
    document's company, or an agent, in a type its role allows.
    """

    _inherit = "sales.credit.split.mixin"

    def _credit_split_check_total(self):
        for document in self:
            if not document._credit_split_all_lines():
                raise UserError(
                    self.env._(
                        "%(document)s has no credit split: add at least one participant in "
                        "the Credit Split tab.",
                        document=document.display_name,
                    )
                )
            for group in document._credit_split_line_groups():
                document._credit_split_check_group(group)
            for line, split in document._credit_split_product_groups():
                document._credit_split_check_product_group(line, split)

    def _credit_split_check_product_group(self, product_line, group):
        """The split of one product line follows the same rules as a document's:
        each type that totals 100 does, and there is one such type at least."""
        name = product_line._credit_split_line_name()
        buckets = [
            (split_type, lines)
            for split_type, lines in self._credit_split_buckets(group)
            if split_type.total_rule != "any"
        ]
        if not buckets:
            raise UserError(
                self.env._(
                    "The credit split of product line %(line)s of %(document)s has only "
                    "overlay shares (%(types)s): add the revenue shares, which add up to "
                    "100%%, in the line's split (Split button of the line).",
                    line=name,
                    document=self.display_name,
                    types=", ".join(group.split_type_id.mapped("name")),
                )
            )
        for split_type, lines in buckets:
            if is_full(lines.mapped("percent")):
                continue
            raise UserError(
                self.env._(
                    "The %(type)s shares of product line %(line)s of %(document)s add up to "
                    "%(total)s%%: open the line's split (Split button of the line) and change "
                    "them so that they add up to exactly 100%%, or remove them to credit the "
                    "line with the document's split.",
                    type=split_type.name or self.env._("Revenue"),
                    line=name,
                    document=self.display_name,
                    total=format_percent(percent_total(lines.mapped("percent"))),
                )
            )

    def _credit_split_check_group(self, group):
        """Each type that totals 100 does, and the group has one such type at least.

        A group is the whole split, or on an invoice of several orders the
        shares of one order. Overlay shares (any total) are checked one by one
        (``_credit_split_line_error``); they never stand for the revenue.
        """
        order = group.source_order_id
        buckets = [
            (split_type, lines)
            for split_type, lines in self._credit_split_buckets(group)
            if split_type.total_rule != "any"
        ]
        if not buckets:
            types = ", ".join(group.split_type_id.mapped("name"))
            if order:
                raise UserError(
                    self.env._(
                        "The shares of order %(order)s in the credit split of %(document)s "
                        "are all overlay (%(types)s): add the revenue shares, which add up to "
                        "100%%.",
                        order=order.display_name,
                        document=self.display_name,
                        types=types,
                    )
                )
            raise UserError(
                self.env._(
                    "The credit split of %(document)s has only overlay shares (%(types)s): add "
                    "the revenue shares, which add up to 100%%, in the Credit Split tab.",
                    document=self.display_name,
                    types=types,
                )
            )
        for split_type, lines in buckets:
            if is_full(lines.mapped("percent")):
                continue
            values = {
                "type": split_type.name or self.env._("Revenue"),
                "document": self.display_name,
                "total": format_percent(percent_total(lines.mapped("percent"))),
            }
            if order:
                raise UserError(
                    self.env._(
                        "The %(type)s shares of order %(order)s in the credit split of "
                        "%(document)s add up to %(total)s%%: change them so that they add "
                        "up to exactly 100%%.",
                        order=order.display_name,
                        **values,
                    )
                )
            raise UserError(
                self.env._(
                    "The %(type)s shares of the credit split of %(document)s add up to "
                    "%(total)s%%: change them in the Credit Split tab so that they add up to "
                    "exactly 100%%.",
                    **values,
                )
            )

    def _credit_split_check_line(self, line):
        """A share is in (0, 100], credits an active internal user of the document's
        company (or an agent), in a type its role allows, and no participant appears
        twice in the same role and type."""
        error = self._credit_split_line_error(line)
        if error:
            raise ValidationError(error)
        if any(
            other.role_id == line.role_id
            and other.split_type_id == line.split_type_id
            and other.source_order_id == line.source_order_id
            and other.user_id == line.user_id
            and other.agent_partner_id == line.agent_partner_id
            for other in line._group_mates() - line
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
        split_type = line.split_type_id
        if split_type.company_id and split_type.company_id != line.company_id:
            return self.env._(
                "Split type %(type)s belongs to %(type_company)s and cannot be used on the "
                "documents of %(company)s: choose a type of %(company)s or a shared one.",
                type=split_type.name,
                type_company=split_type.company_id.name,
                company=line.company_id.name,
            )
        allowed = line.role_id.split_type_ids
        if split_type and allowed and split_type not in allowed:
            return self.env._(
                "Role %(role)s is not credited as %(type)s: choose one of its split types "
                "(%(types)s), or another role.",
                role=line.role_id.name,
                type=split_type.name,
                types=", ".join(allowed.mapped("name")),
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
