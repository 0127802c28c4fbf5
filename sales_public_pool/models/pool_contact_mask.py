"""Pool scraping protection (公海防爬) on every path, shared by the models
that show a pool customer's contact data (the customer and its contacts,
its opportunities, its messages, its followers).

Who sees what: a pool customer (公海客户, nobody owns it) keeps its phones
and emails hidden from everyone but the superuser and sales managers, and
from a pool member only until they reveal it (daily reveal cap,
``sales_pool_reveal.py``) or claim it (then it is no longer in the pool).

What each path does for someone it hides the data from:

- reading (``read``, ``search_read``, ``web_read``, the chatter's store):
  values masked (``+86****00``, ``b***@acme.cn``);
- searching: an exact full-value lookup (``=``, ``!=``, ``in`` / ``not in``
  with at most ``EXACT_LOOKUP_MAX`` values) runs as usual and may confirm a
  value the user already has; every other operator (``ilike``, ``like``,
  ``=like``, ``=ilike``, ``<``, ...) is rewritten so that hidden customers
  never match: no prefix or range probing;
- grouping and sorting: hidden customers' values count as empty (their
  group is "None", they sort last); aggregating a masked field is refused;
- exporting a masked field of hidden customers is refused.

Internal flows keep full behaviour: sudo searches run unchanged, and masking
of what is read only ever applies to values sent to a client.
"""

from odoo import SUPERUSER_ID, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.sales_claim_registration.tools.code_marks import CodeMark

EXACT_OPERATORS = ("=", "!=", "in", "not in")
#: an ``in`` list longer than this is enumeration, not a lookup
EXACT_LOOKUP_MAX = 20
#: the mask's own search of a masked field's raw condition, inside
#: ``_condition_to_sql`` only (a mark of the code, never a client's context)
_RAW_SEARCH = CodeMark("sales_public_pool_raw_search", default=False)


def mask_value(fname, value):
    """Keep a hint of a phone or email, hide the rest: +86****00, b***@acme.cn."""
    if not value or not isinstance(value, str):
        return value
    if "email" in fname or "@" in value:
        return value[:1] + "***@" + value.rpartition("@")[2].rstrip(">")
    return value[:3] + "****" + value[-2:]


def _spec_fname(spec):
    """The field name of a read_group spec ("email:count", "date:month")."""
    return spec.split(":", 1)[0].split(".", 1)[0]


class SalesPoolContactMask(models.AbstractModel):
    _name = "sales.pool.contact.mask"
    _description = "Pool Contact Masking (公海防爬)"

    #: fields masked for those the pool customer is hidden from
    _pool_masked_fields = ()
    #: the column pointing to the contact whose company (commercial partner) decides
    _pool_contact_column = "partner_id"

    # ------------------------------------------------------------------ who

    def _pool_mask_exempt_user(self):
        """The superuser and sales managers see every pool customer's data."""
        return self.env.uid == SUPERUSER_ID or self.env.user.has_group(
            "sales_team.group_sale_manager"
        )

    def _pool_mask_searches(self):
        """Searches are rewritten for hidden customers, except under sudo
        (Odoo's own lookups, e.g. the mail gateway finding a sender)."""
        return not self.env.su and not _RAW_SEARCH.get() and not self._pool_mask_exempt_user()

    def _pool_hidden_sql(self, alias):
        """Condition on the row ``alias``: its customer is in a pool and was
        not revealed today by the current user."""
        Partner = self.env["res.partner"]
        revealed = self.env["sales.pool.reveal"]._revealed_partner_ids(self.env.user)
        return SQL(
            "EXISTS (SELECT 1 FROM res_partner pm_p "
            "JOIN res_partner pm_c ON pm_c.id = pm_p.commercial_partner_id "
            "WHERE pm_p.id = %s AND pm_c.pool_id IS NOT NULL AND pm_c.id <> ALL(%s))%s%s",
            SQL.identifier(alias, self._pool_contact_column),
            revealed,
            SQL("", to_flush=Partner._fields["commercial_partner_id"]),
            SQL("", to_flush=Partner._fields["pool_id"]),
        )

    def _pool_hidden_ids(self):
        """Ids of ``self`` whose contact data are hidden from the current user."""
        ids = [rid for rid in self._ids if isinstance(rid, int)]
        if not ids or self._pool_mask_exempt_user():
            return set()
        rows = self.env.execute_query(
            SQL(
                "SELECT t.id FROM %s t WHERE t.id = ANY(%s) AND %s",
                SQL.identifier(self._table),
                ids,
                self._pool_hidden_sql("t"),
            )
        )
        return {row[0] for row in rows}

    # ------------------------------------------------------------------ read

    def _read_format(self, fnames, load="_classic_read"):
        """Values sent to a client: masked for hidden customers (also when
        read through sudo on the user's behalf, as the chatter does)."""
        result = super()._read_format(fnames, load)
        masked = set(self._pool_masked_fields) & set(fnames)
        if masked:
            hidden = self._pool_hidden_ids()
            for values in result:
                if values["id"] in hidden:
                    for fname in masked:
                        values[fname] = mask_value(fname, values[fname])
        return result

    # ------------------------------------------------------------------ search, group, sort

    def _condition_to_sql(self, alias, fname, operator, value, query):
        if fname not in self._pool_masked_fields or not self._pool_mask_searches():
            return super()._condition_to_sql(alias, fname, operator, value, query)
        with _RAW_SEARCH.set(True):
            condition = super()._condition_to_sql(alias, fname, operator, value, query)
        exact = operator in EXACT_OPERATORS and (
            not isinstance(value, list | tuple) or len(value) <= EXACT_LOOKUP_MAX
        )
        if exact:
            return condition
        return SQL("(%s AND NOT %s)", condition, self._pool_hidden_sql(alias))

    def _pool_masked_sql(self, alias, sql):
        return SQL("(CASE WHEN %s THEN NULL ELSE %s END)", self._pool_hidden_sql(alias), sql)

    def _read_group_groupby(self, groupby_spec, query):
        sql = super()._read_group_groupby(groupby_spec, query)
        if _spec_fname(groupby_spec) in self._pool_masked_fields and self._pool_mask_searches():
            return self._pool_masked_sql(self._table, sql)
        return sql

    def _read_group_select(self, aggregate_spec, query):
        if _spec_fname(aggregate_spec) in self._pool_masked_fields and self._pool_mask_searches():
            raise UserError(
                self.env._(
                    "You cannot aggregate %(field)s: the contact data of pool customers "
                    "are hidden until claimed.",
                    field=self._fields[_spec_fname(aggregate_spec)].string,
                )
            )
        return super()._read_group_select(aggregate_spec, query)

    def _order_field_to_sql(self, alias, field_name, direction, nulls, query):
        if field_name not in self._pool_masked_fields or not self._pool_mask_searches():
            return super()._order_field_to_sql(alias, field_name, direction, nulls, query)
        sql = self._pool_masked_sql(alias, self._field_to_sql(alias, field_name, query))
        return SQL("%s %s %s", sql, direction, nulls)
