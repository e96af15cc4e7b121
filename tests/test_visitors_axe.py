"""Issue 15, WCAG 2.2 AA as the floor: axe-core (wcag2a, wcag2aa, wcag21a,
wcag21aa, wcag22aa) finds nothing on one page of every kind of the visitors'
fixture site, in both languages, at 390 and 1280 px; in the dark scheme
(where only colours change) its colour-contrast rule finds nothing either."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from assets.page_kinds import scan_output


pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent.parent / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Pages of these kinds that scan_output may not pick: each language's filter
# page and the lab page carry this new controls.
EXTRA = ["it/laboratori/tipo/makerspace/", "en/labs/kind/makerspace/", "it/laboratori/officina-ticinese/",
         "en/labs/officina-ticinese/", "it/notizie/solo-italiano/", "en/news/english-only/"]


@pytest.fixture(scope="module")
def urls(visitors_built):
    kinds = scan_output(visitors_built.output)
    assert {lang for lang, _ in kinds} == {"it", "en"}
    assert {"404", "labs", "lab", "spaces", "indicators", "follow", "search"} <= {kind for _, kind in kinds}
    return sorted(set(kinds.values()) | set(EXTRA))


@pytest.mark.parametrize("scheme,width", [("light", 390), ("light", 1280), ("dark", 390), ("dark", 1280)])
def test_no_axe_violation_on_any_kind_of_page(browser, urls, visitors_url, scheme, width):
    # axe is injected as an inline script, which the pages' CSP rightly forbids.
    context = browser.new_context(bypass_csp=True, color_scheme=scheme, viewport={"width": width, "height": 800})
    tab = context.new_page()
    only = {"type": "rule", "values": ["color-contrast"]} if scheme == "dark" else {"type": "tag", "values": AXE_TAGS}
    report = {}
    for url in urls:
        tab.goto(f"{visitors_url}/{url}")
        tab.add_script_tag(path=str(AXE))
        result = tab.evaluate("only => axe.run(document, {runOnly: only, resultTypes: ['violations']})", only)
        found = [f"{v['id']} ({v['impact']}): {v['help']} at {[' '.join(n['target']) for n in v['nodes']][:3]}"
                 for v in result["violations"]]
        if found:
            report[url] = found
    context.close()
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)
