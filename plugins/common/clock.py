"""One "now" per build (DESIGN.md): SOURCE_DATE_EPOCH when set, else the clock."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def build_instant(environ=os.environ) -> datetime:
    """Whole seconds: HTML's <time datetime> and iCalendar take no fractions."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


def build_date(environ=os.environ) -> date:
    """The build's day in Milan: what a page without a date of its own shows as its last update (a page
    that showed the instant would change, and be rendered again, with every build)."""
    return build_instant(environ).astimezone(ROME).date()
