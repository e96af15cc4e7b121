"""The filter pages' choices (plugins/opportunities/filters.py ``choices``), counted in one pass over the
calls: the same counts as filtering the calls once for each choice."""

from opportunities.filters import FILTER_STATUSES, choices, filtered

AUDIENCES = ["startup", "pmi", "scuole", "enti"]
ENTRIES = [
    {"audience": ["startup"], "status": "open"},
    {"audience": ["pmi", "startup"], "status": "closing"},
    {"audience": ["pmi", "pmi"], "status": "closed"},  # a code twice: one call
    {"status": "upcoming"},  # for no audience
    {"audience": [], "status": "open"},
    {"audience": ["altro"], "status": "closing"},  # a code that is not offered
    {"audience": ["scuole"], "status": "upcoming"},
]


def calls(entries):
    """What ``choices`` takes of each call: (audience codes, status)."""
    return [(entry.get("audience", ()), entry["status"]) for entry in entries]


def by_filtering(entries, audiences, audience=None, status=None):
    """What each choice's page would list, each counted by filtering the calls."""
    offered = [code for code in audiences if filtered(entries, code)]
    return {"audience": [(code, len(filtered(entries, code, status))) for code in offered],
            "status": [(code, len(filtered(entries, audience, code))) for code in FILTER_STATUSES]}


def test_every_filter_page_s_choices_count_what_filtering_lists():
    for audience in (None, *AUDIENCES, "altro"):
        for status in (None, *FILTER_STATUSES):
            assert choices(calls(ENTRIES), AUDIENCES, audience, status) == by_filtering(ENTRIES, AUDIENCES, audience, status)


def test_the_counts_of_the_closing_calls_are_in_open_too():
    assert choices(calls(ENTRIES), AUDIENCES, "startup", "open") == {
        "audience": [("startup", 2), ("pmi", 1), ("scuole", 0)],
        "status": [("open", 2), ("closing", 1), ("upcoming", 0), ("closed", 0)]}
