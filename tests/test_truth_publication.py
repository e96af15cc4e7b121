"""Examples are a preview, never a publication (issue 12): one fixture site
with an example item, an example call, an example lab, an example figure and
an example contact channel, built as the preview (pelicanconf.py) and as
production (publishconf.py)."""

from __future__ import annotations

import gzip
import json

import lxml.html
import pytest

from conftest import search_store
from publication.core import decide, foreign_links, is_example_host, links_in_text
from truth_fixtures import EXAMPLE_LAB, EXAMPLE_TITLE, REAL_LAB, news, truth_site

MARK_IT = "Esempio"


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    site = truth_site(tmp_path_factory.mktemp("preview"))
    return site.build_ok()


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    site = truth_site(tmp_path_factory.mktemp("production"))
    return site.build_ok(settings="publishconf.py")


def cards_titled(html, title):
    tree = lxml.html.fromstring(html)
    return [card for card in tree.xpath("//article[contains(@class, 'card')]")
            if title in card.text_content()]


# --- the pure core ----------------------------------------------------------

def test_reserved_example_hosts_only():
    assert is_example_host("example.org") and is_example_host("www.example.com")
    assert is_example_host("bandi.example") and is_example_host("example.net")
    assert not is_example_host("comune.milano.it")
    assert not is_example_host("example.org.evil.it") and not is_example_host("notexample.org")
    assert foreign_links(["https://www.example.org/a", "mailto:x@comune.milano.it", "/it/notizie/",
                          "info@example.com", "https://www.comune.milano.it"]) == [
        "mailto:x@comune.milano.it", "https://www.comune.milano.it"]
    assert links_in_text("Scrivi a bandi@comune.milano.it o vedi https://x.example.org/p") == [
        "https://x.example.org/p", "bandi@comune.milano.it"]


def test_decisions():
    from datetime import datetime, timedelta, timezone

    now = datetime(2027, 2, 1, 12, tzinfo=timezone.utc)
    later = now + timedelta(days=1)
    assert decide(True, None, now, publish_examples=True, preview_scheduled=False).published
    assert decide(True, None, now, publish_examples=False, preview_scheduled=False).reason == "example"
    assert decide(False, later, now, publish_examples=True, preview_scheduled=False).reason == "scheduled"
    previewed = decide(False, later, now, publish_examples=True, preview_scheduled=True)
    assert previewed.published and previewed.scheduled
    assert decide(False, now, now, publish_examples=False, preview_scheduled=False).published


# --- preview: marked wherever it appears --------------------------------------

def test_preview_marks_the_example_item_on_its_page_and_every_card(preview):
    page = lxml.html.fromstring(preview.read("it/notizie/zeta/index.html"))
    assert MARK_IT in page.xpath("string(//*[contains(@class, 'example-note')])")
    for listing in ("it/index.html", "it/notizie/index.html", "it/argomenti/fablab/index.html"):
        cards = cards_titled(preview.read(listing), EXAMPLE_TITLE)
        assert cards, listing
        assert all("card-example" in card.get("class") and MARK_IT in card.text_content() for card in cards), listing
    real = cards_titled(preview.read("it/notizie/index.html"), "Notizia vera")
    assert real and MARK_IT not in real[0].text_content()


def test_preview_examples_have_no_jsonld_but_real_items_do(preview):
    def types(relpath):
        tree = lxml.html.fromstring(preview.read(relpath))
        return {json.loads(block.text or "null").get("@type") for block in
                tree.xpath("//script[@type='application/ld+json']") if json.loads(block.text or "null")}

    assert types("it/notizie/zeta/index.html") <= {"BreadcrumbList"}
    assert types("it/opportunita/bando-zeta/index.html") <= {"BreadcrumbList"}
    assert types("it/laboratori/officina-zeta/index.html") <= {"BreadcrumbList"}
    assert "NewsArticle" in types("it/notizie/vera/index.html")


