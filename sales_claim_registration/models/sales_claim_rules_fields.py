"""Only the rules change ownership (只有规则改变归属) on a claim.

The fields below are written by the suite's own methods
(``tools/rules_write.py``), never by a plain create or write, whatever the
user's role; ``create`` and ``write`` (``sales_claim.py``) call
``_check_rules_fields``, and each group's message says which action to use
instead.
"""

from odoo import models
from odoo.exceptions import UserError

from ..tools.rules_write import rules_writing


class SalesClaimRulesFields(models.Model):
    _inherit = "sales.claim"

    _RULES_FIELDS = {
        "life_cycle": ("state", "date_closed", "close_reason"),
        "protection": (
            "date_start",
            "date_end",
            "date_reminder",
            "extension_days",
            "base_days",
            "max_days",
            "policy_id",
            "reminded_end",
            "extension_ids",
        ),
        "owner": ("user_id",),
        "evidence": (
            "partner_id",
            "contact_id",
            "lead_id",
            "key_type",
            "claim_key",
            "customer_key",
            "credit_code_key",
            "company_id",
            "channel",
            "agent_partner_id",
        ),
    }
    # what a new claim names (the request itself); the rest is prepared
    _CREATE_FIELDS = frozenset(_RULES_FIELDS["evidence"]) - {
        "claim_key",
        "customer_key",
        "credit_code_key",
    }

    _PROTECTED_NAMES = frozenset(name for names in _RULES_FIELDS.values() for name in names)

    def _rules_messages(self):
        """``{group: sentence}``: why each group of fields is refused and
        which action to use instead."""
        return {
            "life_cycle": self.env._(
                "%(fields)s of a claim follow its life cycle, not a hand edit: release or "
                "cancel the claim, or ask for arbitration (判单)."
            ),
            "protection": self.env._(
                "%(fields)s of a claim are set by its policy and life cycle, not a hand edit: "
                "request an extension (延期申请) or record a milestone."
            ),
            "owner": self.env._(
                "%(fields)s of a claim changes through its life cycle only: ask for "
                "arbitration (transfer), or use the register wizard, the pool's assignment or "
                "the handover of a leaving rep, which log who and why."
            ),
            "evidence": self.env._(
                "%(fields)s of a claim are evidence and cannot be changed: cancel the claim "
                "and register a new one."
            ),
        }

    def _check_rules_fields(self, fields_given):
        """Refuse protected fields written outside the rules, naming each
        field and the action to use instead (``UserError``)."""
        if rules_writing(self.env):
            return
        given = set(fields_given)
        refused = [
            (group, sorted(self._fields[name].string for name in names if name in given))
            for group, names in self._RULES_FIELDS.items()
        ]
        refused = [(group, labels) for group, labels in refused if labels]
        if not refused:
            return
        messages = self._rules_messages()
        raise UserError(
            "\n".join(messages[group] % {"fields": ", ".join(labels)} for group, labels in refused)
        )
