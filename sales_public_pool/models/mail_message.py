"""Follow-ups (跟进) feed the recycling countdown (回收): see
``res_partner_recycling.py`` for the rule and the due date."""

from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        """A follow-up (跟进) restarts the recycling countdown at once.

        Follow-ups are notes, emails and done activities (calls, meetings...)
        on the customer, its contacts or its opportunities; tracking
        notifications are not.
        """
        messages = super().create(vals_list)
        partner_ids, lead_ids = set(), set()
        for message in messages:
            if not message.res_id or message.model not in ("res.partner", "crm.lead"):
                continue
            if (
                message.message_type not in ("comment", "email")
                and not message.mail_activity_type_id
            ):
                continue
            (partner_ids if message.model == "res.partner" else lead_ids).add(message.res_id)
        if partner_ids or lead_ids:
            self.env["res.partner"]._pool_register_followup(partner_ids, lead_ids)
        return messages
