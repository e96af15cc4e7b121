"""Social cards belong to production builds: the preview neither draws nor names them."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
import yaml

from conftest import ROOT, FixtureSite, news



class _Metas(HTMLParser):
    """The content of each <meta> whose property or name is in ``names`` (minified pages reorder
    and unquote attributes)."""

    def __init__(self, html, names):
        super().__init__()
        self.names = names
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and (attrs.get("property") in self.names or attrs.get("name") in self.names):
            self.found.append(attrs.get("content"))


def images_named(html):
    return _Metas(html, {"og:image", "twitter:image"}).found


def image_texts(html):
    return _Metas(html, {"og:image:alt", "twitter:image:alt"}).found


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
    assert image_texts(item) == ["Uno – Manifattura Milano"] * 2
    tagline = yaml.safe_load((ROOT / "theme/i18n/en.yaml").read_text(encoding="utf-8"))["site_tagline"]
    listing = (production / "en/news/index.html").read_text(encoding="utf-8")
    assert image_texts(listing) == [f"{tagline} – Manifattura Milano"] * 2
