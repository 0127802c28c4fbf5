from odoo.tests.common import BaseCase

from ..tools.claim_key import analyze_company_name, normalize_company_name, normalize_phone


class TestClaimKey(BaseCase):
    def test_chinese_legal_forms_brackets_and_widths(self):
        key = normalize_company_name("华为技术有限公司")
        self.assertEqual(key, "华为技术")
        for variant in (
            "（北京）華為技術 有限公司",
            "华为技术股份有限公司",
            "华为技术(深圳)有限责任公司",
            "广东省深圳市华为技术有限公司",
            "华为技术有限公司深圳",
            "【深圳】华为技术有限公司",
            "华为技术有限公司（深圳分公司）",
            "华为技术有限公司北京分公司",
        ):
            self.assertEqual(normalize_company_name(variant), key, variant)

    def test_places_wherever_they_stand(self):
        """The issue's four spellings give one key; a place that is the
        name (北京银行, 中山大学) stays."""
        for variant in (
            "北京字节跳动科技有限公司",
            "字节跳动科技（北京）有限公司",
            "【北京】字节跳动科技有限公司",
            "字节跳动科技有限公司北京",
            "北京市字节跳动科技有限公司",
            "字节跳动科技(北京市)有限公司",
            "字節跳動科技（北京）有限公司",
        ):
            self.assertEqual(normalize_company_name(variant), "字节跳动科技", variant)
        self.assertEqual(normalize_company_name("北京银行股份有限公司"), "北京银行")
        self.assertEqual(normalize_company_name("中山大学"), "中山大学")
        self.assertEqual(normalize_company_name("Acme (Shanghai) Co., Ltd."), "acme")

    def test_group_closed_and_branch_markers(self):
        """Group words stay (two companies must not share a key); a closure
        marker is a tag; a branch is its parent's key."""
        self.assertEqual(normalize_company_name("华为技术集团"), "华为技术集团")
        self.assertEqual(normalize_company_name("Acme Holdings Ltd"), "acmeholdings")
        self.assertEqual(normalize_company_name("Acme Group"), "acmegroup")
        closed = analyze_company_name("字节跳动科技有限公司（已注销）")
        self.assertEqual((closed.key, closed.closed), ("字节跳动科技#注销", True))
        self.assertEqual(normalize_company_name("字节跳动科技有限公司停用"), "字节跳动科技#注销")
        branch = analyze_company_name("字节跳动科技有限公司上海分公司")
        self.assertEqual((branch.key, branch.branch), ("字节跳动科技", True))

    def test_duplicate_marker(self):
        """Odoo's *Duplicate* names the copy "X (copy)" ("X (副本)" in
        Chinese): the copy is the same customer, not a new key."""
        for name in ("字节跳动科技有限公司 (副本)", "字节跳动科技（北京）有限公司 (copy)"):
            self.assertEqual(normalize_company_name(name), "字节跳动科技", name)
        self.assertEqual(normalize_company_name("Acme Co., Ltd. (copy)"), "acme")
        self.assertEqual(normalize_company_name("Acme Copy Center Ltd"), "acmecopycenter")

    def test_english_legal_forms(self):
        self.assertEqual(normalize_company_name("Acme Co., Ltd."), "acme")
        self.assertEqual(normalize_company_name("ACME  LLC"), "acme")
        self.assertEqual(normalize_company_name("Ａｃｍｅ　ＧｍｂＨ"), "acme")
        self.assertEqual(normalize_company_name("Acme Trading Inc."), "acmetrading")
        for name in (
            "Acme Gesellschaft mit beschränkter Haftung",
            "ACME Aktiengesellschaft",
            "Acme Limited",
            "Acme Corporation",
            "Acme S.A.",
            "Acme GmbH & Co. KG",
        ):
            self.assertEqual(normalize_company_name(name), "acme", name)

    def test_nothing_left(self):
        for name in (
            "",
            "  ...  ",
            "有限公司",
            "Ltd.",
            "（北京）",
            "公司有限公司",
            "Co., Ltd. Inc.",
            "北京有限公司",
        ):
            self.assertEqual(normalize_company_name(name), "", name)

    def test_phone_e164(self):
        self.assertEqual(normalize_phone("138 0013 8000", "CN"), "+8613800138000")
        self.assertEqual(normalize_phone("0086-138-0013-8000", "US"), "+8613800138000")
        self.assertEqual(normalize_phone("(650) 253-0000", "US"), "+16502530000")
        self.assertIsNone(normalize_phone("12345", "CN"))
        self.assertIsNone(normalize_phone("", "CN"))
