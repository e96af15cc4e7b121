"""Issue 15, a home that leads with its visitors' tasks (fixture site, real
Chromium, both languages, 390 and 1280 px): one line on who the programme
is for instead of the brand as heading, then the tasks on the first screen."""

from __future__ import annotations

import pytest


pytestmark = pytest.mark.browser

HEADLINE = {"it": "Bandi, laboratori e spazi per imprese, artigiani e maker che producono a Milano",
            "en": "Calls, labs and spaces for firms, artisans and makers who produce in Milan"}
TASKS = {"it": ["/it/opportunita/", "/it/laboratori/", "/it/spazi/", "/it/programma/", "/it/segui/"],
         "en": ["/en/opportunities/", "/en/labs/", "/en/spaces/", "/en/programme/", "/en/follow/"]}


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_home_says_who_it_is_for_and_offers_the_tasks_first(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{lang}/")
    assert tab.locator("h1").inner_text() == HEADLINE[lang]
    tasks = tab.locator(".home-tasks a")
    assert [link.get_attribute("href") for link in tasks.all()] == TASKS[lang]
    assert tasks.first.bounding_box()["y"] < 800, "the first task is on the first screen"
    for href in TASKS[lang]:
        tab.goto(f"{visitors_url}{href}")
        assert tab.evaluate("document.documentElement.lang") == lang and tab.locator("h1").count() == 1
        assert tab.locator("h1").inner_text() not in ("Pagina non trovata", "Page not found")
        tab.go_back()
