from odoo.exceptions import AccessError, UserError

from .common import CreditSplitCase

#: what a client may send over RPC (``execute_kw(..., {'context': {...}})``):
#: the key the split's own code once used to write as the rules
CLIENT_CONTEXT = {"credit_split_system": True}


class TestClientContext(CreditSplitCase):
    """The split's checks hold whatever context a client sends: only the
    split's own code writes as the rules (``tools/system_write.py``)."""

    def setUp(self):
        super().setUp()
        self.lead = self.opportunity()
        self.lead.credit_split_line_ids = self.three_way()
        self.share = self.lead.credit_split_line_ids.filtered(lambda x: x.user_id == self.rep_a)

    def as_client(self, records, user=None):
        return records.with_user(user or self.rep_a).with_context(**CLIENT_CONTEXT)

    def test_refused_writes_stay_refused(self):
        cases = [
            (
                "status set by hand",
                lambda: self.as_client(self.lead).write({"credit_split_state": "agreed"}),
                UserError,
                "Submit, Agree and Reset buttons",
            ),
            (
                "derived amount of a share",
                lambda: self.as_client(self.share).write({"amount_company": 1000000}),
                UserError,
                "computed from its document",
            ),
            (
                "own commission rate",
                lambda: self.as_client(self.share).write({"commission_rate": 50}),
                AccessError,
                "Commission Rate",
            ),
            (
                "share created with a rate",
                lambda: self.as_client(self.env["sales.credit.split.line"]).create(
                    {
                        "lead_id": self.lead.id,
                        "user_id": self.rep_a.id,
                        "role_id": self.role_first.id,
                        "percent": 1,
                        "commission_rate": 50,
                    }
                ),
                AccessError,
                "Commission Rate",
            ),
        ]
        for name, call, exception, message in cases:
            with self.subTest(name):
                with self.assertRaisesMsg(exception, message):
                    call()
        self.assertEqual(self.lead.credit_split_state, "draft")
        self.assertEqual(self.share.amount_company, 2000)
        self.assertEqual(self.share.commission_rate, 10)

    def test_locked_split_stays_locked(self):
        self.lead.with_user(self.rep_a).action_submit_split()
        self.lead.with_user(self.rep_a).action_set_won()
        self.assertEqual(self.lead.credit_split_state, "locked")
        with self.assertRaisesMsg(UserError, "locked since the deal was won"):
            self.as_client(self.share).write({"percent": 90})
        with self.assertRaisesMsg(UserError, "only a sales manager"):
            self.as_client(self.share).unlink()
        self.assertEqual(self.share.percent, 20)

    def test_change_after_agreement_still_needs_a_new_one(self):
        self.lead.with_user(self.rep_b).action_submit_split()
        self.lead.with_user(self.rep_a).action_agree_split()
        self.as_client(self.share, self.rep_a).write({"percent": 30})
        self.assertEqual(self.lead.credit_split_state, "draft")
        self.assertIn("back to draft", self.lead.message_ids[0].body)
