"""The three addons are installed together and the database is fit for them."""

from .common import SuiteTransactionCase


class TestInstallation(SuiteTransactionCase):
    def test_addons_installed(self):
        modules = self.env["ir.module.module"].search(
            [
                (
                    "name",
                    "in",
                    ["sales_claim_registration", "sales_public_pool", "sales_credit_split"],
                )
            ]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 3)

    def test_database_character_type_sees_chinese(self):
        """Under lc_ctype C, pg_trgm extracts no trigram from Chinese text."""
        self.env.cr.execute("SELECT similarity('华为技术', '华为技术服务')")
        self.assertGreater(self.env.cr.fetchone()[0], 0.3)
