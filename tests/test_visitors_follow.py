"""Issue 15, the follow page for people (fixture site, real Chromium, both
languages, 390 and 1280 px): the deadline calendar first, the three feeds
most people want as cards with a copy button and what they give, the other
feeds in compact tables; RSS channels link to the web page."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

FOLLOW = {"it": "it/segui/", "en": "en/follow/"}
CARDS = {"it": ["Tutto il programma", "Bandi e opportunità", "Notizie"],
         "en": ["The whole programme", "Calls and opportunities", "News"]}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_calendar_comes_first_then_three_feed_cards_then_tables(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{FOLLOW[lang]}")
    headings = tab.locator("main h2").all_inner_texts()
    assert headings[0] == {"it": "Calendario delle scadenze", "en": "Deadline calendar"}[lang]
    subscribe = tab.locator('main a[href^="webcal://"]')
    assert subscribe.bounding_box()["y"] < 800, "subscribing to the calendar is on the first screen"
    cards = tab.locator(".follow-card")
    assert cards.locator("h3").all_inner_texts() == CARDS[lang]
    for card in cards.all():
        assert card.locator(".follow-what").inner_text().strip()
        assert card.locator("code").inner_text().startswith("https://")
    # Every other feed is one row of a table, never a raw address.
    rows = tab.locator(".follow-table tbody tr")
    assert rows.count() >= 8
    assert tab.locator("main code").count() == 4  # the calendar and the three cards
    assert tab.locator("main ul ul").count() == 0, "no nested lists of addresses"
    # No horizontal scrolling, and a page a phone can get through.
    assert tab.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    if width == 390:
        assert tab.evaluate("document.documentElement.scrollHeight") < 5000


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,copied", [("it", "Indirizzo copiato."), ("en", "Address copied.")])
def test_a_copy_button_copies_the_address_and_says_so(tab_at, visitors_url, lang, copied, width):
    tab = tab_at(width, permissions=["clipboard-read", "clipboard-write"])
    tab.goto(f"{visitors_url}/{FOLLOW[lang]}")
    card = tab.locator(".follow-card").nth(1)
    address = card.locator("code").inner_text().strip()
    card.get_by_role("button").click()
    status = card.locator("[role=status]")
    status.filter(has_text=copied).wait_for()
    assert tab.evaluate("navigator.clipboard.readText()") == address
    assert address.endswith("/atom.xml") and "/opportun" in address


@pytest.mark.parametrize("lang", ["it", "en"])
def test_without_javascript_the_addresses_are_there_and_no_button_is(tab_at, visitors_url, lang):
    tab = tab_at(390, java_script_enabled=False)
    tab.goto(f"{visitors_url}/{FOLLOW[lang]}")
    assert tab.locator("main button").count() == 0
    assert tab.locator(".follow-card code").count() == 3


@pytest.mark.parametrize("path,page", [("it/rss.xml", "/it/"), ("en/rss.xml", "/en/"),
                                       ("it/notizie/rss.xml", "/it/notizie/"), ("en/news/rss.xml", "/en/news/")])
def test_rss_channels_link_to_the_web_page(visitors_built, path, page):
    channel = ElementTree.fromstring(visitors_built.read(path)).find("channel")
    assert channel.find("link").text.endswith(page)
