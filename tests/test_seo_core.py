"""The pure core of the seo plugin: sitemap entries, JSON-LD data, head facts."""

from __future__ import annotations

from common.jsonld import parent_organisation
from seo import core

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


def test_organization_and_publisher_are_exact():
    org = core.organization(BASE, "Manifattura", "en", parent_organisation(
        {"parent_body": "Comune di Milano", "parent_url": "https://www.comune.milano.it"}))
    assert org == {
        "@context": "https://schema.org", "@type": "GovernmentOrganization", "@id": f"{BASE}/#organization",
        "name": "Manifattura", "url": f"{BASE}/en/",
        "parentOrganization": {"@type": "GovernmentOrganization", "name": "Comune di Milano",
                               "url": "https://www.comune.milano.it"},
        "areaServed": {"@type": "City", "name": "Milano"}}
    with_logo = core.organization(BASE, "M", "it", {"@type": "GovernmentOrganization", "name": "C", "url": "u"}, logo=f"{BASE}/logo.png")
    assert with_logo["logo"] == f"{BASE}/logo.png" and with_logo["url"] == f"{BASE}/it/"


def test_news_article_is_exact_with_image_section_and_modified_date():
    publisher = {"@type": "GovernmentOrganization", "@id": f"{BASE}/#organization", "name": "S"}
    data = core.news_article(url="u", headline="H", description="D", lang="en", published="2027-01-01",
                             modified="2027-01-02", base=BASE, site_name="S", image="i.png", section_name="News")
    assert data == {
        "@context": "https://schema.org", "@type": "NewsArticle", "mainEntityOfPage": {"@type": "WebPage", "@id": "u"},
        "url": "u", "headline": "H", "description": "D", "inLanguage": "en", "datePublished": "2027-01-01",
        "dateModified": "2027-01-02", "author": publisher, "publisher": publisher, "articleSection": "News",
        "image": ["i.png"]}


def test_headlines_are_cut_at_the_limit_with_an_ellipsis():
    def headline(text):
        return core.news_article(url="u", headline=text, description="d", lang="it", published="p", modified=None,
                                 base=BASE, site_name="S")["headline"]
    assert headline("x" * 110) == "x" * 110
    assert headline("x" * 111) == "x" * 109 + "…"
    assert headline("parola " * 20) == ("parola " * 20)[:109].rstrip() + "…"


def test_breadcrumb_list_is_exact_and_the_current_page_may_lack_its_url():
    assert core.breadcrumb_list([("Home", f"{BASE}/it/"), ("Notizie", None)]) == {
        "@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{BASE}/it/"},
            {"@type": "ListItem", "position": 2, "name": "Notizie"}]}


def test_page_paths_and_absolute_urls():
    assert [core.page_path(p) for p in ("index.html", "it/index.html", "it\\notizie\\x\\index.html", "404.html")] == [
        "", "it/", "it/notizie/x/", "404.html"]
    assert core.absolute(BASE, "/it/") == f"{BASE}/it/" and core.absolute(BASE, "it/") == f"{BASE}/it/"
    assert core.absolute(BASE, "http://other.example/") == "http://other.example/"
    assert core.absolute(BASE, "https://other.example/") == "https://other.example/"


def test_head_facts_of_tags_missing_their_values():
    # A robots meta without content, an alternate without href, no date at all: read, not a crash.
    html = '<head><meta name="robots"><link rel="alternate" hreflang="en"><meta property="og:title"></head>'
    assert core.head_facts(html) == {"canonical": None, "alternates": [("en", "")], "noindex": False,
                                     "refresh": False, "lastmod": None}


def test_head_facts_reads_words_written_as_character_references():
    # A fact's word may be written with references ("&#114;obots"): such a tag is read, not skipped.
    html = ('<head><meta name="&#114;obots" content="&#110;oindex">'
            '<link rel="c&#97;nonical" href="/it/a/"><meta name="description" content="a &amp; b"></head>')
    assert core.head_facts(html) == {"canonical": "/it/a/", "alternates": [], "noindex": True,
                                     "refresh": False, "lastmod": None}


def test_head_facts_reads_an_alternate_by_its_hreflang_in_any_case_and_no_feed():
    html = ('<head><link rel="alternate" type="application/atom+xml" title="Feed" href="/it/atom.xml">'
            '<LINK REL=ALTERNATE HREFLANG=EN HREF="/en/a/"><link HrefLang="it" Rel="Alternate" href="/it/a/"></head>')
    assert core.head_facts(html)["alternates"] == [("EN", "/en/a/"), ("it", "/it/a/")]


def test_head_facts_reads_every_kind_of_tag_whatever_the_case_and_quotes():
    html = ("<HTML><HEAD lang=it>"
            "<LINK REL='canonical alternate' HREF='/it/a/'>"
            "<link rel=alternate hreflang=en href=/en/a/><link rel=\"alternate\" href=\"/x/\">"
            "<link rel=\"Alternate\" hreflang=\"x-default\" href=\"/it/a/?a=1&amp;b=2\">"
            "<META NAME=Robots CONTENT='NOINDEX, follow'><meta http-equiv=Refresh content='0; url=/it/'>"
            "<meta property=article:published_time content=2027-01-01>"
            "<meta property=article:modified_time content=2027-02-02>"
            "</head><body><link rel=canonical href=/not-head/></body></html>")
    assert core.head_facts(html) == {"canonical": "/it/a/", "alternates": [("en", "/en/a/"), ("x-default", "/it/a/?a=1&b=2")],
                                     "noindex": True, "refresh": True, "lastmod": "2027-02-02"}
    assert core.head_facts("<p>no head</p>") == {"canonical": None, "alternates": [], "noindex": False,
                                                 "refresh": False, "lastmod": None}
    assert core.head_facts('<head><meta name="robots" content="index"><meta name="x" content="noindex">'
                           '<meta property="article:published_time" content="2027-01-01"></head>') == {
        "canonical": None, "alternates": [], "noindex": False, "refresh": False, "lastmod": "2027-01-01"}


