"""Whether PostgreSQL's pg_trgm sees Chinese characters in a database.

pg_trgm splits text into words by the database's character type
(``LC_CTYPE``, 字符类型), fixed when the database is created. Under ``C`` or
``POSIX`` it knows only ASCII letters and digits: it extracts no trigram from
华为, every similarity between two Chinese names is 0, and a near-match search
finds nothing while pretending to have looked. A database created with a
UTF-8 character type (``C.UTF-8``, ``zh_CN.UTF-8``, ``en_US.UTF-8``) sees them.
"""

# a Chinese trade name of two characters: three trigrams under UTF-8, none under C
PROBE_TEXT = "华为"


def trigram_sees_chinese(cr):
    """Whether pg_trgm extracts trigrams from Chinese text in the database of
    ``cr`` (an Odoo cursor or a psycopg2 one). False when pg_trgm is not
    installed there."""
    cr.execute("SELECT to_regprocedure('show_trgm(text)') IS NOT NULL")
    if not cr.fetchone()[0]:
        return False
    cr.execute("SELECT cardinality(show_trgm(%s)) > 0", [PROBE_TEXT])
    return bool(cr.fetchone()[0])


def database_ctype(cr):
    """The character type (``LC_CTYPE``) of the database of ``cr``."""
    cr.execute("SELECT datctype FROM pg_database WHERE datname = current_database()")
    return cr.fetchone()[0]


# a step is left out only when its best possible similarity is this far
# below its needed value: pg_trgm computes similarity in float4 (rounded)
_MARGIN = 1e-6


def index_threshold(length, trigrams, steps):
    """The ``pg_trgm.similarity_threshold`` the trigram index can use for a
    name A of ``length`` characters and ``trigrams`` distinct trigrams
    (``array_length(show_trgm(A), 1)``) without losing a match.

    ``steps``: ``[(longest name or None, needed similarity)]`` by the length
    of the shorter name of a pair, values increasing (the rule,
    ``res.partner._claim_near_match_thresholds``). The bound: similarity is
    |A∩B| / |A∪B| over distinct trigrams, at most |B| / |A| when |B| <= |A|,
    and pg_trgm gives a name of n characters at most n + 1 trigrams (a word
    of k characters is padded to k + 1 trigrams, words are split by what is
    not a letter or digit; keys are lower case already, and libc lowers a
    character to one). So names B of a step shorter than A's, at most
    ``longest + 1`` trigrams, cannot reach the step's value when
    ``(longest + 1) / trigrams`` is below it: such a step is left out, and
    the threshold is the lowest value of the steps left (A's own step, for
    the names as long as A or longer, always). The first step (short names)
    is matched as beginnings of A, not by the index; a short name the index
    would also return reaches at most 4 / |A|, below the next step's value
    whenever that step is left out. The index keeps a row when its trigrams
    shared with A / ``trigrams`` reach the threshold (pg_trgm's GIN
    consistent function), an upper bound of the similarity, so it drops no
    pair whose similarity reaches the threshold.
    """
    short, short_value = steps[0]
    if length <= short:
        return short_value
    # more than length + 1 (not seen for a lower-case key): counted as
    # length + 1, which gives a lower or equal threshold
    trigrams = min(max(trigrams, 1), length + 1)
    values = []
    for longest, value in steps[1:]:
        if longest is None or length <= longest:
            values.append(value)  # this name's own step: always reachable
            break
        if longest + 1 >= (value - _MARGIN) * trigrams:
            values.append(value)
    return min(values)
