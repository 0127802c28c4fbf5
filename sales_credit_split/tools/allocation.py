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
# Shares are kept to 6 decimals, not 2: with 2 decimals three equal shares are
# 33.33/33.33/33.34, so the third person is credited a cent more per 300 (on
# 9,999.99: 3,333.00/3,333.00/3,333.99). With 6 decimals a third is 33.333333
# and equal shares weigh the same in ``allocate``: 3,333.33 each. A third
# cannot be written exactly in decimals, so a split is full when its shares
# are the roundings of shares that add up to exactly 100 (``is_full``).
SHARE_DIGITS = 6
SHARE_UNIT = Decimal(1).scaleb(-SHARE_DIGITS)


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
    fractions = [_fraction(w) for w in weights]
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


def _fraction(weight):
    """A weight as an exact Fraction (Fractions stay exact, numbers are read at 6 decimals)."""
    return weight if isinstance(weight, Fraction) else Fraction(to_decimal(weight, 6))


def allocate_signed(total, weights, digits=2, unit=None):
    """``allocate`` for weights of any sign; the parts still add up to ``total``.

    A final invoice's down payment deduction is a product line of negative
    subtotal: its group weighs negative. Non-negative weights are split by
    ``allocate``; otherwise each part is its exact share rounded half away
    from zero, and the rounding difference goes to the part of the largest
    weight (the first one on a tie), so ``allocate_signed(-t, w)`` is still
    the exact negative of ``allocate_signed(t, w)``.

    Weights that add up to nothing (a final invoice paid in full by its down
    payment: the deduction weighs as much as the other lines) give no share
    of ``total``: each part is then its weight times ``unit`` (what a weight
    of 1 is worth, e.g. the sign of the document times its currency rate),
    the rounding difference again to the part of the largest weight. Without
    ``unit``, the weights are taken as their absolute values.
    """
    fractions = [_fraction(w) for w in weights]
    if all(w >= 0 for w in fractions):
        return allocate(total, fractions, digits)
    total = to_decimal(total, digits)
    weight_sum = sum(fractions, Fraction(0))
    if not weight_sum and unit is None:
        return allocate(total, [abs(w) for w in fractions], digits)
    parts = []
    for weight in fractions:
        exact = (
            Fraction(total) * weight / weight_sum if weight_sum else weight * Fraction(str(unit))
        )
        parts.append(to_decimal(Decimal(exact.numerator) / Decimal(exact.denominator), digits))
    largest = max(range(len(fractions)), key=lambda i: (abs(fractions[i]), -i))
    parts[largest] += total - sum(parts, Decimal(0))
    return parts


def percent_total(percents):
    """Sum of percentages as an exact Decimal with 6 decimals (no float drift)."""
    return sum((to_decimal(p, SHARE_DIGITS) for p in percents), Decimal(0))


def is_full(percents):
    """Whether ``percents`` add up to exactly 100, read as 6-decimal roundings.

    Each stored share is within half a millionth of a percent of the exact
    share it stands for (a third is stored as 33.333333), so ``n`` shares are
    a full split when their total is within ``n`` half-millionths of 100:
    three thirds (99.999999) are full; a slip of a 2-decimal input (33.33 x 3
    = 99.99) or a missing millionth on top of the rounding (99.999998) is not.
    """
    percents = list(percents)
    if not percents:
        return False
    return abs(percent_total(percents) - HUNDRED) <= len(percents) * SHARE_UNIT / 2


def split_total(percents):
    """The total of a split as shown and credited: exactly 100 when it is full."""
    percents = list(percents)
    return HUNDRED if is_full(percents) else percent_total(percents)


def equal_shares(count):
    """``count`` equal shares of 100 at 6 decimals that add up to exactly 100."""
    return allocate(HUNDRED, [1] * count, SHARE_DIGITS) if count else []


def format_percent(value):
    """``value`` for a message: 2 decimals, more only when it has more (33.333333)."""
    value = to_decimal(value, SHARE_DIGITS)
    short = value.quantize(Decimal("0.01"))
    return str(short) if short == value else f"{value.normalize():f}"
