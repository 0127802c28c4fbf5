"""Upper bounds of configured days and caps (配置上限).

A policy of 2,000,000,000 days made every claim under it fail with an
``OverflowError`` (no date is that far); a cap of 999,999 is a typo, not a
rule. Configuration checks its numbers against these bounds and names the
field in a ``ValidationError``.
"""

from odoo.exceptions import ValidationError

MAX_DAYS = 3650  # ten years: longer than any protection or recycling rule
MAX_CAP = 100000  # customers a member may hold, claim per day or lock


def check_upper_bounds(records, limits, what):
    """Raise a ``ValidationError`` for the first field of ``records`` above
    its bound. ``limits``: ``{field name: bound}``; ``what``: a function
    giving the record's description ("policy X", "pool Y")."""
    for record in records:
        for fname, bound in limits.items():
            value = record[fname]
            if value and value > bound:
                raise ValidationError(
                    record.env._(
                        "%(field)s of %(record)s is %(value)s: enter at most %(max)s.",
                        field=record._fields[fname].get_description(record.env)["string"],
                        record=what(record),
                        value=value,
                        max=bound,
                    )
                )
