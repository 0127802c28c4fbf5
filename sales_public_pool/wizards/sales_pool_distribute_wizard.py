from collections import Counter

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.mail import generate_tracking_message_id

from odoo.addons.sales_claim_registration.tools.code_marks import ownership_move

from ..models.sales_pool import DISTRIBUTION_METHODS


class SalesPoolDistributeWizard(models.TransientModel):
    """Distribute pool customers among members (公海分配).

    By hand: every customer goes to the chosen member. Round-robin: one
    customer each, in turn, continuing after the member who got the last
    customer of the previous run. Weighted: each member gets a share
    proportional to their won revenue, or win rate, over the pool's period
    (equal shares when nobody has a result), rounded by largest remainder.
    Members at their holding cap are skipped (who gets how many:
    ``sales_pool_distribute_wizard_allocation.py``); the caps are checked again by
    the claims themselves. A customer that cannot be distributed (claimed
    meanwhile, archived, its member over a cap...) is skipped and reported:
    it never stops the distribution of the others, which scales to 100,000
    customers and thousands of members (set-based, a few queries per chunk
    of claims, one notification per member).
    """

    _name = "sales.pool.distribute.wizard"
    _description = "Distribute Pool Customers"

    pool_id = fields.Many2one("sales.pool", required=True)
    method = fields.Selection(
        DISTRIBUTION_METHODS,
        required=True,
        default=lambda self: (
            self.env["sales.pool"]
            .browse(self.env.context.get("default_pool_id"))
            .distribution_method
            or "round_robin"
        ),
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        help="Customers to distribute; leave empty to take the oldest customers of the pool.",
    )
    count = fields.Integer(
        string="Number of Customers",
        default=10,
        help="How many of the pool's oldest customers to distribute.",
    )
    member_ids = fields.Many2many(
        "res.users", string="Members", compute="_compute_member_ids", store=True, readonly=False
    )
    user_id = fields.Many2one("res.users", string="Member (by hand)")
    reason = fields.Char()

    @api.depends("pool_id")
    def _compute_member_ids(self):
        for wizard in self:
            wizard.member_ids = wizard.pool_id.member_ids

    def action_distribute(self):
        """Distribute, skip what cannot be distributed, and say what happened.

        A customer that cannot go to its member is skipped and reported, the
        others are distributed: claimed meanwhile, being claimed right now by
        someone else, archived, its member over a cap, no member with room
        left. The claims are registered in bulk (``_create_claims_batch``):
        each member gets one notification for all the customers they got, the
        pool's chatter one summary of the distribution.
        """
        self.ensure_one()
        pool = self.pool_id
        pool._check_administrator()
        members = self.user_id if self.method == "manual" else self.member_ids
        # sudo: customers of other pools are named in the refusal below
        partner_ids = (
            self.partner_ids.sudo().commercial_partner_id.ids
            or self.env["res.partner"]
            .search([("pool_id", "=", pool.id)], order="pool_date, id", limit=self.count)
            .ids
        )
        if not partner_ids:
            raise UserError(
                self.env._("Pool %(pool)s has no customer to distribute.", pool=pool.name)
            )
        if not members:
            raise UserError(
                self.env._("Choose the members to distribute to (Member, by hand, or Members).")
            )
        pool._check_member(members)
        customers, skipped = self._lock_customers(partner_ids)
        pairs, leftover = self._allocate(list(customers), members)
        for partner in self.env["res.partner"].browse(leftover):
            skipped.append(
                (
                    partner.id,
                    self.env._(
                        "%(customer)s: the members of pool %(pool)s are at their holding cap; "
                        "raise the cap or add members.",
                        customer=partner.display_name,
                        pool=pool.name,
                    ),
                )
            )
        label = dict(DISTRIBUTION_METHODS)[self.method]
        reason = self.reason or self.env._("Distributed: %(method)s", method=label)
        with ownership_move("assigned", reason=reason):
            claims, refused = self.env["sales.claim"]._create_claims_batch(
                [
                    {
                        "partner_id": partner_id,
                        "user_id": member.id,
                        "key_type": "company" if customers[partner_id] else "phone",
                        "company_id": pool.company_id.id,
                    }
                    for member, partner_id in pairs
                ]
            )
        skipped += [(vals["partner_id"], why) for vals, why in refused]
        refused_ids = {vals["partner_id"] for vals, _why in refused}
        served = [member for member, partner_id in pairs if partner_id not in refused_ids]
        if not served:
            raise UserError(
                self.env._(
                    "No customer could be distributed:\n%(reasons)s",
                    reasons=self._skipped_text(skipped),
                )
            )
        counts = dict(Counter(served))
        if self.method == "round_robin":
            # sudo: the round-robin pointer is bookkeeping, not a setting
            pool.sudo().last_assigned_user_id = served[-1]
        self._notify_members(counts)
        self._log_distribution(counts, skipped)
        message = self.env._(
            "%(count)s customers distributed to %(members)s members.",
            count=len(claims),
            members=len(counts),
        )
        if skipped:
            # one paragraph: notifications do not keep line breaks
            message += " " + self.env._(
                "%(count)s skipped:\n%(reasons)s",
                count=len(skipped),
                reasons=self._skipped_text(skipped, separator=" • "),
            )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Pool %(pool)s distributed", pool=pool.name),
                "message": message,
                "type": "warning" if skipped else "success",
                "sticky": bool(skipped),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _lock_customers(self, partner_ids):
        """Lock the customers for the distribution; skip those that someone
        else is claiming right now (their rows are locked) or that left the
        pool. Returns ``({partner id: is company}, [(partner id, reason)])``,
        the customers in the order given."""
        pool = self.pool_id
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                SELECT id, pool_id, is_company FROM res_partner
                 WHERE id = ANY(%s) ORDER BY id
                   FOR NO KEY UPDATE SKIP LOCKED
                """,
                partner_ids,
            )
        )
        rows = {pid: (pool_id, is_company) for pid, pool_id, is_company in self.env.cr.fetchall()}
        foreign = [pid for pid, (pool_id, _c) in rows.items() if pool_id and pool_id != pool.id]
        Partner = self.env["res.partner"].sudo()  # sudo: skipped customers are named
        if foreign:
            raise UserError(
                self.env._(
                    "%(partners)s is not in pool %(pool)s: remove it from the list.",
                    partners=", ".join(Partner.browse(foreign).mapped("display_name")),
                    pool=pool.name,
                )
            )
        locked = [pid for pid in partner_ids if pid not in rows]
        gone = [pid for pid, (pool_id, _c) in rows.items() if not pool_id]
        skipped = []
        partners = {partner.id: partner for partner in Partner.browse(locked + gone)}
        for pid in locked:
            skipped.append(
                (
                    pid,
                    self.env._(
                        "%(customer)s is being claimed by someone else right now.",
                        customer=partners[pid].display_name,
                    ),
                )
            )
        owners = self.env["sales.claim"]._active_customer_claims(Partner.browse(gone))
        for pid in gone:
            claim = owners.get(partners[pid])
            skipped.append(
                (
                    pid,
                    # the claim's own words, as when a rep claims it
                    claim._refusal_message()
                    if claim
                    else self.env._(
                        "%(customer)s is no longer in pool %(pool)s.",
                        customer=partners[pid].display_name,
                        pool=pool.name,
                    ),
                )
            )
        customers = {pid: rows[pid][1] for pid in partner_ids if rows.get(pid, (None,))[0]}
        return customers, skipped

    def _skipped_text(self, skipped, limit=20, separator="\n"):
        lines = [why for _pid, why in skipped[:limit]]
        if len(skipped) > limit:
            lines.append(self.env._("... and %(count)s more.", count=len(skipped) - limit))
        return separator.join(lines)

    def _notify_members(self, counts):
        """One inbox notification per member, "12 customers were assigned to
        you from pool X", all created at once: not one email per customer."""
        pool = self.pool_id
        # the members and the author in one query, however many they are
        users = self.env["res.users"].browse([user.id for user in counts]) | self.env.user
        users.fetch(["partner_id", "lang", "name"])
        author = self.env.user.partner_id
        email_from = author.email_formatted
        reply_to = pool._notify_get_reply_to(default=email_from)[pool.id]
        note = self.env.ref("mail.mt_note")
        values = []
        for user, count in counts.items():
            body = self.with_context(lang=user.lang or self.env.lang).env._(
                "%(count)s customers were assigned to you from pool %(pool)s by %(admin)s.",
                count=count,
                pool=pool.name,
                admin=self.env.user.name,
            )
            values.append(
                {
                    "author_id": author.id,
                    "email_from": email_from,
                    "reply_to": reply_to,
                    "model": pool._name,
                    "res_id": pool.id,
                    "record_name": False,
                    "record_company_id": pool.company_id.id,
                    "body": Markup("<p>%s</p>") % body,
                    "is_internal": True,
                    "message_type": "user_notification",
                    "subtype_id": note.id,
                    "message_id": generate_tracking_message_id("pool-distribution"),
                    "partner_ids": [Command.link(user.partner_id.id)],
                }
            )
        # sudo: the administrator notifies the members in their inboxes
        messages = self.env["mail.message"].sudo().create(values)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": author.id,
                    "mail_message_id": message.id,
                    "notification_status": "sent",
                    "notification_type": "inbox",
                    "res_partner_id": user.partner_id.id,
                }
                for message, user in zip(messages, counts, strict=True)
            ]
        )

    def _log_distribution(self, counts, skipped, limit=100):
        """One note on the pool's chatter: who got how many, what was skipped and why."""
        items = [
            Markup("<li>%s</li>")
            % self.env._("%(member)s: %(count)s", member=user.name, count=count)
            for user, count in list(counts.items())[:limit]
        ]
        if len(counts) > limit:
            items.append(
                Markup("<li>%s</li>")
                % self.env._("... and %(count)s more members.", count=len(counts) - limit)
            )
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "%(count)s customers distributed (%(method)s) to %(members)s members:",
                count=sum(counts.values()),
                method=dict(DISTRIBUTION_METHODS)[self.method],
                members=len(counts),
            ),
            Markup("").join(items),
        )
        if skipped:
            lines = [Markup("<li>%s</li>") % why for _pid, why in skipped[:limit]]
            if len(skipped) > limit:
                lines.append(
                    Markup("<li>%s</li>")
                    % self.env._("... and %(count)s more.", count=len(skipped) - limit)
                )
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("%(count)s customers skipped:", count=len(skipped)),
                Markup("").join(lines),
            )
        # sudo: the summary is logged by the administrator who may not write the pool
        self.pool_id.sudo()._message_log(body=body, author_id=self.env.user.partner_id.id)
