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


def choices(entries, audiences, audience=None, status=None):
    """What each filter choice would show from the page filtered by (audience, status).

    {'audience': [(code, count)], 'status': [(code, count)]}: an audience is
    offered only when some call (of any status) is for it, and its count
    keeps the current status; a status's count keeps the current audience.
    A choice counted 0 leads to an empty page, so the listing shows it
    without a link.
    """
    offered = [code for code in audiences if filtered(entries, code)]
    return {
        "audience": [(code, len(filtered(entries, code, status))) for code in offered],
        "status": [(code, len(filtered(entries, audience, code))) for code in FILTER_STATUSES],
    }
