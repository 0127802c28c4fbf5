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

    def test_glue_addon_installs_itself_with_pool_and_split(self):
        glue = self.env["ir.module.module"].search([("name", "=", "sales_pool_credit_split")])
        self.assertEqual(glue.state, "installed")
        self.assertTrue(glue.auto_install)
        self.assertEqual(
            set(glue.dependencies_id.mapped("name")), {"sales_public_pool", "sales_credit_split"}
        )

    def test_database_character_type_sees_chinese(self):
        """Under lc_ctype C, pg_trgm extracts no trigram from Chinese text."""
        self.env.cr.execute("SELECT similarity('华为技术', '华为技术服务')")
        self.assertGreater(self.env.cr.fetchone()[0], 0.3)
