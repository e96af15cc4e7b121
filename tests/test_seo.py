"""Discovery: sitemap with hreflang alternates, robots.txt, canonical, social meta, JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import FixtureSite, news
from seo_fixtures import write_area_news
from seo import core

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "https://www.manifatturamilano.it"


def facts(alternates=(), canonical=None, **extra):
    return {"canonical": canonical, "alternates": list(alternates), "noindex": False, "refresh": False,
            "lastmod": None, **extra}


def test_sitemap_keeps_only_reciprocal_alternates_and_always_a_self_reference():
    pages = {
        "it/a/index.html": facts([("it", "/it/a/"), ("en", "/en/a/"), ("x-default", "/it/a/")]),
        "en/a/index.html": facts([("it", "/it/a/"), ("en", "/en/a/"), ("x-default", "/it/a/")]),
        # page 2 of a listing that (wrongly) declares page 1 as its versions
        "it/l/p/2/index.html": facts([("it", "/it/l/"), ("en", "/en/l/")]),
        "index.html": facts(refresh=True, canonical="/it/"),
        "it/hidden/index.html": facts(noindex=True),
    }
    entries = {entry["loc"]: entry["alternates"] for entry in core.sitemap_entries(pages, BASE)}
    assert set(entries) == {f"{BASE}/it/a/", f"{BASE}/en/a/", f"{BASE}/it/l/p/2/"}
    assert entries[f"{BASE}/en/a/"] == [("it", f"{BASE}/it/a/"), ("en", f"{BASE}/en/a/"), ("x-default", f"{BASE}/it/a/")]
    assert entries[f"{BASE}/it/l/p/2/"] == []


def test_jsonld_text_cannot_close_its_script_element():
    text = core.jsonld_text({"headline": "</script><b>&"})
    assert "</" not in text and "<" not in text
    assert json.loads(text) == {"headline": "</script><b>&"}


def test_head_facts_reads_what_the_theme_writes():
    html = ('<html><head><link rel="canonical" href="https://x/it/a/"><link rel="alternate" hreflang="en" '
            'href="/en/a/"><meta property="article:published_time" content="2027-01-15T00:00:00+01:00"></head>')
    found = core.head_facts(html)
    assert found["canonical"] == "https://x/it/a/"
    assert found["alternates"] == [("en", "/en/a/")]
    assert found["lastmod"] == "2027-01-15T00:00:00+01:00"


def test_long_headlines_are_cut_for_news_article():
    data = core.news_article(url="u", headline="x" * 200, description="d", lang="it", published="p", modified=None,
                             base=BASE, site_name="S")
    assert len(data["headline"]) == core.HEADLINE_LIMIT and data["dateModified"] == "p"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("seo"))
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/uno.it.md", news("uno", "it", "Uno <b>&", extra="tags: [stampa 3d]\nmodified: 2027-01-20\n"))
    fixture.write("news/uno.en.md", news("uno", "en", "One"))
    fixture.write("news/solo.it.md", news("solo", "it", "Solo italiano"))
    fixture.write("cases/fab.it.md", news("fab", "it", "Caso", extra="company: Fab srl\n"))
    fixture.write("cases/fab.en.md", news("fab", "en", "Case", extra="company: Fab srl\n"))
    result = fixture.build_ok()
    return result


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
    pages = [p for p in html_pages(site.output) if p not in ("index.html", "404.html")]
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


def test_item_page_has_canonical_open_graph_and_twitter(site):
    html = site.read("it/notizie/uno/index.html")
    assert f'<link rel="canonical" href="{BASE}/it/notizie/uno/">' in html
    assert '<meta property="og:title" content="Uno &lt;b&gt;&amp;">' in html
    assert f'<meta property="og:url" content="{BASE}/it/notizie/uno/">' in html
    assert '<meta property="og:locale" content="it_IT">' in html
    assert '<meta property="og:locale:alternate" content="en_GB">' in html
    assert '<meta property="og:type" content="article">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
    if image:  # the images plugin draws a social card for every item
        assert image.group(1).startswith(f"{BASE}/")
        assert site.exists(image.group(1).removeprefix(f"{BASE}/")), image.group(1)
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert f'<meta name="twitter:image" content="{image.group(1)}">' in html
    else:
        assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="article:modified_time" content="2027-01-20T00:00:00+01:00">' in html


def test_news_and_cases_carry_news_article(site):
    for path, headline in (("it/notizie/uno/index.html", "Uno <b>&"), ("en/case-studies/fab/index.html", "Case")):
        articles = [b for b in jsonld_blocks(site.read(path)) if b["@type"] == "NewsArticle"]
        assert len(articles) == 1, path
        assert articles[0]["headline"] == headline
        assert articles[0]["publisher"]["@type"] == "GovernmentOrganization"
        assert articles[0]["url"] == f"{BASE}/{core.page_path(path)}"


def test_every_page_has_one_breadcrumb_list_ending_at_itself(site):
    for path in html_pages(site.output):
        if path == "index.html":
            continue
        lists = [b for b in jsonld_blocks(site.read(path)) if b["@type"] == "BreadcrumbList"]
        assert len(lists) == 1, path
        trail = lists[0]["itemListElement"]
        assert [item["position"] for item in trail] == list(range(1, len(trail) + 1))
        assert all("item" in item for item in trail[:-1]), path
        if path != "404.html" and "item" in trail[-1]:
            assert trail[-1]["item"] == f"{BASE}/{core.page_path(path)}", path


def test_homes_describe_the_government_organization(site):
    for lang in ("it", "en"):
        organizations = [b for b in jsonld_blocks(site.read(f"{lang}/index.html"))
                         if b["@type"] == "GovernmentOrganization"]
        assert organizations and organizations[0]["url"] == f"{BASE}/{lang}/"
        assert organizations[0]["parentOrganization"]["url"].startswith("https://www.comune.milano.it")


def test_404_is_not_indexed(site):
    html = site.read("404.html")
    assert '<meta name="robots" content="noindex">' in html and 'rel="canonical"' not in html
