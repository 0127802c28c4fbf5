"""Pool scraping protection (公海防爬) in the chatter: the sender address of a
message written by a pool customer's contact, and the email of a follower
who is one, are masked like the customer's own (``pool_contact_mask.py``)."""

from odoo import models

from .pool_contact_mask import mask_value


class MailMessage(models.Model):
    _name = "mail.message"
    _inherit = ["mail.message", "sales.pool.contact.mask"]

    _pool_masked_fields = ("email_from",)
    _pool_contact_column = "author_id"

    def _author_to_store(self, store):
        """The chatter reads the sender address outside ``_read_format``."""
        res = super()._author_to_store(store)
        for message in self.browse(self._pool_hidden_ids()):
            store.add(message, {"email_from": mask_value("email", message.email_from)})
        return res


class MailFollowers(models.Model):
    _name = "mail.followers"
    _inherit = ["mail.followers", "sales.pool.contact.mask"]

    _pool_masked_fields = ("email",)
    _pool_contact_column = "partner_id"
