"""Near matches of company names: the character type probe and the
similarity each length of name needs."""

import uuid

import psycopg2

from odoo.exceptions import ValidationError
from odoo.sql_db import connection_info_for
from odoo.tests import Form

from ..models.res_partner_near_match import _PROBE_ATTRIBUTE
from ..tools.trigram import database_ctype, index_threshold, trigram_sees_chinese
from .common import ClaimCase
from .near_reference import near_reference

# trade names of every length and industry words thousands of companies share
# (the benchmark's tail): their mixes give pairs in every step of length
TRADE_NAMES = (
    "Ab",
    "Acme",
    "Bright",
    "Stonebay",
    "Northwind",
    "Brightstone",
    "Redchilean",
    "Euclapeak",
    "Lesxthoseoul",
    "Hungaryushuaiastar",
    "Atyrauvevayparaguay",
)
INDUSTRIES = ("Electronics", "Analytics", "Industries", "Security")
CHINESE_TRADE_NAMES = ("飞青昌", "物离坛茨", "图美", "华为", "腾飞云计算", "睦荆")
CHINESE_INDUSTRIES = ("文化传媒", "信息技术集团", "能源集团", "科技发展")


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

    def _threshold_given_to_index(self, name_key):
        """The ``pg_trgm.similarity_threshold`` a near-match search of
        ``name_key`` set for its transaction."""
        self.env["res.partner"]._claim_near_matches(name_key)
        self.env.cr.execute("SELECT current_setting('pg_trgm.similarity_threshold')::float8")
        return self.env.cr.fetchone()[0]

    def test_index_threshold_follows_the_length_of_the_name(self):
        """A name of 24 characters cannot reach 0.4 with a name of eight or
        fewer (nine trigrams of its 24-25): the index is asked for 0.5, and a
        name of 9-12 characters near enough for its step is still found."""
        robotics, global_ethics = self._companies(
            "Acme Robotics Ltd", "Acme Robotics Global Ethics Ltd"
        )
        self.assertEqual(robotics.claim_name_key, "acmerobotics")
        self.assertEqual(global_ethics.claim_name_key, "acmeroboticsglobalethics")
        self.assertEqual(self._threshold_given_to_index("acmerobo"), 0.4)
        self.assertEqual(self._threshold_given_to_index("acmeroboticsglobalethics"), 0.5)
        self.assertEqual(self._threshold_given_to_index("hungaryushuaiastarelectronics"), 0.6)
        self.assertEqual(self._threshold_given_to_index("华为"), 0.3)
        # 13 shared trigrams of 24: 0.54, above the 0.5 of 9-12 characters
        matches = dict(self._near("Acme Robotics Global Ethics"))
        self.assertIn(robotics, matches)
        self.assertGreaterEqual(matches[robotics], 0.5)
        # at the bound: 13 trigrams (12 characters), all among 26, exactly 0.5
        self.assertEqual(self._threshold_given_to_index("acmeroboticsnorthernspecs"), 0.5)
        self.assertEqual(dict(self._near("Acme Robotics Northern Specs")).get(robotics), 0.5)
        steps = self.env["res.partner"]._claim_near_match_thresholds(0.4)
        self.assertEqual(index_threshold(8, 9, steps), 0.4)
        self.assertEqual(index_threshold(22, 23, steps), 0.5)
        self.assertEqual(index_threshold(26, 27, steps), 0.6)
        # fewer trigrams than characters (repeated ones): the bound follows them
        self.assertEqual(index_threshold(24, 20, steps), 0.4)
        self.assertEqual(index_threshold(24, 99, steps), index_threshold(24, 25, steps))

    def test_near_matches_are_those_of_the_rule_without_index_cut(self):
        """Every name (long ones sharing an industry word with many, near
        copies, short names beginning long ones, Chinese and English): the
        search through the index finds exactly the companies a comparison
        with every company finds, at the value each pair needs."""
        names = []
        for trade in TRADE_NAMES:
            for industry in INDUSTRIES:
                names += [
                    f"{trade} {industry}",
                    f"{trade[0]}x{trade[2:]} {industry}",  # one character replaced
                    f"{trade} {industry[:4]}",
                ]
            names.append(trade)
        for trade in CHINESE_TRADE_NAMES:
            for industry in CHINESE_INDUSTRIES:
                names += [trade + industry, trade[0] + "某" + trade[2:] + industry]
            names.append(trade)
        names += ["Br", "Bri", "Nor", "Acme Robotics"]  # beginning long ones
        partners = self._companies(*names)
        keys = sorted(set(partners.mapped("claim_name_key")))
        keys += ["br", "bri", "brightstoneelectronics283", "acmeroboticsnorthernspecs"]
        keys += ["acmeroboticsglobalethics", "飞青昌文化传媒集团有限"]
        Partner = self.env["res.partner"]
        steps = Partner._claim_near_match_thresholds()
        raised = 0
        for key in keys:
            self.env.cr.execute("SELECT cardinality(show_trgm(%s))", [key])
            raised += index_threshold(len(key), self.env.cr.fetchone()[0], steps) > 0.4
            found = [(p.id, score) for p, score in Partner._claim_near_matches(key, limit=1000)]
            self.assertEqual(
                [pid for pid, __ in found], [pid for pid, __ in near_reference(self.env, key)], key
            )
        self.assertGreater(raised, 20, "long names raise the index threshold")
