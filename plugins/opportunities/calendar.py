"""iCalendar (RFC 5545) files from plain entries, with the icalendar library.

Times are written in UTC, so no VTIMEZONE is needed and the file cannot
drift with the tz database. UID and DTSTAMP come from the content (the item's
key and its date or last modification), never from the clock, so two builds
of one commit give the same bytes and calendar apps do not see every event
as changed at each build.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone

from common.buildcache import data_digest

PRODID = "-//Comune di Milano//Manifattura Milano//IT"
ALARM_BEFORE = timedelta(days=7)


def calendar_bytes(name: str, lang: str, entries, events=None) -> bytes:
    """``entries``: dicts with uid, summary, start, stamp (aware datetimes) and
    optional end, description, url, location, alarm (text shown a week before).
    ``events``: where the serialised event of each entry is kept ({}, shared by the calendars of one
    build: a call's deadline is in its own calendar and in the language's, and is serialised once)."""
    events = {} if events is None else events
    body = []
    for entry in sorted(entries, key=lambda e: (e["start"], e["uid"])):
        # By the entry's identity, the entry kept beside its event (its id is not reused meanwhile).
        if (id(entry), lang) not in events:
            events[id(entry), lang] = (entry, _event(entry, lang).to_ical())
        body.append(events[id(entry), lang][1])
    # icalendar writes a calendar as its own lines, then each event's, then its END line: the events'
    # lines, serialised once each by icalendar (folding included), go between the calendar's lines
    # and its END line. Equal to icalendar's serialisation of the whole (tested).
    *own, end = _calendar_lines(name)
    return b"".join(own) + b"".join(body) + end


def _calendar(name):
    # Imported when a calendar is drawn: a warm build takes every unchanged one from the last
    # build (calendar_key), and icalendar's import costs a fresh interpreter a tenth of a second.
    from icalendar import Calendar  # noqa: PLC0415

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    _add_name(calendar, name)
    calendar.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "P1D")
    return calendar


def _calendar_lines(name):
    """The lines icalendar writes for an empty calendar named ``name``, from BEGIN to END. Only its two
    name lines differ from one calendar to the next: the others are serialised once (half of the
    icalendar work of a build's 538 calendars went into the same seven lines)."""
    from icalendar import Calendar  # noqa: PLC0415 - see _calendar

    named = Calendar()
    _add_name(named, name)
    own = dict(_property_lines(named))
    return [own.get(key, line) for key, line in _common_lines()]


def _add_name(calendar, name):
    """The properties that name a calendar: the only lines that differ from one calendar to the next."""
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)


@functools.cache
def _common_lines():
    return _property_lines(_calendar("-"))


def _property_lines(component):
    """[(property name, its line as icalendar writes it, folded)] of ``component`` without its
    subcomponents, from BEGIN to END: what its ``to_ical()`` joins."""
    return [(key, component.content_line(key, value).to_ical() + b"\r\n")
            for key, value in component.property_items(recursive=False)]


def calendar_key(name: str, lang: str, entries, code: str) -> str:
    """Digest of what ``calendar_bytes(name, lang, entries)`` is made of: equal keys, equal bytes.

    ``code``: what else decides the bytes (a digest of this module's source and icalendar's version).
    Times count by their instant, as they are written in UTC; text by its type
    and characters.
    """
    return data_digest([code, _plain(name), _plain(lang), _plain(list(entries))])


def _plain(value):
    if isinstance(value, datetime):
        return ["datetime", _utc(value).isoformat()]
    if isinstance(value, str):
        return [type(value).__name__, str(value)]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    raise TypeError(f"a calendar entry holds a {type(value).__name__}: no key for it")


def _utc(moment):
    return moment.astimezone(timezone.utc)


def _event(entry, lang):
    from icalendar import Alarm, Event  # noqa: PLC0415 - see calendar_bytes

    event = Event()
    event.add("uid", entry["uid"])
    event.add("dtstamp", _utc(entry["stamp"]))
    event.add("dtstart", _utc(entry["start"]))
    if entry.get("end"):
        event.add("dtend", _utc(entry["end"]))
    event.add("summary", entry["summary"], parameters={"LANGUAGE": lang})
    if entry.get("description"):
        event.add("description", entry["description"], parameters={"LANGUAGE": lang})
    if entry.get("location"):
        event.add("location", entry["location"])
    if entry.get("url"):
        event.add("url", entry["url"])
    event.add("transp", "TRANSPARENT")
    if entry.get("alarm"):
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", entry["alarm"])
        alarm.add("trigger", -ALARM_BEFORE)
        event.add_component(alarm)
    return event
