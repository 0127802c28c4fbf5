"""Near matches of company names: the character type probe and the
similarity each length of name needs."""

import uuid

import psycopg2

from odoo.exceptions import ValidationError
from odoo.sql_db import connection_info_for
from odoo.tests import Form

from ..models.res_partner_near_match import _PROBE_ATTRIBUTE
from ..tools.trigram import database_ctype, trigram_sees_chinese
from .common import ClaimCase


class TestNearMatch(ClaimCase):
    def _companies(self, *names):
        partners = self.env["res.partner"].create(
            [{"name": name, "is_company": True} for name in names]
        )
        partners.flush_model()
        return partners

    def _near(self, name):
        key = self.env["sales.customer.identity"]._name_key(name)
        return self.env["res.partner"]._claim_near_matches(key, limit=50)

    def test_test_database_sees_chinese_and_settings_are_quiet(self):
        self.assertTrue(trigram_sees_chinese(self.env.cr))
        self.assertTrue(self.env["res.partner"]._claim_near_match_available())
        self.assertFalse(self.env["res.partner"]._claim_near_match_unavailable_message())
        with Form(self.env["res.config.settings"]) as form:
            self.assertFalse(form.claim_near_match_unavailable)

    def test_probe_is_blind_under_c_character_type(self):
        """A real database with LC_CTYPE C on the same server: pg_trgm there
        sees no Chinese, and the probe says so; without pg_trgm it is False."""
        name = f"matching_ctype_c_{uuid.uuid4().hex[:12]}"
        __, params = connection_info_for("postgres")
        admin = psycopg2.connect(**params)
        admin.autocommit = True
        try:
            with admin.cursor() as cr:
                cr.execute(
                    f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8' "
                    "LC_COLLATE 'C' LC_CTYPE 'C'"
                )
            params = connection_info_for(name)[1]
            blind = psycopg2.connect(**params)
            blind.autocommit = True
            try:
                with blind.cursor() as cr:
                    self.assertFalse(trigram_sees_chinese(cr), "no pg_trgm: not available")
                    cr.execute("CREATE EXTENSION pg_trgm")
                    self.assertEqual(database_ctype(cr), "C")
                    self.assertFalse(trigram_sees_chinese(cr))
                    # Latin text still has trigrams there: only Chinese is lost
                    cr.execute("SELECT similarity('华为技术', '华为技术服务'), show_trgm('acme')")
                    similarity, latin = cr.fetchone()
                    self.assertEqual(similarity, 0)
                    self.assertTrue(latin)
            finally:
                blind.close()
        finally:
            with admin.cursor() as cr:
                cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.close()

    def test_unavailable_near_matching_is_said_not_hidden(self):
        """When the probe found pg_trgm blind (its cached answer set here, as a
        C database would), near matching is skipped and every duplicate check
        says so; exact keys still refuse."""
        self._companies("甲乙测试科技发展有限公司")
        registry = self.env.registry
        saved = getattr(registry, _PROBE_ATTRIBUTE)
        setattr(registry, _PROBE_ATTRIBUTE, False)
        try:
            self.assertEqual(self._near("甲乙测试科技发展"), [])
            self.assertTrue(self.env["res.config.settings"].create({}).claim_near_match_unavailable)
            action = self.jia.with_user(self.rep_tele).action_open_claim_wizard()
            wizard = (
                self.env[action["res_model"]]
                .with_user(self.rep_tele)
                .with_context(**action["context"])
                .create({})
            )
            self.assertIn(
                "Near matching of similar company names is unavailable", wizard.near_match_html
            )
            self.assertNotIn("甲乙测试科技发展有限公司", wizard.near_match_html)
            self.claim(self.rep_direct, self.jia)
            twin = self._companies("（北京）甲乙测试科技有限公司")
            with self.assertRaisesMsg(ValidationError, "Direct"):
                self.claim(self.rep_tele, twin)
        finally:
            setattr(registry, _PROBE_ATTRIBUTE, saved)

    def test_similarity_needed_depends_on_length(self):
        """Two or three characters: a longer form of the name is a near match
        (华为 / 华为技术, 33%); long names need more than a shared word."""
        short, longer, northwind, long_name = self._companies(
            "华为有限公司",
            "格力电器股份有限公司",
            "Northwind Traders Inc.",
            "深圳市腾飞云计算科技发展有限公司",
        )
        self.assertIn(short, [p for p, __ in self._near("华为技术有限公司")])
        self.assertIn(longer, [p for p, __ in self._near("格力有限公司")])
        self.assertNotIn(short, [p for p, __ in self._near("华夏有限公司")])
        self.assertNotIn(northwind, [p for p, __ in self._near("Southwind Traders Inc.")])
        self.assertIn(northwind, [p for p, __ in self._near("Northwind Tradars Inc.")])
        self.assertIn(long_name, [p for p, __ in self._near("深圳市腾飞云计算科枝发展有限公司")])
        steps = self.env["res.partner"]._claim_near_match_thresholds(0.4)
        self.assertEqual(steps, [(3, 0.3), (8, 0.4), (12, 0.5), (None, 0.6)])
