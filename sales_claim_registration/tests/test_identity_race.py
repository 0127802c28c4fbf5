import threading

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.tests.common import TransactionCase

CODE = "91350100M000100Y43"


class TestIdentityRace(TransactionCase):
    """Claims of one customer by name, by a variant spelling, by phone and
    by credit code, released at once from several threads with real
    commits: exactly one owner (``_lock_requests``)."""

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _setup(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            Partner = env["res.partner"]
            cn = env.ref("base.cn").id
            company = Partner.create(
                {"name": "北京竞速测试科技有限公司", "is_company": True, "country_id": cn}
            )
            Partner.create({"name": "竞速王总", "parent_id": company.id, "mobile": "13877776666"})
            variant = Partner.create(
                {"name": "竞速测试科技（北京）有限公司", "is_company": True, "country_id": cn}
            )
            person = Partner.create({"name": "竞速王先生", "mobile": "+86 138 7777 6666"})
            english = Partner.create(
                {"name": "Jingsu Test Technology Ltd", "is_company": True, "vat": CODE}
            )
            company.vat = CODE
            users = env["res.users"].search([("share", "=", False)], limit=4, order="id")
            requests = [
                {"partner_id": company.id, "key_type": "company"},
                {"partner_id": variant.id, "key_type": "company"},
                {"partner_id": person.id, "key_type": "phone"},
                {"partner_id": english.id, "key_type": "company"},
            ]
            partner_ids = [company.id, *company.child_ids.ids, variant.id, person.id, english.id]
        return requests, users.ids, partner_ids

    def _cleanup(self, partner_ids):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            env["sales.claim"].search([("partner_id", "in", partner_ids)]).unlink()
            env["res.partner"].browse(partner_ids).exists().unlink()

    def test_one_owner_whatever_the_key(self):
        requests, user_ids, partner_ids = self._setup()
        try:
            for round_ in range(2):
                jobs = [
                    dict(request, user_id=user_ids[(i + round_) % len(user_ids)])
                    for i, request in enumerate(requests * 2)
                ]
                outcomes = self._race(jobs)
                self.assertEqual(outcomes.count("won"), 1, outcomes)
                for outcome in outcomes:
                    self.assertTrue(
                        outcome == "won"
                        or "already claimed" in outcome
                        or "a moment ago" in outcome,
                        outcome,
                    )
                with self.registry.cursor() as cr:
                    cr.execute(
                        "SELECT count(*) FROM sales_claim WHERE partner_id = ANY(%s) "
                        "AND state = 'active'",
                        [partner_ids],
                    )
                    self.assertEqual(cr.fetchone()[0], 1)
                    self._env(cr)["sales.claim"].search(
                        [("partner_id", "in", partner_ids)]
                    ).unlink()
        finally:
            self._cleanup(partner_ids)

    def _race(self, jobs):
        """Each job claims in its own transaction, all released together."""
        barrier = threading.Barrier(len(jobs))
        outcomes = [None] * len(jobs)

        def worker(index, vals):
            with self.registry.cursor() as worker_cr:
                worker_cr.execute("SET LOCAL lock_timeout = '60s'")
                env = self._env(worker_cr)
                # the snapshot is taken before the race, as in a request
                env["sales.claim"].search_count([])
                barrier.wait()
                try:
                    env["sales.claim"].create(vals)
                    worker_cr.commit()
                    outcomes[index] = "won"
                except ValidationError as error:
                    worker_cr.rollback()
                    outcomes[index] = str(error)

        threads = [threading.Thread(target=worker, args=item) for item in enumerate(jobs)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return outcomes
