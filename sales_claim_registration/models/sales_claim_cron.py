"""The claims' crons: expiry (保护期到期) and reminders (到期提醒) with one
digest activity per owner."""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.sql_jit import jit_off_until_commit


class SalesClaim(models.Model):
    """Crons of claims, in batches of ``sales.batch.cron`` (setting
    ``sales_claim_registration.cron_batch_size``)."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _cron_expire_claims(self, batch_size=None):
        """Expire claims past their protection end (保护期到期).

        Batches of ``sales.batch.cron``: two workers never process the same
        claim, an interrupted run keeps its progress and a re-run continues.
        """
        batch_size = batch_size or self._cron_batch_size()
        self.env.flush_all()
        cr = self.env.cr
        now = fields.Datetime.now()
        held = self._expiry_held_sql()
        # estimated at millions of rows: JIT compiling would cost more than the count
        jit_off_until_commit(cr)
        cr.execute(
            SQL(
                "SELECT count(*) FROM sales_claim "
                "WHERE state = 'active' AND date_end <= %s AND NOT (%s)",
                now,
                held,
            )
        )
        total = cr.fetchone()[0]  # counted once: no count per batch

        # keyset: each batch starts after the last one by the (date_end, id)
        # index, instead of sorting all the due claims again (quadratic when
        # thousands share one end, e.g. claims imported together) and
        # re-checking the held ones; a claim skipped while locked is left for
        # the next run, which Odoo triggers as long as claims remain
        after = []

        def pick():
            return SQL(
                """
                SELECT id, date_end FROM sales_claim
                 WHERE state = 'active' AND date_end <= %s AND %s AND NOT (%s)
                 ORDER BY date_end, id
                 LIMIT %s
                 FOR NO KEY UPDATE SKIP LOCKED
                """,
                now,
                SQL("(date_end, id) > (%s, %s)", *after[-1]) if after else SQL("TRUE"),
                held,
                batch_size,
            )

        def expire(rows):
            ids = [row[0] for row in rows]
            after.append(max((row[1], row[0]) for row in rows))
            # in each owner's language: the cron runs as OdooBot, in English
            reasons = self._in_owner_langs(ids, lambda env: env._("Protection period ended"))
            self._expire_claims_sql(ids, reasons, now)
            self.browse(ids)._on_claims_ended("expired")

        return self.env["sales.batch.cron"]._run_batches(
            pick, expire, total=total, label="sales.claim: claims expired"
        )

    @api.model
    def _expire_claims_sql(self, ids, reasons, now):
        """Close claims as expired in one statement, each with its reason
        (expiry and pool recycling). The ORM write would track and post a
        message per claim: callers run ``_on_claims_ended('expired')`` after,
        which logs what follows in bulk."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE sales_claim c
                   SET state = 'expired', date_closed = %(now)s, close_reason = d.reason,
                       write_date = %(now)s, write_uid = %(uid)s
                  FROM unnest(%(ids)s::int[], %(reasons)s::varchar[]) AS d(id, reason)
                 WHERE c.id = d.id
                """,
                now=now,
                uid=self.env.uid,
                ids=ids,
                reasons=reasons,
            )
        )
        self.invalidate_model(["state", "date_closed", "close_reason"])

    @api.model
    def _expiry_held_sql(self):
        """Hook: SQL condition on ``sales_claim`` rows past their end that stay active.

        None here; the public pool keeps locked customers and customers its
        rules exempt (won customers) with their owner (sales_public_pool).
        """
        return SQL("FALSE")

    @api.model
    def _cron_remind_claims(self, batch_size=None):
        """Remind owners before their claims expire (到期提醒), one digest each.

        An owner whose claims enter their reminder window gets one activity
        "12 of your claims expire within 3 days" (updated, not duplicated, while
        it is open), never one per claim. Claims are marked with the end date
        they were reminded of, so a re-run sends nothing new and an extended
        claim is reminded again before its new end. Batches of
        ``sales.batch.cron``.
        """
        batch_size = batch_size or self._cron_batch_size()
        self.env.flush_all()
        cr = self.env.cr
        now = fields.Datetime.now()

        def pick():
            return SQL(
                """
                SELECT id, user_id FROM sales_claim
                 WHERE state = 'active' AND date_reminder <= %(now)s AND date_end > %(now)s
                   AND (reminded_end IS NULL OR reminded_end != date_end)
                 ORDER BY user_id, date_end, id
                 LIMIT %(limit)s
                 FOR NO KEY UPDATE SKIP LOCKED
                """,
                now=now,
                limit=batch_size,
            )

        def remind(rows):
            ids = [row[0] for row in rows]
            self._schedule_expiry_digests({row[1] for row in rows}, now)
            cr.execute(
                SQL("UPDATE sales_claim SET reminded_end = date_end WHERE id = ANY(%s)", ids)
            )
            self.invalidate_model(["reminded_end"])

        return self.env["sales.batch.cron"]._run_batches(
            pick, remind, label="sales.claim: claims reminded"
        )

    @api.model
    def _schedule_expiry_digests(self, user_ids, now):
        """One open digest activity per owner, counting all their claims in
        their reminder window. The activity sits on the owner's claim that
        expires first."""
        self.env.cr.execute(
            SQL(
                """
                SELECT user_id, array_agg(id ORDER BY date_end, id), max(date_end)
                  FROM sales_claim
                 WHERE state = 'active' AND user_id = ANY(%(users)s)
                   AND date_reminder <= %(now)s AND date_end > %(now)s
                 GROUP BY user_id
                """,
                users=list(user_ids),
                now=now,
            )
        )
        digests = self.env.cr.fetchall()
        activity_type = self.env.ref("sales_claim_registration.mail_activity_type_claim_expiry")
        Activity = self.env["mail.activity"].sudo()
        existing = {
            activity.user_id.id: activity
            for activity in Activity.search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("res_model", "=", self._name),
                    ("user_id", "in", list(user_ids)),
                ]
            )
        }
        model_id = self.env["ir.model"]._get_id(self._name)
        to_create = []
        for user_id, claim_ids, last_end in digests:
            claims = self.browse(claim_ids)
            days = max(-(-(last_end - now).total_seconds() // 86400), 1)
            values = {
                "summary": self.env._(
                    "%(count)s of your claims expire within %(days)s days",
                    count=len(claim_ids),
                    days=int(days),
                ),
                "note": self._expiry_digest_note(claims[:50]),
                "date_deadline": fields.Date.to_date(claims[:1].date_end),
            }
            if user_id in existing:
                existing[user_id].write(values)
            else:
                to_create.append(
                    dict(
                        values,
                        activity_type_id=activity_type.id,
                        res_model_id=model_id,
                        res_id=claim_ids[0],
                        user_id=user_id,
                    )
                )
        # sudo: the cron schedules activities for owners on their own claims
        Activity.with_context(mail_activity_quick_update=True).create(to_create)

    def _expiry_digest_note(self, claims):
        lines = Markup("").join(
            Markup("<li>%s - %s: %s</li>")
            % (claim.name, claim.partner_id.display_name, fields.Date.to_string(claim.date_end))
            for claim in claims
        )
        return Markup("<ul>%s</ul>") % lines

    @api.model
    def _cron_batch_size(self):
        return int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("sales_claim_registration.cron_batch_size", 2000)
        )
