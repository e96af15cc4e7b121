"""Social cards belong to production builds: the preview neither draws nor names them."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT, FixtureSite, news



class _Images(HTMLParser):
    """og:image and twitter:image of a page (minified pages reorder and unquote attributes)."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") == "og:image" or attrs.get("name") == "twitter:image"):
            self.found.append(attrs.get("content"))


def images_named(html):
    return _Images(html).found


class _ImageTexts(HTMLParser):
    """og:image:alt and twitter:image:alt of a page."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "image:alt" in (attrs.get("property") or attrs.get("name") or ""):
            self.found.append(attrs.get("content"))
SITEURL = "https://www.manifatturamilano.it"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("cards")
    site = FixtureSite(base / "site")
    site.write("news/uno.it.md", news("uno", "it", "Uno"))
    site.write("news/uno.en.md", news("uno", "en", "One"))
    preview = site.build_ok()
    preview_output = base / "preview"
    preview.output.rename(preview_output)
    production = site.build_ok(settings="publishconf.py")
    return preview_output, production.output


def pages(output):
    return sorted(output.rglob("*.html"))


def test_preview_draws_no_card_and_no_page_names_one(builds):
    preview, _ = builds
    assert not (preview / "images" / "social").exists()
    for path in pages(preview):
        html = path.read_text(encoding="utf-8")
        assert not images_named(html), path
        assert "images/social/" not in html, path
    html = (preview / "it/notizie/uno/index.html").read_text(encoding="utf-8")
    assert '<meta name="twitter:card" content="summary">' in html
    assert "NewsArticle" in html and '"image"' not in html


def test_production_pages_name_cards_that_exist(builds):
    _, production = builds
    named = set()
    for path in pages(production):
        for url in images_named(path.read_text(encoding="utf-8")):
            assert url.startswith(f"{SITEURL}/images/social/"), (path, url)
            assert (production / url.removeprefix(f"{SITEURL}/")).is_file(), (path, url)
            named.add(url)
    item = (production / "it/notizie/uno/index.html").read_text(encoding="utf-8")
    assert any("/it-news-uno." in url for url in images_named(item))
    assert any("/it-site." in url for url in named) and any("/en-site." in url for url in named)


def test_a_card_is_described_by_what_it_shows_the_title_or_the_tagline_and_the_site_name(builds):
    _, production = builds
    item = (production / "it/notizie/uno/index.html").read_text(encoding="utf-8")
    assert _ImageTexts(item).found == ["Uno – Manifattura Milano"] * 2
    tagline = yaml.safe_load((ROOT / "theme/i18n/en.yaml").read_text(encoding="utf-8"))["site_tagline"]
    listing = (production / "en/news/index.html").read_text(encoding="utf-8")
    assert _ImageTexts(listing).found == [f"{tagline} – Manifattura Milano"] * 2
