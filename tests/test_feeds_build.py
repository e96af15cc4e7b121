"""Feeds of a fixture site built with the real build, and of the real site."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import feedparser
import pytest

from conftest import FixtureSite

BASE = "https://www.manifatturamilano.it/"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def png_bytes():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), (200, 16, 46)).save(buffer, format="PNG")
    return buffer.getvalue()


CONTENT = {
    "news/avvio.it.md": """
        ---
        title: Parte il programma
        summary: Il programma parte.
        date: 2027-01-15 10:00
        modified: 2027-01-20
        tags: [stampa 3d, programma]
        image: 2027/laser.png
        image_alt: Un laser
        ---
        Leggi il [bando]({filename}../opportunities/bando.it.md) e guarda
        ![schema]({static}/images/2027/laser.png).
        """,
    "news/avvio.en.md": """
        ---
        title: The programme starts
        summary: The programme starts.
        date: 2027-01-15 10:00
        tags: [3d printing]
        ---
        Read the [call]({filename}../opportunities/bando.en.md).
        """,
    "news/solo-italiano.it.md": """
        ---
        title: Solo in italiano
        summary: Una notizia senza traduzione.
        date: 2027-01-18
        tags: [programma]
        ---
        Testo.
        """,
    "news/bozza.it.md": """
        ---
        title: Una bozza
        summary: Non ancora pubblicata.
        date: 2027-01-30
        status: draft
        tags: [programma]
        ---
        Testo.
        """,
    "cases/english-only.en.md": """
        ---
        title: An English-only case
        summary: A case without an Italian version.
        date: 2027-01-10
        company: Acme
        ---
        Text.
        """,
    "opportunities/bando.it.md": """
        ---
        title: Bando startup
        summary: Contributi per startup.
        date: 2027-01-05
        deadline: 2027-03-31
        audience: [startup]
        apply_url: https://www.comune.milano.it/bandi
        tags: [bandi]
        ---
        Testo del bando.
        """,
    "opportunities/bando.en.md": """
        ---
        title: Startup call
        summary: Grants for startups.
        date: 2027-01-05
        deadline: 2027-03-31
        audience: [startup]
        apply_url: https://www.comune.milano.it/bandi
        ---
        Call text.
        """,
}


def make_site(base: Path) -> FixtureSite:
    site = FixtureSite(base)
    site.write_many(CONTENT)
    image = site.content / "images" / "2027" / "laser.png"
    image.parent.mkdir(parents=True, exist_ok=True)
    image.write_bytes(png_bytes())
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("feeds-site"))
    result = site.build_ok()
    return result


def feed_files(output: Path):
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.xml")
                  if p.name in ("atom.xml", "rss.xml"))


def parse(result, relpath):
    data = (result.output / relpath).read_bytes()
    return data, ET.fromstring(data), feedparser.parse(data)


def site_updated(result):
    """The newest ``updated`` of either language's main feed, which lists every item."""
    return max((parse(result, f"{lang}/atom.xml")[1].find(f"{ATOM}updated").text for lang in ("it", "en")),
               key=datetime.fromisoformat)


