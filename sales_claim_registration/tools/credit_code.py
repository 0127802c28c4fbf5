"""Unified social credit code (统一社会信用代码, GB 32100-2015): the 18
characters that identify a Chinese organization, the last one a check
character. Pure functions, no database."""

import unicodedata

# the code's alphabet: digits and capitals without I, O, Z, S, V
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def clean_credit_code(value):
    """The code without spaces or dashes, in capitals (full width folded)."""
    text = unicodedata.normalize("NFKC", value or "").upper()
    return "".join(ch for ch in text if ch not in " -\u3000")


def credit_code_check_char(code17):
    """The check character of the first 17 characters (mod 31)."""
    total = sum(ALPHABET.index(ch) * weight for ch, weight in zip(code17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_credit_code(value):
    """Whether ``value`` is a valid unified social credit code: 18
    characters of the alphabet, a registration authority and type pair, a
    6-digit administrative division code and the right check character."""
    code = clean_credit_code(value)
    if len(code) != 18 or any(ch not in ALPHABET for ch in code):
        return False
    if not code[2:8].isdigit():
        return False
    return credit_code_check_char(code[:17]) == code[17]


def looks_like_credit_code(value):
    """Whether ``value`` is meant as a credit code: 18 letters and digits
    (a Chinese VAT number is one; a bad one must be refused, not ignored)."""
    code = clean_credit_code(value)
    return len(code) == 18 and code.isalnum() and code.isascii()
