import logging

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.sql_jit import jit_off_until_commit

_logger = logging.getLogger(__name__)

# the preview's categories, in the order a customer is tested against them
# set once an adoption was applied: the settings stop offering it
ADOPTED_PARAM = "sales_claim_registration.adoption_applied"

CATEGORIES = ("claimed", "unowned", "archived", "conflict", "adopt")


class SalesClaimAdoption(models.AbstractModel):
    """Adoption of the ownership an Odoo company already has (存量客户归属).

    A company that installs the suite on a live database already has
    salespersons on its customers; installing never changes them, and no
    claim exists. Adoption turns that ownership into claims, once, on
    purpose, after a preview. Each active commercial customer of the company
    (a company, or an individual with a salesperson or sales) falls in the
    first category that fits:

    - ``claimed``: it already has an active claim; nothing changes;
    - ``unowned``: it has no salesperson; left unclaimed (the public pool
      addon can put it in a chosen pool instead);
    - ``archived``: its salesperson is an archived user; nothing changes:
      hand it over first (``Hand Over`` on the user, or the pool's handover);
    - ``conflict``: one of its open opportunities has another salesperson
      (撞单): nothing changes, sales operations decide who owns it;
    - ``adopt``: it becomes a claim of its salesperson, under the policy of
      its team (or one chosen policy), protected from today or from its last
      activity (message, email or stage change). The team is the
      salesperson's sales team, as when they claim.

    Everything is set-based: one query classifies every customer, claims are
    inserted in chunks (``sales_claim_adoption_apply.py``: the unique keys
    checked in one query, the customers locked as every claim path locks
    them, one ``INSERT``, the claims' hook ``_on_claims_adopted``), one
    ``INSERT`` logs one chatter message per customer. Applying twice changes
    nothing: adopted customers are ``claimed`` then.
    """

    _name = "sales.claim.adoption"
    _description = "Adoption of Existing Ownership"

    @api.model
    def _classify(self, company, last_activity=False):
        """Rows ``{id, name, user_id, user, is_company, category,
        other_user, date_start}`` for every customer of ``company``, one query.

        Claimed customers, open opportunities and last activities are read
        once each and hash-joined: no subquery per customer (1,000,000 of them
        at the scale the suite is built for)."""
        self.env.flush_all()
        if last_activity:
            activity_ctes = SQL(
                """,
                messages AS (
                    SELECT m.res_id AS id, max(m.date) AS date FROM mail_message m
                     WHERE m.model = 'res.partner' AND m.message_type IN ('comment', 'email')
                     GROUP BY m.res_id
                ), lead_dates AS (
                    SELECT lp.commercial_partner_id AS id,
                           max(COALESCE(l.date_last_stage_update, l.create_date)) AS date
                      FROM crm_lead l JOIN res_partner lp ON lp.id = l.partner_id
                     GROUP BY lp.commercial_partner_id
                )
                """
            )
            activity = SQL("GREATEST(ms.date, ld.date)")
            activity_joins = SQL(
                """
                  LEFT JOIN messages ms ON ms.id = p.id
                  LEFT JOIN lead_dates ld ON ld.id = p.id
                """
            )
        else:
            activity_ctes, activity, activity_joins = SQL(""), SQL("NULL::timestamp"), SQL("")
        # every customer of the company: JIT compiling at that estimate costs
        # seconds (1,000,000 customers), more than running the query
        jit_off_until_commit(self.env.cr)
        self.env.cr.execute(
            SQL(
                """
                WITH claimed AS (
                    SELECT DISTINCT partner_id AS id FROM sales_claim
                     WHERE state = 'active' AND company_id = %(company)s
                ), open_leads AS (
                    SELECT DISTINCT lp.commercial_partner_id AS partner_id, l.user_id
                      FROM crm_lead l
                      JOIN res_partner lp ON lp.id = l.partner_id
                      LEFT JOIN crm_stage s ON s.id = l.stage_id
                     WHERE l.active AND l.user_id IS NOT NULL AND NOT COALESCE(s.is_won, false)
                ), conflicts AS (
                    SELECT DISTINCT ON (o.partner_id) o.partner_id AS id, o.user_id
                      FROM open_leads o JOIN res_partner cp ON cp.id = o.partner_id
                     WHERE cp.user_id IS NOT NULL AND o.user_id <> cp.user_id
                     ORDER BY o.partner_id, o.user_id
                )%(activity_ctes)s
                SELECT p.id, p.name, p.user_id, up.name AS user, p.is_company,
                       CASE
                           WHEN cl.id IS NOT NULL THEN 'claimed'
                           WHEN p.user_id IS NULL THEN 'unowned'
                           WHEN NOT u.active OR u.share THEN 'archived'
                           WHEN cf.id IS NOT NULL THEN 'conflict'
                           ELSE 'adopt'
                       END AS category,
                       op.name AS other_user,
                       %(activity)s AS date_start
                  FROM res_partner p
                  LEFT JOIN claimed cl ON cl.id = p.id
                  LEFT JOIN conflicts cf ON cf.id = p.id
                  LEFT JOIN res_users u ON u.id = p.user_id
                  LEFT JOIN res_partner up ON up.id = u.partner_id
                  LEFT JOIN res_users ou ON ou.id = cf.user_id
                  LEFT JOIN res_partner op ON op.id = ou.partner_id%(activity_joins)s
                 WHERE p.active AND p.commercial_partner_id = p.id
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND (p.is_company OR p.user_id IS NOT NULL OR p.customer_rank > 0)
                   AND NOT EXISTS (SELECT 1 FROM res_users ru WHERE ru.partner_id = p.id)
                   AND NOT EXISTS (SELECT 1 FROM res_company rc WHERE rc.partner_id = p.id)
                 ORDER BY p.id
                """,
                company=company.id,
                activity_ctes=activity_ctes,
                activity=activity,
                activity_joins=activity_joins,
            )
        )
        # dict(zip()) builds a row in a third of ``dictfetchall``'s time
        names = [column.name for column in self.env.cr.description]
        return [dict(zip(names, row, strict=True)) for row in self.env.cr.fetchall()]

    @api.model
    def _log_messages(self, res_ids, bodies, model="res.partner"):
        """One chatter note per record (customer by default), in one
        ``INSERT`` (``message_post`` manages about 280 messages a second;
        adoption runs on 100,000s)."""
        if not res_ids:
            return
        now = fields.Datetime.now()
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO mail_message (model, res_id, body, message_type, subtype_id,
                                          author_id, date, is_internal,
                                          create_uid, create_date, write_uid, write_date)
                SELECT %(model)s, d.res_id, d.body, 'notification', %(subtype)s,
                       %(author)s, %(now)s, true, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM unnest(%(ids)s::int[], %(bodies)s::text[]) AS d(res_id, body)
                """,
                subtype=self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
                author=self.env.user.partner_id.id,
                now=now,
                uid=self.env.uid,
                model=model,
                ids=list(res_ids),
                bodies=list(bodies),
            )
        )
        self.env["mail.message"].invalidate_model()
        self.env[model].invalidate_model(["message_ids"])

    @api.model
    def _claims_adopted_bodies(self, claims, values):
        """``{partner id: message}`` of the adopted claims, from ``values``
        (``{partner id: the values the claim was inserted with}``): nothing
        read back but the owners' names."""
        if not claims:
            return {}
        users = self.env["res.users"].browse({vals["user_id"] for vals in values.values()})
        owners = {user.id: user.name for user in users}
        today = fields.Date.to_string(fields.Datetime.now())
        template = self.env._(
            "Ownership adopted: claim %(claim)s of %(owner)s, protected from %(start)s."
        )
        bodies = {}
        for claim in claims:
            vals = values[claim.partner_id.id]
            start = vals.get("date_start")
            start = fields.Date.to_string(start) if start else today
            bodies[claim.partner_id.id] = Markup("<p>%s</p>") % (
                template % {"claim": vals["name"], "owner": owners[vals["user_id"]], "start": start}
            )
        return bodies
