"""Writing a batch of claims (批量报备): references, one ``INSERT`` and the
owners' subscriptions, each in one query for the chunk."""

from odoo import api, fields, models
from odoo.tools import SQL

from .sales_claim import protection_dates


class SalesClaim(models.Model):
    """The set-based writes of ``_create_claims_batch``: what ``create``
    does per claim (sequence, defaults, computed protection dates,
    followers), done once for a checked chunk."""

    # one model, one file per concern (the pylint check wants one class)
    _inherit = "sales.claim"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _name_claims_batch(self, values_list, state):
        """References of a chunk: one query per company when the claim sequence
        is a standard one without date ranges, else one ``next_by_code`` each."""
        by_company = {}
        for values in values_list:
            if values.get("name", "/") == "/":
                by_company.setdefault(values["company_id"], []).append(values)
        Sequence = self.env["ir.sequence"]
        for company_id, todo in by_company.items():
            if company_id not in state["sequences"]:
                state["sequences"][company_id] = Sequence.search(
                    [("code", "=", "sales.claim"), ("company_id", "in", [company_id, False])],
                    order="company_id",
                    limit=1,
                )
            sequence = state["sequences"][company_id].with_company(company_id)
            if sequence.implementation != "standard" or sequence.use_date_range:
                for values in todo:
                    values["name"] = (
                        Sequence.with_company(company_id).next_by_code("sales.claim") or "/"
                    )
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT nextval(%s) FROM generate_series(1, %s) ORDER BY 1",
                    f"ir_sequence_{sequence.id:03d}",
                    len(todo),
                )
            )
            prefix, suffix = sequence._get_prefix_suffix()
            for values, (number,) in zip(todo, self.env.cr.fetchall(), strict=True):
                values["name"] = prefix + "%%0%sd" % sequence.padding % number + suffix

    @api.model
    def _insert_claims_rows(self, values_list):
        """Insert prepared claims in one ``INSERT ... SELECT unnest(...)``.

        Every stored column is written: the given values, else the model's
        defaults (read once), the protection dates as ``_compute_date_end``
        computes them (no extension yet). Stored computed fields added by
        other addons are left to the ORM's recomputation.
        """
        now = fields.Datetime.now()
        computed = {"extension_days", "date_end", "date_reminder"}
        columns = [
            field
            for name, field in self._fields.items()
            if field.store and field.column_type and name not in ("id", *models.MAGIC_COLUMNS)
        ]
        defaults = self.default_get(
            [f.name for f in columns if not f.compute and any(f.name not in v for v in values_list)]
        )
        self.env.cr.execute(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"{self._table}_id_seq",
                len(values_list),
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        policies = self.env["sales.claim.policy"].browse({v["policy_id"] for v in values_list})
        reminders = {policy.id: policy.reminder_days for policy in policies}
        rows = []
        for values in values_list:
            row = dict(defaults, **values)
            row["date_start"] = fields.Datetime.to_datetime(row["date_start"]) or now
            row["extension_days"], row["date_end"], row["date_reminder"] = protection_dates(
                row["date_start"],
                row.get("base_days") or 0,
                row.get("max_days") or 0,
                0,
                reminders[row["policy_id"]],
            )
            rows.append(row)
        uids, nows = [self.env.uid] * len(ids), [now] * len(ids)
        arrays = {
            "id": (ids, "int4"),
            "create_uid": (uids, "int4"),
            "create_date": (nows, "timestamp"),
            "write_uid": (uids, "int4"),
            "write_date": (nows, "timestamp"),
        }
        for field in columns:
            if field.compute and field.name not in computed:
                continue
            if field.type in ("many2one", "char", "selection", "text", "datetime", "date"):
                # what convert_to_column does for these types, without a call per value
                values = [row.get(field.name) or None for row in rows]
            else:
                values = [
                    field.convert_to_column(row.get(field.name), self, row, validate=False)
                    for row in rows
                ]
            arrays[field.name] = (values, field.column_type[1])
        self.env.cr.execute(
            SQL(
                "INSERT INTO %s (%s) SELECT * FROM unnest(%s)",
                SQL.identifier(self._table),
                SQL(", ").join(SQL.identifier(name) for name in arrays),
                SQL(", ").join(
                    SQL("%s::%s[]", values, SQL(column_type))
                    for values, column_type in arrays.values()
                ),
            )
        )
        claims = self.browse(ids)
        # what the hooks read, in one query (not every column by 1,000s)
        claims.fetch(["key_type", "partner_id", "user_id", "company_id"])
        for field in columns:
            if field.compute and field.name not in computed:
                self.env.add_to_compute(field, claims)
        return claims

    def _subscribe_owners_batch(self):
        """The owners follow their claims, as the Owner field's auto-subscription
        of ``create`` does, without its email: one query for the whole batch
        (the ORM's followers ``create`` costs 0.6 ms a claim)."""
        subtypes = self.env["mail.message.subtype"].default_subtypes(self._name)[0]
        self.env.cr.execute(
            SQL(
                """
                WITH followers AS (
                    INSERT INTO mail_followers (res_model, res_id, partner_id)
                    SELECT %(model)s, c.id, u.partner_id
                      FROM sales_claim c JOIN res_users u ON u.id = c.user_id
                     WHERE c.id = ANY(%(ids)s) AND u.partner_id IS NOT NULL
                    ON CONFLICT DO NOTHING
                    RETURNING id
                )
                INSERT INTO mail_followers_mail_message_subtype_rel
                       (mail_followers_id, mail_message_subtype_id)
                SELECT f.id, s.id FROM followers f, unnest(%(subtypes)s::int[]) AS s(id)
                """,
                model=self._name,
                ids=self.ids,
                subtypes=subtypes.ids,
            )
        )
        self.env["mail.followers"].invalidate_model()
        self.invalidate_recordset(["message_follower_ids", "message_partner_ids"])
