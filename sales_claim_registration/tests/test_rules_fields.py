"""Only the rules change ownership (issue 15, item 4; issue 16): every field
carrying ownership, timers or evidence of a claim, and the salesperson of
a claimed customer, is refused on a plain create or write for every role;
the refusal names the field and the action to use, and nothing is written."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from ..tools.rules_write import rules_write
from .common import ClaimCase

ROLES = ("owner", "rep_tele", "manager", "arbiter", "approver")
# (field, value, label in the refusal, action named in the refusal)
CLAIM_ROWS = [
    ("date_end", "2099-12-31 00:00:00", "Protected Until", "request an extension"),
    ("date_start", "2099-01-01 00:00:00", "Claimed On", "request an extension"),
    ("date_reminder", "2099-01-01 00:00:00", "Date Reminder", "request an extension"),
    ("extension_days", 999, "Extension Days", "request an extension"),
    ("base_days", 999, "Protection Days", "request an extension"),
    ("max_days", 999, "Maximum Days", "request an extension"),
    ("reminded_end", "2099-01-01 00:00:00", "Reminded End", "request an extension"),
    ("state", "won", "State", "release or cancel the claim"),
    ("date_closed", "2099-01-01 00:00:00", "Date Closed", "release or cancel the claim"),
    ("close_reason", "mine", "Close Reason", "release or cancel the claim"),
    ("user_id", "rep_direct", "Owner", "ask for arbitration"),
    ("claim_key", "x", "Normalized Key", "register a new one"),
    ("customer_key", "x", "Normalized Company Name", "register a new one"),
    ("key_type", "phone", "Claim Key", "register a new one"),
    ("channel", "agent", "Channel", "register a new one"),
]


class TestRulesFields(ClaimCase):
    def setUp(self):
        super().setUp()
        self.claimed = self.claim(self.rep_agent_manager, self.jia)
        self.users = {
            "owner": self.rep_agent_manager,
            "rep_tele": self.rep_tele,
            "manager": self.manager,
            "arbiter": self.arbiter,
            "approver": self.approver,
        }

    def _row(self, table, record_id):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM %s WHERE id = %s", SQL.identifier(table), record_id))
        return self.env.cr.dictfetchone()

    def test_claim_fields_refused_for_every_role(self):
        before = self._row("sales_claim", self.claimed.id)
        for fname, value, label, action in CLAIM_ROWS:
            value = self.rep_direct.id if value == "rep_direct" else value
            for role in ROLES:
                with self.subTest(field=fname, role=role):
                    claim = self.claimed.with_user(self.users[role])
                    with self.assertRaises(UserError) as refused:
                        claim.write({fname: value})
                    self.assertIn(label, str(refused.exception))
                    self.assertIn(action, str(refused.exception))
                    self.assertEqual(self._row("sales_claim", self.claimed.id), before)

    def test_new_claim_names_its_customer_nothing_else(self):
        Claim = self.env["sales.claim"].with_user(self.rep_tele)
        partner = self.env["res.partner"].create({"name": "规则测试新公司", "is_company": True})
        for fname, value, label, action in CLAIM_ROWS:
            if fname in ("user_id", "key_type", "channel"):
                continue
            with self.subTest(field=fname):
                with self.assertRaisesRegex(UserError, f"{label}.*{action}"):
                    Claim.create({"partner_id": partner.id, fname: value})
        self.assertFalse(self.env["sales.claim"].search([("partner_id", "=", partner.id)]))
        # a manager registers for a rep through the wizard, not a plain create
        with self.assertRaisesRegex(UserError, "Owner.*register wizard"):
            self.env["sales.claim"].with_user(self.manager).create(
                {"partner_id": partner.id, "user_id": self.rep_tele.id}
            )
        # context defaults are a client's values too: ignored for protected fields
        claim = Claim.with_context(
            default_state="won", default_date_start="2000-01-01", default_max_days=9999
        ).create({"partner_id": partner.id})
        self.assertEqual(claim.state, "active")
        self.assertEqual(claim.max_days, self.policy.max_days)
        self.assertGreater(claim.date_start, fields.Datetime.to_datetime("2020-01-01"))

    def test_extension_lines_follow_the_workflow(self):
        vals = {"claim_id": self.claimed.id, "days": 60, "state": "approved"}
        with self.assertRaisesRegex(UserError, "Days.*request an extension"):
            self.env["sales.claim.extension"].with_user(self.manager).create(vals)
        with self.assertRaises(AccessError):
            self.env["sales.claim.extension"].with_user(self.approver).create(vals)
        line = (
            self.env["sales.claim.extension"]
            .with_user(self.rep_agent_manager)
            ._request_manual(self.claimed, 5, "bid next week")
        )
        end = self.claimed.date_end
        with self.assertRaisesRegex(UserError, "State.*approve or refuse"):
            line.with_user(self.manager).write({"state": "approved", "days": 15})
        self.assertEqual(line.state, "requested")
        line.with_user(self.approver).action_approve()
        self.assertEqual(self.claimed.date_end, end + timedelta(days=5))

    def test_salesperson_of_claimed_customer(self):
        """Issue 16: clearing the salesperson was not checked (only truthy
        values were); issue 15: managers too go through the actions."""
        partners = self.jia | self.jia_boss
        for role in ROLES:
            for value in (False, self.rep_direct.id):
                with self.subTest(role=role, value=value):
                    with self.assertRaisesRegex(UserError, "Salesperson:.*arbitration"):
                        partners.with_user(self.users[role]).write({"user_id": value})
                    self.assertEqual(partners.user_id, self.rep_agent_manager)
        # the owner confirming themselves changes nothing and is fine
        self.jia.with_user(self.rep_agent_manager).write({"user_id": self.rep_agent_manager.id})
        # a new contact of the claimed company follows the owner, nobody else
        with self.assertRaisesRegex(UserError, "Salesperson:"):
            self.env["res.partner"].with_user(self.manager).create(
                {"name": "新联系人", "parent_id": self.jia.id, "user_id": self.rep_direct.id}
            )

    def test_arbitration_case_facts_are_fixed(self):
        case = (
            self.env["sales.claim.conflict"]
            .with_user(self.rep_tele)
            .create({"claim_id": self.claimed.id, "reason": "我先联系的"})
        )
        other = self.claim(self.rep_tele, self.agent)
        rows = [
            ("rep_tele", "claim_id", other.id, "Contested Claim"),
            ("rep_tele", "claimant_id", self.rep_direct.id, "Claimant"),
            ("arbiter", "owner_id", self.rep_tele.id, "Owner"),
            ("manager", "origin", "merged", "Origin"),
        ]
        for role, fname, value, label in rows:
            with self.subTest(role=role, field=fname):
                with self.assertRaisesRegex(UserError, f"{label}.*escalate again"):
                    case.with_user(self.users[role]).write({fname: value})
        self.assertEqual(case.claim_id, self.claimed)
        self.assertEqual(case.claimant_id, self.rep_tele)

    def test_identity_keys_are_computed_only(self):
        for fname in ("claim_name_key", "claim_phone_key", "claim_mobile_key"):
            with self.subTest(field=fname):
                with self.assertRaisesRegex(UserError, "edit the name or the phones"):
                    self.jia.with_user(self.manager).write({fname: "something else"})
        self.assertNotEqual(self.jia.claim_name_key, "something else")

    def test_the_rules_still_write(self):
        """The mark is set by the suite's code: a release writes state and end."""
        self.claimed.with_user(self.rep_agent_manager).action_release("no budget")
        self.assertEqual(self.claimed.state, "released")
        with rules_write():
            self.claimed.with_user(self.manager).write({"note": "closed"})
        self.assertEqual(self.claimed.note, "closed")
