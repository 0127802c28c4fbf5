"""The daily recycling cron of the public pools (回收): grades, due dates,
warnings, then the due customers go back to their pools.

What makes a customer due is in ``res_partner_recycling.py``; the rules per
pool in ``sales_pool_recycling.py``. The batches run through the shared
batch runner (``sales.batch.cron._run_batches``).
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _cron_pool_recycle(self, batch_size=None):
        """Daily cron of the public pools: grades, countdowns, warnings, recycling (回收).

        1. regrade the customers whose won revenue changed, 2. recompute
        their due dates and those of the customers falling due, 3. warn
        owners with one digest activity each, 4. recycle due customers in
        batches:
        claims are picked with ``FOR NO KEY UPDATE SKIP LOCKED`` (two workers
        never take the same claim), closed through the claim API (their hook
        puts the customers into their pools and logs the moves in bulk), and
        each batch is committed outside tests. Re-running finds nothing left.
        Claims are closed in one SQL update per batch, then the claim hook
        ``_on_claims_ended('expired')`` runs, exactly as in the claim
        registration's own expiry cron.
        """
        # sudo: a technical setting, read by the cron whoever runs it
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("sales_public_pool.batch_size", 2000)
        )
        now = fields.Datetime.now()
        # grades move with time (won deals age out of the 12 months); due
        # dates only with their inputs, recomputed at once when those
        # change: recompute the regraded customers, and check again the
        # ones falling due before taking them from their owners
        regraded = self._pool_update_grades()
        self.env.cr.execute(SQL("SELECT id FROM res_partner WHERE pool_recycle_date <= %s", now))
        due = [row[0] for row in self.env.cr.fetchall()]
        self._pool_recompute_recycle_date(set(regraded) | set(due))
        self._pool_send_warnings()
        BatchCron = self.env["sales.batch.cron"]
        if BatchCron._batch_auto_commit():
            self.env.cr.commit()  # pylint: disable=invalid-commit  # outside tests only
        Claim = self.env["sales.claim"]

        # keyset: each batch starts at the last customer of the one before by
        # the due-date index (pool_recycle_date, id), instead of sorting all
        # the due customers again (quadratic when thousands fall due on one
        # date); ">=": the last customer's claims done are no longer active,
        # another of its claims (other company) is not skipped. A claim
        # skipped while locked is left for the next run, which Odoo triggers
        # as long as customers remain
        after = []

        def pick():
            return SQL(
                """
                SELECT c.id, p.pool_recycle_rule, p.pool_recycle_date, p.id
                  FROM sales_claim c
                  JOIN res_partner p ON p.id = c.partner_id
                 WHERE c.state = 'active' AND c.key_type IN ('company', 'phone')
                   AND p.pool_recycle_date <= %s AND %s
                 ORDER BY p.pool_recycle_date, p.id
                 LIMIT %s
                 FOR NO KEY UPDATE OF c SKIP LOCKED
                """,
                now,
                SQL("(p.pool_recycle_date, p.id) >= (%s, %s)", *after[-1])
                if after
                else SQL("TRUE"),
                batch_size,
            )

        def recycle(rows):
            ids = [row[0] for row in rows]
            after.append(max((date, partner_id) for _claim_id, _rule, date, partner_id in rows))
            # in each owner's language: the cron runs as OdooBot, in English
            langs = Claim._owner_langs(ids)
            texts = {}
            for lang, rule in {(langs[row[0]], row[1]) for row in rows}:
                env = self.with_context(lang=lang).env
                labels = dict(self._fields["pool_recycle_rule"]._description_selection(env))
                texts[lang, rule] = env._("Recycled: %(rule)s", rule=labels.get(rule, rule))
            reasons = [texts[langs[row[0]], row[1]] for row in rows]
            Claim._expire_claims_sql(ids, reasons, now)
            with ownership_move("recycled"):
                Claim.browse(ids)._on_claims_ended("expired")

        # the due list was read above: no count per batch
        return BatchCron._run_batches(
            pick, recycle, total=len(due), label="sales.pool: customers recycled"
        )

    @api.model
    def _pool_send_warnings(self):
        """Warn owners before recycling: one digest activity per owner, not one per customer.

        Customers already due are not announced: this run recycles them.
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        self.env.cr.execute("SELECT max(warning_days) FROM sales_pool WHERE active")
        # a constant bound the planner can estimate, before each pool's own
        horizon = now + timedelta(days=self.env.cr.fetchone()[0] or 0)
        self.env.cr.execute(
            SQL(
                """
                SELECT p.id, c.user_id, p.pool_home_id
                  FROM res_partner p
                  JOIN sales_claim c ON c.partner_id = p.id AND c.state = 'active'
                                    AND c.key_type IN ('company', 'phone')
                  JOIN sales_pool sp ON sp.id = p.pool_home_id
                 WHERE p.pool_recycle_date > %(now)s AND p.pool_recycle_date <= %(horizon)s
                   AND p.pool_warned_date IS NULL
                   AND p.pool_recycle_date <= %(now)s + make_interval(days => sp.warning_days)
                 ORDER BY c.user_id, p.pool_recycle_date
                """,
                now=now,
                horizon=horizon,
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return 0
        by_owner = {}
        for partner_id, user_id, pool_id in rows:
            by_owner.setdefault(user_id, []).append((partner_id, pool_id))
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        vals_list = []
        pool_model = self.env["ir.model"]._get_id("sales.pool")
        for user_id, items in by_owner.items():
            partners = self.browse([pid for pid, _pool in items])
            user = self.env["res.users"].browse(user_id)
            lines = Markup("").join(
                Markup("<li>%s - %s</li>")
                % (p.display_name, fields.Date.to_string(p.pool_recycle_date.date()))
                for p in partners
            )
            vals_list.append(
                {
                    "res_model_id": pool_model,
                    "res_id": items[0][1],
                    "user_id": user_id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "date_deadline": min(partners.mapped("pool_recycle_date")).date(),
                    "summary": self.with_context(lang=user.lang).env._(
                        "%(count)s of your customers will return to the public pool",
                        count=len(partners),
                    ),
                    "note": Markup("<ul>%s</ul>") % lines,
                }
            )
        # sudo: the cron warns every owner, whatever pool records they can read
        self.env["mail.activity"].sudo().with_context(mail_activity_quick_update=True).create(
            vals_list
        )
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET pool_warned_date = %s WHERE id = ANY(%s)",
                now,
                [row[0] for row in rows],
            )
        )
        self.invalidate_model(["pool_warned_date"])
        return len(by_owner)
