import re
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

DEFAULT_FILLERS = "\n".join(
    [
        "继续跟进",
        "跟进中",
        "跟进",
        "已跟进",
        "待跟进",
        "持续跟进",
        "无",
        "follow up",
        "following up",
        "ok",
    ]
)
# what a note is reduced to before it is compared: no spaces, no punctuation
_NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalize_note(text):
    """A note as compared with the filler phrases: NFKC, lower case, letters and digits only."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


class SalesPool(models.Model):
    """What counts as a real follow-up (有效跟进) in a pool.

    Only a real follow-up restarts the "no follow-up for N days" countdown:
    a logged (done) activity of the pool's follow-up types, or a note or
    email of at least the minimum length that is not one of the filler
    phrases (继续跟进 alone says nothing about the customer).
    """

    _inherit = "sales.pool"

    followup_activity_type_ids = fields.Many2many(
        "mail.activity.type",
        "sales_pool_followup_activity_type_rel",
        "pool_id",
        "activity_type_id",
        string="Follow-up Activity Types",
        help="Done activities of these types count as follow-ups (calls, meetings, visits...). "
        "Leave empty to count a done activity of any type.",
    )
    followup_min_chars = fields.Integer(
        string="Minimum Follow-up Note Length",
        default=5,
        help="A note or email counts as a follow-up only with at least this many letters or "
        "digits (spaces and punctuation do not count); 0 counts any note.",
    )
    followup_filler_phrases = fields.Text(
        string="Filler Phrases",
        default=DEFAULT_FILLERS,
        translate=False,
        help="One phrase per line. A note that says only one of these (whatever its spaces, "
        "punctuation and case) is not a follow-up, e.g. 继续跟进.",
    )

    @api.constrains("followup_min_chars")
    def _check_followup_min_chars(self):
        for pool in self:
            if pool.followup_min_chars < 0:
                raise ValidationError(
                    self.env._(
                        "Minimum Follow-up Note Length of pool %(pool)s is %(value)s: enter 0 "
                        "(any note counts) or more.",
                        pool=pool.name,
                        value=pool.followup_min_chars,
                    )
                )

    def _is_real_followup(self, message):
        """Whether ``message`` counts as a follow-up under this pool's setting.

        No pool: any note or logged activity counts (no rule to satisfy).
        """
        if not self:
            return True
        self.ensure_one()
        if message.mail_activity_type_id:
            types = self.followup_activity_type_ids
            return not types or message.mail_activity_type_id in types
        text = normalize_note(html2plaintext(message.body or ""))
        fillers = {
            normalize_note(line) for line in (self.followup_filler_phrases or "").splitlines()
        }
        return len(text) >= self.followup_min_chars and text not in fillers
