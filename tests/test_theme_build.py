"""The theme in real fixture builds: fonts, CSS budget, security headers in
meta tags, page kinds, external links, pagination and the bad-input case."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from conftest import FixtureSite, news

CSS_BUDGET_GZIP = 30 * 1024


def _items():
    files = {}
    for index in range(14):
        extra = "tags: [stampa 3d]\n"
        files[f"news/item-{index}.it.md"] = news(f"item-{index}", "it", f"Notizia {index}", f"2027-01-{index + 1:02d}", extra)
        files[f"news/item-{index}.en.md"] = news(f"item-{index}", "en", f"News {index}", f"2027-01-{index + 1:02d}", extra)
    files["news/solo-italiano.it.md"] = news("solo-italiano", "it", "Solo qui", "2027-01-20")
    files["news/link-esterno.it.md"] = news(
        "link-esterno", "it", "Con link", "2027-01-21",
        body="Vedi [il Comune](https://www.comune.milano.it/) e [le notizie](/it/notizie/).")
    return files


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("theme"))
    site.write_many(_items())
    result = site.build_ok()
    return result


def _pages(output: Path):
    return sorted(p for p in output.rglob("*.html") if "data-page-kind" in p.read_text(encoding="utf-8"))


def test_only_the_fonts_the_css_uses_are_copied_and_each_css_url_resolves(built):
    css = built.read("theme/css/site.css")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls, "the stylesheet declares no font"
    for url in urls:
        assert (built.output / "theme/css" / url).resolve().is_file(), url
    fonts = sorted(p.name for p in (built.output / "theme/fonts").iterdir())
    assert fonts == sorted(Path(url).name for url in urls)
    assert all("-latin-" in name and name.endswith(".woff2") for name in fonts)
    assert css.count("font-display: swap") == len(urls)


def test_all_css_fits_the_gzip_budget(built):
    sheets = list((built.output / "theme").rglob("*.css"))
    assert sheets
    total = sum(len(gzip.compress(path.read_bytes(), 9)) for path in sheets)
    assert total < CSS_BUDGET_GZIP, f"{total} bytes of CSS gzipped"


def test_every_page_preloads_existing_fonts_and_declares_csp_and_referrer(built):
    pages = _pages(built.output)
    assert len(pages) > 10
    for path in pages:
        html = path.read_text(encoding="utf-8")
        preloads = re.findall(r'<link rel="preload" href="/([^"]+)" as="font" type="font/woff2" crossorigin>', html)
        assert preloads and all((built.output / font).is_file() for font in preloads), path
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
        assert csp, path
        script_src = re.search(r"script-src ([^;]+)", csp.group(1).replace("&#39;", "'")).group(1)
        assert "'unsafe-inline'" not in script_src and "'self'" in script_src
        assert re.search(r'<meta name="referrer" content="[a-z-]+">', html), path


def test_no_page_has_inline_or_blocking_script(built):
    for path in _pages(built.output):
        html = path.read_text(encoding="utf-8")
        for attributes, body in re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S):
            if "application/ld+json" in attributes or "application/json" in attributes:
                continue
            assert 'src="' in attributes and not body.strip(), f"inline script in {path}"
            assert "defer" in attributes or "async" in attributes or 'type="module"' in attributes, path


def test_skip_links_come_first_and_body_names_its_page_kind(built):
    kinds = set()
    for path in _pages(built.output):
        html = path.read_text(encoding="utf-8")
        body = html[html.index("<body"):]
        kinds.add(re.search(r'data-page-kind="([^"]+)"', body).group(1))
        first_link = re.search(r"<a [^>]*>", body).group(0)
        assert 'href="#main"' in first_link, path
    assert {"home", "listing", "news", "page", "tag", "tags", "404"} <= kinds


def test_external_links_in_content_get_noopener_internal_ones_do_not(built):
    html = built.read("it/notizie/link-esterno/index.html")
    assert '<a href="https://www.comune.milano.it/" rel="noopener noreferrer">il Comune</a>' in html
    assert '<a href="/it/notizie/">le notizie</a>' in html
    every_external = re.findall(r'<a [^>]*href="https?://[^"]*"[^>]*>', html)
    assert every_external and all("noopener" in tag for tag in every_external)


def test_listing_paginates_with_numbered_pages_and_marks_the_current_one(built):
    first = built.read("it/notizie/index.html")
    assert 'rel="next" href="/it/notizie/p/2/"' in first
    assert 'aria-current="page"' in first and built.exists("it/notizie/p/2/index.html")
    second = built.read("it/notizie/p/2/index.html")
    assert 'rel="prev" href="/it/notizie/"' in second


def test_one_language_item_is_a_marked_card_on_the_other_listing(built):
    html = built.read("en/news/index.html")
    card = re.search(r'<article class="card card-news card-foreign" lang="it">.*?</article>', html, re.S)
    assert card and "Italian only" in card.group(0) and "badge" in card.group(0)


def test_header_has_parent_body_language_switch_search_and_menu(built):
    html = built.read("en/index.html")
    header = html[html.index('<header class="site-header">'):html.index("</header>")]
    assert "City of Milan" in header
    assert re.search(r'<nav class="lang-switch" aria-label="Language">', header)
    assert '<span class="visually-hidden">Leggi in </span>Italiano' in header
    assert 'role="search" action="/en/search/"' in header
    assert re.search(r'<details class="nav-menu">\s*<summary>', header)
    footer = html[html.index('<footer'):]
    for text in ("Accessibility statement", "Privacy", "Legal notes", "CC-BY 4.0", "Last updated"):
        assert text in footer


def test_a_font_weight_the_package_lacks_refuses_the_build(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("news/a.it.md", news("a", "it", "A"))
    site.output.mkdir()
    (site.output / "keep.txt").write_text("old site")
    result = site.build(extra={"ASSETS_FONT_WEIGHTS": [400, 450]})
    assert result.returncode == 2
    assert "ASSETS_FONT_WEIGHTS" in result.stderr and "titillium-web-latin-450-normal.woff2" in result.stderr
    assert (site.output / "keep.txt").read_text() == "old site"
