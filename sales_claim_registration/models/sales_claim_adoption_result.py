"""What an adoption applied: counts and the customer list, on the wizard and
on a background run alike."""

from odoo import fields, models


class SalesClaimAdoptionResult(models.AbstractModel):
    _name = "sales.claim.adoption.result"
    _description = "Result of an Ownership Adoption"

    adopted_count = fields.Integer(string="Claims Created", readonly=True)
    refused_count = fields.Integer(string="Refused", readonly=True)
    unowned_done_count = fields.Integer(string="Put in a Pool", readonly=True)
    # an attachment (filestore): at 1,000,000 customers the list is tens of MB,
    # a bytea column would rewrite it with every write of the record
    list_file = fields.Binary(string="Customer List", readonly=True)
    list_filename = fields.Char(readonly=True)

    def action_download(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/list_file/{self.list_filename}"
            "?download=true",
            "target": "download",
        }