def test_preview_marks_feeds_search_directory_map_and_charts(preview):
    assert "<title>[Esempio] " + EXAMPLE_TITLE in preview.read("it/atom.xml")
    assert "[Esempio] Notizia vera" not in preview.read("it/atom.xml")
    marked = {doc["title"] for doc in search_store(preview, "it/cerca") if doc.get("example")}
    assert EXAMPLE_TITLE in marked and EXAMPLE_LAB in marked and "Notizia vera" not in marked
    labs = lxml.html.fromstring(preview.read("it/laboratori/index.html"))
    row = labs.xpath(f"//article[contains(@class, 'card-lab')][.//a[text()='{EXAMPLE_LAB}']]")[0]
    assert row.xpath(".//*[contains(@class, 'badge-example')]")
    pin = labs.xpath("//a[@data-id='officina-zeta']")[0]
    assert "Voce di esempio" in pin.get("aria-label") and pin.xpath(".//*[contains(@class, 'map-pin-example')]")
    figures = lxml.html.fromstring(preview.read("it/numeri/index.html"))
    figure = figures.xpath("//*[contains(@class, 'bar-chart-bar') or contains(@class, 'key-figure')]"
                           "[contains(., 'Cifra inventata zeta')]")[0]
    assert "40%" in figure.text_content() and figure.xpath(".//*[contains(@class, 'badge-example')]")


def test_search_results_show_the_mark_in_chromium(preview, page):
    from conftest import serve_folder

    url, server = serve_folder(preview.output)
    try:
        page.goto(f"{url}/it/cerca/?q=zeta")
        result = page.locator(".search-result", has_text=EXAMPLE_TITLE)
        result.wait_for()
        assert result.locator(".badge-example").inner_text() == MARK_IT
    finally:
        server.shutdown()


# --- production: absent from every output ---------------------------------------

def every_output_text(output):
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".csv", ".geojson", ".txt", ".gz"):
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield path.relative_to(output).as_posix(), data.decode("utf-8", errors="replace")


def test_production_leaves_every_example_out_of_every_output(production):
    found = [(relpath, word) for relpath, text in every_output_text(production.output)
             for word in ("zeta", "Zeta", "ufficio@example.org") if word in text]
    assert found == []
    assert not production.exists("it/notizie/zeta/index.html")
    assert production.exists("it/notizie/vera/index.html")
    assert REAL_LAB in production.read("it/laboratori/index.html")
    assert "Via Vera 2" in production.read("it/contatti/index.html")


def test_production_report_lists_what_it_left_out(production):
    report = production.stdout + production.stderr
    for line in ("example    content/news/zeta.it.md", "example    content/opportunities/bando-zeta.it.md",
                 "lab 'officina-zeta'", "indicator 'figura-zeta'", "channel 'email'"):
        assert line in report


# --- the rules that keep it so ------------------------------------------------------

@pytest.mark.parametrize("files, where", [
    ({"news/finta.it.md": news("Finta", extra="example: true\n", body="Vedi [qui](https://www.comune.milano.it/x).")},
     "content/news/finta.it.md:7: field 'link': 'https://www.comune.milano.it/x'"),
    ({"opportunities/finto.it.md": "---\ntitle: Finto\nsummary: Un bando finto.\ndate: 2026-12-01\n"
      "deadline: 2027-06-30\napply_url: https://www.comune.milano.it/domanda\nexample: true\n"
      "contact: bandi@comune.milano.it\n---\nTesto.\n"},
     "content/opportunities/finto.it.md:6: field 'apply_url'"),
])
def test_an_example_linking_a_real_host_fails_the_build(tmp_path, files, where):
    site = truth_site(tmp_path, **files)
    result = site.build()
    assert result.returncode == 2
    assert where in result.stderr
    if "finto" in where:
        assert "content/opportunities/finto.it.md:8: field 'contact': 'bandi@comune.milano.it'" in result.stderr


