"""The registries in real builds of fixture sites: pages in both languages,
filters, map, charts, open data, JSON-LD, escaping, and a refused build."""

from __future__ import annotations

import csv
import functools
import io
import json
import operator
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from conftest import ROOT, FixtureSite, news
from site_model import model_from_file

SCRIPT_NAME = "<script>alert(1)</script>"
# Text that would end a <script> element, open an HTML comment inside one (which
# hides the next "</script>"), break out of a quoted value, or end a line in
# old JavaScript (U+2028): it goes through every JSON-LD block a page has.
HOSTILE_TEXT = "</script><script>alert(2)</script><!-- \"a\" 'b' c\u2028d & e"
HOSTILE = json.dumps(HOSTILE_TEXT)  # a JSON string is a YAML double-quoted one: the fixture files' spelling

LABS = f"""\
# yaml-language-server: $schema=./schemas/labs.schema.json
- id: officina-centro
  name: "{SCRIPT_NAME}"
  kind: fablab
  address: Via Dante 1, Milano
  municipio: 1
  lat: 45.4660
  lon: 9.1860
  services: [stampa-3d, taglio-laser]
  accessible: true
  qualified_since: 2026-10-01
  website: https://example.org/centro
  description:
    it: {HOSTILE}
    en: {HOSTILE}
- id: makers-nord
  name: Makers Nord
  kind: makerspace
  address: Via Nord 2, Milano
  municipio: 9
  lat: 45.5050
  lon: 9.1900
  services: [stampa-3d, elettronica]
  description:
    it: Solo in italiano, per ora.
  example: true
- id: hub-sud
  name: Hub Sud
  kind: hub
  address: Via Sud 3, Milano
  municipio: 5
  lat: 45.4400
  lon: 9.2000
  source: https://example.org/hub
"""
SPACES = """\
# yaml-language-server: $schema=./schemas/spaces.schema.json
- id: capannone-est
  name:
    it: Capannone est
    en: East shed
  address: Via Est 4, Milano
  municipio: 3
  lat: 45.4800
  lon: 9.2400
  area_m2: 300
  status: disponibile
  opportunity: bando-spazi
  example: true
"""
EVENTS = """\
# yaml-language-server: $schema=./schemas/events.schema.json
- id: passato
  title: {it: Evento passato, en: Past event}
  start: 2026-12-01 18:00
  venue: Sala Uno
  url: https://example.org/passato
  lab: officina-centro
- id: futuro-lontano
  title: {it: Evento lontano}
  start: 2027-05-01 10:00
  end: 2027-05-02 13:00
  venue: Sala Due
  url: https://example.org/lontano
  lab: makers-nord
- id: futuro-vicino
  title: {it: Evento vicino, en: Near event}
  start: 2027-03-01 10:00
  end: 2027-03-01 12:00
  venue: Sala Tre
  url: https://example.org/vicino
  lab: officina-centro
""" + f"""\
  description: {{it: {HOSTILE}}}
"""
AREAS = """\
# yaml-language-server: $schema=./schemas/areas.schema.json
- id: spazi-citta
  kind: area
  title: {it: Spazi della città, en: City spaces}
  description: {it: Spazi per chi produce., en: Spaces for makers.}
  tag: {it: spazi, en: spaces}
- id: metodo-aperto
  kind: principle
  title: {it: Governance aperta}
  description: {it: Decisioni condivise.}
"""
OPPORTUNITY = f"""\
---
title: Bando spazi
summary: {HOSTILE}
date: 2027-01-10
deadline: 2027-04-30
apply_url: https://example.org/bando
tags: [spazi]
---
Testo.
"""


