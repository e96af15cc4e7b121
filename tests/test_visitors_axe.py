"""Issue 15, WCAG 2.2 AA as the floor: axe-core (wcag2a, wcag2aa, wcag21a,
wcag21aa, wcag22aa) finds nothing on one page of every kind of the visitors'
fixture site, in both languages, at 390 and 1280 px; in the dark scheme
(where only colours change) its colour-contrast rule finds nothing either.
The calls' pages are checked with their filters open, at the build's instant
(the status script's colours are those of the build's states)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assets.page_kinds import scan_output

from test_visitors_cards import BUILT, CLOSED_FILTER, LISTING
from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Every WCAG rule in the light scheme; in the dark one only colour contrast, the one result that depends on it.
AXE_RULES = {"light": {"type": "tag", "values": AXE_TAGS}, "dark": {"type": "rule", "values": ["color-contrast"]}}
# Pages of these kinds that scan_output may not pick: each language's filter
# page and the lab page carry this new controls; the calls in each state.
EXTRA = ["it/laboratori/tipo/makerspace/", "en/labs/kind/makerspace/", "it/laboratori/officina-ticinese/",
         "en/labs/officina-ticinese/", "it/notizie/solo-italiano/", "en/news/english-only/",
         *LISTING.values(), *CLOSED_FILTER.values(), "it/opportunita/bando-scadenza/", "en/opportunities/bando-arrivo/"]


@pytest.fixture(scope="module")
def urls(visitors_built):
    kinds = scan_output(visitors_built.output)
    assert {lang for lang, _ in kinds} == {"it", "en"}
    assert {"404", "labs", "lab", "spaces", "indicators", "follow", "search"} <= {kind for _, kind in kinds}
    return sorted(set(kinds.values()) | set(EXTRA))


def axe_tab(browser, **options):
    """A new context (``options``: viewport, ...) whose pages all have axe-core: (context, tab).

    axe is an init script of the context, not a script tag added to each page: Chromium compiles it
    once for the context instead of once per page (a third of each page's CPU), and the page's
    Content-Security-Policy, which forbids inline scripts, applies to the page as a visitor gets it."""
    context = browser.new_context(**options)
    context.add_init_script(path=str(AXE))
    return context, context.new_page()


def axe_violations(tab, url):
    """{scheme: violations} of one page of an ``axe_tab``, loaded once: the light pass, then the dark one
    on the same page."""
    tab.emulate_media(color_scheme="light")
    tab.goto(url)
    # The filters and other disclosures are opened, so that axe sees them on a phone too.
    tab.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = {}
    for scheme, only in AXE_RULES.items():
        tab.emulate_media(color_scheme=scheme)
        result = tab.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
        found[scheme] = [f"{v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes']][:3]}"
                         for v in result["violations"]]
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_on_any_kind_of_page_in_either_scheme(browser, urls, visitors_url, width):
    context, tab = axe_tab(browser, viewport={"width": width, "height": 800})
    tab.clock.set_fixed_time(BUILT)
    report = {}
    for url in urls:
        for scheme, found in axe_violations(tab, f"{visitors_url}/{url}").items():
            if found:
                report[f"{scheme} /{url}"] = found
    context.close()
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)
