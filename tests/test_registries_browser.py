"""The labs directory in a real browser: map pins are links with accessible
names, filters work without JavaScript and the name search narrows the list.

The site is the search fixture site (two fixture labs), shared with the
search tests: these tests only read it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_map_pins_are_named_links_to_the_lab_pages(page, search_url):
    page.goto(f"{search_url}/it/laboratori/")
    pin = page.get_by_role("link", name="Officina Quadrifoglio, Municipio 9")
    assert pin.count() == 1
    pin.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/it/laboratori/fablab-prova-bovisa/")
    assert page.locator("h1").inner_text() == "Officina Quadrifoglio"


def test_filter_links_work_without_javascript(browser, search_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{search_url}/en/labs/")
    assert tab.locator(".card-lab").count() == 2
    tab.get_by_role("link", name="Makerspace (1)").click()
    tab.wait_for_url("**/en/labs/kind/makerspace/")
    assert tab.locator(".card-lab").all_inner_texts()[0].startswith("Officina Girasole")
    assert tab.locator(".card-lab").count() == 1
    context.close()


def test_name_search_narrows_the_list_and_the_map(page, search_url):
    page.goto(f"{search_url}/en/labs/")
    assert page.locator(".card-lab:visible").count() == 2
    page.get_by_label("Search by name").fill("girasole")
    assert page.locator(".card-lab:visible").count() == 1
    assert page.locator(".map-pins a:visible").count() == 1
    assert page.locator(".card-lab:visible").inner_text().startswith("Officina Girasole")