# Fixture figures (not the programme's): two in one chart, one percentage.
INDICATORS = """
# yaml-language-server: $schema=./schemas/indicators.schema.json
- id: botteghe-prova
  label: {it: Botteghe di prova, en: Test workshops}
  value: 12345
  unit: count
  chart: prova
  source: Registro di prova
  source_url: https://example.org/registro
- id: officine-prova
  label: {it: Officine di prova, en: Test workshops with machines}
  value: 678
  unit: count
  chart: prova
  source: Registro di prova
- id: quota-prova
  label: {it: Quota di prova, en: Test share}
  value: 42
  unit: percent
  year: 2016
  source: Registro di prova
  note: {it: Il registro non dice l'anno dei dati., en: The register does not give the data's year.}
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("registries-site"))
    fixture.write_data("labs.yaml", LABS)
    fixture.write_data("spaces.yaml", SPACES)
    fixture.write_data("events.yaml", EVENTS)
    fixture.write_data("areas.yaml", AREAS)
    fixture.write_data("indicators.yaml", INDICATORS)
    for name in ("partners.yaml", "milestones.yaml", "sources.yaml"):
        fixture.write_data(name, (ROOT / "data" / name).read_text(encoding="utf-8"))
    fixture.write("news/spazi-nuovi.it.md", news("spazi-nuovi", "it", "Nuovi spazi", extra="tags: [spazi]\n"))
    fixture.write("news/spazi-nuovi.en.md", news("spazi-nuovi", "en", "New spaces", extra="tags: [spaces]\n"))
    fixture.write("news/altro.it.md", news("altro", "it", "Altro tema", extra="tags: [varie]\n"))
    fixture.write("news/solo-italiano.it.md", news("solo-italiano", "it", "Spazi solo in italiano",
                                                   extra="tags: [spazi]\n"))
    fixture.write("opportunities/bando-spazi.it.md", OPPORTUNITY)
    fixture.write("news/ostile.it.md", f'---\ntitle: {HOSTILE}\nsummary: {HOSTILE}\ndate: 2027-01-15\n---\nTesto.\n')
    result = fixture.build_ok()
    return result


class Scripts(HTMLParser):
    """The JSON-LD blocks of a page."""

    def __init__(self):
        super().__init__()
        self.blocks, self._inside = [], False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


def json_ld(html):
    parser = Scripts()
    parser.feed(html)
    return [json.loads(block) for block in parser.blocks]


def test_every_registry_page_exists_in_both_languages(site):
    for it, en in [("laboratori", "labs"), ("spazi", "spaces"), ("partner", "partners"), ("eventi", "events"),
                   ("aree", "areas"), ("numeri", "figures"), ("tappe", "milestones"), ("dati", "data"),
                   ("laboratori/hub-sud", "labs/hub-sud"), ("aree/spazi-citta", "areas/spazi-citta")]:
        italian, english = site.read(f"it/{it}/index.html"), site.read(f"en/{en}/index.html")
        assert '<html lang="it">' in italian and '<html lang="en">' in english
        assert f'hreflang="en" href="/en/{en}/"' in italian
        assert f'hreflang="it" href="/it/{it}/"' in english


def test_a_lab_named_script_is_shown_as_text_everywhere(site):
    for page in ("it/laboratori/index.html", "en/labs/officina-centro/index.html", "it/eventi/index.html",
                 "en/labs/kind/fablab/index.html"):
        html = site.read(page)
        assert SCRIPT_NAME not in html, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
    lab_page = site.read("it/laboratori/officina-centro/index.html")
    assert json_ld(lab_page)[0]["name"] == SCRIPT_NAME
    organizers = {block["organizer"]["name"] for block in json_ld(site.read("it/eventi/index.html"))
                  if block.get("@type") == "Event"}
    assert SCRIPT_NAME in organizers


@pytest.mark.parametrize("page, where", [
    ("it/notizie/ostile/index.html", [("NewsArticle", "headline"), ("NewsArticle", "description"),
                                      ("BreadcrumbList", "itemListElement", -1, "name")]),
    ("it/laboratori/officina-centro/index.html", [("LocalBusiness", "description")]),
    ("en/labs/officina-centro/index.html", [("LocalBusiness", "description")]),
    ("it/eventi/index.html", [("Event", "description")]),
    ("it/opportunita/bando-spazi/index.html", [("GovernmentService", "description")]),
])
def test_hostile_text_stays_inside_every_json_ld_value(site, page, where):
    html = site.read(page)
    assert "<script>alert(2)" not in html
    blocks = json_ld(html)  # each block must parse: none was cut short by the text
    for type_name, *path in where:
        values = [functools.reduce(operator.getitem, path, block) for block in blocks
                  if block["@type"] == type_name and path[0] in block]
        assert HOSTILE_TEXT in values, (type_name, path, values)


def test_filter_pages_list_only_the_matching_labs(site):
    by_service = site.read("it/laboratori/servizio/elettronica/index.html")
    assert "Makers Nord" in by_service and "Hub Sud" not in by_service
    by_kind = site.read("en/labs/kind/hub/index.html")
    assert "Hub Sud" in by_kind and "Makers Nord" not in by_kind
    by_municipio = site.read("it/laboratori/municipio/9/index.html")
    assert "Makers Nord" in by_municipio and "Hub Sud" not in by_municipio
    directory = site.read("it/laboratori/index.html")
    assert 'href="/it/laboratori/tipo/makerspace/"' in directory
    assert 'href="/it/laboratori/servizio/stampa-3d/"' in directory
    assert 'href="/it/laboratori/municipio/5/"' in directory
    assert not site.exists("it/laboratori/municipio/2/index.html")  # no lab there: no empty filter page
    assert 'aria-current="page">Hub' in site.read("it/laboratori/tipo/hub/index.html")


def test_the_map_has_a_linked_pin_per_lab_and_the_same_labs_as_text(site):
    html = site.read("en/labs/index.html")
    svg = html[html.index("<svg"):html.index("</svg>")]
    assert '<title id="labs-map-title">' in svg and "<desc" in svg
    assert 'role="group"' in svg[:200]  # an image role would hide the pins' links from screen readers
    pins = re.findall(r'<a href="([^"]+)" aria-label="([^"]+)"', svg)
    assert pins == [("/en/labs/officina-centro/", "&lt;script&gt;alert(1)&lt;/script&gt;, District 1"),
                    ("/en/labs/makers-nord/", "Makers Nord (Example entry), District 9"),
                    ("/en/labs/hub-sud/", "Hub Sud, District 5")]
    assert svg.count('class="municipio municipio-') == 9
    listing = html[html.index('class="labs-list"'):]
    for url, _ in pins:
        assert f'href="{url}"' in listing
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_missing_english_falls_back_to_italian_marked_lang_it(site):
    lab = site.read("en/labs/makers-nord/index.html")
    assert '<p class="item-summary" lang="it">Solo in italiano, per ora.</p>' in lab
    events = site.read("en/events/index.html")
    assert '<h3 class="card-title" lang="it">Evento lontano</h3>' in events
    assert '<h3 class="card-title">Near event</h3>' in events


def test_example_entries_are_marked(site):
    assert "Example entry" in site.read("en/labs/makers-nord/index.html")
    assert "Voce di esempio" not in site.read("it/laboratori/hub-sud/index.html")
    assert "Voce di esempio" in site.read("it/spazi/index.html")


def test_events_upcoming_soonest_first_then_the_past_archive(site):
    html = site.read("it/eventi/index.html")
    upcoming = html[html.index('id="events-upcoming"'):html.index('id="events-archive"')]
    archive = html[html.index('id="events-archive"'):]
    assert upcoming.index("Evento vicino") < upcoming.index("Evento lontano")
    assert "Evento passato" in archive and "Evento passato" not in upcoming
    events = {block["name"]: block for block in json_ld(html) if block.get("@type") == "Event"}
    assert events["Evento vicino"]["startDate"] == "2027-03-01T10:00:00+01:00"
    assert events["Evento vicino"]["endDate"] == "2027-03-01T12:00:00+01:00"
    assert events["Evento vicino"]["location"]["name"] == "Sala Tre"
    assert events["Evento vicino"]["organizer"]["url"] == f"{PUBLIC_URL}/it/laboratori/officina-centro/"


PUBLIC_URL = model_from_file().public_url
LINK_KEYS = ("url", "@id", "contentUrl", "item")  # item: a breadcrumb ListItem's address


def links_in(value):
    """(key, address) of every url, @id, contentUrl and item in a JSON-LD value, however deep."""
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in LINK_KEYS:
                yield key, inner
            yield from links_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from links_in(inner)


def test_every_json_ld_address_of_a_preview_build_is_absolute(site):
    # The fixture is a preview build: its pages link site-relative addresses ("/opendata/labs.json").
    assert 'href="/opendata/labs.json"' in site.read("it/dati/index.html")
    links = [(str(page.relative_to(site.output)), block.get("@type"), key, address)
             for page in sorted(site.output.rglob("*.html"))
             for block in json_ld(page.read_text(encoding="utf-8")) for key, address in links_in(block)]
    relative = [link for link in links if not (urlsplit(link[3]).scheme in ("http", "https") and urlsplit(link[3]).netloc)]
    assert relative == []
    assert {"LocalBusiness", "Event", "Dataset", "NewsArticle", "BreadcrumbList"} <= {link[1] for link in links}
    addresses = {address for *_, address in links}
    assert {f"{PUBLIC_URL}/en/labs/hub-sud/", f"{PUBLIC_URL}/opendata/labs.json", f"{PUBLIC_URL}/it/dati/",
            f"{PUBLIC_URL}/it/laboratori/officina-centro/"} <= addresses


@pytest.mark.parametrize("lang, folder, near, far", [
    ("it", "eventi", "1° marzo 2027, ore 10:00–12:00", "1° maggio 2027, ore 10:00–2 maggio 2027, ore 13:00"),
    ("en", "events", "1 March 2027, 10:00–12:00", "1 May 2027, 10:00–2 May 2027, 13:00"),
])
def test_an_event_says_when_in_the_readers_words_its_end_without_the_date_on_the_same_day(site, lang, folder,
                                                                                          near, far):
    page = lxml.html.fromstring(site.read(f"{lang}/{folder}/index.html"))
    when = {event: page.get_element_by_id(event).find_class("card-date")[0] for event in ("futuro-vicino", "futuro-lontano")}
    assert when["futuro-vicino"].text_content() == near
    assert when["futuro-lontano"].text_content() == far
    assert [time.get("datetime") for time in when["futuro-lontano"].iter("time")] == [
        "2027-05-01T10:00:00+02:00", "2027-05-02T13:00:00+02:00"]


def test_lab_page_json_ld_is_a_local_business_with_address_and_geo(site):
    data = json_ld(site.read("en/labs/hub-sud/index.html"))[0]
    assert data["@type"] == "LocalBusiness"
    assert data["address"]["streetAddress"] == "Via Sud 3, Milano"
    assert data["geo"] == {"@type": "GeoCoordinates", "latitude": 45.44, "longitude": 9.2}


def test_area_page_lists_the_content_tagged_with_its_tag(site):
    italian = site.read("it/aree/spazi-citta/index.html")
    assert "Nuovi spazi" in italian and "Bando spazi" in italian and "Altro tema" not in italian
    english = site.read("en/areas/spazi-citta/index.html")
    assert "New spaces" in english and "Nuovi spazi" not in english
    assert 'lang="it"' in english[english.index("Spazi solo in italiano") - 400:english.index("Spazi solo in italiano")]
    assert "area_content" not in italian


def test_space_links_the_call_that_assigns_it(site):
    html = site.read("en/spaces/index.html")
    # Named by its title (the call has an Italian version only), never by its key.
    assert '<a href="/it/opportunita/bando-spazi/" hreflang="it" lang="it">Bando spazi</a>' in html
    assert 'id="capannone-est"' in html and 'href="#capannone-est"' in html


def test_key_figures_are_charts_of_text_with_hidden_bars(site):
    tree = lxml.html.fromstring(site.read("it/numeri/index.html"))
    assert tree.cssselect('figure[aria-labelledby="chart-prova-title"]') and tree.cssselect("figcaption#chart-prova-title")
    assert {"12.345", "678", "42%"} <= {value.text_content() for value in tree.cssselect(".bar-chart-value.num")}
    assert len(tree.cssselect('svg.bar-chart-track[aria-hidden="true"]')) == 3  # one bar per figure, each shown once
    assert all("Registro di prova" in source.text_content() for source in tree.cssselect(".figure-source"))
    [share] = [bar for bar in tree.cssselect(".bar-chart-bar") if "Quota di prova" in bar.text_content()]
    assert "anno di riferimento 2016" in share.cssselect(".figure-year")[0].text_content()
    assert share.cssselect(".figure-note")[0].text_content() == "Il registro non dice l'anno dei dati."
    home = lxml.html.fromstring(site.read("en/index.html"))
    assert "12,345" in [value.text_content() for value in home.cssselect(".key-figure-value")]
    assert home.cssselect('a[href="/en/areas/spazi-citta/"]')


def test_milestones_are_a_timeline_in_date_order(site):
    tree = lxml.html.fromstring(site.read("en/milestones/index.html"))
    dates = [time.get("datetime") for time in tree.cssselect("ol.timeline .timeline-date time")]
    assert len(dates) > 1 and dates == sorted(dates)


def test_open_data_files_equal_the_registries(site):
    raw = yaml.safe_load(LABS)
    rows = list(csv.DictReader(io.StringIO(site.read("opendata/labs.csv"), newline=""), delimiter=";"))
    assert [row["name"] for row in rows] == [lab["name"] for lab in raw]
    assert rows[1]["services"] == "stampa-3d|elettronica" and rows[1]["description_en"] == ""
    assert rows[0]["qualified_since"] == "2026-10-01T00:00:00+02:00"
    assert json.loads(site.read("opendata/labs.json"))[2]["source"] == "https://example.org/hub"
    geo = json.loads(site.read("opendata/spaces.geojson"))
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [9.24, 45.48]}
    events = list(csv.DictReader(io.StringIO(site.read("opendata/events.csv"), newline=""), delimiter=";"))
    assert [e["title_it"] for e in events] == ["Evento passato", "Evento lontano", "Evento vicino"]


def test_data_page_has_licence_last_update_fields_and_datasets(site):
    html = site.read("en/data/index.html")
    assert "CC BY 4.0" in html and 'rel="license"' in html
    assert 'Last update: <time datetime="2027-02-01T13:00:00+01:00">1 February 2027</time>' in html
    assert "<code>municipio</code>" in html and "Milan municipio (district), 1 to 9." in html
    assert 'href="/opendata/labs.geojson"' in html and 'href="/opendata/labs.csv"' in html
    datasets = [block for block in json_ld(html) if block.get("@type") == "Dataset"]
    assert len(datasets) == 7
    assert all(d["license"] == "https://creativecommons.org/licenses/by/4.0/" for d in datasets)
    assert {"text/csv", "application/json", "application/geo+json"} == {
        dist["encodingFormat"] for d in datasets for dist in d["distribution"]}
    assert "Comune di Milano, 1 a 9" not in html
    assert "Municipio di Milano, da 1 a 9." in site.read("it/dati/index.html")


def test_navigation_and_footer_reach_the_registry_pages(site):
    html = site.read("it/index.html")
    assert 'href="/it/laboratori/"' in html and 'href="/it/dati/"' in html and 'href="/it/tappe/"' in html
    assert 'aria-current="page">Laboratori' in site.read("it/laboratori/index.html")


BROKEN_LABS = """\
# yaml-language-server: $schema=./schemas/labs.schema.json
- id: opendot
  name: OpenDot
  kind: fablab
  address: Via Tertulliano 70
  municipio: 12
  lat: 45.45
  lon: 9.21
