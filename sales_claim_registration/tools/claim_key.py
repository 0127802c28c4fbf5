"""Claim keys (报备关键字): what identifies the thing a rep claims.

Two registrations of the same customer must produce the same key, whatever
the spelling: full-width or half-width forms, traditional or simplified
characters, spaces, punctuation, brackets, legal forms and place names in
front, in brackets or behind (北京字节跳动科技有限公司, 字节跳动科技（北京）有限公司,
【北京】字节跳动科技有限公司 and 字节跳动科技有限公司北京 are one key). These
functions are pure (no database) so that the duplicate check, the unique
index and the benchmarks all use one definition. The word lists are data
(``data/identity/``, read by ``name_lists.py``).

Decisions (README, "What guarantees one owner"):

- a place is removed only when a trade name (字号) is left: 北京银行 and
  中山大学 keep their place, which is their name;
- a branch (分公司, 办事处, "Branch") is its parent's customer: the marker
  and its place are removed, the branch gets the parent's key and is
  refused while the parent is claimed;
- a closure marker (注销, 吊销, 停用) is kept as the tag ``#注销``: the old
  record of a deregistered company does not block a new company of the
  same name, but the two are near matches (warned);
- group and holding words (集团, 控股, Group, Holdings) are not legal forms:
  they stay in the key, X集团 and X有限公司 are near matches (warned);
- the marker of Odoo's *Duplicate* in brackets (``(copy)``, ``(副本)``) is
  removed: a duplicate of a customer is that customer.
"""

import re
import unicodedata
from collections import namedtuple

import phonenumbers

from .name_lists import name_words, place_names

try:  # traditional -> simplified: 華為技術 and 华为技术 are one company
    import opencc

    _T2S = opencc.OpenCC("t2s")
except ImportError:  # pragma: no cover - optional, declared in requirements
    _T2S = None

CLOSED_TAG = "#注销"

_BRACKETS = re.compile(r"[(\[{（【［〔《<]([^()\[\]{}（）【】［］〔〕《》<>]*)[)\]}）】］〕》>]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)

CompanyName = namedtuple("CompanyName", "key base closed branch")


def _simplify(text):
    text = unicodedata.normalize("NFKC", text or "")
    if _T2S is not None and _CJK.search(text):
        text = _T2S.convert(text)
    # accents folded (beschränkt, société), CJK untouched
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if unicodedata.category(ch) != "Mn"
    )
    return unicodedata.normalize("NFKC", text).lower().strip()


def _tokens(text):
    return [token for token in _NON_WORD.split(text) if token]


def _ends_with(tokens, words):
    """Length of the longest word (a tuple of tokens) ``tokens`` ends with."""
    best = 0
    for word in words:
        if not isinstance(word, tuple) or len(word) >= len(tokens):
            continue
        if tuple(tokens[-len(word) :]) == word:
            best = max(best, len(word))
    return best


def _suffix(text, words):
    """The longest Chinese word of ``words`` that ``text`` ends with, if any
    text is left before it."""
    found = [w for w in words if isinstance(w, str) and text.endswith(w) and len(text) > len(w)]
    return max(found, key=len, default="")


def _distinctive(text):
    """Whether ``text`` holds a trade name (字号): at least two characters
    once industry words and legal forms are removed from its end."""
    words = name_words()
    strip = words["industry"] | words["legal"]
    while True:
        word = _suffix(text, strip)
        if not word:
            break
        text = text[: -len(word)]
    return len(text) >= 2 and text not in strip


def _classify_bracket(inner):
    """What a bracketed part is: 'place', 'copy', 'branch', 'closed' or 'text'."""
    words = name_words()
    chinese_places, latin_places = place_names()
    flat = "".join(_tokens(inner))
    tokens = tuple(_tokens(inner))
    if not flat:
        return "place"
    if any(marker in flat for marker in words["closed"] if isinstance(marker, str)) or (
        tokens and set(tokens) & {w[0] for w in words["closed"] if isinstance(w, tuple)}
    ):
        return "closed"
    if flat in chinese_places or flat in latin_places:
        return "place"
    if flat in words.get("copy", ()) or tokens in words.get("copy", ()):
        return "copy"
    if (
        _suffix(flat, words["branch"])
        or flat in words["branch"]
        or _ends_with(("",) + tokens, words["branch"])
    ):
        return "branch"
    return "text"


def analyze_company_name(name):
    """``CompanyName(key, base, closed, branch)`` of a company name: the
    comparison key (``base`` plus the closure tag), the key without the
    tag, and whether a closure or a branch marker was found. ``key`` is ''
    when nothing names a company (legal forms, places or punctuation only).
    """
    words = name_words()
    chinese_places, latin_places = place_names()
    flags = {"closed": False, "branch": False}

    def bracket(match):
        kind = _classify_bracket(match.group(1))
        if kind == "text":
            return f" {match.group(1)} "
        if kind in flags:
            flags[kind] = True
        return " "

    text = _BRACKETS.sub(bracket, _simplify(name if isinstance(name, str) else ""))
    tokens = _tokens(text)
    # Latin legal forms, branch and closure words, and places at the end
    latin_tail = words["legal"] | words["branch"] | words["closed"]
    while len(tokens) > 1:
        size = _ends_with(tokens, latin_tail)
        if size:
            ending = tuple(tokens[-size:])
            flags["closed"] |= ending in words["closed"]
            flags["branch"] |= ending in words["branch"]
            del tokens[-size:]
        elif tokens[-1] in latin_places and len(tokens) > 2:
            tokens.pop()
        else:
            break
    text = "".join(tokens)
    if (text,) in words["legal"] or text in latin_places:
        return CompanyName("", "", flags["closed"], flags["branch"])
    text = _strip_chinese(text, flags)
    if not text or text in words["legal"] or text in chinese_places:
        return CompanyName("", "", flags["closed"], flags["branch"])
    key = text + CLOSED_TAG if flags["closed"] else text
    return CompanyName(key, text, flags["closed"], flags["branch"])


def _strip_chinese(text, flags):
    """Chinese legal forms, markers and places removed from the end, then
    places from the front, as long as a trade name is left."""
    words = name_words()
    chinese_places = place_names()[0]
    changed = True
    while changed:
        changed = False
        if text in words["legal"]:
            return ""  # nothing but legal forms (公司有限公司)
        for kind in ("closed", "branch", "legal"):
            word = _suffix(text, words[kind])
            if word:
                text = text[: -len(word)]
                flags[kind] = flags.get(kind, False) or kind != "legal"
                changed = True
                break
        else:
            place = _suffix(text, chinese_places)
            if place and _distinctive(text[: -len(place)]):
                text = text[: -len(place)]
                changed = True
    changed = True
    while changed:
        changed = False
        for size in range(min(len(text) - 1, 12), 1, -1):
            head = text[:size]
            if head in chinese_places and _distinctive(text[size:]):
                text = text[size:]
                changed = True
                break
    return text


def normalize_company_name(name):
    """Return the comparison key of a company name, or '' when nothing is left.

    >>> normalize_company_name("（北京）華為技術 有限公司")
    '华为技术'
    >>> normalize_company_name("Acme Co., Ltd.")
    'acme'
    """
    return analyze_company_name(name).key


def normalize_phone(number, country_code=None):
    """Return the E.164 form of a phone number, or None when it is not valid.

    ``country_code`` (ISO 3166 alpha-2) reads national numbers; numbers
    written with a leading + or 00 keep their own country.
    """
    raw = unicodedata.normalize("NFKC", number or "").strip()
    if not raw:
        return None
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    try:
        parsed = phonenumbers.parse(raw, (country_code or "CN").upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
