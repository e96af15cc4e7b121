"""Issue 15, labs and spaces on any phone (fixture site, real Chromium, both
languages, 390 and 1280 px): results before the filters, a labelled name
filter with a live count and an empty state, map targets of at least 24 px
with readable labels and dark colours, a lab page with its visitor details."""

from __future__ import annotations

import pytest

from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

LABS = {"it": "it/laboratori/", "en": "en/labs/"}
SPACES = {"it": "it/spazi/", "en": "en/spaces/"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_first_lab_comes_before_the_filters_on_a_phone(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{LABS[lang]}")
    first_lab = tab.locator(".card-lab").first.bounding_box()
    assert first_lab["y"] < 800, "the first lab is below the first screen"
    filters = tab.locator("details.registry-filters-disclosure")
    assert filters.count() == 1
    kind_filter = tab.locator(".registry-filters .filter-list a").first
    if width < 900:
        # Closed: the filters take one line until the reader opens them.
        assert not kind_filter.is_visible()
        filters.locator("summary").click()
        assert kind_filter.is_visible()
    else:
        assert kind_filter.is_visible()
        assert kind_filter.bounding_box()["x"] < first_lab["x"], "the filters sit beside the list"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,label,none,counted", [
    ("it", "Cerca per nome", "Nessun laboratorio corrisponde a «zzz».",
     ["(5 laboratori)", "(2 laboratori)", "(1 laboratorio)", "(0 laboratori)"]),
    ("en", "Search by name", "No lab matches “zzz”.", ["(5 labs)", "(2 labs)", "(1 lab)", "(0 labs)"]),
])
def test_the_name_filter_is_labelled_counts_live_and_says_when_nothing_matches(
        tab_at, visitors_url, lang, label, none, counted, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{LABS[lang]}")
    count = tab.locator("#labs-list-title .count")
    status = tab.locator(".labs-list [role=status]")
    assert count.inner_text() == counted[0]
    field = tab.get_by_label(label)
    box = field.bounding_box()
    assert box["height"] >= 40 and box["width"] >= 200, "the field is a styled, comfortable target"
    assert status.get_attribute("aria-live") == "polite"

    field.fill("gemelli")
    assert tab.locator(".card-lab:visible").count() == 2
    assert tab.locator(".map-pins a:visible").count() == 2
    assert count.inner_text() == counted[1]
    assert status.inner_text() == counted[1].strip("()")

    field.fill("centro")
    assert count.inner_text() == counted[2]

    field.fill("zzz")
    assert tab.locator(".card-lab:visible").count() == 0
    assert count.inner_text() == counted[3]
    empty = tab.locator(".labs-empty")
    assert empty.is_visible() and none in empty.inner_text()
    assert status.inner_text() == none
    empty.get_by_role("button").click()
    assert tab.locator(".card-lab:visible").count() == 5
    assert not empty.is_visible()
    assert count.inner_text() == counted[0]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page_url", [LABS["it"], LABS["en"], SPACES["it"], SPACES["en"]])
def test_map_points_are_24px_targets_apart_and_labels_are_readable(tab_at, visitors_url, page_url, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{page_url}")
    boxes = [tab.locator(".map-pins a").nth(i).bounding_box() for i in range(tab.locator(".map-pins a").count())]
    assert len(boxes) >= 2
    for box in boxes:
        assert box["width"] >= 24 and box["height"] >= 24, box
    # The targets are discs: two centres at least a diameter apart never overlap.
    for i, first in enumerate(boxes):
        for second in boxes[i + 1:]:
            dx = (first["x"] + first["width"] / 2) - (second["x"] + second["width"] / 2)
            dy = (first["y"] + first["height"] / 2) - (second["y"] + second["height"] / 2)
            assert (dx * dx + dy * dy) ** 0.5 >= (first["width"] + second["width"]) / 2 - 1, "two map points overlap"
    sizes = tab.evaluate("""() => [...document.querySelectorAll('.municipio-label')].map(label =>
        parseFloat(getComputedStyle(label).fontSize) * label.getScreenCTM().a)""")
    assert len(sizes) == 9 and min(sizes) >= 12, sizes


@pytest.mark.parametrize("lang", ["it", "en"])
def test_the_map_follows_the_dark_scheme(tab_at, visitors_url, lang):
    colours = {}
    for scheme in ("light", "dark"):
        tab = tab_at(390, color_scheme=scheme)
        tab.goto(f"{visitors_url}/{LABS[lang]}")
        colours[scheme] = tab.evaluate("""() => {
            const shape = getComputedStyle(document.querySelector('.municipio'));
            const label = getComputedStyle(document.querySelector('.municipio-label'));
            const page = getComputedStyle(document.body);
            return {fill: shape.fill, label: label.fill, background: page.backgroundColor, text: page.color}; }""")
    light, dark = colours["light"], colours["dark"]
    assert dark["fill"] != light["fill"]

    def luminance(rgb):
        return sum(int(part) for part in rgb[rgb.index("(") + 1:-1].split(",")[:3])

    # Dark shapes with light labels on a dark page, like the rest of the page.
    assert luminance(dark["fill"]) < 200 and luminance(dark["label"]) > 400


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang,url,expected", [
    ("it", "it/laboratori/officina-ticinese/",
     ["Contatti e visite", "Da lunedì a venerdì, 9-18", "Telefono", "Municipio 6", "Stampa 3D"]),
    ("en", "en/labs/officina-ticinese/",
     ["Contact and visits", "Monday to Friday, 9am to 6pm", "Phone", "District 6", "3D printing"]),
])
def test_a_lab_page_gives_contact_hours_website_booking_and_services(tab_at, visitors_url, lang, url, expected, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{url}")
    text = tab.locator("main").inner_text()
    for words in expected:
        assert words in text
    assert tab.locator('a[href="tel:+390212345678"]').is_visible()
    assert tab.locator('a[href="mailto:info@officina.example.org"]').is_visible()
    assert tab.locator('a[href="https://officina.example.org/"]').is_visible()
    booking = tab.locator('a.button[href="https://officina.example.org/prenota"]')
    assert booking.is_visible() and booking.bounding_box()["height"] >= 24
    # A lab without those details shows none of their labels.
    tab.goto(f"{visitors_url}/{url.replace('officina-ticinese', 'hub-centro')}")
    assert expected[2] not in tab.locator("main").inner_text()


GAP_BEFORE_ACTIVE_CHOICE = """summary => {
    const active = summary.querySelector('.filter-active');
    const title = document.createRange();
    title.selectNodeContents(active.parentNode.firstChild);
    return active.getBoundingClientRect().left - title.getBoundingClientRect().right;
}"""


@pytest.mark.parametrize("directory, filters", [(LABS, ".registry-filters .filter-list a"),
                                                ({"it": "it/opportunita/", "en": "en/opportunities/"},
                                                 ".opportunity-filters a")])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_a_filtered_page_says_its_choice_right_after_the_title_on_a_phone(tab_at, visitors_url, lang, directory, filters):
    tab = tab_at(390)
    tab.goto(f"{visitors_url}/{directory[lang]}")
    summary = tab.locator("details[class$='filters-disclosure'] > summary")
    summary.click()
    tab.locator(filters).nth(1).click()
    tab.wait_for_load_state()
    assert summary.locator(".filter-active").count() == 1
    # One flex item: "Filtra i bandi: Chiusi", never "Filtra i bandi : Chiusi".
    assert abs(summary.evaluate(GAP_BEFORE_ACTIVE_CHOICE)) < 1
