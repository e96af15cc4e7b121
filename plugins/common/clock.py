"""One "now" per build (DESIGN.md): SOURCE_DATE_EPOCH when set, else the clock."""

from __future__ import annotations

import os
import time
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

ROME = ZoneInfo("Europe/Rome")


def build_instant(environ=os.environ) -> datetime:
    """Whole seconds: HTML's <time datetime> and iCalendar take no fractions."""
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(tz=timezone.utc).replace(microsecond=0)


# How long preview builds keep one "now": see preview_instant.
PREVIEW_INSTANT_SECONDS = 300


def preview_instant(environ=os.environ, now=None) -> dict:
    """The preview's "now" as SOURCE_DATE_EPOCH, moved on every five minutes ({} when one is set).

    Every page shows the build's instant (the footer, an opportunity's status time), so a build one
    second later renders every page again; preview builds within the same five minutes (``invoke
    serve``'s saves, ``invoke build``, ``make build``: the BUILD_INSTANT_SHARED setting) render only
    the pages their edits changed (plugins/rendering). Statuses in the preview are at most five
    minutes old; production builds take the clock's second."""
    if environ.get("SOURCE_DATE_EPOCH"):
        return {}
    now = int(time.time() if now is None else now)
    return {"SOURCE_DATE_EPOCH": str(now - now % PREVIEW_INSTANT_SECONDS)}


def build_date(environ=os.environ) -> date:
    """The build's day in Milan: what a page without a date of its own shows as its last update (a page
    that showed the instant would change, and be rendered again, with every build)."""
    return build_instant(environ).astimezone(ROME).date()
