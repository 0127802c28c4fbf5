"""Follow-ups (跟进) feed the recycling countdown (回收): see
``res_partner_recycling.py`` for the rule and the due date."""

from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        """A real follow-up (有效跟进) restarts the recycling countdown at once.

        Follow-ups are notes, emails and done activities (calls, meetings...)
        on the customer, its contacts, its opportunities or its claims (an
        agent's activity on the portal is posted on the claim); tracking
        notifications are not. The customer's home pool says which count
        (``sales.pool._is_real_followup``): a filler note such as 继续跟进
        restarts nothing.
        """
        messages = super().create(vals_list)
        candidates = messages.filtered(
            lambda m: (
                m.res_id
                and m.model in ("res.partner", "crm.lead", "sales.claim")
                and (m.message_type in ("comment", "email") or m.mail_activity_type_id)
            )
        )
        if not candidates:
            return messages
        partner_ids, lead_ids = set(), set()
        for message in candidates:
            if not message._pool_followup_pool()._is_real_followup(message):
                continue
            if message.model == "crm.lead":
                lead_ids.add(message.res_id)
            elif message.model == "res.partner":
                partner_ids.add(message.res_id)
            else:
                partner_ids.add(message._pool_followup_customer().id)
        partner_ids.discard(False)
        if partner_ids or lead_ids:
            self.env["res.partner"]._pool_register_followup(partner_ids, lead_ids)
        return messages

    def _pool_followup_customer(self):
        """The customer this message is about: the contact's company, the
        opportunity's customer, or the claimed customer (an agent's messages,
        uploads and requests on the portal are posted on its claim)."""
        self.ensure_one()
        # sudo: the pool's follow-up setting applies whoever writes the note
        record = self.env[self.model].sudo().browse(self.res_id).exists()
        partner = record if self.model == "res.partner" else record.partner_id
        return partner.commercial_partner_id

    def _pool_followup_pool(self):
        """The home pool of the customer this message is about (its rules apply)."""
        return self._pool_followup_customer().pool_home_id
