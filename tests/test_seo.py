"""Discovery: sitemap with hreflang alternates, robots.txt, canonical, social meta, JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import lxml.html
import pytest

from conftest import FixtureSite, news
from seo_fixtures import write_area_news
from seo import core

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://www.manifatturamilano.it"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("seo"))
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/uno.it.md", news("uno", "it", "Uno <b>&", extra="tags: [stampa 3d]\nmodified: 2027-01-20\n"))
    fixture.write("news/uno.en.md", news("uno", "en", "One"))
    fixture.write("news/solo.it.md", news("solo", "it", "Solo italiano"))
    fixture.write("cases/fab.it.md", news("fab", "it", "Caso", extra="company: Fab srl\n"))
    fixture.write("cases/fab.en.md", news("fab", "en", "Case", extra="company: Fab srl\n"))
    # Social cards as the production build draws them (the preview leaves them out).
    return fixture.build_ok(extra={"IMAGE_SOCIAL_CARDS": True})


def html_pages(output):
    """The site's pages; not the editor (admin/, noindex: plugins/cms)."""
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html") if p.parent.name != "admin")


def jsonld_blocks(html):
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def test_every_page_is_in_the_sitemap_with_a_self_reference(site):
    tree = ET.fromstring(site.read("sitemap.xml"))
    entries = {}
    for url in tree.findall(f"{SITEMAP}url"):
        links = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        entries[url.findtext(f"{SITEMAP}loc")] = links
    pages = [p for p in html_pages(site.output) if p != "index.html" and not p.endswith("404.html")]
    expected = {f"{BASE}/{core.page_path(p)}" for p in pages}
    assert set(entries) == expected
    for loc, links in entries.items():
        assert loc in links.values(), loc
    assert entries[f"{BASE}/it/notizie/uno/"] == {
        "it": f"{BASE}/it/notizie/uno/", "en": f"{BASE}/en/news/uno/", "x-default": f"{BASE}/it/notizie/uno/"}
    assert entries[f"{BASE}/en/news/uno/"]["x-default"] == f"{BASE}/it/notizie/uno/"
    assert "en" not in entries[f"{BASE}/it/notizie/solo/"]


def test_robots_txt_names_the_sitemap(site):
    assert f"Sitemap: {BASE}/sitemap.xml" in site.read("robots.txt").splitlines()


def head_values(html):
    """{(attribute, name): [content, ...]} of the head's meta and link elements, whatever the attribute order."""
    tree = lxml.html.fromstring(html)
    values = {}
    for element in tree.cssselect("head meta[property], head meta[name]"):
        key = ("property", element.get("property")) if element.get("property") else ("name", element.get("name"))
        values.setdefault(key, []).append(element.get("content"))
    for element in tree.cssselect("head link[rel=canonical]"):
        values.setdefault(("link", "canonical"), []).append(element.get("href"))
    return values


def test_item_page_has_canonical_open_graph_and_twitter(site):
    head = head_values(site.read("it/notizie/uno/index.html"))
    assert head[("link", "canonical")] == [f"{BASE}/it/notizie/uno/"]
    assert head[("property", "og:title")] == ["Uno <b>&"]
    assert head[("property", "og:url")] == [f"{BASE}/it/notizie/uno/"]
    assert head[("property", "og:locale")] == ["it_IT"]
    assert head[("property", "og:locale:alternate")] == ["en_GB"]
    assert head[("property", "og:type")] == ["article"]
    # The images plugin draws a social card for every item.
    [image] = head[("property", "og:image")]
    assert image.startswith(f"{BASE}/") and site.exists(image.removeprefix(f"{BASE}/")), image
    assert head[("name", "twitter:card")] == ["summary_large_image"]
    assert head[("name", "twitter:image")] == [image]
    assert head[("property", "article:modified_time")] == ["2027-01-20T00:00:00+01:00"]


def test_news_and_cases_carry_news_article(site):
    for path, headline in (("it/notizie/uno/index.html", "Uno <b>&"), ("en/case-studies/fab/index.html", "Case")):
        articles = [b for b in jsonld_blocks(site.read(path)) if b["@type"] == "NewsArticle"]
        assert len(articles) == 1, path
        assert articles[0]["headline"] == headline
        assert articles[0]["publisher"]["@type"] == "GovernmentOrganization"
        assert articles[0]["url"] == f"{BASE}/{core.page_path(path)}"


def test_every_page_has_one_breadcrumb_list_ending_at_itself(site):
    linked_last = set()
    for path in html_pages(site.output):
        if path == "index.html":
            continue
        lists = [b for b in jsonld_blocks(site.read(path)) if b["@type"] == "BreadcrumbList"]
        assert len(lists) == 1, path
        trail = lists[0]["itemListElement"]
        assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
        assert all("item" in item for item in trail[:-1]), path
        # The current page may come without its URL (seo.core.breadcrumb_list); when it has one, it is its own.
        own = f"{BASE}/{core.page_path(path)}"
        assert trail[-1].get("item", own) == own, path
        linked_last |= {path} if "item" in trail[-1] else set()
    assert {"it/notizie/uno/index.html", "en/case-studies/fab/index.html", "it/notizie/index.html"} <= linked_last


def test_homes_describe_the_government_organization(site):
    for lang in ("it", "en"):
        organizations = [b for b in jsonld_blocks(site.read(f"{lang}/index.html"))
                         if b["@type"] == "GovernmentOrganization"]
        assert organizations and organizations[0]["url"] == f"{BASE}/{lang}/"
        assert organizations[0]["parentOrganization"]["url"].startswith("https://www.comune.milano.it")


def test_404_is_not_indexed(site):
    html = site.read("404.html")
    assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html


def test_a_cold_builds_heads_are_read_on_two_cores_as_on_one(site, tmp_path):
    """From READ_ON_TWO_CORES_FROM pages on, half of them are read in a forked process: each page
    keeps its own facts (the built site's pages, copied until there are enough of them)."""
    from seo import wiring

    built = [site.output / p for p in html_pages(site.output)]
    pages = []
    for number in range(wiring.READ_ON_TWO_CORES_FROM + 1):
        copy = tmp_path / f"{number}.html"
        copy.write_bytes(built[number % len(built)].read_bytes())
        pages.append((f"key {number}", str(copy)))
    facts = wiring.read_heads(pages)
    assert facts == {key: core.head_facts(Path(path).read_text(encoding="utf-8")) for key, path in pages}
    assert len({repr(value) for value in facts.values()}) > 2
