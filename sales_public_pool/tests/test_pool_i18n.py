from odoo.modules.module import get_module_resource
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import PoFileReader


@tagged("post_install", "-at_install")
class TestPoolTranslations(TransactionCase):
    def test_every_string_translated_to_chinese(self):
        path = get_module_resource("sales_public_pool", "i18n", "zh_CN.po")
        with open(path, "rb") as po_file:
            entries = list(PoFileReader(po_file))
        self.assertGreater(len(entries), 300)
        untranslated = [e["src"] for e in entries if not e["value"]]
        self.assertEqual(untranslated, [])
        pool = {e["src"]: e["value"] for e in entries}
        self.assertEqual(pool["Public Pool"], "公海")
        self.assertEqual(pool["Holding Cap"], "保有量上限")
