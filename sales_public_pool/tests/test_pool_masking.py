"""Pool scraping protection (公海防爬) on every path: a probe as a pool member
who does not own the customer finds no real phone or email."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.mail.tools.discuss import Store

from .common import PoolCase

PHONE = "+86 138 0013 7700"  # not a demo claim's phone
MOBILE = "+86 139 2222 3333"
EMAIL = "boss@jia.example.com"
CONTACT_EMAIL = "li.mishu@jia.example.com"
#: fragments of the real values (raw and normalized): none may come back
SECRETS = ("0013", "7700", "2222", "3333", "boss@", "li.mishu@", "13800137700")
PARTNER_FIELDS = [
    "phone",
    "mobile",
    "email",
    "email_formatted",
    "email_normalized",
    "phone_sanitized",
    "claim_phone_key",
    "claim_mobile_key",
    "display_name",
]


@tagged("post_install", "-at_install")
class TestPoolMasking(PoolCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.country_id = cls.env.ref("base.cn")
        # exports are refused by the masking, not by the lack of export rights
        cls.rep_a.groups_id = [(4, cls.env.ref("base.group_allow_export").id)]
        cls.customer, __ = cls.new_company(
            "甲乙探针科技有限公司",
            phone=PHONE,
            mobile=MOBILE,
            email=EMAIL,
            country_id=cls.env.ref("base.cn").id,
        )
        cls.customer.with_context(pool_id=cls.pool.id).with_user(cls.manager).action_put_in_pool()
        cls.contact = cls.env["res.partner"].create(
            {
                "name": "李秘书",
                "parent_id": cls.customer.id,
                "email": CONTACT_EMAIL,
                "mobile": MOBILE,
            }
        )
        cls.lead = cls.env["crm.lead"].create(
            {
                "name": "探针商机",
                "type": "opportunity",
                "partner_id": cls.contact.id,
                "user_id": False,
            }
        )
        cls.message = cls.customer.message_post(
            body="来电咨询", author_id=cls.contact.id, email_from=f"李秘书 <{CONTACT_EMAIL}>"
        )
        cls.customer.message_subscribe(partner_ids=cls.contact.ids)

    def _probes(self, env):
        """Every path a client has to a customer's contact data (name, call)."""
        Partner, Lead = env["res.partner"], env["crm.lead"]
        customer, contact = self.customer.with_env(env), self.contact.with_env(env)
        ids = (self.customer | self.contact).ids
        in_ids = [("id", "in", ids)]
        return [
            ("read", lambda: customer.read(PARTNER_FIELDS)),
            ("read contact", lambda: contact.read(PARTNER_FIELDS)),
            ("search_read", lambda: Partner.search_read(in_ids, PARTNER_FIELDS)),
            (
                "web_read with contacts and opportunities",
                lambda: customer.web_read(
                    {
                        "phone": {},
                        "child_ids": {"fields": {"email": {}, "mobile": {}}},
                        "opportunity_ids": {"fields": {"email_from": {}, "phone": {}}},
                    }
                ),
            ),
            ("search mobile ilike", lambda: Partner.search([("mobile", "ilike", "139")]).ids),
            ("search =like prefix", lambda: Partner.search([("mobile", "=like", "+86 139%")]).ids),
            ("search =ilike prefix", lambda: Partner.search([("phone", "=ilike", "+86 138%")]).ids),
            ("search email ilike", lambda: Partner.search([("email", "ilike", "boss")]).ids),
            (
                "search email_normalized like",
                lambda: Partner.search([("email_normalized", "like", "jia")]).ids,
            ),
            ("search sanitized >", lambda: Partner.search([("phone_sanitized", ">", "+8613")]).ids),
            (
                "search claim key like",
                lambda: Partner.search([("claim_mobile_key", "like", "+86139%")]).ids,
            ),
            (
                "search phone_mobile_search",
                lambda: Partner.search([("phone_mobile_search", "ilike", "2222")]).ids,
            ),
            (
                "search contact path",
                lambda: Partner.search([("child_ids.email", "ilike", "li.")]).ids,
            ),
            (
                "search in many values",
                lambda: (
                    Partner.search(
                        [("mobile", "in", [f"+86 139 2222 33{i:02d}" for i in range(100)])]
                    ).ids
                ),
            ),
            (
                "read_group by mobile",
                lambda: Partner.read_group(in_ids, ["mobile"], ["mobile"], lazy=False),
            ),
            (
                "web_read_group by email",
                lambda: Partner.web_read_group(in_ids, ["email"], ["email"], lazy=False),
            ),
            (
                "_read_group by email_normalized",
                lambda: Partner._read_group(in_ids, ["email_normalized"], ["__count"]),
            ),
            ("aggregate email", lambda: Partner._read_group(in_ids, [], ["email:array_agg"])),
            ("order by mobile", lambda: Partner.search_read(in_ids, ["name"], order="mobile")),
            ("export", lambda: customer.export_data(["name", "email", "child_ids/mobile"])),
            (
                "export from opportunity",
                lambda: self.lead.with_env(env).export_data(["partner_id/email"]),
            ),
            (
                "name_search show_email",
                lambda: Partner.with_context(show_email=True).name_search("甲乙探针"),
            ),
            (
                "display_name show_email",
                lambda: customer.with_context(show_email=True).read(["display_name"]),
            ),
            (
                "opportunity read",
                lambda: self.lead.with_env(env).read(
                    ["email_from", "email_normalized", "phone", "mobile", "phone_sanitized"]
                ),
            ),
            ("opportunity search", lambda: Lead.search([("email_from", "ilike", "li.")]).ids),
            (
                "opportunity partner path",
                lambda: Lead.search([("partner_id.email", "ilike", "li.")]).ids,
            ),
            (
                "opportunity group",
                lambda: Lead.read_group(
                    [("id", "=", self.lead.id)], ["email_from"], ["email_from"]
                ),
            ),
            ("message read", lambda: self.message.with_env(env).read(["email_from"])),
            (
                "message store",
                lambda: Store(self.message.with_env(env), for_current_user=True).get_result(),
            ),
            (
                "message search",
                lambda: env["mail.message"].search([("email_from", "ilike", "li.")]).ids,
            ),
            (
                "followers",
                lambda: env["mail.followers"].search_read(
                    [("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)],
                    ["email"],
                ),
            ),
        ]

    def _hidden_ids(self, probe):
        """The ids a search probe must not find (of the model it searches)."""
        if probe.startswith("opportunity"):
            return set(self.lead.ids)
        if probe.startswith("message"):
            return set(self.message.ids)
        return set((self.customer | self.contact).ids)

    def _run(self, call):
        try:
            with self.env.cr.savepoint():
                return call()
        except UserError as refusal:
            return f"refused: {refusal}"

    def test_member_probe_finds_no_real_value(self):
        self._assert_probes_find_nothing(self.env(user=self.rep_a))

    def test_client_context_does_not_lift_the_mask(self):
        """A client sends any context key over RPC: the masking's own
        internal mark among them. The probe still finds nothing."""
        context = dict(self.env.context, pool_mask_raw=True, active_test=False)
        self._assert_probes_find_nothing(self.env(user=self.rep_a, context=context))

    def _assert_probes_find_nothing(self, env):
        for name, call in self._probes(env):
            with self.subTest(path=name):
                result = self._run(call)
                text = repr(result)
                for secret in SECRETS:
                    self.assertNotIn(secret, text, f"{name} leaks {secret}: {text[:300]}")
                if isinstance(result, list) and all(isinstance(rid, int) for rid in result):
                    found = set(result) & self._hidden_ids(name)
                    self.assertFalse(found, f"{name} finds the hidden customer")

    def test_manager_and_owner_see_everything(self):
        manager = self.env(user=self.manager)
        self.assertEqual(self.customer.with_env(manager).read(["mobile"])[0]["mobile"], MOBILE)
        self.assertIn(
            self.customer, manager["res.partner"].search([("mobile", "ilike", "2222 3333")])
        )
        self.customer.with_user(self.rep_a).action_claim_from_pool()
        owner = self.env(user=self.rep_a)
        self.assertEqual(self.customer.with_env(owner).read(["email"])[0]["email"], EMAIL)
        self.assertIn(self.customer, owner["res.partner"].search([("email", "ilike", "boss")]))
        self.assertTrue(self.customer.with_env(owner).export_data(["email"])["datas"])

    def test_exact_lookup_confirms_a_known_value(self):
        """A member who already has the full number may confirm it (no probing)."""
        Partner = self.env(user=self.rep_a)["res.partner"]
        self.assertIn(self.customer, Partner.search([("mobile", "=", MOBILE)]))
        self.assertNotIn(self.customer, Partner.search([("mobile", "=", MOBILE[:-1])]))

    def test_sudo_keeps_full_behaviour(self):
        Partner = self.env(user=self.rep_a)["res.partner"].sudo()
        self.assertIn(self.customer, Partner.search([("email", "ilike", "boss")]))
        self.assertEqual(self.customer.with_user(self.rep_a).sudo().email, EMAIL)

    def test_probe_finds_the_values_for_a_sales_manager(self):
        """The probe is real: a sales manager gets the values on most paths."""
        env = self.env(user=self.manager)
        leaking = []
        for name, call in self._probes(env):
            result = self._run(call)
            ids = (
                {rid for rid in result if isinstance(rid, int)}
                if isinstance(result, list)
                else set()
            )
            if ids & self._hidden_ids(name) or any(secret in repr(result) for secret in SECRETS):
                leaking.append(name)
        self.assertGreaterEqual(len(leaking), 28, leaking)
