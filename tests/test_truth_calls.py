"""Calls that tell the truth at any instant, contacts read from
data/contacts.yaml, and the programme page in the navigation (issue 12).
Build instant: conftest's 2027-02-01 12:00 UTC (13:00 in Milan)."""

from __future__ import annotations

from datetime import datetime, timezone

import lxml.html
import pytest

from conftest import serve_folder
from truth_fixtures import call, truth_site

CLOSES_TODAY = "2027-02-01 14:00"  # 13:00 UTC, an hour after the build
CLOSED_AT = datetime(2027, 2, 1, 13, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = truth_site(tmp_path_factory.mktemp("calls"), **{
        "opportunities/chiuso.it.md": call("Bando chiuso", "2027-01-31 12:00",
                                           "results_url: https://www.example.org/esiti\n"),
        "opportunities/chiude-oggi.it.md": call("Bando che chiude oggi", CLOSES_TODAY,
                                                "contact: Per chiarimenti scrivi a bandi@example.org\n"),
        "pages/programma.it.md": "---\ntitle: Il programma\nsummary: Il programma Manifattura Milano.\n---\nTesto.\n",
        "pages/programma.en.md": "---\ntitle: The programme\nslug: programme\nsummary: The programme.\n---\nText.\n",
    })
    return site.build_ok()


def tree(built, relpath):
    return lxml.html.fromstring(built.read(relpath))


def test_a_closed_call_has_no_apply_button_and_says_it_is_closed_once(built):
    page = tree(built, "it/opportunita/chiuso/index.html")
    assert page.xpath("//*[contains(@class, 'opportunity-apply')]") == []
    assert page.xpath("//*[contains(@class, 'opportunity-ics')]") == []
    note = page.xpath("//*[@data-closed-note]")[0]
    assert note.get("hidden") is None
    assert note.text_content().startswith("Il bando è chiuso: non si accettano più domande.")
    # The deadline is written once on the page: in its own row, not again in the note.
    assert page.xpath("string(//main)").count("31 gennaio 2027, ore 12:00") == 1
    assert note.xpath(".//a/@href") == ["https://www.example.org/esiti"]
    open_page = tree(built, "it/opportunita/chiude-oggi/index.html")
    assert open_page.xpath("//a[contains(@class, 'opportunity-apply')]/@href") == ["https://bandi.example.org/domanda"]
    assert open_page.xpath("//*[@data-closed-note]/@hidden") == [""]


def open_at(page, url, moment):
    page.clock.install(time=moment)
    page.goto(url)
    page.wait_for_load_state("load")


def test_the_status_script_keeps_an_open_call_open_before_its_deadline(built, page):
    base, server = serve_folder(built.output)
    try:
        open_at(page, f"{base}/it/opportunita/chiude-oggi/", datetime(2027, 2, 1, 12, 30, tzinfo=timezone.utc))
        page.clock.run_for(61_000)
        assert page.locator(".opportunity-apply").count() == 1
        assert page.locator("[data-closed-note]").is_hidden()
    finally:
        server.shutdown()


def test_a_call_that_closes_while_its_page_is_open_loses_its_button(built, page):
    base, server = serve_folder(built.output)
    try:
        open_at(page, f"{base}/it/opportunita/chiude-oggi/", datetime(2027, 2, 1, 12, 59, 30, tzinfo=timezone.utc))
        assert page.locator(".opportunity-apply").count() == 1
        page.clock.run_for(61_000)  # the script's minute tick, now past the deadline
        assert page.locator(".opportunity-apply").count() == 0
        assert page.locator(".opportunity-ics").count() == 0
        assert page.locator("[data-closed-note]").is_visible()
        assert page.locator("[data-opportunity-status]").get_attribute("data-opportunity-status") == "closed"
    finally:
        server.shutdown()


def test_a_closed_call_stays_without_button_after_the_script_runs(built, page):
    base, server = serve_folder(built.output)
    try:
        open_at(page, f"{base}/it/opportunita/chiuso/", datetime(2027, 3, 1, tzinfo=timezone.utc))
        page.clock.run_for(61_000)
        assert page.locator(".opportunity-apply").count() == 0
        assert page.locator("[data-closed-note]").is_visible()
    finally:
        server.shutdown()


def test_contacts_render_from_the_registry(built):
    contacts = tree(built, "it/contatti/index.html")
    channels = contacts.xpath("//section[@id='recapiti']//dl[@class='contact-channels']")[0]
    assert [" ".join(div.text_content().split()) for div in channels.xpath("div")] == [
        "E-mail ufficio@example.org Esempio", "Indirizzo Via Vera 2, Milano"]
    assert "Direzione Economia Urbana e Lavoro" in contacts.xpath("string(//section[@id='recapiti'])")
    call_page = " ".join(tree(built, "it/opportunita/chiude-oggi/index.html").xpath(
        "string(//*[contains(@class, 'key-fact-contact')])").split())
    assert "Per chiarimenti scrivi a bandi@example.org" in call_page and "Via Vera 2, Milano" in call_page
    statement = tree(built, "it/accessibilita/index.html")
    assert "Via Vera 2, Milano" in statement.xpath("string(//section[@id='segnalazioni'])")
    english = tree(built, "en/contacts/index.html")
    assert "Urban Economy and Labour Department" in english.xpath("string(//section[@id='recapiti'])")


def test_write_to_us_never_points_at_the_page_you_are_on(built, tmp_path):
    home = tree(built, "it/index.html")
    assert home.xpath("//footer//address/a/@href") == ["/it/contatti/"]
    assert tree(built, "it/contatti/index.html").xpath("//footer//address/a") == []
    site = truth_site(tmp_path)
    contacts = (site.data / "contacts.yaml").read_text().replace(
        "value: ufficio@example.org\n      example: true", "value: manifattura@comune.milano.it")
    (site.data / "contacts.yaml").write_text(contacts)
    real = site.build_ok()
    for relpath in ("it/index.html", "it/contatti/index.html"):
        assert tree(real, relpath).xpath("//footer//address/a/@href") == ["mailto:manifattura@comune.milano.it"]


def test_the_programme_page_is_in_the_main_navigation_and_the_footer(built):
    for relpath, url in (("it/index.html", "/it/programma/"), ("en/news/index.html", "/en/programme/")):
        page = tree(built, relpath)
        assert page.xpath("//nav[@id='main-nav']//li[1]/a/@href") == [url]
        assert url in page.xpath("//footer//a/@href")
    assert tree(built, "it/programma/index.html").xpath("//nav[@id='main-nav']//a[@aria-current='page']/@href") \
        == ["/it/programma/"]
