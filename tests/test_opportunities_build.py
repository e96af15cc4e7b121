"""The opportunities plugin in real builds of a fixture site (all plugins,
SOURCE_DATE_EPOCH fixed at 2027-02-01 12:00 UTC = 13:00 in Milan)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import lxml.html
import pytest
from icalendar import Calendar

from conftest import FixtureSite, run_site_build

UTC = timezone.utc
AFTER_EVERY_DEADLINE = str(int(datetime(2028, 1, 1, tzinfo=UTC).timestamp()))
DOCUMENT_SIZE = 12_345


def opportunity(title, deadline, opens=None, audience=(), extra=""):
    lines = [f"title: {title}", f"summary: Sommario di {title}.", "date: 2026-12-01", f"deadline: {deadline}",
             "apply_url: https://www.comune.milano.it/domanda"]
    if opens:
        lines.append(f"opens: {opens}")
    if audience:
        lines.append(f"audience: [{', '.join(audience)}]")
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\nTesto.\n"


CALLS = {
    # key: (deadline, opens, audience, extra, languages)
    "aperto": ("2027-03-31 12:00", "2027-01-10", ["startup", "pmi"],
               "amount: {min: 5000, max: 50000, total: 1000000}\n"
               "documents:\n  - title: Avviso pubblico\n    file: avviso.pdf\ncontact: bandi@comune.milano.it\n",
               ("it", "en")),
    "in-scadenza": ("2027-02-05 12:00", "2027-01-01", ["artigiani"], "", ("it", "en")),
    "aperto-lontano": ("2027-06-30", None, ["startup"], "amount: 20000\n", ("it", "en")),
    "in-arrivo": ("2027-05-15", "2027-04-01 09:00", ["scuole"], "", ("it", "en")),
    "chiuso": ("2027-01-31 12:00", "2026-12-01", ["startup"], "", ("it",)),
    "chiuso-prima": ("2026-12-20", None, ["pmi"], "", ("it", "en")),
}
ITALIAN_ORDER = ["in-scadenza", "aperto", "aperto-lontano", "in-arrivo", "chiuso", "chiuso-prima"]


def write_events(site):
    """A lab and two events on the days the clocks change."""
    site.write_data("labs.yaml", """
        # yaml-language-server: $schema=./schemas/labs.schema.json
        - id: fablab-prova
          name: Officina di prova
          kind: fablab
          address: Via Ripamonti 1, 20141 Milano
          municipio: 5
          lat: 45.44
          lon: 9.20
        """)
    site.write_data("events.yaml", """
        # yaml-language-server: $schema=./schemas/events.schema.json
        - id: giornata-ora-legale
          title: {it: Giornata del cambio d'ora, en: Clock change day}
          start: 2027-03-28 10:00
          end: 2027-03-28 12:00
          venue: Via Ripamonti 1, Milano
          url: https://www.comune.milano.it/evento
          lab: fablab-prova
        - id: serata-ottobre
          title: {it: Serata di ottobre, en: October evening}
          start: 2027-10-31 18:00
          venue: Via Ripamonti 1, Milano
          url: https://www.comune.milano.it/serata
          lab: fablab-prova
        """)


def make_site(base):
    site = FixtureSite(base)
    write_events(site)
    for key, (deadline, opens, audience, extra, languages) in CALLS.items():
        for lang in languages:
            title = f"{key} {lang}"
            site.write(f"opportunities/{key}.{lang}.md", opportunity(title, deadline, opens, audience, extra))
    (site.content / "documents").mkdir()
    (site.content / "documents" / "avviso.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * (DOCUMENT_SIZE - 9))
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("opportunities"))
    result = site.build_ok()
    return site, result


@pytest.fixture(scope="module")
def rebuilt_later(built):
    """The same content built again, at an instant after every deadline."""
    site, _ = built
    result = run_site_build(site.content, site.base / "output-later", data=site.data,
                            env={"SOURCE_DATE_EPOCH": AFTER_EVERY_DEADLINE})
    assert result.returncode == 0, result.stderr
    return result


def html(result, relpath):
    return lxml.html.fromstring(result.read(relpath))


def card_keys(tree):
    return [a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in tree.cssselect(".card-title a")]


def test_listing_shows_open_calls_by_deadline_then_upcoming_then_the_archive(built):
    _, result = built
    tree = html(result, "it/opportunita/index.html")
    assert card_keys(tree) == ITALIAN_ORDER
    headings = [h.text_content() for h in tree.cssselect(".opportunity-group > h2")]
    assert headings == ["Bandi aperti", "Di prossima apertura", "Archivio dei bandi chiusi"]
    statuses = [p.get("data-opportunity-status") for p in tree.cssselect(".opportunity-status")]
    assert statuses == ["closing", "open", "open", "upcoming", "closed", "closed"]


def test_english_listing_marks_the_italian_only_call(built):
    _, result = built
    tree = html(result, "en/opportunities/index.html")
    assert card_keys(tree) == ITALIAN_ORDER
    foreign = tree.cssselect(".card-foreign")
    assert len(foreign) == 1 and foreign[0].get("lang") == "it"
    assert "Chiuso" in foreign[0].cssselect(".opportunity-status .badge")[0].text_content()


def test_cards_show_audience_amount_and_the_one_date_of_their_status(built):
    _, result = built
    tree = html(result, "en/opportunities/index.html")
    card = [c for c in tree.cssselect("article.card") if c.cssselect('a[href$="/aperto/"]')][0]
    facts = {dt.text_content(): dd for dt, dd in zip(card.cssselect("dt"), card.cssselect("dd"))}
    assert list(facts) == ["For", "Grant", "Total budget"]
    assert facts["For"].text_content() == "Startups, Small and medium-sized enterprises (SMEs)"
    assert facts["Grant"].text_content() == "€5,000 to €50,000"
    assert facts["Total budget"].text_content() == "€1,000,000"
    [when] = card.cssselect("time")
    assert when.text_content() == "Closes on 31 March 2027, 12:00 (Italian time)"
    assert when.get("datetime") == "2027-03-31T12:00:00+02:00"


def test_every_status_carries_its_instant_and_the_page_says_when_it_was_computed(built):
    _, result = built
    tree = html(result, "it/opportunita/index.html")
    for element in tree.cssselect(".opportunity-status"):
        when = element.cssselect("time[data-role=when]")[0]
        about = element.get("data-opens") if element.get("data-opportunity-status") == "upcoming" \
            else element.get("data-deadline")
        assert when.get("datetime") == about
    closing = tree.cssselect('.opportunity-status[data-opportunity-status="closing"] time')[0]
    assert closing.text_content() == "Scade il 5 febbraio 2027, ore 12:00 (ora italiana) · mancano 3 giorni"
    note = tree.cssselect(".opportunity-computed")[0]
    assert note.text_content() == "Stato calcolato il 1° febbraio 2027, ore 13:00 (ora italiana)"
    assert note.cssselect("time")[0].get("datetime") == "2027-02-01T12:00:00+00:00"
    scripts = [s.get("src") for s in tree.cssselect("script[src]")]
    assert "/theme/js/opportunity-status.js" in scripts
    assert result.exists("theme/js/opportunity-status.js")


@pytest.mark.parametrize("path, expected", [
    ("it/opportunita/destinatari/startup/", ["aperto", "aperto-lontano", "chiuso"]),
    ("it/opportunita/stato/aperti/", ["in-scadenza", "aperto", "aperto-lontano"]),
    ("it/opportunita/stato/in-scadenza/", ["in-scadenza"]),
    ("it/opportunita/stato/chiusi/", ["chiuso", "chiuso-prima"]),
    ("en/opportunities/audience/startup/status/closed/", ["chiuso"]),
    ("en/opportunities/audience/pmi/status/upcoming/", []),
    ("en/opportunities/status/upcoming/", ["in-arrivo"]),
])
def test_filter_pages_work_without_javascript(built, path, expected):
    _, result = built
    tree = html(result, path + "index.html")
    assert card_keys(tree) == expected
    if not expected:
        assert tree.cssselect(".opportunity-none")


def test_filter_pages_link_the_same_filter_in_the_other_language(built):
    _, result = built
    tree = html(result, "it/opportunita/destinatari/startup/stato/aperti/index.html")
    hreflang = {link.get("hreflang"): link.get("href") for link in tree.cssselect('link[rel=alternate][hreflang]')}
    assert hreflang["en"].endswith("/en/opportunities/audience/startup/status/open/")
    assert hreflang["it"].endswith("/it/opportunita/destinatari/startup/stato/aperti/")
    current = [a.get("href") for a in tree.cssselect(".opportunity-filters a[aria-current=page]")]
    assert current == ["/it/opportunita/destinatari/startup/stato/aperti/"] * 2
    links = {a.get("href") for a in tree.cssselect(".opportunity-filters a")}
    assert "/it/opportunita/destinatari/pmi/stato/aperti/" in links
    assert "/it/opportunita/destinatari/startup/stato/chiusi/" in links
    for href in links:
        assert result.exists(href.lstrip("/") + "index.html"), href


def test_key_facts_of_a_call(built):
    _, result = built
    tree = html(result, "it/opportunita/aperto/index.html")
    box = tree.cssselect(".key-facts")[0]
    facts = {dt.text_content(): dd for dt, dd in zip(box.cssselect("dt"), box.cssselect("dd"))}
    assert facts["Stato"].cssselect(".badge")[0].text_content() == "Aperto"
    assert facts["Scadenza"].cssselect("time")[0].text_content() == "31 marzo 2027, ore 12:00 (ora italiana)"
    assert facts["Apertura"].text_content() == "10 gennaio 2027, ore 00:00 (ora italiana)"
    assert [li.text_content() for li in facts["Importo"].cssselect("li")] == [
        "Contributo: da €\u00a05.000 a €\u00a050.000", "Dotazione complessiva: €\u00a01.000.000"]
    assert [a.text_content() for a in facts["Chi può partecipare"].cssselect("a")] == [
        "Startup", "Piccole e medie imprese"]
    assert facts["Come partecipare"].cssselect("a")[0].get("href") == "https://www.comune.milano.it/domanda"
    document = facts["Documenti"].cssselect("li")[0]
    assert document.cssselect("a")[0].get("href") == "/documents/avviso.pdf"
    assert document.cssselect(".document-meta")[0].text_content() == "(PDF, 12 kB)"
    assert (result.output / "documents" / "avviso.pdf").stat().st_size == DOCUMENT_SIZE
    assert facts["Contatti"].text_content() == "bandi@comune.milano.it"
    assert facts["Scadenza"].cssselect("a")[0].get("href") == "/it/opportunita/aperto/deadline.ics"


def test_json_ld_government_service(built):
    _, result = built
    tree = html(result, "en/opportunities/aperto/index.html")
    blocks = [json.loads(s.text) for s in tree.cssselect('script[type="application/ld+json"]')]
    service = [b for b in blocks if b.get("@type") == "GovernmentService"]
    assert len(service) == 1
    service = service[0]
    assert service["name"] == "aperto en"
    # The organisation as the English header names it (strings' parent_body and parent_url).
    assert service["serviceOperator"] == {"@type": "GovernmentOrganization", "name": "City of Milan",
                                          "url": "https://www.comune.milano.it"}
    assert service["areaServed"]["name"] == "Milano"
    assert [a["audienceType"] for a in service["audience"]] == ["Startups", "Small and medium-sized enterprises (SMEs)"]
    assert service["funding"]["amount"] == {"@type": "MonetaryAmount", "currency": "EUR", "minValue": 5000,
                                            "maxValue": 50000}
    assert service["url"].endswith("/en/opportunities/aperto/")


def parse_calendar(result, relpath):
    return Calendar.from_ical(result.output.joinpath(relpath).read_bytes())


def test_deadline_calendar_of_one_call(built):
    _, result = built
    calendar = parse_calendar(result, "it/opportunita/aperto/deadline.ics")
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2027, 3, 31, 10, 0, tzinfo=UTC)
    assert str(event["SUMMARY"]) == "Scadenza: aperto it"
    assert str(event["UID"]).startswith("opportunity-aperto-deadline@")
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 30, 23, 0, tzinfo=UTC)
    (alarm,) = event.walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(days=7)


def test_language_calendars_hold_every_deadline_and_every_event(built):
    _, result = built
    for lang, keys in (("it", set(CALLS)), ("en", set(CALLS) - {"chiuso"})):
        calendar = parse_calendar(result, f"{lang}/calendar.ics")
        events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
        deadlines = {uid[len("opportunity-"):-len("-deadline")] for uid in events if uid.startswith("opportunity-")}
        assert deadlines == keys
        assert {uid for uid in events if uid.startswith("event-")} == {"event-giornata-ora-legale",
                                                                       "event-serata-ottobre"}
        spring = events["event-giornata-ora-legale"]
        assert spring.decoded("DTSTART") == datetime(2027, 3, 28, 8, 0, tzinfo=UTC)
        assert spring.decoded("DTEND") == datetime(2027, 3, 28, 10, 0, tzinfo=UTC)
        assert events["event-serata-ottobre"].decoded("DTSTART") == datetime(2027, 10, 31, 17, 0, tzinfo=UTC)
        assert str(spring["SUMMARY"]) == {"it": "Giornata del cambio d'ora", "en": "Clock change day"}[lang]


def test_calendars_do_not_depend_on_the_clock(built, rebuilt_later):
    _, result = built
    for relpath in ("it/calendar.ics", "en/calendar.ics", "it/opportunita/aperto/deadline.ics"):
        assert result.output.joinpath(relpath).read_bytes() == rebuilt_later.output.joinpath(relpath).read_bytes()


def test_statuses_follow_the_build_instant(rebuilt_later):
    tree = html(rebuilt_later, "it/opportunita/index.html")
    assert {p.get("data-opportunity-status") for p in tree.cssselect(".opportunity-status")} == {"closed"}
    assert tree.cssselect(".opportunity-group > h2")[0].text_content() == "Archivio dei bandi chiusi"
    assert not html(rebuilt_later, "it/index.html").cssselect(".home-opportunities")


def test_home_shows_the_calls_closing_soon(built):
    _, result = built
    for lang in ("it", "en"):
        section = html(result, f"{lang}/index.html").cssselect(".home-opportunities")[0]
        assert card_keys(section) == ["in-scadenza"]
        assert section.cssselect(".opportunity-computed time")


def test_bad_documents_and_reserved_slugs_refuse_the_build(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("opportunities/senza-file.it.md", opportunity(
        "Senza file", "2027-03-31", extra="documents:\n  - title: Bando\n    file: manca.pdf\n"))
    site.write("opportunities/fuori.it.md", opportunity(
        "Fuori", "2027-03-31", extra="documents:\n  - title: Bando\n    file: ../pages/privacy.it.md\n"))
    site.write("opportunities/filtro.it.md", opportunity("Filtro", "2027-03-31", extra="slug: stato\n"))
    result = site.build()
    assert result.returncode == 2, result.stderr
    assert not result.output.exists()
    assert "content/opportunities/senza-file.it.md:9: field 'documents': content/documents/manca.pdf does not exist" \
        in result.stderr
    assert "content/opportunities/fuori.it.md:9: field 'documents'" in result.stderr
    assert "content/opportunities/filtro.it.md:7: field 'slug': 'stato' is the name of the listing's filter pages" \
        in result.stderr
