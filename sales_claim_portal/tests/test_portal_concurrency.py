"""The portal's daily attempt cap (单日报备上限) is exact under parallel requests."""

import threading

from odoo import SUPERUSER_ID, api
from odoo.service.model import retrying
from odoo.tests.common import TransactionCase

PREFIX = "并发报备测试"


class TestPortalAttemptConcurrency(TransactionCase):
    """Parallel registrations in real, committed transactions: the attempts
    counted never exceed the cap. Everything committed is deleted in
    ``finally``."""

    def _env(self, cr, uid=SUPERUSER_ID):
        return api.Environment(cr, uid, {"tracking_disable": True})

    def test_parallel_attempts_never_pass_the_cap(self):
        cap, workers = 3, 7
        with self.registry.cursor() as cr:
            env = self._env(cr)
            params = env["ir.config_parameter"]
            old_cap = params.get_param("sales_claim_portal.daily_cap")
            params.set_param("sales_claim_portal.daily_cap", cap)
            manager = env["res.users"].create(
                {
                    "name": f"{PREFIX} Manager",
                    "login": "portal_race_manager",
                    "groups_id": [(6, 0, env.ref("sales_team.group_sale_salesman").ids)],
                }
            )
            agent = env["res.partner"].create(
                {
                    "name": f"{PREFIX} 渠道有限公司",
                    "is_company": True,
                    "is_sales_agent": True,
                    "sales_agent_manager_id": manager.id,
                }
            )
            portal = env["res.users"].create(
                {
                    "name": f"{PREFIX} Agent",
                    "login": "portal_race_agent",
                    "groups_id": [(6, 0, env.ref("base.group_portal").ids)],
                }
            )
            portal.partner_id.parent_id = agent
            ids = {"manager": manager.id, "agent": agent.id, "portal": portal.id}
        outcome = []
        barrier = threading.Barrier(workers)

        def worker(index):
            with self.registry.cursor() as cr:
                env = self._env(cr, ids["portal"])

                def register():
                    attempt = env["sales.claim"]._portal_register(
                        {
                            "company_name": f"{PREFIX}客户{index}有限公司",
                            "contact_name": "王经理",
                            "phone": f"+86 138 5555 {index:04d}",
                            "email": "",
                            "note": "",
                        }
                    )
                    return attempt.result

                barrier.wait()
                outcome.append(retrying(register, env))

        try:
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(workers)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(180)
            with self.registry.cursor() as cr:
                Attempt = self._env(cr)["sales.claim.portal.attempt"]
                counted = Attempt.search_count(
                    [("user_id", "=", ids["portal"]), ("result", "!=", "capped")]
                )
                capped = Attempt.search(
                    [("user_id", "=", ids["portal"]), ("result", "=", "capped")]
                )
                self.assertEqual(counted, cap, outcome)
                self.assertEqual(len(capped), workers - cap)
                self.assertEqual(set(capped.mapped("reason")), {"daily_cap"})
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["ir.config_parameter"].set_param("sales_claim_portal.daily_cap", old_cap or 20)
                env["sales.claim.portal.attempt"].search([("user_id", "=", ids["portal"])]).unlink()
                claims = env["sales.claim"].search([("user_id", "=", ids["manager"])])
                customers = claims.partner_id
                claims.unlink()
                env["sales.daily.counter"].search([("user_id", "=", ids["portal"])]).unlink()
                env["res.users"].browse([ids["portal"], ids["manager"]]).unlink()
                (customers | customers.child_ids).unlink()
                env["res.partner"].browse(ids["agent"]).unlink()
