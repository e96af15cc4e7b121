"""The theme in real Chromium: axe-core on one page of every kind in both
languages of the real site, same-origin requests only, the phone menu
without JavaScript, 320 px and 200% zoom, focus, colour scheme and print."""

from __future__ import annotations

import json

import pytest
from assets.page_kinds import scan_output

pytestmark = pytest.mark.browser

# WCAG 2.2 AA is the floor (issue 15): test_visitors_axe.axe_violations runs every WCAG rule in the light
# scheme and, on the same page, colour contrast in the dark one.


@pytest.fixture(scope="module")
def kinds(real_site):
    found = scan_output(real_site.output)
    assert {("it", "home"), ("en", "home"), ("it", "listing"), ("en", "listing")} <= set(found)
    return found


def test_no_axe_violation_on_any_kind_of_page_in_either_language_or_scheme(browser, kinds, real_site_url):
    from test_visitors_axe import axe_tab, axe_violations

    assert {lang for lang, _ in kinds} == {"it", "en"}
    context, tab = axe_tab(browser)
    report = {}
    for (lang, kind), url in sorted(kinds.items()):
        for scheme, found in axe_violations(tab, f"{real_site_url}/{url}").items():
            if found:
                report[f"{scheme} {lang}/{kind} /{url}"] = found
    context.close()
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)


def test_pages_request_nothing_from_another_origin_and_break_no_csp_rule(browser, kinds, real_site_url):
    context = browser.new_context()
    tab = context.new_page()
    requested, errors = [], []
    tab.on("request", lambda request: requested.append(request.url))
    tab.on("console", lambda message: message.type == "error" and errors.append(f"{tab.url}: {message.text}"))
    tab.on("pageerror", lambda error: errors.append(f"{tab.url}: {error}"))
    for url in sorted(set(kinds.values())):
        tab.goto(f"{real_site_url}/{url}", wait_until="load")
    context.close()
    assert any("/theme/fonts/" in url for url in requested), "the fonts were not loaded"
    foreign = [url for url in requested if not url.startswith(real_site_url) and not url.startswith("data:")]
    assert not foreign
    # A Content-Security-Policy violation shows up as a console error.
    assert not [error for error in errors if "Content Security Policy" in error or "Refused" in error], errors


def test_phone_menu_opens_without_javascript(browser, real_site_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(f"{real_site_url}/it/")
    first_link = tab.locator("#main-nav a").first
    assert not first_link.is_visible()
    tab.locator(".nav-menu > summary").click()
    assert first_link.is_visible()
    href = first_link.get_attribute("href")
    first_link.click()
    assert tab.url.endswith(href)
    context.close()


def test_menu_is_open_on_wide_screens(browser, real_site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.goto(f"{real_site_url}/en/")
    assert not tab.locator(".nav-menu > summary").is_visible()
    assert tab.locator("#main-nav a").first.is_visible()
    context.close()


@pytest.mark.parametrize("width,scale", [(320, 1), (640, 2)], ids=["320px", "1280px-at-200%"])
def test_no_horizontal_scrolling_at_320px_or_200_percent_zoom(browser, kinds, real_site_url, width, scale):
    context = browser.new_context(viewport={"width": width, "height": 700}, device_scale_factor=scale)
    tab = context.new_page()
    wide = {}
    for url in sorted(set(kinds.values())):
        tab.goto(f"{real_site_url}/{url}")
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 0:
            wide[url] = overflow
    context.close()
    assert not wide


def test_keyboard_focus_is_visible_and_the_skip_link_comes_first(page, real_site_url):
    page.goto(f"{real_site_url}/it/")
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        const r = e.getBoundingClientRect();
        return {href: e.getAttribute('href'), outline: s.outlineStyle, shadow: s.boxShadow, top: r.top}; }""")
    assert focused["href"] == "#main"
    assert focused["outline"] != "none" and focused["shadow"] != "none"
    assert focused["top"] >= 0


def test_dark_scheme_and_reduced_motion_are_honoured(browser, real_site_url):
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme, reduced_motion="reduce")
        tab = context.new_page()
        tab.goto(f"{real_site_url}/it/")
        colours[scheme] = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        behaviour = tab.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
        assert behaviour == "auto"
        context.close()
    assert colours["light"] == "rgb(255, 255, 255)" and colours["dark"] != colours["light"]


def test_print_leaves_out_navigation_and_search(page, real_site_url):
    page.goto(f"{real_site_url}/it/")
    page.emulate_media(media="print")
    assert not page.locator(".nav-bar").is_visible()
    assert not page.locator(".search-form").is_visible()
    assert page.locator("main h1").is_visible()
