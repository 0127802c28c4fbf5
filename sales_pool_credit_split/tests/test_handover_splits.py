from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.sales_public_pool.tests.common import PoolCase


class SplitPoolCase(PoolCase):
    """Pool users and pools, credit roles, and a deal factory."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Role = cls.env["sales.credit.role"]
        cls.role_service = Role.create({"name": "T Service", "code": "t_service"})
        cls.role_signing = Role.create({"name": "T Signing", "code": "t_signing"})

    def _deal(self, customer, user, stage=None):
        vals = {
            "name": f"Deal {customer.name}",
            "type": "opportunity",
            "partner_id": customer.id,
            "user_id": user.id,
            "team_id": self.team.id,
            "expected_revenue": 10000.0,
        }
        if stage:
            vals["stage_id"] = stage.id
        lead = self.env["crm.lead"].create(vals)
        lead.credit_split_line_ids = [
            Command.clear(),
            Command.create({"user_id": user.id, "role_id": self.role_service.id, "percent": 60}),
            Command.create(
                {"user_id": self.rep_b.id, "role_id": self.role_signing.id, "percent": 40}
            ),
        ]
        return lead


@tagged("post_install", "-at_install")
class TestHandoverSplits(SplitPoolCase):
    """The pool's handover of a leaving rep moves their open credit (离职交接)."""

    def test_transfer_and_release_move_open_credit_won_credit_stays(self):
        transferred, released, won_customer = (
            self.new_customer(),
            self.new_customer(),
            self.new_customer(),
        )
        for customer in transferred | released | won_customer:
            customer.with_user(self.rep_a).action_claim_from_pool()
        open_deal = self._deal(transferred, self.rep_a)
        released_deal = self._deal(released, self.rep_a)
        won_deal = self._deal(won_customer, self.rep_a)
        won_deal.credit_split_line_ids = [
            Command.clear(),
            Command.create(
                {"user_id": self.rep_a.id, "role_id": self.role_service.id, "percent": 100}
            ),
        ]
        won_deal.action_set_won()
        self.assertEqual(won_deal.credit_split_state, "locked")
        wizard = (
            self.env["sales.pool.handover.wizard"]
            .with_user(self.manager)
            .create({"user_id": self.rep_a.id, "successor_ids": [Command.set(self.rep_b.ids)]})
        )
        for line in wizard.line_ids:
            if released in line.partner_ids:
                line.partner_ids -= released
        wizard.line_ids = [
            Command.create({"partner_ids": [Command.set(released.ids)], "action": "release"})
        ]
        wizard.action_handover()
        # transferred: the successor gets the customer, the deal and the
        # leaving rep's share, merged with their own share
        self.assertEqual(transferred.claim_owner_id, self.rep_b)
        self.assertEqual(open_deal.user_id, self.rep_b)
        self.assertEqual(open_deal.credit_split_line_ids.user_id, self.rep_b)
        self.assertEqual(sorted(open_deal.credit_split_line_ids.mapped("percent")), [40, 60])
        # released: the share goes to the manager doing the handover
        self.assertFalse(released.claim_id)
        self.assertEqual(
            released_deal.credit_split_line_ids.filtered(
                lambda line: line.role_id == self.role_service
            ).user_id,
            self.manager,
        )
        # won and locked: history keeps the leaving rep's credit
        self.assertIn(self.rep_a, won_deal.credit_split_line_ids.user_id)


@tagged("post_install", "-at_install")
class TestArchiveHandover(SplitPoolCase):
    """Archiving a rep who owns pool customers and credit splits hands
    everything over in one step, by the successor chosen in the settings."""

    def _mode(self, mode):
        self.env["ir.config_parameter"].set_param("sales_claim_registration.leaver_successor", mode)

    def test_archive_refused_until_handed_over_names_the_splits(self):
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        self._deal(customer, self.rep_a)
        with self.assertRaisesRegex(UserError, "open credit splits: 1"):
            self.rep_a.action_archive()

    def test_archive_to_the_team_leader(self):
        self._mode("team_leader")
        self.team.user_id = self.rep_b
        self.rep_a.sale_team_id = self.team
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        deal = self._deal(customer, self.rep_a)
        self.rep_a.with_user(self.manager).sudo().action_archive()
        self.assertFalse(self.rep_a.active)
        self.assertEqual(customer.claim_owner_id, self.rep_b)
        self.assertEqual(deal.user_id, self.rep_b)
        self.assertEqual(deal.credit_split_line_ids.user_id, self.rep_b)
        self.assertEqual(sorted(deal.credit_split_line_ids.mapped("percent")), [40, 60])
        self.assertEqual(self.moves(customer, "transferred").to_user_id, self.rep_b)

    def test_archive_to_the_pool(self):
        self._mode("pool")
        customer = self.new_customer()
        customer.with_user(self.rep_a).action_claim_from_pool()
        deal = self._deal(customer, self.rep_a)
        # sudo: archiving users needs the access rights group; the manager still acts
        self.rep_a.with_user(self.manager).sudo().action_archive()
        self.assertFalse(self.rep_a.active)
        self.assertFalse(customer.claim_id)
        self.assertEqual(customer.pool_id, self.pool)
        self.assertTrue(self.moves(customer, "released"))
        self.assertFalse(deal.user_id)
        self.assertEqual(
            deal.credit_split_line_ids.filtered(
                lambda line: line.role_id == self.role_service
            ).user_id,
            self.manager,
        )
