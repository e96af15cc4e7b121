"""Issue 15, language edges (fixture site, real Chromium, both languages,
390 and 1280 px): every message in the reader's language, a 404 page per
language with a working switch, "District" on English pages, the query kept
across the search page's language switch, registry names in the language."""

from __future__ import annotations

import re

import pytest

from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

# An item in one language only, and a page that has both.
ONE_LANGUAGE = {"it": ("it/notizie/solo-italiano/", "it/notizie/laboratori-aperti/", "en", "English (not translated)"),
                "en": ("en/news/english-only/", "en/news/open-labs/", "it", "Italiano (non tradotta)")}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_untranslated_notice_speaks_to_its_reader_and_keeps_the_band_on_one_line(tab_at, visitors_url, lang, width):
    alone, both, other, notice = ONE_LANGUAGE[lang]
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{both}")
    band_height = tab.locator(".slim-header-inner").bounding_box()["height"]
    tab.goto(f"{visitors_url}/{alone}")
    missing = tab.locator(".lang-missing")
    assert missing.get_attribute("lang") == other
    assert missing.inner_text().strip().startswith(notice)
    assert tab.locator(".slim-header-inner").bounding_box()["height"] <= band_height
    # Wait for the other language's page: evaluating while it loads finds no document element.
    with tab.expect_navigation():
        missing.locator("a").click()
    assert tab.evaluate("document.documentElement.lang") == other


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,listing,label", [("en", "en/news/", "Italian only"),
                                               ("it", "it/notizie/", "Solo in inglese")])
def test_items_in_the_other_language_are_labelled_in_the_page_language(tab_at, visitors_url, lang, listing, label, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{listing}")
    badge = tab.locator(".card-foreign .card-lang-label")
    assert badge.count() == 1
    assert badge.inner_text().strip() == label
    assert badge.get_attribute("lang") == lang
    assert "Solo in italiano" not in tab.locator("main").inner_text() or lang == "it"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,missing,title,other", [
    ("it", "it/notizie/non-esiste/", "Pagina non trovata", "en"),
    ("en", "en/news/no-such-page/", "Page not found", "it"),
])
def test_a_missing_page_answers_in_its_language_with_a_working_switch(
        tab_at, visitors_url, lang, missing, title, other, width):
    tab = tab_at(width)
    response = tab.goto(f"{visitors_url}/{missing}")
    assert response.status == 404
    assert tab.evaluate("document.documentElement.lang") == lang
    assert tab.locator("h1").inner_text() == title
    switch = tab.locator(f'.lang-switch a[hreflang="{other}"]')
    assert switch.count() == 1
    with tab.expect_navigation():
        switch.click()
    assert tab.evaluate("document.documentElement.lang") == other
    assert tab.title() != "" and "404" not in tab.url


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("url", ["en/labs/", "en/labs/officina-ticinese/", "en/spaces/"])
def test_english_pages_say_district(tab_at, visitors_url, url, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{url}")
    text = tab.locator("main").inner_text()
    # "District 8", never "Municipio 8"; a field may name the Italian term once ("District (Municipio)").
    assert "District" in text and not re.search(r"Municipio \d", text)
    names = tab.evaluate("() => [...document.querySelectorAll('.map-pins a')].map(a => a.getAttribute('aria-label'))")
    assert all("District" in name for name in names)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,path,other,other_path,words", [
    ("it", "it/cerca/", "en", "en/search/", "stampa 3d"),
    ("en", "en/search/", "it", "it/cerca/", "laser"),
])
def test_the_search_page_language_switch_keeps_the_query(tab_at, visitors_url, lang, path, other, other_path, words, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{path}?q=hub")
    switch = tab.locator(f'.lang-switch a[hreflang="{other}"]')
    assert switch.get_attribute("href").endswith(f"/{other_path}?q=hub")
    tab.locator("#search-page-q").fill(words)
    switch.click()
    tab.wait_for_url(f"**/{other_path}?q=*")
    assert tab.locator("#search-page-q").input_value() == words


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_search_forms_go_to_the_search_page_without_javascript(tab_at, visitors_url, lang, width):
    tab = tab_at(width, java_script_enabled=False)
    search = {"it": "it/cerca/", "en": "en/search/"}[lang]
    tab.goto(f"{visitors_url}/{search}")
    tab.locator("#search-page-q").fill("laser")
    with tab.expect_navigation():
        tab.locator(".search-page-form button[type=submit]").click()
    assert tab.url.endswith(f"/{search}?q=laser")


@pytest.mark.parametrize("lang,query,name", [("en", "shed", "East shed"), ("it", "capannone", "Capannone est")])
def test_search_results_show_registry_names_in_the_page_language(tab_at, visitors_url, lang, query, name):
    tab = tab_at(390)
    tab.goto(f"{visitors_url}/{lang}/{'search' if lang == 'en' else 'cerca'}/?q={query}")
    result = tab.locator("#search-results li").first
    result.wait_for()
    assert name in result.inner_text()