def test_sitemap_entries_keep_lastmod_leave_out_other_canonicals_and_x_default_without_its_page():
    pages = {
        "it/a/index.html": facts([("it", "/it/a/"), ("en", "/en/a/"), ("x-default", "/it/a/")], lastmod="2027-01-02"),
        "en/a/index.html": facts([("it", "/it/a/"), ("en", "/en/a/"), ("x-default", "/it/a/")],
                                 canonical=f"{BASE}/en/a/"),
        "it/copia/index.html": facts(canonical="/it/a/"),
        "it/b/index.html": facts([("it", "/it/b/"), ("en", "/en/b/"), ("x-default", "/en/b/")]),
        "it/c/index.html": facts([("x-default", "/it/c/")]),
    }
    entries = core.sitemap_entries(pages, BASE)
    assert entries == [
        {"loc": f"{BASE}/en/a/", "lastmod": None,
         "alternates": [("it", f"{BASE}/it/a/"), ("en", f"{BASE}/en/a/"), ("x-default", f"{BASE}/it/a/")]},
        {"loc": f"{BASE}/it/a/", "lastmod": "2027-01-02",
         "alternates": [("it", f"{BASE}/it/a/"), ("en", f"{BASE}/en/a/"), ("x-default", f"{BASE}/it/a/")]},
        {"loc": f"{BASE}/it/b/", "lastmod": None, "alternates": [("it", f"{BASE}/it/b/")]},
        {"loc": f"{BASE}/it/c/", "lastmod": None, "alternates": []},
    ]


def test_sitemap_xml_and_robots_txt_are_exact():
    entries = [{"loc": f"{BASE}/it/?a&b", "lastmod": "2027-01-02", "alternates": [("it", f"{BASE}/it/")]},
               {"loc": f"{BASE}/en/", "lastmod": None, "alternates": []}]
    assert core.sitemap_xml(entries) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"<url>\n<loc>{BASE}/it/?a&amp;b</loc>\n<lastmod>2027-01-02</lastmod>\n"
        f'<xhtml:link rel="alternate" hreflang="it" href="{BASE}/it/"/>\n</url>\n'
        f"<url>\n<loc>{BASE}/en/</loc>\n</url>\n</urlset>\n")
    assert core.robots_txt(BASE) == f"User-agent: *\nDisallow:\nSitemap: {BASE}/sitemap.xml\n"
    assert core.robots_txt(BASE, ["/a/", "/b/"]) == \
        f"User-agent: *\nDisallow: /a/\nDisallow: /b/\nSitemap: {BASE}/sitemap.xml\n"


def test_a_cut_headline_ends_in_its_last_word_then_the_ellipsis():
    # The cut falls just after a space: the space goes, the words before it stay.
    headline = "a" * 108 + " " + "b" * 10
    data = core.news_article(url="u", headline=headline, description="d", lang="it", published="p", modified=None,
                             base=BASE, site_name="S")
    assert data["headline"] == "a" * 108 + "…"


def test_an_href_beginning_with_x_keeps_its_first_letter():
    assert core.absolute(BASE, "Xy/") == f"{BASE}/Xy/"
    assert core.absolute(BASE, "/Xy/") == f"{BASE}/Xy/"


def test_attributes_written_empty_are_read_as_empty():
    html = '<head><link rel="canonical" href=""><link rel="alternate" hreflang="en" href=\'\'></head>'
    assert core.head_facts(html)["canonical"] == ""
    assert core.head_facts(html)["alternates"] == [("en", "")]


def test_sitemap_entries_read_every_page_in_any_order_of_tags():
    pages = {
        # Sorted first: pages left out (not to be indexed, a copy of another) do not end the listing.
        "a/index.html": facts(noindex=True),
        "b/index.html": facts(canonical="/it/a/"),
        # A canonical written relative to the site, naming the page itself.
        "it/a/index.html": facts([("x-default", "/it/a/"), ("it", "/it/a/"), ("en", "/en/a/")], canonical="/it/a/"),
        # Declares the Italian page under its language, with no x-default: reciprocal for "it".
        "en/a/index.html": facts([("it", "/it/a/"), ("en", "/en/a/")]),
    }
    assert core.sitemap_entries(pages, BASE) == [
        {"loc": f"{BASE}/en/a/", "lastmod": None, "alternates": [("it", f"{BASE}/it/a/"), ("en", f"{BASE}/en/a/")]},
        {"loc": f"{BASE}/it/a/", "lastmod": None,
         "alternates": [("it", f"{BASE}/it/a/"), ("en", f"{BASE}/en/a/"), ("x-default", f"{BASE}/it/a/")]},
    ]


def test_head_facts_unescapes_every_value_it_reads_and_only_those():
    html = ('<head><LiNk rel="alternate" hreflang="e&#110;" href="/en/a/?x=1&amp;y=2">'
            '<link rel="&#99;anonical" href="/it/&#97;/"><MeTa http-equiv="&#82;efresh" content="0">'
            '<meta property="article&#58;modified_time" content="2027&#45;02-02">'
            '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;"></head>')
    assert core.head_facts(html) == {"canonical": "/it/a/", "alternates": [("en", "/en/a/?x=1&y=2")],
                                     "noindex": False, "refresh": True, "lastmod": "2027-02-02"}
