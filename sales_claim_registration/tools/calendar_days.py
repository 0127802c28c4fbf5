"""One definition of a day (天) for every countdown of the suite.

A day is a calendar day in the time zone of the user looking (their
preference), else of their company (its address's time zone), else UTC.
"Days left" before a deadline is the number of calendar days from today to
the deadline's day, never negative: a claim ending tomorrow at 09:00 has 1
day left this evening and this morning alike. Claims, pools, caps, filters,
reports and the countdowns on screens all use these functions, so
"3 days left" means the same everywhere. Datetimes are Odoo's naive UTC.
"""

from datetime import datetime, time, timedelta

import pytz


def day_tz(env, user=None):
    """The time zone that defines the day for ``user`` (default: ``env``'s user)."""
    user = user or env.user
    name = user.tz or user.company_id.partner_id.tz or env.company.partner_id.tz or "UTC"
    try:
        return pytz.timezone(name)
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def local_day(env, moment, user=None):
    """The calendar day of the naive UTC datetime ``moment`` for the user."""
    return pytz.utc.localize(moment).astimezone(day_tz(env, user)).date()


def day_start(env, day, user=None):
    """The naive UTC datetime at which the calendar day ``day`` begins for the user."""
    local = day_tz(env, user).localize(datetime.combine(day, time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def today_start(env, now, user=None):
    """The naive UTC datetime at which the user's today (the day of ``now``) began."""
    return day_start(env, local_day(env, now, user), user)


# The same choice of time zone in SQL, for views: the user's partner
# (alias ``user_partner``), else the partner of the user's company (alias
# ``company_partner``), else UTC; and the start of that user's today in UTC.
DAY_TZ_SQL = "COALESCE(NULLIF(user_partner.tz, ''), NULLIF(company_partner.tz, ''), 'UTC')"
TODAY_START_SQL = (
    f"((date_trunc('day', now() AT TIME ZONE {DAY_TZ_SQL}) AT TIME ZONE {DAY_TZ_SQL}) "
    "AT TIME ZONE 'UTC')"
)


def days_left(env, deadline, now):
    """Calendar days from ``now``'s day to ``deadline``'s day, at least 0; 0 without deadline."""
    if not deadline:
        return 0
    return max(0, (local_day(env, deadline) - local_day(env, now)).days)


def days_left_domain(env, field, operator, value, now):
    """Domain on the datetime ``field`` for "days left ``operator`` ``value``".

    The exact counterpart of ``days_left``: a record is found by
    ``days_left <= 3`` when, and only when, its computed days left are at
    most 3. Records without deadline have no days left to compare.
    """
    today = local_day(env, now)
    value = int(value or 0)

    def start(offset):
        return day_start(env, today + timedelta(days=offset))

    if operator == "<":
        return [(field, "!=", False), (field, "<", start(value))] if value > 0 else [(0, "=", 1)]
    if operator == "<=":
        return (
            [(field, "!=", False), (field, "<", start(value + 1))] if value >= 0 else [(0, "=", 1)]
        )
    if operator == ">":
        return days_left_domain(env, field, ">=", value + 1, now)
    if operator == ">=":
        return [(field, ">=", start(value))] if value > 0 else [(field, "!=", False)]
    if operator == "=":
        if value < 0:
            return [(0, "=", 1)]
        if value == 0:
            return [(field, "!=", False), (field, "<", start(1))]
        return [(field, ">=", start(value)), (field, "<", start(value + 1))]
    raise ValueError(operator)
