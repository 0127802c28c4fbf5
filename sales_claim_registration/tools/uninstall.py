"""Uninstalling an addon of the suite without a foreign-key error.

Odoo deletes the records an addon shipped (policies, milestones, roles)
before it drops the addon's tables. Rows that users created (claims, split
lines) still point at them with ``ON DELETE RESTRICT`` foreign keys, so the
deletion fails and Odoo logs an ERROR for each attempt. The shipped models
delete those rows first, only while their own addon is being uninstalled:
the rows go with their table a moment later anyway.
"""

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG


def addon_uninstalling(env, addon):
    """Whether ``addon`` is being uninstalled in this transaction."""
    if not env.context.get(MODULE_UNINSTALL_FLAG):
        return False
    # sudo: the module list is read by whoever runs the uninstallation
    return bool(
        env["ir.module.module"]
        .sudo()
        .search_count([("name", "=", addon), ("state", "=", "to remove")], limit=1)
    )
