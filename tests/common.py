"""Base classes for the cross-addon tests.

Odoo tags a test class only when it lives in ``odoo.addons.<module>``; these
tests live outside any addon, so they declare their tags themselves.
"""

from odoo.tests.common import HttpCase, TransactionCase

from odoo.addons.sales_claim_registration.tests.roles import SalesRoles


class _SuiteTestTags:
    test_tags = {"standard", "post_install"}
    test_module = "sales_ownership_suite"
    test_sequence = 0

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.test_class = cls.__name__


class SuiteTransactionCase(_SuiteTestTags, TransactionCase):
    """A rolled-back transaction with the three addons installed."""


class SuiteHttpCase(_SuiteTestTags, HttpCase):
    """A browser test (tour) against the test server started by pytest-odoo."""

    def start_tour(self, url_path, tour_name, step_delay=None, **kwargs):
        # Odoo allows a whole tour 60 s; with coverage and parallel test runs
        # on a small machine a long journey needs more
        kwargs.setdefault("timeout", 240)
        return super().start_tour(url_path, tour_name, step_delay=step_delay, **kwargs)


class SuiteRoles(SalesRoles):
    """The suite's standard cast of users (sales_claim_registration/tests/roles.py)
    for a cross-addon test; mail tracking stays on, as for a real user."""

    disable_tracking = False
