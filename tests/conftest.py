"""Shared fixtures of the cross-addon tests (pytest-odoo has loaded the
registry of the test database by the time these run)."""

import pytest

import odoo


@pytest.fixture
def registry():
    # imported here: odoo.tests logs an error when imported before pytest-odoo
    # switched Odoo to test mode
    from odoo.tests.common import get_db_name  # noqa: PLC0415

    return odoo.modules.registry.Registry(get_db_name())


@pytest.fixture
def new_cursor(registry):
    """Open real, independent database cursors (one per simulated worker);
    everything they wrote is rolled back or cleaned by the test itself."""
    cursors = []

    def _open():
        cr = registry.cursor()
        cursors.append(cr)
        return cr

    yield _open
    for cr in cursors:
        cr.rollback()
        cr.close()
