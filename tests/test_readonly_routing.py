"""Which requests of the web client Odoo sends to the read replica.

With ``db_replica_host`` set, ``/web/dataset/call_kw`` and ``call_button``
run a method on the replica when the method is marked ``@api.readonly``
(Odoo looks it up along the model's MRO, as ``_routed_readonly`` does
below). The pool list, the claims list and kanban and the credit report must
go there; a method that writes must never, or a user's click would fail on
the replica and be retried on the primary. ``tools/cluster_load.py`` shows
the same on a real primary and replica (pg_stat_statements).
"""

import psycopg2.errors

from odoo import Command

from .common import SuiteTransactionCase


class _Rollback(Exception):
    pass


def _routed_readonly(model, method_name):
    """What Odoo's dataset controller decides for (model, method)."""
    for cls in type(model).mro():
        method = getattr(cls, method_name, None)
        if method is not None and hasattr(method, "_readonly"):
            return method._readonly
    return False


# the reads of the views named in the deployment guide
REPLICA_READS = [
    ("sales.credit.report", "web_read_group"),
    ("sales.credit.report", "web_search_read"),
    ("res.partner", "web_search_read"),  # pool list, claimed customers
    ("res.partner", "web_read_group"),
    ("sales.claim", "web_search_read"),  # claims list and kanban
    ("sales.claim", "web_read_group"),
    ("sales.claim", "read_progress_bar"),
    ("sales.pool.move", "web_search_read"),
]

# buttons of the suite that only return an action
READONLY_BUTTONS = [
    ("res.partner", "action_view_claims"),
    ("res.partner", "action_open_claim_wizard"),
    ("res.partner", "action_view_agent_claims"),
    ("crm.lead", "action_view_claims"),
    ("crm.lead", "action_open_claim_wizard"),
    ("sales.pool", "action_open_customers"),
    ("sales.pool", "action_open_moves"),
    ("sales.pool", "action_distribute"),
]

# buttons that write: never on the replica
WRITING_BUTTONS = [
    ("res.partner", "action_claim_from_pool"),
    ("res.partner", "action_pool_lock"),
    ("res.partner", "action_pool_unlock"),
    ("res.partner", "action_put_in_pool"),
    ("sales.claim", "action_cancel"),
    ("sales.claim", "action_release"),
    ("sales.claim.register.wizard", "action_register"),
    ("sales.pool.release.wizard", "action_release"),
    ("sales.pool.distribute.wizard", "action_distribute"),
    ("sales.pool.assign.wizard", "action_assign"),
    ("sales.claim.extension", "action_approve"),
    ("crm.lead", "action_default_split"),
    ("crm.lead", "action_submit_split"),
    ("crm.lead", "action_agree_split"),
]


class TestReadonlyRouting(SuiteTransactionCase):
    def test_list_and_report_reads_are_routed_to_the_replica(self):
        for model, method in REPLICA_READS:
            with self.subTest(model=model, method=method):
                self.assertTrue(_routed_readonly(self.env[model], method))

    def test_writing_buttons_stay_on_the_primary(self):
        for model, method in WRITING_BUTTONS:
            with self.subTest(model=model, method=method):
                self.assertTrue(hasattr(self.env[model], method), "the button exists")
                self.assertFalse(_routed_readonly(self.env[model], method))

    def test_readonly_buttons_run_in_a_read_only_transaction(self):
        """Each button marked read-only returns its action without a single
        write, in a transaction PostgreSQL itself makes read-only (as on the
        replica)."""
        manager = self.env["res.users"].create(
            {
                "name": "Replica Manager",
                "login": "replica_manager",
                "groups_id": [Command.set(self.env.ref("sales_team.group_sale_manager").ids)],
            }
        )
        company = self.env["res.partner"].create(
            {"name": "只读测试科技有限公司", "is_company": True}
        )
        lead = self.env["crm.lead"].create(
            {"name": "Replica lead", "partner_id": company.id, "user_id": manager.id}
        )
        pool = self.env["sales.pool"].create(
            {"name": "Replica Pool", "manager_ids": [Command.set(manager.ids)]}
        )
        records = {"res.partner": company, "crm.lead": lead, "sales.pool": pool}
        self.env.flush_all()
        for model, method in READONLY_BUTTONS:
            with self.subTest(model=model, method=method):
                self.assertTrue(_routed_readonly(self.env[model], method))
                record = records[model].with_user(manager)
                record.env.invalidate_all()
                try:
                    with self.env.cr.savepoint(flush=False):
                        self.env.cr.execute("SET TRANSACTION READ ONLY")
                        action = getattr(record, method)()
                        record.env.flush_all()
                        raise _Rollback
                except _Rollback:
                    pass
                except psycopg2.errors.ReadOnlySqlTransaction as error:
                    self.fail(f"{model}.{method} writes: {error}")
                self.assertEqual(action["type"], "ir.actions.act_window")
