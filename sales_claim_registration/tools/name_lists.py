"""The word lists of company names, read once from ``data/identity/``.

Place names (行政区划) and name words (legal forms, branch and closure
markers, industry words) are data, not code: a place missing from the list
is one more line in ``place_names.csv``.
"""

import csv
import functools
from pathlib import Path

from odoo.tools.misc import file_path

# suffixes of administrative units; the rest is the short form (北京市 -> 北京)
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "地区", "新区", "林区", "省", "市", "盟")


def _rows(filename):
    path = Path(file_path(f"sales_claim_registration/data/identity/{filename}"))
    with path.open(encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines))


@functools.cache
def place_names():
    """``(chinese, latin)``: the Chinese forms of places (full names, short
    forms of provinces and cities, aliases), and their Latin spellings (for
    brackets only). Forms of one character are left out (京, 沪: too common
    inside names)."""
    chinese, latin = set(), set()
    for row in _rows("place_names.csv"):
        name = row["name"].strip()
        forms = {name}
        if row["kind"] in ("country", "province", "city"):
            forms.update(name[: -len(s)] for s in _ADMIN_SUFFIXES if name.endswith(s))
        for alias in (row.get("aliases") or "").split("|"):
            alias = alias.strip().lower()
            if alias.isascii():
                latin.add("".join(ch for ch in alias if ch.isalnum()))
            else:
                forms.add(alias)
        chinese.update(form for form in forms if len(form) >= 2)
    latin.discard("")
    return frozenset(chinese), frozenset(latin)


@functools.cache
def name_words():
    """``{kind: frozenset(words)}`` of ``name_words.csv``; Latin words of
    several tokens are kept as tuples of tokens."""
    words = {}
    for row in _rows("name_words.csv"):
        word = row["word"].strip().lower()
        value = tuple(word.split()) if word.isascii() else word
        words.setdefault(row["kind"], set()).add(value)
    return {kind: frozenset(values) for kind, values in words.items()}
