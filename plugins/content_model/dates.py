"""Dates as editors write them, read as instants in Europe/Rome.

Accepted: ``2027-01-15``, ``2027-03-31 12:00``, ``2027-03-31 12:00:00`` and
ISO 8601 with an offset (``2027-03-31T12:00:00+02:00``). A local time that
does not exist or is ambiguous at a daylight-saving change is refused,
because the deadline of a call must not depend on a guess.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone

from common.clock import ROME

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCAL = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?$")
_WITH_OFFSET = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})$")

FORMS = "2027-01-15, 2027-03-31 12:00, 2027-03-31 12:00:00 or 2027-03-31T12:00:00+02:00"
START_OF_DAY = time(0, 0, 0)
# Years outside these are typos; they also keep every date arithmetic
# downstream (calendars, a day's end, UTC) inside what datetime can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2199
END_OF_DAY = time(23, 59, 59)


class DateError(ValueError):
    """A date that cannot be read; the message says why and how to write it."""


def parse_instant(value, day_time: time = START_OF_DAY) -> datetime:
    """Return an aware datetime in Europe/Rome.

    ``day_time`` is the time given to a date without one (23:59:59 for a
    deadline, midnight otherwise).
    """
    try:
        instant = _parse(value, day_time)
    except OverflowError:
        raise DateError(f"'{value}' is outside the dates the site can show") from None
    if not FIRST_YEAR <= instant.year <= LAST_YEAR:
        raise DateError(f"'{value}' is not between {FIRST_YEAR} and {LAST_YEAR}: is the year mistyped?")
    return instant


def _parse(value, day_time):
    if isinstance(value, datetime):
        return _localise(value) if value.tzinfo is None else value.astimezone(ROME)
    if isinstance(value, date):
        return _localise(datetime.combine(value, day_time))
    text = str(value).strip()
    try:
        if _DATE_ONLY.match(text):
            return _localise(datetime.combine(date.fromisoformat(text), day_time))
        if _LOCAL.match(text):
            return _localise(datetime.fromisoformat(_pad_hour(text)))
        if _WITH_OFFSET.match(text):
            return datetime.fromisoformat(_pad_hour(text).replace("Z", "+00:00")).astimezone(ROME)
    except DateError:
        raise
    except ValueError as exc:
        raise DateError(f"'{text}' is not a real date or time ({exc})") from None
    raise DateError(f"'{text}' is not a date in a known form")


def _pad_hour(text: str) -> str:
    return re.sub(r"([ T])(\d):", r"\g<1>0\2:", text, count=1)


def _localise(naive: datetime) -> datetime:
    first = naive.replace(tzinfo=ROME, fold=0)
    if first.astimezone(timezone.utc).astimezone(ROME).replace(tzinfo=None) != naive:
        raise DateError(
            f"{naive:%Y-%m-%d %H:%M} does not exist in Italy (clocks go forward at the start "
            "of summer time); choose a time outside 02:00-03:00 that day"
        )
    if first.utcoffset() != naive.replace(tzinfo=ROME, fold=1).utcoffset():
        raise DateError(
            f"{naive:%Y-%m-%d %H:%M} happens twice in Italy (clocks go back at the end of "
            "summer time); add the offset, e.g. +02:00 for the first or +01:00 for the second"
        )
    return first
