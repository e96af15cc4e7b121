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
            assert (choices(calls(ENTRIES), AUDIENCES, audience, status)
                    == by_filtering(ENTRIES, AUDIENCES, audience, status))


def test_the_counts_of_the_closing_calls_are_in_open_too():
    assert choices(calls(ENTRIES), AUDIENCES, "startup", "open") == {
        "audience": [("startup", 2), ("pmi", 1), ("scuole", 0)],
        "status": [("open", 2), ("closing", 1), ("upcoming", 0), ("closed", 0)]}


def test_every_filter_page_reads_the_calls_it_counts_though_they_are_read_once():
    """The calls' (audience, status) are read once per round of rendering and shared by the filter pages:
    the render cache must still see each page read them (a warm build re-renders the filter pages when a
    call's audience or status changes)."""
    import datetime
    from types import SimpleNamespace

    import jinja2
    from pelican.contents import Article
    from pelican.settings import DEFAULT_CONFIG

    from opportunities.wiring import add_template_helpers
    from rendering.writer import render_traced, tracing

    calls = []
    for audience, status in (["startup"], "open"), (None, "closed"):
        call = Article("", metadata={"title": "t", "date": datetime.datetime(2027, 1, 1)}, settings=DEFAULT_CONFIG)
        if audience:
            call.audience = audience
        call.opportunity_status = status
        calls.append(call)
    generator = SimpleNamespace(settings={"STRINGS": {}, "CONTENT_CODES": {"audience": AUDIENCES}},
                                env=jinja2.Environment())
    add_template_helpers(generator)
    page = generator.env.from_string("{{ (calls|opportunity_choices(None, 'open')).status }}")
    with tracing():
        rendered = [render_traced(page, {"calls": calls}) for _ in range(2)]
    assert rendered[0][0] == rendered[1][0] == str([("open", 1), ("closing", 0), ("upcoming", 0), ("closed", 1)])
    for _output, _names, reads in rendered:
        assert set(reads) == {(id(call), name) for call in calls for name in ("audience", "opportunity_status")}
