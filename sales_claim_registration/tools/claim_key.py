"""Claim keys (报备关键字): what identifies the thing a rep claims.

Two registrations of the same customer must produce the same key, whatever
the spelling: full-width or half-width forms, traditional or simplified
characters, spaces, punctuation, brackets and legal suffixes. These functions
are pure (no database) so that the duplicate check, the unique index and the
benchmarks all use one definition.
"""

import re
import unicodedata

import phonenumbers

try:  # traditional -> simplified: 華為技術 and 华为技术 are one company
    import opencc

    _T2S = opencc.OpenCC("t2s")
except ImportError:  # pragma: no cover - optional, declared in requirements
    _T2S = None

# Legal forms stripped from the end of a Chinese company name, longest first.
_ZH_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "集团有限公司",
        "集团股份有限公司",
        "控股有限公司",
        "有限公司",
        "分公司",
        "总公司",
        "集团公司",
        "集团",
        "公司",
        "股份",
        "控股",
    ],
    key=len,
    reverse=True,
)

# Legal forms stripped from the end of a Latin-script name (word tokens).
_EN_SUFFIXES = {
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "llc",
    "llp",
    "lp",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "pte",
    "pty",
    "kk",
    "group",
    "holding",
    "holdings",
}

_BRACKETS = re.compile(r"[(\[{（【［〔《<]([^)\]}）】］〕》>]*)[)\]}）】］〕》>]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_ONLY_CJK = re.compile(r"^[\u3400-\u9fff]{1,6}$")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def _simplify(text):
    text = unicodedata.normalize("NFKC", text or "")
    if _T2S is not None and _CJK.search(text):
        text = _T2S.convert(text)
    return text.lower().strip()


def _drop_bracket(match):
    """(北京) and 【上海】 are place qualifiers: drop them; keep other content."""
    inner = match.group(1).strip()
    if _ONLY_CJK.match(inner):
        return " "
    return f" {inner} "


def normalize_company_name(name):
    """Return the comparison key of a company name, or '' when nothing is left.

    >>> normalize_company_name("（北京）華為技術 有限公司")
    '华为技术'
    >>> normalize_company_name("Acme Co., Ltd.")
    'acme'
    """
    text = _simplify(name)
    text = _BRACKETS.sub(_drop_bracket, text)
    tokens = [t for t in _NON_WORD.split(text) if t]
    # Latin legal forms: strip trailing tokens ("acme trading co ltd")
    while len(tokens) > 1 and tokens[-1] in _EN_SUFFIXES:
        tokens.pop()
    key = "".join(tokens)
    if key in _ZH_SUFFIXES or key in _EN_SUFFIXES:
        return ""  # a bare legal form names no company
    # Chinese legal forms: strip trailing suffixes (华为技术有限公司 -> 华为技术)
    changed = True
    while changed:
        changed = False
        for suffix in _ZH_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix):
                key = key[: -len(suffix)]
                changed = True
                break
    return key


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
