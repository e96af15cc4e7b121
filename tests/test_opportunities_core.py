"""The pure core of the opportunities plugin: lifecycle, order, words,
documents, filters, JSON-LD and calendars, without Pelican."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from icalendar import Calendar

from common.clock import ROME
from common.errors import SiteError
from content_model.dates import END_OF_DAY, parse_instant
from languages.strings import long_date
from opportunities import display
from opportunities.calendar import calendar_bytes
from opportunities.documents import document_facts
from opportunities.filters import choices, filter_combinations, filter_path, filtered, reserved_segments
from opportunities.jsonld import government_service
from opportunities.lifecycle import days_left, listing_groups, listing_order, status

from conftest import ROOT

UTC = timezone.utc
SECOND = timedelta(seconds=1)
TINY = timedelta(microseconds=1)


def tables():
    result = {}
    for lang in ("it", "en"):
        table = {}
        for name in (f"{lang}.yaml", f"opportunities.{lang}.yaml"):
            table.update(yaml.safe_load((ROOT / "theme" / "i18n" / name).read_text(encoding="utf-8")))
        result[lang] = table
    return result


TABLES = tables()


def call(deadline, opens=None, key="k", **extra):
    return {"deadline": parse_instant(deadline, END_OF_DAY), "opens": parse_instant(opens) if opens else None,
            "key": key, **extra}


# Lifecycle ---------------------------------------------------------------

def test_open_at_the_deadline_second_and_closed_just_after():
    opportunity = call("2027-03-31 12:00", opens="2027-01-15")
    deadline = opportunity["deadline"]
    assert status(opportunity, deadline) == "closing"
    assert status(opportunity, deadline + TINY) == "closed"
    assert status(opportunity, deadline + SECOND) == "closed"
    assert status(opportunity, deadline - SECOND) == "closing"


# The instants where a status changes, at the millisecond a browser's clock
# has: the same table drives test_opportunities_browser.py, so Python (the
# build) and opportunity-status.js (the visitor's clock) must agree on each.
# key: (deadline, opens) as an editor writes them.
BOUNDARY_CALLS = {"scade": ("2027-02-05 12:00", "2027-01-01"), "apre": ("2027-04-30 12:00", "2027-02-03 09:00")}
MS = timedelta(milliseconds=1)
WINDOW = timedelta(days=7)
_SCADE = parse_instant("2027-02-05 12:00")
_APRE_OPENS = parse_instant("2027-02-03 09:00")
BOUNDARIES = [
    # (call, instant, status there)
    ("scade", _SCADE - MS, "closing"),
    ("scade", _SCADE, "closing"),
    ("scade", _SCADE + MS, "closed"),
    ("scade", _SCADE - WINDOW, "closing"),
    ("scade", _SCADE - WINDOW - MS, "open"),
    ("apre", _APRE_OPENS - MS, "upcoming"),
    ("apre", _APRE_OPENS, "open"),
]


@pytest.mark.parametrize("key, instant, expected", BOUNDARIES)
def test_status_at_each_boundary_millisecond(key, instant, expected):
    deadline, opens = BOUNDARY_CALLS[key]
    assert status(call(deadline, opens), instant, WINDOW) == expected


def test_a_deadline_given_as_a_day_lasts_until_its_last_second():
    opportunity = call("2027-05-15")
    last_second = datetime(2027, 5, 15, 23, 59, 59, tzinfo=ROME)
    assert status(opportunity, last_second) == "closing"
    assert status(opportunity, last_second + SECOND) == "closed"


def test_upcoming_until_the_opening_instant():
    opportunity = call("2027-05-15", opens="2027-04-01 09:00")
    opens = opportunity["opens"]
    assert status(opportunity, opens - TINY) == "upcoming"
    assert status(opportunity, opens) == "open"


def test_closing_soon_window_is_seven_days_and_configurable():
    opportunity = call("2027-06-30 12:00")
    deadline = opportunity["deadline"]
    assert status(opportunity, deadline - timedelta(days=7)) == "closing"
    assert status(opportunity, deadline - timedelta(days=7) - SECOND) == "open"
    three = timedelta(days=3)
    assert status(opportunity, deadline - timedelta(days=4), three) == "open"
    assert status(opportunity, deadline - three, three) == "closing"


@pytest.mark.parametrize("deadline, utc_deadline", [
    # Spring forward: Sunday 28 March 2027, 02:00 becomes 03:00 (UTC+2 from then on).
    ("2027-03-28 12:00", datetime(2027, 3, 28, 10, 0, tzinfo=UTC)),
    ("2027-03-28 03:00", datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
    ("2027-03-28 01:59", datetime(2027, 3, 28, 0, 59, tzinfo=UTC)),
    # Fall back: Sunday 31 October 2027, 03:00 becomes 02:00 (UTC+1 from then on).
    ("2027-10-31 12:00", datetime(2027, 10, 31, 11, 0, tzinfo=UTC)),
    ("2027-10-31T02:30:00+02:00", datetime(2027, 10, 31, 0, 30, tzinfo=UTC)),
    ("2027-10-31T02:30:00+01:00", datetime(2027, 10, 31, 1, 30, tzinfo=UTC)),
    ("2027-10-31", datetime(2027, 10, 31, 22, 59, 59, tzinfo=UTC)),
])
def test_deadline_second_across_daylight_saving_changes(deadline, utc_deadline):
    opportunity = call(deadline)
    assert status(opportunity, utc_deadline) == "closing"
    assert status(opportunity, utc_deadline + SECOND) == "closed"


def test_deadline_text_is_the_wall_clock_in_milan_on_both_sides_of_daylight_saving():
    summer = datetime(2027, 3, 28, 10, 0, tzinfo=UTC)
    winter = datetime(2027, 10, 31, 11, 0, tzinfo=UTC)
    assert display.instant_text(summer, TABLES["it"]) == "28 marzo 2027, ore 12:00 (ora italiana)"
    assert display.instant_text(winter, TABLES["en"]) == "31 October 2027, 12:00 (Italian time)"
    assert display.instant_text(parse_instant("2027-03-31 12:00"), TABLES["it"]) == \
        "31 marzo 2027, ore 12:00 (ora italiana)"
    assert display.instant_text(parse_instant("2027-03-31 12:00"), TABLES["en"]) == \
        "31 March 2027, 12:00 (Italian time)"


def test_closing_window_counts_real_hours_across_the_spring_change():
    opportunity = call("2027-04-01 12:00")
    # 25 March 12:00 CET is 7 days minus one hour before 1 April 12:00 CEST.
    assert status(opportunity, parse_instant("2027-03-25 12:00")) == "closing"
    assert status(opportunity, parse_instant("2027-03-25 10:59:59")) == "open"


def test_days_left_at_exact_whole_days():
    deadline = parse_instant("2027-03-31 12:00")
    assert [days_left(deadline, deadline - timedelta(days=n)) for n in (0, 1, 2, 30)] == [0, 1, 2, 30]
    assert days_left(deadline, deadline - timedelta(days=2) + TINY) == 1


def test_days_left_counts_whole_days():
    deadline = parse_instant("2027-03-31 12:00")
    assert days_left(deadline, deadline - timedelta(days=3, hours=2)) == 3
    assert days_left(deadline, deadline - timedelta(hours=23)) == 0
    assert days_left(deadline, deadline + SECOND) == 0


# Listing order -------------------------------------------------------------

def test_listing_puts_open_calls_by_nearest_deadline_then_upcoming_then_the_archive():
    instant = parse_instant("2027-02-01 12:00")
    calls = [
        call("2027-06-30", opens="2027-01-01", key="open-late"),
        call("2026-10-01", opens="2026-06-01", key="closed-old"),
        call("2027-02-03", opens="2027-01-01", key="closing"),
        call("2027-09-01", opens="2027-05-01", key="upcoming-late"),
        call("2027-01-31", opens="2026-12-01", key="closed-recent"),
        call("2027-03-31", opens="2027-01-01", key="open-soon"),
        call("2027-08-01", opens="2027-03-01", key="upcoming-soon"),
    ]
    groups = listing_groups(calls, instant)
    assert [c["key"] for c in groups["current"]] == ["closing", "open-soon", "open-late"]
    assert [c["key"] for c in groups["upcoming"]] == ["upcoming-soon", "upcoming-late"]
    assert [c["key"] for c in groups["closed"]] == ["closed-recent", "closed-old"]
    assert [c["key"] for c in listing_order(list(reversed(calls)), instant)] == [
        "closing", "open-soon", "open-late", "upcoming-soon", "upcoming-late", "closed-recent", "closed-old"]


# Words and numbers ---------------------------------------------------------

def test_amounts_in_both_languages():
    amount = {"min": 5000, "max": 50000, "total": 1000000}
    assert display.amount_lines(amount, TABLES["it"]) == [
        {"label": "Contributo", "text": "da €\u00a05.000 a €\u00a050.000"},
        {"label": "Dotazione complessiva", "text": "€\u00a01.000.000"}]
    assert display.amount_lines(amount, TABLES["en"]) == [
        {"label": "Grant", "text": "€5,000 to €50,000"}, {"label": "Total budget", "text": "€1,000,000"}]
    assert display.amount_lines({"max": 2500.5}, TABLES["it"])[0]["text"] == "fino a €\u00a02.500,50"
    assert display.amount_lines({"total": 300000}, TABLES["en"]) == [{"label": "Total budget", "text": "€300,000"}]
    assert display.amount_lines(None, TABLES["en"]) == []


def test_file_sizes_use_decimal_units_and_the_language_decimal_mark():
    assert display.size_text(612, TABLES["it"]) == "612 B"
    assert display.size_text(245_300, TABLES["it"]) == "245 kB"
    assert display.size_text(1_240_000, TABLES["it"]) == "1,2 MB"
    assert display.size_text(1_240_000, TABLES["en"]) == "1.2 MB"


def test_amount_from_a_minimum_only():
    assert display.amount_lines({"min": 5000}, TABLES["it"]) == [{"label": "Contributo", "text": "da €\u00a05.000"}]
    assert display.amount_lines({"min": 5000}, TABLES["en"]) == [{"label": "Grant", "text": "from €5,000"}]


@pytest.mark.parametrize("size, text", [
    (999, "999 B"), (1000, "1.0 kB"), (10_000, "10 kB"), (1_000_000, "1.0 MB"), (10_000_000, "10 MB"),
    # The unit and the decimals follow the rounded value.
    (9_949, "9.9 kB"), (9_960, "10 kB"), (999_499, "999 kB"), (999_999, "1.0 MB"), (9_960_000, "10 MB"),
    (1_234_567_890, "1,235 MB"),
    # A megabyte is a million bytes: 1,050,000 bytes are 1.05 MB, rounded up.
    (1_050_000, "1.1 MB"),
])
def test_file_size_units_change_at_each_power_of_a_thousand(size, text):
    assert display.size_text(size, TABLES["en"]) == text


@pytest.mark.parametrize("days, text", [(0, "less than a day left"), (1, "1 day left"), (2, "2 days left")])
def test_countdown_words_at_each_edge(days, text):
    assert display.countdown_text(days, TABLES["en"]) == text


def test_every_instant_of_a_call_midnight_included_is_written_with_its_time():
    # One way for every date of a call (issue 15): an opening at midnight is "ore 00:00".
    assert display.instant_text(datetime(2027, 3, 31, 22, 0, tzinfo=UTC), TABLES["it"]) == \
        "1° aprile 2027, ore 00:00 (ora italiana)"
    opens, deadline = parse_instant("2027-04-01"), parse_instant("2027-05-15", END_OF_DAY)
    assert display.status_line("upcoming", opens, deadline, 40, TABLES["en"])["text"] == \
        "Opens on 1 April 2027, 00:00 (Italian time)"
    assert long_date(datetime(2027, 3, 31, 23, 30, tzinfo=UTC), TABLES["en"]) == "1 April 2027"


def test_an_italian_amount_keeps_the_euro_sign_with_its_number():
    assert display.euro_text(450000, TABLES["it"]) == "€\u00a0450.000"


def test_status_line_names_the_instant_it_is_about():
    opens, deadline = parse_instant("2027-04-01 09:00"), parse_instant("2027-05-15", END_OF_DAY)
    upcoming = display.status_line("upcoming", opens, deadline, 40, TABLES["it"])
    assert upcoming == {"label": "In arrivo", "text": "Apre il 1° aprile 2027, ore 09:00 (ora italiana)",
                        "datetime": "2027-04-01T09:00:00+02:00"}
    closing = display.status_line("closing", opens, deadline, 3, TABLES["en"])
    assert closing["text"] == "Closes on 15 May 2027, 23:59 (Italian time) · 3 days left"
    assert closing["datetime"] == "2027-05-15T23:59:59+02:00"
    assert display.status_line("closing", None, deadline, 0, TABLES["it"])["text"].endswith("manca meno di un giorno")
    # A call's key facts give the instants in rows of their own: beside the badge, only the countdown.
    assert display.status_line("closing", opens, deadline, 3, TABLES["it"], "when_page")["text"] == "mancano 3 giorni"
    assert display.status_line("open", opens, deadline, 40, TABLES["en"], "when_page")["text"] == ""


# Documents -----------------------------------------------------------------

def test_documents_get_type_and_size_and_missing_files_are_errors():
    sizes = {"bando.pdf": 245_300, "modulo.docx": 18_000, "TABELLA.XLSX": 9_000}
    documents = [{"title": "Bando", "file": "bando.pdf"}, {"title": "Modulo", "file": "modulo.docx"},
                 {"title": "Allegato", "file": "manca.pdf"}, {"title": "Fuori", "file": "../segreto.pdf"},
                 {"title": "Tabella", "file": "TABELLA.XLSX"}]
    facts, errors = document_facts(documents, sizes.get, "content/opportunities/x.it.md",
                                   lambda file: {"manca.pdf": 12, "../segreto.pdf": 14}.get(file))
    assert [(f["url"], f["type"], f["size"]) for f in facts] == [
        ("documents/bando.pdf", "PDF", 245_300), ("documents/modulo.docx", "DOCX", 18_000),
        ("documents/TABELLA.XLSX", "XLSX", 9_000)]  # an extension in capitals keeps its X
    assert [(e.line, e.field) for e in errors] == [(12, "documents"), (14, "documents")]
    assert "content/documents/manca.pdf does not exist" in errors[0].message
    assert "content/documents/" in errors[1].fix


@pytest.mark.parametrize("file", ["", "   ", "/etc/passwd", "../segreto.pdf", "a/../../b.pdf", "documents/bando.pdf"])
def test_a_document_path_outside_the_documents_folder_is_one_exact_error(file):
    facts, errors = document_facts([{"title": "X", "file": file}, {"title": "Ok", "file": "ok.pdf"}],
                                   {"ok.pdf": 1}.get, "content/opportunities/x.it.md", lambda name: 7)
    assert [f["file"] for f in facts] == ["ok.pdf"]
    assert errors == [SiteError("content/opportunities/x.it.md", 7, "documents",
                                f"'{file.strip()}' is not a path inside content/documents/",
                                "write the path relative to content/documents/, e.g. 'file: bando-2027.pdf'")]


def test_document_facts_are_exact_and_a_missing_file_does_not_stop_the_others():
    sizes = {"bandi/avviso.pdf": 10, "LEGGIMI": 3}
    documents = [{"title": "Manca", "file": "manca.pdf"}, {"title": " Avviso ", "file": " bandi/./avviso.pdf "},
                 {"title": "Leggimi", "file": "LEGGIMI"}]
    facts, errors = document_facts(documents, sizes.get, "content/opportunities/x.it.md")
    assert facts == [
        {"title": "Avviso", "file": "bandi/avviso.pdf", "url": "documents/bandi/avviso.pdf", "type": "PDF", "size": 10},
        {"title": "Leggimi", "file": "LEGGIMI", "url": "documents/LEGGIMI", "type": "FILE", "size": 3}]
    assert errors == [SiteError("content/opportunities/x.it.md", None, "documents",
                                "content/documents/manca.pdf does not exist",
                                "add the file to content/documents/ or correct its name")]
    assert document_facts(None, sizes.get, "x") == ([], [])


# Filters -------------------------------------------------------------------

def test_filter_paths_and_open_filter_keeps_calls_closing_soon():
    italian = {"audience": "destinatari", "status": "stato", "closing": "in-scadenza"}
    assert filter_path(italian, "startup", "closing") == "destinatari/startup/stato/in-scadenza/"
    assert filter_path({"audience": "audience", "status": "status", "open": "open"}, None, "open") == "status/open/"
    entries = [{"audience": ["startup"], "status": "open", "n": 1}, {"audience": ["pmi"], "status": "closing", "n": 2},
               {"audience": ["startup", "pmi"], "status": "closed", "n": 3}]
    assert [e["n"] for e in filtered(entries, status="open")] == [1, 2]
    assert [e["n"] for e in filtered(entries, "pmi")] == [2, 3]
    assert [e["n"] for e in filtered(entries, "startup", "closed")] == [3]
    assert len(list(filter_combinations(["startup", "pmi"]))) == 3 * 5 - 1


def test_filter_choices_leave_out_audiences_without_calls_and_count_within_the_other_filter():
    entries = [{"audience": ["startup"], "status": "open"}, {"audience": ["pmi"], "status": "closing"},
               {"audience": ["startup", "pmi"], "status": "closed"}]
    calls = [(entry["audience"], entry["status"]) for entry in entries]
    offered = choices(calls, ["startup", "pmi", "scuole"])
    assert offered == {"audience": [("startup", 2), ("pmi", 2)],
                       "status": [("open", 2), ("closing", 1), ("upcoming", 0), ("closed", 1)]}
    closed = choices(calls, ["startup", "pmi", "scuole"], status="closed")
    assert closed["audience"] == [("startup", 1), ("pmi", 1)]
    assert choices(calls, ["startup", "pmi"], audience="startup")["status"] == [
        ("open", 1), ("closing", 0), ("upcoming", 0), ("closed", 1)]


def test_every_filter_page_and_the_segments_they_reserve():
    paths = {"audience": "destinatari", "status": "stato", "open": "aperti", "closing": "in-scadenza",
             "upcoming": "in-arrivo", "closed": "chiusi"}
    assert filter_path(paths) == "" and filter_path(paths, "pmi") == "destinatari/pmi/"
    assert reserved_segments(paths) == {"destinatari", "stato", "p"}
    assert list(filter_combinations(["startup"])) == [
        (None, "open"), (None, "closing"), (None, "upcoming"), (None, "closed"), ("startup", None),
        ("startup", "open"), ("startup", "closing"), ("startup", "upcoming"), ("startup", "closed")]
    assert list(filter_combinations([])) == [(None, "open"), (None, "closing"), (None, "upcoming"), (None, "closed")]


def test_a_call_for_no_audience_is_kept_only_without_an_audience_filter():
    entries = [{"status": "open", "n": 1}, {"audience": ["pmi"], "status": "closed", "n": 2}]
    assert [e["n"] for e in filtered(entries)] == [1, 2]
    assert [e["n"] for e in filtered(entries, "pmi")] == [2]
    assert [e["n"] for e in filtered(entries, status="open")] == [1]
    assert [e["n"] for e in filtered(entries, status="closing")] == []


# JSON-LD -------------------------------------------------------------------

COMUNE = {"@type": "GovernmentOrganization", "name": "Comune di Milano", "url": "https://www.comune.milano.it"}

def test_government_service_with_monetary_grant():
    data = government_service(
        title="Contributi", summary="S", url="https://example.org/it/opportunita/c/", lang="it",
        apply_url="https://example.org/domanda", audience_labels=["Startup"],
        amount={"min": 5000, "max": 50000, "total": 1000000}, opens=None, deadline=parse_instant("2027-03-31 12:00"),
        operator=COMUNE)
    assert data["@type"] == "GovernmentService"
    assert data["serviceOperator"]["name"] == "Comune di Milano"
    assert data["areaServed"]["name"] == "Milano"
    assert data["audience"] == [{"@type": "Audience", "audienceType": "Startup"}]
    assert data["funding"]["@type"] == "MonetaryGrant"
    assert data["funding"]["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "minValue": 5000,
                                         "maxValue": 50000}
    no_amount = government_service(title="T", summary="S", url="u", lang="en", apply_url="a", audience_labels=[],
                                   amount=None, opens=None, deadline=parse_instant("2027-03-31"), operator=COMUNE)
    assert "funding" not in no_amount and "audience" not in no_amount


def test_government_service_is_exactly_the_schema_org_document():
    data = government_service(
        title="Spazi", summary="Sommario", url="https://example.org/it/opportunita/s/", lang="it",
        apply_url="https://example.org/domanda", audience_labels=["PMI", "Artigiani"], amount={"total": 200000},
        opens=parse_instant("2027-02-01 09:00"), deadline=parse_instant("2027-03-31 12:00"), operator=COMUNE)
    assert data == {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": "Spazi",
        "description": "Sommario",
        "url": "https://example.org/it/opportunita/s/",
        "inLanguage": "it",
        "serviceType": "Bando",
        "serviceOperator": COMUNE,
        "provider": COMUNE,
        "areaServed": {"@type": "City", "name": "Milano", "sameAs": "https://www.wikidata.org/wiki/Q490"},
        "availableChannel": {"@type": "ServiceChannel", "serviceUrl": "https://example.org/domanda",
                             "availableLanguage": "it"},
        "hoursAvailable": {"@type": "OpeningHoursSpecification", "validThrough": "2027-03-31T12:00:00+02:00",
                           "validFrom": "2027-02-01T09:00:00+01:00"},
        "audience": [{"@type": "Audience", "audienceType": "PMI"}, {"@type": "Audience", "audienceType": "Artigiani"}],
        "funding": {"@type": "MonetaryGrant", "funder": COMUNE,
                    "amount": {"@type": "MonetaryAmount", "currency": "EUR", "value": 200000}},
    }
    only_max = government_service(title="T", summary="S", url="u", lang="en", apply_url="a", audience_labels=[],
                                  amount={"max": 9000, "total": 90000}, opens=None,
                                  deadline=parse_instant("2027-03-31"), operator=COMUNE)
    assert only_max["funding"]["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "maxValue": 9000}
    assert only_max["hoursAvailable"] == {"@type": "OpeningHoursSpecification",
                                          "validThrough": "2027-03-31T00:00:00+02:00"}
    only_min = government_service(title="T", summary="S", url="u", lang="en", apply_url="a", audience_labels=[],
                                  amount={"min": 100}, opens=None, deadline=parse_instant("2027-03-31"),
                                  operator=COMUNE)
    assert only_min["funding"]["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "minValue": 100}


def test_calls_with_the_same_deadline_or_opening_are_listed_by_key():
    instant = parse_instant("2027-01-20 12:00")
    same = [call("2027-03-31", key="b"), call("2027-03-31", key="a"), call("2027-03-31", opens="2027-02-01", key="z"),
            call("2027-03-31", opens="2027-02-01", key="y"), call("2027-01-10", key="d"), call("2027-01-10", key="c")]
    groups = listing_groups(same, instant)
    assert [c["key"] for c in groups["current"]] == ["a", "b"]
    assert [c["key"] for c in groups["upcoming"]] == ["y", "z"]
    assert [c["key"] for c in groups["closed"]] == ["c", "d"]
    assert [c["key"] for c in listing_order(list(reversed(same)), instant)] == ["a", "b", "y", "z", "c", "d"]


def test_a_call_without_a_key_is_listed_before_keyed_ones_instead_of_breaking_the_sort():
    instant = parse_instant("2027-01-20 12:00")
    keyless = [{k: v for k, v in c.items() if k != "key"} | {"n": n} for n, c in enumerate(
        [call("2027-03-31"), call("2027-03-31"), call("2027-03-31", opens="2027-02-01"),
         call("2027-03-31", opens="2027-02-01"), call("2027-01-10"), call("2027-01-10")])]
    keyed = [call("2027-03-31", key="2027-bando", n="k1"), call("2027-03-31", opens="2027-02-01", key="2027-b", n="k2"),
             call("2027-01-10", key="2026-c", n="k3")]
    groups = listing_groups(keyed + keyless, instant)
    assert {group: [c["n"] for c in calls] for group, calls in groups.items()} == {
        "current": [0, 1, "k1"], "upcoming": [2, 3, "k2"], "closed": [4, 5, "k3"]}
    assert [c["n"] for c in listing_order(keyed + keyless, instant)] == [0, 1, "k1", 2, 3, "k2", 4, 5, "k3"]



def test_the_instant_filter_writes_each_instant_once_per_language(monkeypatch):
    """Templates write a call's deadline on every page listing it: its words are made once per
    language, for the instant in any zone (the wall clock in Milan)."""
    from types import SimpleNamespace

    from jinja2 import Environment

    from opportunities.wiring import add_template_helpers

    made = []

    def instant_text(moment, table):
        made.append(moment)
        return f"{moment:%H:%M} {table['lang']}"

    monkeypatch.setattr(display, "instant_text", instant_text)
    generator = SimpleNamespace(env=Environment(), settings={"STRINGS": {"it": {"lang": "it"}, "en": {"lang": "en"}}})
    add_template_helpers(generator)
    words = generator.env.filters["opportunity_instant"]
    deadline = datetime(2027, 3, 31, 11, 0, tzinfo=UTC)
    texts = [words(deadline, "it"), words(deadline.astimezone(ROME), "it"), words(deadline, "en"),
             words(deadline, "it")]
    assert texts == ["11:00 it", "11:00 it", "11:00 en", "11:00 it"]
    assert made == [deadline, deadline]

# Calendars -----------------------------------------------------------------

def test_an_entry_in_several_calendars_is_one_event_written_in_each():
    stamp = parse_instant(date(2027, 9, 1))
    deadline = {"uid": "opportunity-a-deadline@example.org", "stamp": stamp, "start": parse_instant("2027-10-31 12:00"),
                "summary": "Scadenza: A", "alarm": "Tra una settimana"}
    event = {"uid": "event-b@example.org", "stamp": stamp, "start": parse_instant("2027-03-28 10:00"),
             "summary": "Evento"}
    events = {}
    own = calendar_bytes("Scadenza: A", "it", [deadline], events)
    every = calendar_bytes("Calendario", "it", [deadline, event], events)
    english = calendar_bytes("Calendar", "en", [deadline], events)
    assert (own, every, english) == (calendar_bytes("Scadenza: A", "it", [deadline]),
                                     calendar_bytes("Calendario", "it", [deadline, event]),
                                     calendar_bytes("Calendar", "en", [deadline]))
    assert b"SUMMARY;LANGUAGE=en:Scadenza: A" in english
    assert sorted((entry["uid"], lang) for (_id, lang), (entry, _lines) in events.items()) == [
        ("event-b@example.org", "it"), ("opportunity-a-deadline@example.org", "en"),
        ("opportunity-a-deadline@example.org", "it")]


def test_an_event_serialised_for_one_calendar_is_written_as_it_is_in_the_next():
    """The second calendar holding an entry writes the lines kept for it, and does not serialise it again."""
    stamp = parse_instant("2027-09-01 09:00")
    deadline = {"uid": "a@x", "stamp": stamp, "start": parse_instant("2027-10-31 12:00"), "summary": "Scadenza"}
    other = {"uid": "b@x", "stamp": stamp, "start": parse_instant("2027-11-30 12:00"), "summary": "Altra"}
    kept = b"BEGIN:VEVENT\r\nUID:kept@x\r\nEND:VEVENT\r\n"
    events = {(id(deadline), "it"): (deadline, kept)}
    data = calendar_bytes("Calendario", "it", [other, deadline], events)
    assert b"X-PUBLISHED-TTL:P1D\r\n" + kept + b"BEGIN:VEVENT\r\nSUMMARY;LANGUAGE=it:Altra\r\n" in data
    assert data.endswith(b"UID:b@x\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    assert b"UID:a@x" not in data


def test_a_calendar_is_icalendars_serialisation_of_the_whole_calendar():
    """Events serialised one by one and written in the calendar: the bytes icalendar writes for the
    calendar holding them, long lines folded at 75 octets included (multi-byte characters whole)."""
    from opportunities.calendar import PRODID, _event

    stamp = parse_instant("2027-09-01 09:00")
    entries = [
        {"uid": "opportunity-a@x", "stamp": stamp, "start": parse_instant("2027-10-31 12:00"),
         "summary": "Scadenza: Città più è " * 6, "description": "Perché; sì, “così” — à la ligne\n" * 9,
         "url": "https://example.org/it/opportunita/" + "à" * 80 + "/", "alarm": "Tra una settimana: è " * 8},
        {"uid": "event-b@x", "stamp": stamp, "start": parse_instant("2027-03-28 10:00"),
         "end": parse_instant("2027-03-28 12:00"), "summary": "Evento", "location": "Via Ripamonti, Milano " * 5},
    ]
    whole = Calendar()
    for name, value in (("prodid", PRODID), ("version", "2.0"), ("calscale", "GREGORIAN"), ("method", "PUBLISH"),
                        ("name", "Calendario è " * 9), ("x-wr-calname", "Calendario è " * 9)):
        whole.add(name, value)
    whole.add("refresh-interval", timedelta(days=1), parameters={"VALUE": "DURATION"})
    whole.add("x-published-ttl", "P1D")
    for entry in sorted(entries, key=lambda e: e["start"]):
        whole.add_component(_event(entry, "it"))
    assert calendar_bytes("Calendario è " * 9, "it", entries, {}) == whole.to_ical()
    assert len(whole.to_ical().split(b"\r\n ")) > 12


def test_calendar_parses_back_with_utc_times_stable_stamps_and_an_alarm():
    deadline = parse_instant("2027-10-31 12:00")
    stamp = parse_instant(date(2027, 9, 1))
    entries = [
        {"uid": "opportunity-a-deadline@example.org", "stamp": stamp, "start": deadline, "summary": "Scadenza: A",
         "description": "Riga; con, virgole", "url": "https://example.org/it/a/", "alarm": "Tra una settimana"},
        {"uid": "event-b@example.org", "stamp": stamp, "start": parse_instant("2027-03-28 10:00"),
         "end": parse_instant("2027-03-28 12:00"), "summary": "Evento", "location": "Via Ripamonti, Milano"},
    ]
    data = calendar_bytes("Calendario", "it", entries)
    assert data == calendar_bytes("Calendario", "it", list(reversed(entries)))
    calendar = Calendar.from_ical(data)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = calendar.walk("VEVENT")
    assert [str(e["UID"]) for e in events] == ["event-b@example.org", "opportunity-a-deadline@example.org"]
    event_b, deadline_event = events
    assert event_b.decoded("DTSTART") == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
    assert deadline_event.decoded("DTSTART") == datetime(2027, 10, 31, 11, 0, tzinfo=UTC)
    assert deadline_event.decoded("DTSTAMP") == stamp.astimezone(UTC)
    assert str(deadline_event["DESCRIPTION"]) == "Riga; con, virgole"
    alarm = deadline_event.walk("VALARM")[0]
    assert alarm.decoded("TRIGGER") == -timedelta(days=7) and str(alarm["ACTION"]) == "DISPLAY"
    assert all(line.endswith(b"\r") or line == b"" for line in data.split(b"\n"))


def test_a_calendar_is_these_exact_bytes():
    """Every line a calendar app reads, in UTC; on the same start the uid decides the order."""
    rome = timezone(timedelta(hours=1))
    stamp, start = datetime(2027, 1, 2, 9, 0, tzinfo=rome), datetime(2027, 3, 1, 10, 0, tzinfo=rome)
    full = {"uid": "b@x", "stamp": stamp, "start": start, "end": datetime(2027, 3, 1, 12, 0, tzinfo=rome),
            "summary": "Evento", "description": "Riga; con, virgole", "location": "Via Roma 1",
            "url": "https://example.org/b", "alarm": "Scade tra 7 giorni"}
    bare = {"uid": "a@x", "stamp": stamp, "start": start, "summary": "Solo", "end": None, "description": "",
            "location": "", "url": "", "alarm": ""}
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Comune di Milano//Manifattura Milano//IT",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH", "NAME:Bandi", "X-WR-CALNAME:Bandi",
             "REFRESH-INTERVAL;VALUE=DURATION:P1D", "X-PUBLISHED-TTL:P1D",
             "BEGIN:VEVENT", "SUMMARY;LANGUAGE=it:Solo", "DTSTART:20270301T090000Z", "DTSTAMP:20270102T080000Z",
             "UID:a@x", "TRANSP:TRANSPARENT", "END:VEVENT",
             "BEGIN:VEVENT", "SUMMARY;LANGUAGE=it:Evento", "DTSTART:20270301T090000Z", "DTEND:20270301T110000Z",
             "DTSTAMP:20270102T080000Z", "UID:b@x", "DESCRIPTION;LANGUAGE=it:Riga\\; con\\, virgole",
             "LOCATION:Via Roma 1", "TRANSP:TRANSPARENT", "URL:https://example.org/b",
             "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Scade tra 7 giorni", "TRIGGER:-P7D", "END:VALARM",
             "END:VEVENT", "END:VCALENDAR", ""]
    assert calendar_bytes("Bandi", "it", [full, bare]).decode() == "\r\n".join(lines)
    assert b"SUMMARY;LANGUAGE=en:Solo" in calendar_bytes("Bandi", "en", [bare])


def test_calendar_times_are_utc_whatever_the_machines_zone(monkeypatch):
    import time

    start = datetime(2027, 3, 1, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    entry = {"uid": "a@x", "stamp": start, "start": start, "summary": "S"}
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        data = calendar_bytes("Bandi", "it", [entry])
    finally:
        monkeypatch.undo()
        time.tzset()
    assert b"DTSTART:20270301T090000Z\r\n" in data and b"TZID" not in data
