"""One "now" per build (DESIGN.md): SOURCE_DATE_EPOCH when set, else the clock."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def build_instant(environ=os.environ) -> datetime:
    """Whole seconds: HTML's <time datetime> and iCalendar take no fractions."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)
