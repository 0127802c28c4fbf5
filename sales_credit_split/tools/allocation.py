"""Exact allocation of a credited amount between the parts of a split (业绩分配).

Pure functions, no ORM: the amount of a deal is one pool, split by weights,
all parts computed together with the largest remainder method, so the parts
always add up exactly to the total at the currency's precision. A negative
total (a credit note) gives the exact negative of each part of the positive
total: ``allocate(-t, w) == [-p for p in allocate(t, w)]``.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

HUNDRED = Decimal(100)


def to_decimal(value, digits=2):
    """Return ``value`` (float, int, str or Decimal) as a Decimal rounded to ``digits``.

    Floats go through their shortest ``repr`` so 33.33 stays 33.33, never
    33.3299999999999982946974341757595539093017578125. Halves round away from
    zero, as Odoo rounds currencies, so -x rounds to the negative of x.
    """
    if value is None or value is False:
        value = 0
    if isinstance(value, float):
        value = repr(value)
    return Decimal(value).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def allocate(total, weights, digits=2):
    """Split ``total`` in parts proportional to ``weights`` that add up to ``total``.

    :param total: amount to split (number or Decimal), rounded to ``digits``
    :param weights: non-negative numbers (percentages, or any weights)
    :param digits: decimal places of the currency (0 for JPY, 2 for CNY)
    :return: list of Decimals, one per weight, whose sum is exactly ``total``

    Each part first receives the whole smallest units (cents) of its exact
    share; the cents left over go one by one to the parts with the largest
    remainders, ties to the earliest part, so the result is deterministic.
    """
    unit = Decimal(1).scaleb(-digits)
    total = to_decimal(total, digits)
    fractions = [Fraction(to_decimal(w, 6)) for w in weights]
    if any(w < 0 for w in fractions):
        raise ValueError("Weights of a split must not be negative.")
    weight_sum = sum(fractions, Fraction(0))
    if not fractions:
        if total:
            raise ValueError("Cannot split a non-zero amount between no parts.")
        return []
    if not weight_sum:
        if total:
            raise ValueError("Cannot split a non-zero amount when all weights are zero.")
        return [Decimal(0).quantize(unit) for _w in fractions]
    sign = -1 if total < 0 else 1
    units = int(abs(total) / unit)
    exact = [units * w / weight_sum for w in fractions]
    floors = [int(share) for share in exact]  # shares are >= 0: int() is floor
    left = units - sum(floors)
    by_remainder = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in by_remainder[:left]:
        floors[i] += 1
    return [(sign * count * unit).quantize(unit) for count in floors]


def percent_total(percents):
    """Sum of percentages as an exact Decimal with 2 decimals (no float drift)."""
    return sum((to_decimal(p) for p in percents), Decimal(0)).quantize(Decimal("0.01"))
