"""The pure core of the seo plugin: sitemap entries, JSON-LD text, head facts."""

from __future__ import annotations

import json

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
