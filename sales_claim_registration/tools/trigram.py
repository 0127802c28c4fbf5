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
