"""The browser test infrastructure works: headless Chromium opens the web
client, logs in and runs JavaScript against the test server."""

from .common import SuiteHttpCase


class TestToursSmoke(SuiteHttpCase):
    def test_web_client_loads(self):
        """The backend web client starts for the administrator."""
        self.browser_js(
            "/odoo",
            "console.log('test successful')",
            ready="odoo.isReady",
            login="admin",
        )
