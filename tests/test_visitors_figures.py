"""Issue 15, figures on any phone (fixture site, real Chromium, both
languages, 390 and 1280 px): numbers never wrap inside, table headers never
break inside a word, chart labels are readable, and each figure is shown
once on the figures page."""

from __future__ import annotations

import pytest

from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

FIGURES = {"it": "it/numeri/", "en": "en/figures/"}
DATA = {"it": "it/dati/", "en": "en/data/"}
VALUES = {"it": ["36.000", "13.000", "350.000", "25%", "1ª"], "en": ["36,000", "13,000", "350,000", "25%", "1st"]}

# Words (or whole elements) of the selector drawn on more than one line.
BROKEN = """([selector, whole]) => {
    const broken = [];
    for (const element of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        const pieces = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (whole) { pieces.push([node, 0, node.length]); continue; }
            for (const match of node.data.matchAll(/\\S+/g))
                pieces.push([node, match.index, match.index + match[0].length]);
        }
        for (const [node, start, end] of pieces) {
            const range = document.createRange();
            range.setStart(node, start); range.setEnd(node, end);
            const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (lines.size > 1) broken.push(node.data.slice(start, end));
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("width", WIDTHS + [320])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_numbers_never_wrap_and_line_up(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{FIGURES[lang]}")
    shown = tab.locator("main").inner_text()
    for value in VALUES[lang]:
        assert value in shown
    numbers = tab.locator("main .num")
    assert numbers.count() >= len(VALUES[lang])
    assert tab.evaluate(BROKEN, ["main .num", True]) == []
    styles = tab.evaluate(
        "() => [...document.querySelectorAll('main .num')].map(e => getComputedStyle(e).fontVariantNumeric)")
    assert set(styles) == {"tabular-nums"}


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_table_headers_never_break_inside_a_word(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{DATA[lang]}")
    for details in tab.locator("main details").all():
        details.locator("summary").click()
    assert tab.locator("main th").count() > 3
    assert tab.evaluate(BROKEN, ["main th", False]) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_chart_labels_are_readable_text(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{FIGURES[lang]}")
    assert tab.locator("main figure").count() >= 2
    # Text drawn inside an SVG shrinks with it: every label is page text of 12 px or more.
    assert tab.locator("main figure svg text").count() == 0
    sizes = tab.evaluate("""() => [...document.querySelectorAll('main figure li')].map(item =>
        Math.min(...[...item.querySelectorAll('span')].map(span => parseFloat(getComputedStyle(span).fontSize))))""")
    assert len(sizes) == 3 and min(sizes) >= 12


@pytest.mark.parametrize("lang", ["it", "en"])
def test_each_figure_is_shown_once(tab_at, visitors_url, lang):
    tab = tab_at(390)
    tab.goto(f"{visitors_url}/{FIGURES[lang]}")
    shown = tab.locator("main").inner_text()
    assert {value: shown.count(value) for value in VALUES[lang]} == {value: 1 for value in VALUES[lang]}
    # Each figure still names its source.
    assert shown.count("Camera di commercio") == 2 and shown.count("Istat") == 2
