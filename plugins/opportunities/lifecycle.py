"""The lifecycle of a call at one instant, and the order calls are listed in.

Plain data in and out: an opportunity is a mapping with an aware ``deadline``
and an optional aware ``opens``. A call is open up to and including its
deadline instant (DESIGN.md), so only an instant strictly after it is closed.
"""

from __future__ import annotations

from datetime import datetime, timedelta

UPCOMING = "upcoming"
OPEN = "open"
CLOSING = "closing"
CLOSED = "closed"

CURRENT = "current"
GROUPS = (CURRENT, UPCOMING, CLOSED)
GROUP_OF = {OPEN: CURRENT, CLOSING: CURRENT, UPCOMING: UPCOMING, CLOSED: CLOSED}


def status(opportunity, instant: datetime, closing_window: timedelta = timedelta(days=7)) -> str:
    """'upcoming', 'open', 'closing' (soon) or 'closed' at ``instant``."""
    deadline = opportunity["deadline"]
    opens = opportunity.get("opens")
    if instant > deadline:
        return CLOSED
    if opens is not None and instant < opens:
        return UPCOMING
    if deadline - instant <= closing_window:
        return CLOSING
    return OPEN


def matches_status(current: str, wanted: str) -> bool:
    """A filter on 'open' keeps the calls closing soon too: they are still open."""
    return current == wanted or (wanted == OPEN and current == CLOSING)


def listing_groups(opportunities, instant, closing_window=timedelta(days=7)):
    """{'current': [...], 'upcoming': [...], 'closed': [...]} in listing order.

    Open and closing-soon calls by nearest deadline, upcoming ones by nearest
    opening, closed ones most recently closed first (the archive). Ties go by
    ``key`` so that the order never depends on the order of reading.
    """
    groups = {group: [] for group in GROUPS}
    for opportunity in opportunities:
        groups[GROUP_OF[status(opportunity, instant, closing_window)]].append(opportunity)
    groups[CURRENT].sort(key=lambda o: (o["deadline"], o.get("key", "")))
    groups[UPCOMING].sort(key=lambda o: (o["opens"], o["deadline"], o.get("key", "")))
    groups[CLOSED].sort(key=lambda o: (-o["deadline"].timestamp(), o.get("key", "")))
    return groups


def listing_order(opportunities, instant, closing_window=timedelta(days=7)):
    groups = listing_groups(opportunities, instant, closing_window)
    return [opportunity for group in GROUPS for opportunity in groups[group]]


def days_left(deadline: datetime, instant: datetime) -> int:
    """Whole days still left before ``deadline`` (0 on its last day), as the page's countdown says."""
    return max(0, int((deadline - instant).total_seconds() // 86400))