def check_feed(result, relpath):
    """Well-formed, bozo 0, dates in the format of the kind, one language."""
    data, root, parsed = parse(result, relpath)
    assert parsed.bozo == 0, (relpath, parsed.get("bozo_exception"))
    lang = relpath.split("/")[0]
    if relpath.endswith("atom.xml"):
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        dates = [e.text for e in root.iter() if e.tag in (f"{ATOM}updated", f"{ATOM}published")]
        assert all(RFC3339.match(d) for d in dates), (relpath, dates)
        for name in ("title", "subtitle", "icon", "logo", "updated", "id"):
            assert root.find(f"{ATOM}{name}") is not None, (relpath, name)
        self_link = [l for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
        assert self_link[0].get("href") == BASE + relpath
        # A feed is as new as its newest entry; one without entries as new as the whole site.
        entry_updates = [e.text for e in root.findall(f"{ATOM}entry/{ATOM}updated")] or [site_updated(result)]
        newest = max(entry_updates, key=datetime.fromisoformat)
        assert datetime.fromisoformat(root.find(f"{ATOM}updated").text) == datetime.fromisoformat(newest), relpath
    else:
        assert root.tag == "rss" and root.get("version") == "2.0"
        assert root.find("channel/language").text == lang
        dates = [e.text for e in root.iter() if e.tag in ("pubDate", "lastBuildDate")]
        assert dates and all(RFC822.match(d) for d in dates), (relpath, dates)
        assert root.find("channel/image/url") is not None
    for entry in parsed.entries:
        assert entry.link.startswith(f"{BASE}{lang}/"), (relpath, entry.link)
        assert entry.id.endswith(f"/{lang}"), (relpath, entry.id)
    return parsed


def test_every_feed_of_the_fixture_site_is_valid(built):
    files = feed_files(built.output)
    assert "it/atom.xml" in files and "en/rss.xml" in files
    assert "it/opportunita/destinatari/startup/atom.xml" in files
    assert "en/opportunities/audience/startup/rss.xml" in files
    assert "it/argomenti/stampa-3d/atom.xml" in files and "en/topics/3d-printing/rss.xml" in files
    for relpath in files:
        check_feed(built, relpath)
    assert len(files) >= 2 * 2 * (1 + 3 + 8)


def ids(result, relpath):
    return [entry.id for entry in parse(result, relpath)[2].entries]


def test_languages_never_leak(built):
    authority = "tag:manifatturamilano.it,2027:"
    it_all = ids(built, "it/atom.xml")
    en_all = ids(built, "en/rss.xml")
    assert it_all == [f"{authority}news/solo-italiano/it", f"{authority}news/avvio/it",
                      f"{authority}opportunities/bando/it"]
    assert en_all == [f"{authority}news/avvio/en", f"{authority}cases/english-only/en",
                      f"{authority}opportunities/bando/en"]
    assert ids(built, "it/casi/atom.xml") == []
    assert not any("bozza" in i for p in feed_files(built.output) for i in ids(built, p))
    english = [relpath for relpath in feed_files(built.output) if relpath.startswith("en/")]
    assert len(english) >= 2 * (1 + 3 + 8)
    assert not [relpath for relpath in english if f"{authority}news/solo-italiano/it" in ids(built, relpath)]


def test_entry_fields(built):
    data, root, parsed = parse(built, "it/notizie/atom.xml")
    entry = next(e for e in parsed.entries if e.id.endswith("news/avvio/it"))
    assert entry.link == BASE + "it/notizie/avvio/"
    assert entry.published == "2027-01-15T10:00:00+01:00"
    assert entry.updated == "2027-01-20T00:00:00+01:00"
    assert root.find(f"{ATOM}updated").text == "2027-01-20T00:00:00+01:00"
    assert entry.author == "Manifattura Milano · Comune di Milano"
    assert entry.summary == "Il programma parte."
    assert {t.term for t in entry.tags} == {"stampa-3d", "programma"}
    html = entry.content[0].value
    assert f'href="{BASE}it/opportunita/bando/"' in html
    urls = re.findall(r'(?:href|src)="([^"]*)"', html)
    urls += [c.split()[0] for s in re.findall(r'srcset="([^"]*)"', html) for c in s.split(",")]
    assert any("laser" in url for url in urls)
    assert all(url.startswith(BASE) for url in urls), urls
    enclosure = entry.enclosures[0]
    assert enclosure.href.startswith(BASE + "images/2027/laser")
    published_image = built.output / enclosure.href[len(BASE):]
    assert enclosure.type == {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}[published_image.suffix]
    assert int(enclosure.length) == published_image.stat().st_size
    rss = parse(built, "it/notizie/rss.xml")[1]
    item = next(i for i in rss.findall("channel/item") if i.find("guid").text.endswith("news/avvio/it"))
    assert item.find("enclosure").get("length") == str(published_image.stat().st_size)
    assert item.find("pubDate").text == "Fri, 15 Jan 2027 10:00:00 +0100"
    assert item.find("guid").get("isPermaLink") == "false"


def test_audience_feed_holds_only_its_calls(built):
    authority = "tag:manifatturamilano.it,2027:"
    assert ids(built, "it/opportunita/destinatari/startup/atom.xml") == [f"{authority}opportunities/bando/it"]
    assert ids(built, "it/opportunita/destinatari/pmi/atom.xml") == []
    assert "Startup" in parse(built, "en/opportunities/audience/startup/atom.xml")[2].feed.title


def test_icon_and_logo_are_published(built):
    parsed = parse(built, "en/atom.xml")[2]
    for url in (parsed.feed.icon, parsed.feed.logo):
        assert url.startswith(BASE)
        assert (built.output / url[len(BASE):]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def head_feed_links(html):
    return re.findall(r'<link rel="alternate" type="application/(atom|rss)\+xml" title="[^"]*" href="/([^"]+)"', html)


def test_autodiscovery_links_main_and_section_feeds(built):
    article = head_feed_links(built.read("it/notizie/avvio/index.html"))
    assert article == [("atom", "it/atom.xml"), ("rss", "it/rss.xml"),
                       ("atom", "it/notizie/atom.xml"), ("rss", "it/notizie/rss.xml")]
    listing = head_feed_links(built.read("en/opportunities/index.html"))
    assert ("atom", "en/opportunities/atom.xml") in listing and ("rss", "en/rss.xml") in listing
    audience = head_feed_links(built.read("it/opportunita/destinatari/startup/index.html"))
    assert ("atom", "it/opportunita/destinatari/startup/atom.xml") in audience
    assert parse(built, "it/opportunita/destinatari/startup/atom.xml")[2].feed.link == \
        BASE + "it/opportunita/destinatari/startup/"
    tag = head_feed_links(built.read("it/argomenti/stampa-3d/index.html"))
    assert ("atom", "it/argomenti/stampa-3d/atom.xml") in tag
    home = head_feed_links(built.read("en/index.html"))
    assert home == [("atom", "en/atom.xml"), ("rss", "en/rss.xml")]
    for html in (built.read("it/notizie/avvio/index.html"), built.read("en/index.html")):
        for _, target in head_feed_links(html):
            assert built.exists(target), target


def test_follow_pages_list_every_feed_and_the_calendar(built):
    for lang, path in (("it", "it/segui/index.html"), ("en", "en/follow/index.html")):
        html = built.read(path)
        assert f'<html lang="{lang}"' in html
        listed = set(re.findall(r'<a href="/([^"]+\.xml)"', html))
        assert listed == {p for p in feed_files(built.output) if p.startswith(f"{lang}/")}
        assert f'href="webcal://www.manifatturamilano.it/{lang}/calendar.ics"' in html
        assert f"{BASE}{lang}/calendar.ics" in html
    assert 'hreflang="en" href="/en/follow/"' in built.read("it/segui/index.html")
    assert '<a href="/it/segui/">' in built.read("it/index.html")
    assert '<a href="/en/follow/">' in built.read("en/news/avvio/index.html")


@pytest.fixture(scope="module")
def short_feeds(tmp_path_factory):
    site = make_site(tmp_path_factory.mktemp("feeds-short"))
    return site.build(extra={"FEEDS_LENGTH": 1, "SITE_PUBLIC_URL": "https://example.org/mm"})


def test_length_and_feed_siteurl_are_settings(short_feeds):
    assert short_feeds.returncode == 0, short_feeds.stderr
    parsed = feedparser.parse((short_feeds.output / "it" / "atom.xml").read_bytes())
    assert [e.id for e in parsed.entries] == ["tag:manifatturamilano.it,2027:news/solo-italiano/it"]
    assert parsed.entries[0].link == "https://example.org/mm/it/notizie/solo-italiano/"


def test_a_bad_length_refuses_the_build(tmp_path):
    site = make_site(tmp_path)
    site.output.mkdir()
    (site.output / "keep.txt").write_text("previous site")
    result = site.build(extra={"FEEDS_LENGTH": 0})
    assert result.returncode == 2
    assert "FEEDS_LENGTH" in result.stderr
    assert (site.output / "keep.txt").read_text() == "previous site"
    assert not (site.output / "it").exists()


def test_every_feed_of_the_real_site_is_valid(real_site):
    files = feed_files(real_site.output)
    assert {"it/atom.xml", "it/rss.xml", "en/atom.xml", "en/rss.xml"} <= set(files)
    for relpath in files:
        check_feed(real_site, relpath)
    # the real site's two languages must not share an entry
    it_ids = {i for p in files if p.startswith("it/") for i in ids(real_site, p)}
    en_ids = {i for p in files if p.startswith("en/") for i in ids(real_site, p)}
    assert not it_ids & en_ids
    assert all(i.endswith("/it") for i in it_ids) and all(i.endswith("/en") for i in en_ids)
