"""Issue 15, small but felt (fixture site, real Chromium, both languages, 390
and 1280 px): Escape closes the phone menu and gives focus back to its
toggle, footer links are 24 px targets, focus is never hidden under the top
edge, and nothing is lost at 320 px (1280 px at 400 % zoom)."""

from __future__ import annotations

import pytest

from visitors_site import WIDTHS


pytestmark = pytest.mark.browser

PAGES = {
    "it": ["it/", "it/laboratori/", "it/laboratori/officina-ticinese/", "it/spazi/", "it/numeri/", "it/segui/",
           "it/cerca/", "it/404.html", "it/notizie/solo-italiano/"],
    "en": ["en/", "en/labs/", "en/labs/officina-ticinese/", "en/spaces/", "en/figures/", "en/follow/",
           "en/search/", "en/404.html", "en/news/english-only/"],
}


@pytest.mark.parametrize("lang", ["it", "en"])
def test_escape_closes_the_phone_menu_and_returns_focus_to_its_toggle(tab_at, visitors_url, lang):
    tab = tab_at(390)
    tab.goto(f"{visitors_url}/{lang}/")
    toggle = tab.locator(".nav-menu > summary")
    toggle.click()
    first_link = tab.locator("#main-nav a").first
    assert first_link.is_visible()
    first_link.focus()
    tab.keyboard.press("Escape")
    assert not first_link.is_visible()
    assert tab.evaluate("document.activeElement === document.querySelector('.nav-menu > summary')")


@pytest.mark.parametrize("lang", ["it", "en"])
def test_escape_leaves_the_wide_screen_menu_shown(tab_at, visitors_url, lang):
    tab = tab_at(1280)
    tab.goto(f"{visitors_url}/{lang}/")
    first_link = tab.locator("#main-nav a").first
    first_link.focus()
    tab.keyboard.press("Escape")
    assert first_link.is_visible()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_footer_links_are_24px_targets(tab_at, visitors_url, lang, width):
    tab = tab_at(width)
    tab.goto(f"{visitors_url}/{lang}/")
    heights = tab.evaluate(
        "() => [...document.querySelectorAll('.site-footer a')].map(a => a.getBoundingClientRect().height)")
    assert len(heights) >= 8 and min(heights) >= 24, heights


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("lang", ["it", "en"])
def test_focus_is_never_hidden_under_the_top_edge(tab_at, visitors_url, lang, width):
    # Reduced motion: no smooth scrolling, so each position is where focus lands.
    tab = tab_at(width, reduced_motion="reduce")
    tab.goto(f"{visitors_url}/{PAGES[lang][1]}")
    assert tab.evaluate("parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop)") >= 24
    # Walk the page by keyboard: every focused control is drawn where it can be seen, on top.
    hidden = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        state = tab.evaluate("""() => {
            const e = document.activeElement; const r = e.getBoundingClientRect();
            if (e === document.body || !r.width || !r.height) return null;
            const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
            const y = Math.min(Math.max(r.top + Math.min(r.height, 20) / 2, 0), innerHeight - 1);
            const top = document.elementFromPoint(x, y);
            return {name: e.textContent.trim().slice(0, 30) || e.id, top: r.top, bottom: r.bottom,
                    covered: !(top && (e === top || e.contains(top) || top.contains(e)))}; }""")
        if state and (state["top"] < 0 or state["bottom"] > 801 or state["covered"]):
            hidden.append(state)
    assert not hidden


@pytest.mark.parametrize("zoom", [1, 4], ids=["320px", "1280px-at-400%"])
@pytest.mark.parametrize("lang", ["it", "en"])
def test_nothing_is_lost_at_320px(tab_at, visitors_url, lang, zoom):
    tab = tab_at(320, device_scale_factor=zoom)
    lost = {}
    for url in PAGES[lang]:
        tab.goto(f"{visitors_url}/{url}")
        found = tab.evaluate("""() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            if (document.documentElement.scrollWidth > width) out.push('page scrolls sideways');
            for (const e of document.querySelectorAll('main *, header *, footer *')) {
                const r = e.getBoundingClientRect();
                const style = getComputedStyle(e);
                if (!r.width || style.visibility === 'hidden' || e.closest('.visually-hidden, .table-scroll')) continue;
                if (r.right > width + 1 || r.left < -1)
                    out.push(e.tagName + '.' + e.className + ' ' + Math.round(r.right));
            }
            return out.slice(0, 5); }""")
        if found:
            lost[url] = found
    assert not lost
