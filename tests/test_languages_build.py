"""Two language sites in one build, checked on a real fixture build."""

import re
from html.parser import HTMLParser

import lxml.html
import pytest

from conftest import FixtureSite, news


class Tags(HTMLParser):
    """Collects start tags as (name, attrs dict) and the page's text."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.text = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def find(self, name, **attrs):
        return [a for t, a in self.tags if t == name and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())]

    @property
    def all_text(self):
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("languages"))
    site.write("news/bando-spazi.it.md", news("bando-spazi", "it", "Bando spazi", "2027-01-20",
                                              "tags: [spazi, bandi]\n"))
    site.write("news/bando-spazi.en.md", news("bando-spazi", "en", "Spaces call", "2027-01-20",
                                              "slug: spaces-call\ntags: [spaces]\n"))
    site.write("news/assemblea-quartiere.it.md", news("assemblea-quartiere", "it", "Assemblea di quartiere",
                                                      "2027-01-10", "tags: [spazi]\n"))
    site.write("news/english-briefing.en.md", news("english-briefing", "en", "Briefing for investors", "2027-01-05"))
    site.write("news/bozza.it.md", news("bozza", "it", "Bozza segreta", "2027-01-25", "status: draft\n"))
    site.write("news/bozza.en.md", news("bozza", "en", "Secret draft", "2027-01-25", "status: draft\n"))
    site.write("news/sommario-ostile.it.md", "---\ntitle: Sommario ostile\n"
               "summary: 'Il *bando* <script>alert(1)</script>'\ndate: 2027-01-01\n---\nT\n")
    for index in range(14):
        site.write(f"cases/caso-{index}.it.md",
                   news(f"caso-{index}", "it", f"Caso {index}", f"2026-12-{index + 1:02d}", "company: Acme\n"))
    result = site.build_ok()
    return result


def test_both_language_sites_have_localised_paths(site):
    for relpath in ["it/index.html", "en/index.html", "it/notizie/index.html", "en/news/index.html",
                    "it/casi/index.html", "en/case-studies/index.html", "it/opportunita/index.html",
                    "en/opportunities/index.html", "it/argomenti/index.html", "en/topics/index.html",
                    "it/notizie/bando-spazi/index.html", "en/news/spaces-call/index.html",
                    "it/accessibilita/index.html", "en/accessibility/index.html",
                    "it/argomenti/spazi/index.html", "en/topics/spaces/index.html"]:
        assert site.exists(relpath), relpath


def test_translations_link_each_other_with_hreflang(site):
    italian = Tags(site.read("it/notizie/bando-spazi/index.html"))
    english = Tags(site.read("en/news/spaces-call/index.html"))
    for page in (italian, english):
        links = {a["hreflang"]: a["href"] for a in page.find("link", rel="alternate") if "hreflang" in a}
        assert links == {"it": "/it/notizie/bando-spazi/", "en": "/en/news/spaces-call/",
                         "x-default": "/it/notizie/bando-spazi/"}
    assert italian.find("a", hreflang="en", href="/en/news/spaces-call/")
    assert english.find("a", hreflang="it", href="/it/notizie/bando-spazi/")
    assert italian.find("html")[0]["lang"] == "it" and english.find("html")[0]["lang"] == "en"


def test_an_item_in_one_language_says_so_and_links_the_other_listing(site):
    page = Tags(site.read("it/notizie/assemblea-quartiere/index.html"))
    # Said to the English reader, in English (issue 15).
    assert "English (not translated)" in page.all_text
    assert page.find("a", href="/en/news/", hreflang="en")
    hreflangs = [a["hreflang"] for a in page.find("link", rel="alternate") if "hreflang" in a]
    assert "en" not in hreflangs


def test_listings_hold_their_language_and_marked_one_language_items(site):
    english = site.read("en/news/index.html")
    italian = site.read("it/notizie/index.html")
    assert "Spaces call" in english and "Bando spazi" not in english
    assert "Bando spazi" in italian and "Spaces call" not in italian
    marked = re.search(r'<article class="card[^"]*card-foreign" lang="it">.*?</article>', english, re.S)
    assert marked and "Assemblea di quartiere" in marked.group(0) and "Italian only" in marked.group(0)
    marked = re.search(r'<article class="card[^"]*card-foreign" lang="en">.*?</article>', italian, re.S)
    assert marked and "Briefing for investors" in marked.group(0) and "Solo in inglese" in marked.group(0)


def test_listing_is_newest_first(site):
    italian = site.read("it/notizie/index.html")
    order = [italian.index(title) for title in ("Bando spazi", "Assemblea di quartiere", "Briefing for investors")]
    assert order == sorted(order)


def test_drafts_are_never_written(site):
    everything = "".join(p.read_text(encoding="utf-8") for p in site.output.rglob("*.html"))
    assert "Bozza segreta" not in everything and "Secret draft" not in everything
    assert not list(site.output.rglob("*bozza*"))
    assert not (site.output / "drafts").exists()


def test_dates_are_in_rome_time_and_words_of_each_language(site):
    italian = site.read("it/notizie/bando-spazi/index.html")
    english = site.read("en/news/spaces-call/index.html")
    assert '<time datetime="2027-01-20T00:00:00+01:00">20 gennaio 2027</time>' in italian
    assert '<time datetime="2027-01-20T00:00:00+01:00">20 January 2027</time>' in english


def test_long_listings_are_paginated_per_language(site):
    first = site.read("it/casi/index.html")
    second = site.read("it/casi/p/2/index.html")
    assert first.count('class="card ') == 12
    assert second.count('class="card ') == 2
    assert 'href="/it/casi/p/2/"' in first
    assert site.read("en/case-studies/index.html").count("Italian only") == 12
    assert 'hreflang="en" href="/en/case-studies/"' in first
    assert "hreflang" not in "".join(line for line in second.splitlines() if line.startswith("<link")), \
        "page 2 is not a translation of the other language's page 1"


def test_tag_pages_are_per_language(site):
    italian = site.read("it/argomenti/spazi/index.html")
    assert "Bando spazi" in italian and "Assemblea di quartiere" in italian
    english = site.read("en/topics/spaces/index.html")
    assert "Spaces call" in english and "Bando spazi" not in english
    assert not site.exists("en/topics/spazi/index.html"), "an Italian-only item made an English tag page"


def test_a_tag_missing_in_the_other_language_switches_to_its_tag_index(site):
    page = Tags(site.read("it/argomenti/bandi/index.html"))
    assert page.find("a", href="/en/topics/", hreflang="en")
    assert "en" not in [a.get("hreflang") for a in page.find("link", rel="alternate")]


def test_root_reaches_the_italian_home_without_javascript(site):
    root = site.read("index.html")
    assert '<meta http-equiv="refresh" content="0; url=it/">' in root
    assert '<a href="it/">' in root


def test_every_page_has_one_h1_landmarks_and_a_skip_link(site):
    for path in site.output.rglob("*.html"):
        if path.name == "index.html" and path.parent == site.output or path.parent.name == "admin":
            continue  # the root redirect; the editor (plugins/cms) is not a page of the site
        page = Tags(path.read_text(encoding="utf-8"))
        assert len(page.find("h1")) == 1, path
        assert page.find("main", id="main") and page.find("header") and page.find("footer"), path
        after_body = page.tags[[t for t, _ in page.tags].index("body"):]
        first_link = next(attrs for tag, attrs in after_body if tag == "a")
        assert first_link["href"] == "#main", path


def test_summary_is_escaped_text(site):
    html = site.read("it/notizie/sommario-ostile/index.html")
    assert "Il *bando* &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_pagination_links_the_ends_and_the_neighbours_of_the_current_page(tmp_path):
    site = FixtureSite(tmp_path)
    for index in range(120):
        site.write(f"news/n{index}.it.md", news(f"n{index}", "it", f"Notizia {index}", f"2026-{index % 12 + 1:02d}-01"))
    result = site.build_ok()
    [nav] = lxml.html.fromstring(result.read("it/notizie/p/5/index.html")).cssselect("nav.pagination")
    numbers = {a.get("href"): a.text_content().split()[-1] for a in nav.cssselect("a:not([rel])")}
    assert numbers == {"/it/notizie/": "1", "/it/notizie/p/3/": "3", "/it/notizie/p/4/": "4",
                       "/it/notizie/p/6/": "6", "/it/notizie/p/7/": "7", "/it/notizie/p/10/": "10"}
    [current] = nav.cssselect("[aria-current=page]")
    assert current.cssselect("[aria-hidden=true]")[0].text == "5" and current.tag == "span"
    assert len(nav.cssselect(".pagination-gap")) == 2
