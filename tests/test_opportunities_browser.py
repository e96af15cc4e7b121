"""In real Chromium: a page built before a deadline says 'closed' after it.

The site is built at 2027-02-01 12:00 UTC (SOURCE_DATE_EPOCH); Playwright's
clock then puts the browser at chosen instants around the deadlines.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from conftest import FixtureSite, serve_folder
from test_opportunities_build import opportunity
from test_opportunities_core import BOUNDARIES, BOUNDARY_CALLS

pytestmark = pytest.mark.browser

UTC = timezone.utc
# 5 February 2027, 12:00 in Milan (UTC+1 in winter).
DEADLINE = datetime(2027, 2, 5, 11, 0, tzinfo=UTC)
OPENS = datetime(2027, 2, 3, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("opportunities-browser"))
    site.write("opportunities/scade.it.md", opportunity("Scade presto", *BOUNDARY_CALLS["scade"], ["pmi"]))
    site.write("opportunities/scade.en.md", opportunity("Closes soon", *BOUNDARY_CALLS["scade"], ["pmi"]))
    site.write("opportunities/apre.it.md", opportunity("Apre presto", *BOUNDARY_CALLS["apre"]))
    result = site.build_ok()
    url, server = serve_folder(result.output)
    yield url
    server.shutdown()


def status_of(tab, key):
    element = tab.locator(f'.card:has(a[href$="/{key}/"]) .opportunity-status')
    return (element.get_attribute("data-opportunity-status"), element.locator(".badge").inner_text(),
            element.locator("time").inner_text(), element.locator("time").get_attribute("datetime"))


def test_detail_page_says_closed_one_second_after_the_deadline(tab_at, site_url):
    page = tab_at(1280, clock=DEADLINE + timedelta(seconds=1))
    page.goto(site_url + "/it/opportunita/scade/")
    status = page.locator(".key-facts .opportunity-status")
    assert status.get_attribute("data-opportunity-status") == "closed"
    assert status.locator(".badge").inner_text() == "Chiuso"
    assert "badge-closed" in status.locator(".badge").get_attribute("class")
    # The key facts' rows give the deadline; the status line says no date of its own.
    assert status.locator("time").inner_text() == ""
    assert page.locator("[data-closed-note]").inner_text() == \
        "Il bando è chiuso: non si accettano più domande."
    assert page.locator(".opportunity-computed").inner_text() == "Stato verificato ora sul tuo dispositivo."


def test_still_open_at_the_deadline_second_then_closes_while_the_page_is_open(page, site_url):
    page.clock.install(time=DEADLINE - timedelta(seconds=30))
    page.goto(site_url + "/en/opportunities/scade/")
    status = page.locator(".key-facts .opportunity-status")
    assert status.locator(".badge").inner_text() == "Closing soon"
    assert status.locator("time").inner_text() == "less than a day left"
    page.clock.fast_forward(60_000)
    assert status.locator(".badge").inner_text() == "Closed"
    assert status.get_attribute("data-opportunity-status") == "closed"


@pytest.mark.parametrize("key, instant, expected", BOUNDARIES)
def test_status_at_each_boundary_millisecond_agrees_with_python(tab_at, site_url, key, instant, expected):
    # An ISO string, exact to the millisecond (a datetime goes through a float).
    page = tab_at(1280, clock=instant.astimezone(UTC).isoformat(timespec="milliseconds"))
    page.goto(site_url + "/it/opportunita/")
    assert page.evaluate("Date.now()") == int(instant.timestamp()) * 1000 + instant.microsecond // 1000
    assert status_of(page, key)[0] == expected


def test_listing_re_evaluates_every_card(tab_at, site_url):
    page = tab_at(1280, clock=OPENS + timedelta(minutes=1))
    page.goto(site_url + "/it/opportunita/")
    assert status_of(page, "scade") == ("closing", "In scadenza",
                                        "Scade il 5 febbraio 2027, ore 12:00 (ora italiana) · mancano 2 giorni",
                                        "2027-02-05T12:00:00+01:00")
    assert status_of(page, "apre") == ("open", "Aperto", "Scade il 30 aprile 2027, ore 12:00 (ora italiana)",
                                       "2027-04-30T12:00:00+02:00")


def test_without_javascript_the_page_keeps_the_build_status_and_says_when(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.clock.set_fixed_time(DEADLINE + timedelta(days=30))
    tab.goto(site_url + "/it/opportunita/")
    assert status_of(tab, "scade")[:2] == ("closing", "In scadenza")
    assert status_of(tab, "apre") == ("upcoming", "In arrivo", "Apre il 3 febbraio 2027, ore 09:00 (ora italiana)",
                                      "2027-02-03T09:00:00+01:00")
    assert tab.locator(".opportunity-computed").inner_text() == \
        "Stato calcolato il 1° febbraio 2027, ore 13:00 (ora italiana)"
    context.close()