- id: opendot
  name: Copia
  kind: fablabb
  address: Via Tertulliano 70
  municipio: 4
  lat: 45.45
  lon: 9.21
"""
BROKEN_EVENTS = """\
# yaml-language-server: $schema=./schemas/events.schema.json
- id: open-day
  title: {it: Open day}
  start: 2027-02-30
  venue: Sala
  url: https://example.org
  lab: mhuma
- id: talk
  title: {it: Talk}
  start: 2027-03-01
  venue: Sala
  url: https://example.org
  lab: nessuno
"""


def test_bad_registries_refuse_the_build_with_every_error_and_leave_output(tmp_path):
    fixture = FixtureSite(tmp_path)
    fixture.output.mkdir()
    (fixture.output / "marker.txt").write_text("previous build")
    fixture.write_data("labs.yaml", BROKEN_LABS)
    fixture.write_data("events.yaml", BROKEN_EVENTS)
    fixture.write_data("spaces.yaml", SPACES.replace("bando-spazi", "bando-perso"))
    fixture.write_data("partners.yaml", "- id: x\n  name: X\n  category: universita\n")
    result = fixture.build()
    assert result.returncode == 2
    report = result.stderr
    assert "data/labs.yaml:6: lab 'opendot': field 'municipio': must be 1..9, got 12" in report
    assert "data/labs.yaml:9: lab 'opendot': field 'id': the id 'opendot' is already used" in report
    assert "data/labs.yaml:11: lab 'opendot': field 'kind': must be one of" in report
    assert "data/events.yaml:4: event 'open-day': field 'start': '2027-02-30' is not a real date" in report
    assert "data/spaces.yaml:12: space 'capannone-est': field 'opportunity': no published opportunity has the " \
           "key 'bando-perso'" in report
    assert "data/partners.yaml:1: the first line must name the schema schemas/partners.schema.json" in report
    assert "lab 'nessuno'" not in report  # labs.yaml is broken: its references are not reported twice
    assert "data/partners.yaml:1: partner 'x': field 'id': must be at least 2 characters long, got 'x'" in report
    assert "The site was not built: 7 errors" in report
    assert "how to fix:" in report
    assert (fixture.output / "marker.txt").read_text() == "previous build"
    assert not (fixture.output / "it").exists()
