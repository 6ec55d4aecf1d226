"""Local days and times from a UTC instant plus the UTC offset the user had then.

Every logged instant carries its own offset, so a session is placed on the day
the user saw on the clock, whatever the time zone or daylight-saving rule is now.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
"""``date.toordinal()`` of 1970-01-01: local day numbers count from it."""


def local_datetime(epoch_s: float, utc_offset_s: int) -> datetime:
    """Return the aware local time of ``epoch_s`` seen at ``utc_offset_s`` seconds east of UTC."""
    zone = timezone(timedelta(seconds=utc_offset_s))
    return datetime.fromtimestamp(epoch_s, tz=zone)


def local_day_number(epoch_s: float, utc_offset_s: int) -> int:
    """Return the local day of ``epoch_s`` at ``utc_offset_s`` as days since 1970-01-01."""
    return int((epoch_s + utc_offset_s) // 86400)


def day_from_number(number: int) -> date:
    """Return the calendar day of a local day number."""
    return date.fromordinal(EPOCH_ORDINAL + number)


def day_number(day: date) -> int:
    """Return the local day number of a calendar day."""
    return day.toordinal() - EPOCH_ORDINAL


def local_day(epoch_s: float, utc_offset_s: int) -> date:
    """Return the local calendar day of ``epoch_s`` at ``utc_offset_s``."""
    return day_from_number(local_day_number(epoch_s, utc_offset_s))


def week_start(day: date) -> date:
    """Return the Monday of the ISO week that contains ``day``."""
    return day - timedelta(days=day.weekday())


def system_utc_offset(epoch_s: float) -> int:
    """Return this computer's UTC offset in seconds at the instant ``epoch_s``."""
    offset = datetime.fromtimestamp(epoch_s).astimezone().utcoffset()
    return int(offset.total_seconds()) if offset is not None else 0


def format_offset(utc_offset_s: int) -> str:
    """Return an offset as ``+01:00`` / ``-03:30``."""
    sign = "+" if utc_offset_s >= 0 else "-"
    minutes = abs(utc_offset_s) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
