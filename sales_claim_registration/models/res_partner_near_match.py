"""Near matches of company names (相似客户): possibly the same customer under
another spelling, shown as warnings when claiming; never a refusal."""

import logging

from odoo import api, models

from ..tools.trigram import database_ctype, index_threshold, trigram_sees_chinese

_logger = logging.getLogger(__name__)

THRESHOLD_PARAM = "sales_claim_registration.near_match_threshold"
# the probe's answer, kept on the registry: a database's character type is
# fixed at its creation, a new registry (install, upgrade) probes again
_PROBE_ATTRIBUTE = "_sales_claim_trgm_sees_chinese"
# (longest name, offset to the configured threshold), measured on
# tests/data/company_name_pairs.csv (README, "What guarantees one owner")
_LENGTH_STEPS = ((3, -0.1), (8, 0.0), (12, 0.1), (None, 0.2))


class ResPartner(models.Model):
    """Near matches compare normalized company names (``claim_name_key``)
    with PostgreSQL's pg_trgm similarity through a trigram index.

    **How similar is similar.** The threshold depends on the length of the
    shorter of the two names (in characters, 字): one mistyped character in
    a name of n characters leaves a similarity of (n-2)/(n+4), 0.25 for
    four characters, 0.7 for sixteen, while two different companies sharing a
    long word (Northwind and Southwind Traders) reach 0.55. Long names need
    a higher similarity; a name of two or three characters is similar to its
    longer forms (华为, 华为技术) only at 0.33, so it needs a lower one.
    ``_claim_near_match_thresholds`` says it in one place.

    **Character type.** Under a database whose ``LC_CTYPE`` is ``C`` pg_trgm
    sees no Chinese character: near matching is then unavailable, said in the
    log at each registry load, in the CRM settings and in every duplicate
    check, and skipped; the exact keys keep working.
    """

    _inherit = "res.partner"

    def init(self):
        """Trigram index for near matches of company names (pg_trgm).

        Created here rather than with ``index='trigram'`` because Odoo only
        builds trigram indexes when pg_trgm existed before the registry loaded.
        """
        self.env.cr.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS res_partner_claim_name_key_trgm_idx
                ON res_partner USING gin (claim_name_key gin_trgm_ops)
                WHERE claim_name_key IS NOT NULL
            """
        )

    def _register_hook(self):
        """Probe the character type once per registry, and warn when pg_trgm
        is blind to Chinese."""
        super()._register_hook()
        available = trigram_sees_chinese(self.env.cr)
        setattr(self.env.registry, _PROBE_ATTRIBUTE, available)
        if not available:
            _logger.warning(
                "Near matching of company names is unavailable: database %s has the "
                "character type (LC_CTYPE) %r, under which pg_trgm extracts no trigram from "
                "Chinese text; only exact claim keys are checked. Fix: create a database "
                "with a UTF-8 character type (createdb --template=template0 "
                "--lc-ctype=C.UTF-8) and restore this one into it.",
                self.env.cr.dbname,
                database_ctype(self.env.cr),
            )

    @api.model
    def _claim_near_match_available(self):
        """Whether pg_trgm sees Chinese characters in this database (probed
        once per registry)."""
        registry = self.env.registry
        available = getattr(registry, _PROBE_ATTRIBUTE, None)
        if available is None:
            available = trigram_sees_chinese(self.env.cr)
            setattr(registry, _PROBE_ATTRIBUTE, available)
        return available

    @api.model
    def _claim_near_match_unavailable_message(self):
        """The sentence a duplicate check shows instead of near matches when
        they cannot be computed, else False."""
        if self._claim_near_match_available():
            return False
        return self.env._(
            "Near matching of similar company names is unavailable on this database (its "
            "character type is not UTF-8): only exact names, phones and credit codes were "
            "checked."
        )

    @api.model
    def _claim_near_match_thresholds(self, threshold=None):
        """``[(longest name or None, similarity)]``: the similarity a pair of
        names needs, by the length of the shorter one, around ``threshold``
        (the configured one, for names of four to eight characters)."""
        if threshold is None:
            # sudo: a technical setting every duplicate check reads
            threshold = float(
                self.env["ir.config_parameter"].sudo().get_param(THRESHOLD_PARAM, 0.4)
            )
        return [
            (length, round(min(max(threshold + offset, 0.05), 1.0), 4))
            for length, offset in _LENGTH_STEPS
        ]

    @api.model
    def _claim_near_matches(self, name_key, exclude_ids=(), limit=5, threshold=None):
        """Companies whose normalized name is similar to ``name_key``.

        Returns ``[(partner, similarity)]``, best first; ``[]`` when near
        matching is unavailable (``_claim_near_match_unavailable_message``).
        Uses the trigram index through the ``%`` operator, so it stays fast
        on millions of rows: at the lowest similarity a match of ``name_key``
        can need (``tools.trigram.index_threshold``: a long name shares too
        few trigrams with much shorter names to reach their step's value, so
        the lower values of those steps are not asked of the index; the
        threshold of names of three characters or less would make the index
        return many more rows), short names being looked up among the
        beginnings of ``name_key`` (华为 for 华为技术: a short name is similar
        enough to a longer one only when it begins it).
        """
        if not name_key or not self._claim_near_match_available():
            return []
        steps = self._claim_near_match_thresholds(threshold)
        cr = self.env.cr
        short = steps[0][0]
        beginnings = [name_key[:size] for size in range(2, min(short, len(name_key) - 1) + 1)]
        # the threshold by the name's count of distinct trigrams, which only
        # pg_trgm knows exactly (case, word splitting, hashed multibyte
        # trigrams): one value for each count up to len + 1, picked in SQL;
        # a larger count (never seen) takes the last, lower or equal, value
        thresholds = [
            str(index_threshold(len(name_key), count, steps))
            for count in range(1, len(name_key) + 2)
        ]
        cr.execute(
            """
            SELECT set_config('pg_trgm.similarity_threshold', (%(thresholds)s::text[])[
                       least(greatest(cardinality(show_trgm(%(key)s)), 1), %(last)s)
                   ], true)
            """,
            {"thresholds": thresholds, "key": name_key, "last": len(thresholds)},
        )
        # plain parameters: odoo.tools.SQL does not accept pg_trgm's % operator.
        # The similarity a pair needs: width_bucket counts the steps whose
        # lengths the shorter name exceeds, i.e. the step it falls in.
        cr.execute(
            """
            SELECT id, score FROM (
                SELECT id, similarity(claim_name_key, %(key)s) AS score,
                       (%(values)s::float[])[1 + width_bucket(
                           least(char_length(claim_name_key), %(length)s), %(bounds)s::int[]
                       )] AS needed
                  FROM res_partner
                 WHERE (claim_name_key %% %(key)s OR claim_name_key = ANY(%(beginnings)s))
                   AND active
                   AND (company_id IS NULL OR company_id = ANY(%(companies)s))
                   AND NOT (id = ANY(%(exclude)s))
            ) AS near
             WHERE score >= needed
             ORDER BY score DESC, id
             LIMIT %(limit)s
            """,
            {
                "key": name_key,
                "length": len(name_key),
                "beginnings": beginnings,
                "values": [value for __, value in steps],
                "bounds": [length + 1 for length, __ in steps[:-1]],
                "exclude": list(exclude_ids),
                "limit": limit,
                "companies": self.env.companies.ids,
            },
        )
        rows = cr.fetchall()
        partners = self.browse([r[0] for r in rows])
        return list(zip(partners, [r[1] for r in rows], strict=True))
