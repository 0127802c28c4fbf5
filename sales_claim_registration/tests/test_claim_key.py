from odoo.tests.common import BaseCase

from ..tools.claim_key import normalize_company_name, normalize_phone


class TestClaimKey(BaseCase):
    def test_chinese_legal_forms_brackets_and_widths(self):
        key = normalize_company_name("华为技术有限公司")
        self.assertEqual(key, "华为技术")
        for variant in (
            "（北京）華為技術 有限公司",
            "华为技术股份有限公司",
            "华为技术(深圳)有限责任公司",
            "华为技术集团",
        ):
            self.assertEqual(normalize_company_name(variant), key, variant)

    def test_english_legal_forms(self):
        self.assertEqual(normalize_company_name("Acme Co., Ltd."), "acme")
        self.assertEqual(normalize_company_name("ACME  LLC"), "acme")
        self.assertEqual(normalize_company_name("Ａｃｍｅ　ＧｍｂＨ"), "acme")
        self.assertEqual(normalize_company_name("Acme Trading Inc."), "acmetrading")

    def test_nothing_left(self):
        for name in ("", "  ...  ", "有限公司", "Ltd.", "（北京）"):
            self.assertEqual(normalize_company_name(name), "", name)

    def test_phone_e164(self):
        self.assertEqual(normalize_phone("138 0013 8000", "CN"), "+8613800138000")
        self.assertEqual(normalize_phone("0086-138-0013-8000", "US"), "+8613800138000")
        self.assertEqual(normalize_phone("(650) 253-0000", "US"), "+16502530000")
        self.assertIsNone(normalize_phone("12345", "CN"))
        self.assertIsNone(normalize_phone("", "CN"))
