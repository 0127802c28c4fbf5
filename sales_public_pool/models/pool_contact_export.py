"""Pool scraping protection (公海防爬) in exports: a masked field of a pool
customer hidden from the user is never exported, whichever model the export
starts from (a contact, an opportunity, an order's customer...)."""

from odoo import models
from odoo.exceptions import UserError


class Base(models.AbstractModel):
    _inherit = "base"

    def export_data(self, fields_to_export):
        self._pool_check_export(fields_to_export)
        return super().export_data(fields_to_export)

    def _pool_check_export(self, paths):
        """Refuse an export path that ends on a masked field of hidden customers."""
        for path in paths:
            names = [name for name in path.split("/") if name not in ("id", ".id")]
            records = self
            for name in names[:-1]:
                field = records._fields.get(name)
                if not field or not field.relational:
                    break
                records = records[name]
            else:
                masked = getattr(records, "_pool_masked_fields", ())
                if names and names[-1] in masked and records._pool_hidden_ids():
                    raise UserError(
                        self.env._(
                            "You cannot export %(field)s: the contact data of pool customers "
                            "are hidden until claimed. Remove the column, or export only "
                            "customers you own.",
                            field=records._fields[names[-1]].string,
                        )
                    )
