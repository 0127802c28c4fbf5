from odoo import SUPERUSER_ID, api
from odoo.tests.common import TransactionCase


class TestAdoptionConcurrency(TransactionCase):
    """First valid claim wins against the adoption too: a rep who claims a
    customer while the adoption runs keeps it; the adoption skips that
    customer, names why, and adopts the others.

    Real, independent cursors that commit; everything committed is deleted
    in ``finally``.
    """

    def _env(self, cr):
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def test_claim_committed_during_adoption_is_skipped(self):
        with self.registry.cursor() as cr:
            env = self._env(cr)
            owner = env.ref("base.user_admin")
            partners = env["res.partner"].create(
                [
                    {"name": name, "is_company": True, "user_id": owner.id}
                    for name in ("并发存量甲有限公司", "并发存量乙有限公司")
                ]
            )
            raced, other = partners.ids
            owner_id = owner.id
        try:
            with self.registry.cursor() as adopting:
                env = self._env(adopting)
                Adoption = env["sales.claim.adoption"]
                rows = [
                    row for row in Adoption._classify(env.company) if row["id"] in (raced, other)
                ]
                self.assertEqual([row["category"] for row in rows], ["adopt", "adopt"])
                # a rep claims the first customer and commits, after the
                # adoption's snapshot: the adoption cannot see that claim
                with self.registry.cursor() as rep:
                    self._env(rep)["sales.claim"].create(
                        {"partner_id": raced, "user_id": owner_id, "key_type": "company"}
                    )
                    rep.commit()
                claims, refused, adopted = Adoption._adopt(rows, env.company)
                self.assertEqual(adopted, [other])
                self.assertEqual(claims.partner_id.ids, [other])
                self.assertEqual([vals["partner_id"] for vals, _reason in refused], [raced])
                self.assertIn("claimed by someone else a moment ago", refused[0][1])
                adopting.rollback()
            with self.registry.cursor() as cr:
                claims = self._env(cr)["sales.claim"].search([("partner_id", "in", partners.ids)])
                self.assertEqual(claims.partner_id.ids, [raced], "the rep's claim alone")
        finally:
            with self.registry.cursor() as cr:
                env = self._env(cr)
                env["sales.claim"].search([("partner_id", "in", [raced, other])]).unlink()
                env["res.partner"].browse([raced, other]).unlink()
