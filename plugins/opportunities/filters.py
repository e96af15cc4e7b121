"""Static filter pages: every audience, every status and every pair of them.

Each combination is a page of its own so that filtering needs no JavaScript;
with a handful of codes this is a few dozen small pages per language.
"""

from __future__ import annotations

from .lifecycle import matches_status

FILTER_STATUSES = ("open", "closing", "upcoming", "closed")


def filter_path(paths, audience=None, status=None) -> str:
    """The path of a filter page below the section's listing ('' for no filter).

    ``paths``: the language's filter segments (LOCALISED_PATHS[lang]["filters"]:
    "audience", "status" and one per status)."""
    parts = []
    if audience:
        parts += [paths["audience"], audience]
    if status:
        parts += [paths["status"], paths[status]]
    return "".join(part + "/" for part in parts)


def filter_combinations(audiences):
    """Every (audience, status) pair a page is written for, (None, None) excluded."""
    for audience in (None, *audiences):
        for status in (None, *FILTER_STATUSES):
            if audience or status:
                yield audience, status


def filtered(entries, audience=None, status=None):
    """``entries`` (mappings with 'audience' and 'status') kept by the filter, in their order."""
    return [
        entry for entry in entries
        if (audience is None or audience in entry.get("audience", ()))
        and (status is None or matches_status(entry["status"], status))
    ]


def reserved_segments(paths) -> set[str]:
    """First path segments below the listing that the filter pages use."""
    return {paths["audience"], paths["status"], "p"}


def choices(calls, audiences, audience=None, status=None):
    """What each filter choice would show from the page filtered by (audience, status).

    ``calls``: (audience codes, status) of each call, in any order.
    {'audience': [(code, count)], 'status': [(code, count)]}: an audience is
    offered only when some call (of any status) is for it, and its count
    keeps the current status; a status's count keeps the current audience.
    A choice counted 0 leads to an empty page, so the listing shows it
    without a link.
    """
    # One pass over the calls (the listing and its 90 filter pages call this with every call of a
    # language): filtering once per choice walked them 2 x audiences + 4 times a page.
    known = set(audiences)
    with_calls = dict.fromkeys(audiences, 0)  # calls for the audience, any status
    in_status = dict.fromkeys(audiences, 0)  # calls for the audience in the current status
    by_status = dict.fromkeys(FILTER_STATUSES, 0)  # calls in the status for the current audience
    for codes, current in calls:
        kept_by_status = status is None or matches_status(current, status)
        for code in known.intersection(codes):
            with_calls[code] += 1
            if kept_by_status:
                in_status[code] += 1
        if audience is None or audience in codes:
            for code in FILTER_STATUSES:
                if matches_status(current, code):
                    by_status[code] += 1
    return {
        "audience": [(code, in_status[code]) for code in audiences if with_calls[code]],
        "status": list(by_status.items()),
    }
