"""The labs directory in a real browser: map pins are links with accessible
names, filters work without JavaScript and the name search narrows the list."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT

pytestmark = pytest.mark.browser


def test_map_pins_are_named_links_to_the_lab_pages(page, real_site_url):
    page.goto(f"{real_site_url}/it/laboratori/")
    pin = page.get_by_role("link", name="Smart City Lab, Municipio 5")
    assert pin.count() == 1
    pin.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/it/laboratori/smart-city-lab/")
    assert page.locator("h1").inner_text() == "Smart City Lab"


def test_filter_links_work_without_javascript(browser, real_site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    # The kind of the registry's first lab, with its English label and count, read from the data.
    labs = yaml.safe_load((ROOT / "data" / "labs.yaml").read_text(encoding="utf-8"))
    kind = labs[0]["kind"]
    count = sum(lab["kind"] == kind for lab in labs)
    label = yaml.safe_load((ROOT / "theme" / "i18n" / "en.yaml").read_text(encoding="utf-8"))["codes"]["lab_kind"][kind]
    tab.goto(f"{real_site_url}/en/labs/")
    tab.get_by_role("link", name=f"{label} ({count})").click()
    tab.wait_for_url(f"**/en/labs/kind/{kind}/")
    assert tab.locator(".card-lab").count() == count
    context.close()


def test_name_search_narrows_the_list_and_the_map(page, real_site_url):
    page.goto(f"{real_site_url}/en/labs/")
    total = page.locator(".card-lab:visible").count()
    assert total > 2
    page.get_by_label("Search by name").fill("mhuma")
    assert page.locator(".card-lab:visible").count() == 1
    assert page.locator(".map-pins a:visible").count() == 1