def test_an_example_registry_entry_linking_a_real_host_fails_the_build(tmp_path):
    site = truth_site(tmp_path)
    labs = (site.data / "labs.yaml").read_text().replace("https://zeta.example.org", "https://www.fablabmilano.it")
    (site.data / "labs.yaml").write_text(labs)
    result = site.build()
    assert result.returncode == 2
    assert "data/labs.yaml:17: lab 'officina-zeta': field 'website': 'https://www.fablabmilano.it' is a real " \
           "address in an example" in result.stderr


def test_production_refuses_a_published_page_linking_an_example(tmp_path):
    site = truth_site(tmp_path, **{
        "news/rimando.it.md": news("Rimando", body="Vedi [la notizia]({filename}zeta.it.md)."),
    })
    site.write_data("spaces.yaml", """
        # yaml-language-server: $schema=./schemas/spaces.schema.json
        - id: spazio-vero
          name: {it: Spazio vero}
          status: disponibile
          address: Via Vera 3, Milano
          municipio: 4
          lat: 45.45
          lon: 9.21
          opportunity: bando-zeta
        """)
    site.write_data("events.yaml", """
        # yaml-language-server: $schema=./schemas/events.schema.json
        - id: evento-vero
          title: {it: Evento vero}
          start: 2027-03-01 10:00
          venue: Officina inventata
          url: https://www.example.org/evento
          lab: officina-zeta
        """)
    assert site.build().returncode == 0, "the preview publishes examples: the links hold"
    result = site.build(settings="publishconf.py")
    assert result.returncode == 2
    assert "content/news/rimando.it.md:6: field 'link': {filename}news/zeta.it.md links to an example" in result.stderr
    assert "space 'spazio-vero': field 'opportunity': the call 'bando-zeta' is an example" in result.stderr
    assert "event 'evento-vero': field 'lab': the lab 'officina-zeta' is an example" in result.stderr


def test_unknown_source_ids_are_errors_with_their_line(tmp_path):
    site = truth_site(tmp_path, **{"news/citata.it.md": news("Citata", extra="sources: [linee-guide]\n")})
    indicators = (site.data / "indicators.yaml").read_text().replace("source: boosting-milan", "source: boosting")
    (site.data / "indicators.yaml").write_text(indicators)
    result = site.build()
    assert result.returncode == 2
    assert "content/news/citata.it.md:5: field 'sources': no entry of data/sources.yaml has the id 'linee-guide'" \
        in result.stderr
    assert "did you mean 'linee-guida'?" in result.stderr
    assert "data/indicators.yaml:7: indicator 'quota-fatturato': field 'source': no entry of data/sources.yaml " \
           "has the id 'boosting'" in result.stderr


def test_sources_render_on_items_and_registry_pages(preview):
    item = lxml.html.fromstring(preview.read("it/notizie/vera/index.html"))
    section = item.xpath("//section[@class='item-sources']")[0]
    assert section.xpath("string(h2)") == "Fonti"
    assert " ".join(section.xpath("string(.//li)").split()) == \
        "Manifattura Milano – Linee guida, Comune di Milano, Direzione Economia Urbana e Lavoro, 2017"
    english = lxml.html.fromstring(preview.read("en/news/vera/index.html"))
    assert english.xpath("string(//section[@class='item-sources']/h2)") == "Sources"
    assert "La Città dei Makers, Fondazione Make in Italy, 2016" in " ".join(english.xpath(
        "string(//section[@class='item-sources'])").split())
    lab = lxml.html.fromstring(preview.read("it/laboratori/officina-vera/index.html"))
    assert "Manifattura Milano – Linee guida" in lab.xpath("string(//section[@class='item-sources'])")
    figures = " ".join(lxml.html.fromstring(preview.read("it/numeri/index.html")).text_content().split())
    assert "25% (anno di riferimento 2017)" in figures
    assert "Boosting Milan's sustainable growth through manufacturing 4.0, College of Europe" in figures
