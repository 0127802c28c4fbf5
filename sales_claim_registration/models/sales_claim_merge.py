"""Merging customers never loses a claim (合并客户不丢报备).

Odoo's partner merge (Contacts > Merge, ``base.partner.merge.automatic.wizard``)
moves every row that points at the merged partners to the surviving one
with SQL, and *deletes* the rows whose move would break a unique index:
two active claims of one customer would lose one of them, and its pool
moves would point at nothing. The suite settles the claims first
(``_merge_customers_claims``, called by the wizard's ``_update_foreign_keys``
in ``wizards/base_partner_merge.py``), so the wizard's move never deletes:

- per company, the oldest active claim of the merged customers stays
  (first valid claim wins, 先报先得);
- a newer claim of the same owner is closed as *merged* (never deleted);
- a newer claim of another owner is closed as *merged* too, and an
  arbitration case (判单) is opened for its owner against the kept claim,
  with both claims' history: the arbiter may transfer the customer.

After the wizard copied the values, ``_on_customers_merged`` makes the
surviving customer agree with its claim (salesperson; the pool addon takes
it out of its pool). Only a sales manager merges customers claimed by
someone else (``_merge_check_rights``).
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools.rules_write import rules_write
from .sales_claim import ACTIVE

CUSTOMER_KEYS = ("company", "phone")


class SalesClaim(models.Model):
    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _merge_check_rights(self, partners):
        """Merging customers claimed by someone else changes their ownership:
        the owner of every claim concerned, or a sales manager. Hook."""
        user = self.env.user
        if self.env.su or user.has_group("sales_team.group_sale_manager"):
            return
        claims = self._active_customer_claims(partners)
        others = [claim for claim in claims.values() if claim.user_id != user]
        if others:
            raise UserError(
                self.env._(
                    "%(customer)s is claimed by %(owner)s: only its owner or a sales manager "
                    "can merge it with other contacts.",
                    customer=others[0].partner_id.display_name,
                    owner=others[0].user_id.name,
                )
            )

    @api.model
    def _merge_customers_claims(self, src_partners, dst_partner):
        """Settle the active claims of the merged customers, then move every
        claim to ``dst_partner`` (see the module docstring)."""
        partners = src_partners | dst_partner
        self.env.flush_all()
        # sudo: the merge settles the claims of every owner
        actives = self.sudo().search(
            [
                ("state", "=", ACTIVE),
                ("key_type", "in", CUSTOMER_KEYS),
                ("partner_id", "in", partners.ids),
            ],
            order="date_start, id",
        )
        for group in actives.grouped("company_id").values():
            kept = group[0]
            for other in group[1:]:
                other._merge_close(kept, dst_partner)
        self.env.flush_all()
        for column in ("partner_id", "contact_id", "agent_partner_id"):
            self.env.cr.execute(
                SQL(
                    "UPDATE sales_claim SET %s = %s WHERE %s = ANY(%s)",
                    SQL.identifier(column),
                    dst_partner.id,
                    SQL.identifier(column),
                    src_partners.ids,
                )
            )
        self.env.invalidate_all()

    def _merge_close(self, kept, dst_partner):
        """Close this claim as merged into ``kept``; another owner gets an
        arbitration case (判单) with both claims' history."""
        self.ensure_one()
        history = Markup("<br/>").join(claim._merge_history() for claim in kept | self)
        reason = self.env._(
            "Merged: %(customer)s merged into %(dst)s, where claim %(kept)s of %(owner)s, "
            "registered first, stays.",
            customer=self.partner_id.display_name,
            dst=dst_partner.display_name,
            kept=kept.name,
            owner=kept.user_id.name,
        )
        with rules_write():
            self.write(
                {"state": "merged", "date_closed": fields.Datetime.now(), "close_reason": reason}
            )
        if self.user_id != kept.user_id:
            # sudo: the merge opens the case whoever merges
            conflict = (
                self.env["sales.claim.conflict"]
                .sudo()
                .create(
                    {
                        "claim_id": kept.id,
                        "merged_claim_id": self.id,
                        "claimant_id": self.user_id.id,
                        "claimant_channel": self.channel,
                        "claimant_agent_partner_id": self.agent_partner_id.id,
                        "origin": "merged",
                        "reason": "\n".join(
                            [reason, *(claim._merge_history_text() for claim in kept | self)]
                        ),
                    }
                )
            )
            history += Markup("<br/>") + self.env._(
                "Arbitration %(case)s opened for %(claimant)s.",
                case=conflict.name,
                claimant=self.user_id.name,
            )
        for claim in kept | self:
            claim.sudo().message_post(body=Markup("<p>%s</p><p>%s</p>") % (reason, history))

    def _merge_history_text(self):
        """One line: who claimed, when, how, until when (evidence for 判单)."""
        self.ensure_one()
        key_types = dict(self._fields["key_type"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        return self.env._(
            "%(claim)s: %(owner)s (%(channel)s) claimed %(customer)s by %(key)s on %(start)s, "
            "protected until %(end)s (%(days)s extension days).",
            claim=self.name,
            owner=self.user_id.name,
            channel=channels.get(self.channel, ""),
            customer=self.partner_id.display_name,
            key=key_types.get(self.key_type, ""),
            start=fields.Datetime.to_string(self.date_start),
            end=fields.Datetime.to_string(self.date_end),
            days=self.extension_days,
        )

    def _merge_history(self):
        return Markup("%s") % self._merge_history_text()

    @api.model
    def _on_customers_merged(self, dst_partner):
        """Hook: the wizard merged customers into ``dst_partner`` and copied
        their values. The surviving customer and its contacts get the owner
        of its claim as salesperson. The pool addon extends this."""
        claim = self._active_customer_claims(dst_partner).get(dst_partner.commercial_partner_id)
        if claim:
            self.env.flush_all()
            self._set_salesperson(dst_partner.commercial_partner_id, claim.user_id.id)
