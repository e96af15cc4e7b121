"""The feeds core without Pelican: plans of plain records, feedgen documents."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone

import feedparser
import pytest

from feeds.plan import entry_id, link_index, plan_language
from feeds.render import atom_bytes, rss_bytes
from feeds.site import SiteInfo, absolute_links

ROME_WINTER = timezone(timedelta(hours=1))
PATHS = {"news": "notizie", "cases": "casi", "opportunities": "opportunita", "tags": "argomenti"}
STRINGS = {
    "all_title": "Tutto", "all_subtitle": "Tutto il programma",
    "sections": {"news": "Notizie", "cases": "Casi", "opportunities": "Opportunità"},
    "section_subtitles": {"news": "N", "cases": "C", "opportunities": "O"},
    "audience_title": "Per {audience}", "audience_subtitle": "Rivolti a {audience}",
    "tag_title": "Argomento {tag}", "tag_subtitle": "Su {tag}",
    "audience": {"startup": "Startup", "pmi": "PMI"},
}
SITE = SiteInfo(base_url="https://example.org/", authority="example.org,2027",
                author={"name": "Manifattura Milano", "uri": "https://example.org/"},
                icon="feeds/icon.png", logo="feeds/logo.png")
RFC822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                    r"\d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}$")
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def record(key, lang="it", section="news", day=1, tags=(), audience=(), modified=None, **extra):
    published = datetime(2027, 1, day, 9, 30, tzinfo=ROME_WINTER)
    result = {
        "section": section, "key": key, "lang": lang, "title": f"Titolo {key}", "url": f"{lang}/x/{key}/",
        "published": published, "updated": modified or published, "summary": f"Sommario {key}",
        "tags": list(tags), "tags_page": f"{lang}/argomenti/", "audience": list(audience),
        "content": absolute_links(f'<p>Testo <a href="../altro/">altro</a> <img src="/images/{key}.png" alt=""></p>',
                                  f"https://example.org/{lang}/x/{key}/"),
    }
    result.update(extra)
    return result


def plan(records, length=50):
    fallback = datetime(2027, 1, 1, tzinfo=ROME_WINTER)
    return plan_language(records, "it", PATHS, STRINGS, ["startup", "pmi"], "destinatari", length, fallback,
                         ("news", "cases", "opportunities"))


def by_kind(feeds):
    return {(feed.kind, feed.name): feed for feed in feeds}


def test_entry_id_ignores_title_slug_and_url():
    first = record("bando-a")
    edited = dict(first, title="Un altro titolo", url="it/x/nuovo-slug/")
    assert entry_id("example.org,2027", first) == entry_id("example.org,2027", edited)
    assert entry_id("example.org,2027", first) == "tag:example.org,2027:news/bando-a/it"
    assert entry_id("example.org,2027", dict(first, lang="en")) != entry_id("example.org,2027", first)


def test_plan_keeps_only_the_language_and_sorts_newest_first():
    feeds = by_kind(plan([record("a", day=3), record("b", day=5), record("c", lang="en", day=9)]))
    assert [r["key"] for r in feeds[("all", "")].entries] == ["b", "a"]
    assert feeds[("all", "")].updated == datetime(2027, 1, 5, 9, 30, tzinfo=ROME_WINTER)
    assert feeds[("all", "")].path("atom") == "it/atom.xml"
    assert feeds[("section", "news")].path("rss") == "it/notizie/rss.xml"


def test_plan_updated_is_the_newest_modification_and_empty_feeds_fall_back():
    modified = datetime(2027, 2, 1, tzinfo=ROME_WINTER)
    feeds = by_kind(plan([record("a", day=3, modified=modified), record("b", day=5)]))
    assert feeds[("all", "")].updated == modified
    assert feeds[("section", "cases")].entries == []
    assert feeds[("section", "cases")].updated == datetime(2027, 1, 1, tzinfo=ROME_WINTER)


def test_plan_audience_and_tag_feeds():
    feeds = by_kind(plan([
        record("call", section="opportunities", audience=["startup"], tags=[("bandi", "bandi")]),
        record("news", tags=[("bandi", "bandi"), ("stampa-3d", "stampa 3d")]),
    ]))
    assert [r["key"] for r in feeds[("audience", "startup")].entries] == ["call"]
    assert feeds[("audience", "pmi")].entries == []
    assert feeds[("audience", "startup")].folder == "it/opportunita/destinatari/startup/"
    assert feeds[("audience", "startup")].title == "Per Startup"
    assert {r["key"] for r in feeds[("tag", "bandi")].entries} == {"call", "news"}
    assert feeds[("tag", "stampa-3d")].title == "Argomento stampa 3d"
    assert ("tag", "stampa 3d") not in feeds


def test_a_tag_feed_holds_each_tagged_record_once_newest_first():
    feeds = by_kind(plan([record("old", day=1, tags=[("bandi", "bandi")]),
                          record("twice", day=3, tags=[("bandi", "bandi"), ("bandi", "Bandi")]),
                          record("untagged", day=4), record("new", day=5, tags=[("spazi", "spazi"), ("bandi", "bandi")])]))
    assert [r["key"] for r in feeds[("tag", "bandi")].entries] == ["new", "twice", "old"]
    assert [r["key"] for r in feeds[("tag", "spazi")].entries] == ["new"]


def test_plan_length_cuts_the_oldest():
    feeds = by_kind(plan([record(f"k{day}", day=day) for day in range(1, 8)], length=3))
    assert [r["key"] for r in feeds[("all", "")].entries] == ["k7", "k6", "k5"]


def test_link_index_groups_by_language_and_kind():
    index = link_index(plan([record("a", tags=[("bandi", "bandi")])]))
    assert index["it"]["all"]["atom"] == "it/atom.xml"
    assert index["it"]["section"]["news"]["rss"] == "it/notizie/rss.xml"
    assert index["it"]["tag"]["bandi"]["atom"] == "it/argomenti/bandi/atom.xml"
    assert set(index["it"]["audience"]) == {"startup", "pmi"}
    assert sorted(index["it"]) == ["all", "audience", "section", "tag"]
    assert index["it"]["all"] == {"title": "Tutto", "atom": "it/atom.xml", "rss": "it/rss.xml", "page": "it/",
                                  "kind": "all", "name": ""}
    assert index["it"]["tag"]["bandi"] == {
        "title": "Argomento bandi", "atom": "it/argomenti/bandi/atom.xml", "rss": "it/argomenti/bandi/rss.xml",
        "page": "it/argomenti/bandi/", "kind": "tag", "name": "bandi"}


@pytest.mark.parametrize("html, expected", [
    ('<a href="../altro/">x</a>', '<a href="https://example.org/it/x/altro/">x</a>'),
    ('<img src="/images/a.png">', '<img src="https://example.org/images/a.png">'),
    ("<img src='b.png'>", "<img src='https://example.org/it/x/k/b.png'>"),
    ('<a href="https://other.org/p">x</a>', '<a href="https://other.org/p">x</a>'),
    ('<a href="mailto:a@b.it">x</a>', '<a href="mailto:a@b.it">x</a>'),
    ('<img srcset="/i/a-480.webp 480w, /i/a-960.webp 960w">',
     '<img srcset="https://example.org/i/a-480.webp 480w, https://example.org/i/a-960.webp 960w">'),
    ('<a HREF =\n "../altro/">x</a>', '<a HREF =\n "https://example.org/it/x/altro/">x</a>'),
    ("<p>Nessun link: a = b, 'c'</p>", "<p>Nessun link: a = b, 'c'</p>"),
])
def test_absolute_links(html, expected):
    assert absolute_links(html, "https://example.org/it/x/k/") == expected


def one_feed():
    enclosure = {"url": "images/a.png", "length": 1234, "type": "image/png"}
    records = [record("a", day=3, tags=[("stampa-3d", "stampa 3d")], enclosure=enclosure), record("b", day=5)]
    return by_kind(plan(records))[("all", "")]


def test_atom_entry_fields_and_dates():
    data = atom_bytes(one_feed(), SITE)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.feed.language == "it"
    assert parsed.feed.icon == "https://example.org/feeds/icon.png"
    assert parsed.feed.logo == "https://example.org/feeds/logo.png"
    first, second = parsed.entries
    assert first.id == "tag:example.org,2027:news/b/it"
    assert second.link == "https://example.org/it/x/a/"
    assert second.tags[0].term == "stampa-3d" and second.tags[0].label == "stampa 3d"
    assert second.enclosures[0].href == "https://example.org/images/a.png"
    assert second.enclosures[0].length == "1234" and second.enclosures[0].type == "image/png"
    assert second.author == "Manifattura Milano"
    assert 'src="https://example.org/images/a.png"' in second.content[0].value
    assert second.summary == "Sommario a"
    root = ET.fromstring(data)
    atom = "{http://www.w3.org/2005/Atom}"
    dates = [e.text for e in root.iter() if e.tag in (f"{atom}updated", f"{atom}published")]
    assert dates and all(RFC3339.match(d) for d in dates), dates
    assert root.find(f"{atom}updated").text == "2027-01-05T09:30:00+01:00"


def test_rss_dates_guid_and_no_clock():
    data = rss_bytes(one_feed(), SITE)
    parsed = feedparser.parse(data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    root = ET.fromstring(data)
    dates = [e.text for e in root.iter() if e.tag in ("pubDate", "lastBuildDate")]
    assert len(dates) == 4 and all(RFC822.match(d) for d in dates), dates
    assert root.find("channel/lastBuildDate").text == "Tue, 05 Jan 2027 09:30:00 +0100"
    guids = root.findall("channel/item/guid")
    assert [g.text for g in guids] == ["tag:example.org,2027:news/b/it", "tag:example.org,2027:news/a/it"]
    assert all(g.get("isPermaLink") == "false" for g in guids)
    assert root.find("channel/language").text == "it"
    assert b"python-feedgen" not in data
    assert parsed.entries[1].enclosures[0].length == "1234"
    assert "https://example.org/it/x/altro/" in parsed.entries[1].content[0].value
    assert parsed.entries[1].author_detail.name == "Manifattura Milano"


def test_documents_are_byte_identical_for_the_same_records():
    assert atom_bytes(one_feed(), SITE) == atom_bytes(one_feed(), SITE)
    assert rss_bytes(one_feed(), SITE) == rss_bytes(one_feed(), SITE)


def test_every_feed_has_its_folder_page_title_subtitle_and_id():
    feeds = by_kind(plan([record("a", tags=[("bandi", "bandi")]), record("b")]))
    assert {key: (f.folder, f.page, f.title, f.subtitle, f.feed_id("example.org,2027")) for key, f in feeds.items()} == {
        ("all", ""): ("it/", "it/", "Tutto", "Tutto il programma", "tag:example.org,2027:feed/it/all/all"),
        ("section", "news"): ("it/notizie/", "it/notizie/", "Notizie", "N", "tag:example.org,2027:feed/it/section/news"),
        ("section", "cases"): ("it/casi/", "it/casi/", "Casi", "C", "tag:example.org,2027:feed/it/section/cases"),
        ("section", "opportunities"): ("it/opportunita/", "it/opportunita/", "Opportunità", "O",
                                       "tag:example.org,2027:feed/it/section/opportunities"),
        ("audience", "startup"): ("it/opportunita/destinatari/startup/", "it/opportunita/destinatari/startup/",
                                  "Per Startup", "Rivolti a Startup", "tag:example.org,2027:feed/it/audience/startup"),
        ("audience", "pmi"): ("it/opportunita/destinatari/pmi/", "it/opportunita/destinatari/pmi/", "Per PMI",
                              "Rivolti a PMI", "tag:example.org,2027:feed/it/audience/pmi"),
        ("tag", "bandi"): ("it/argomenti/bandi/", "it/argomenti/bandi/", "Argomento bandi", "Su bandi",
                           "tag:example.org,2027:feed/it/tag/bandi"),
    }
    assert [e["key"] for e in feeds[("tag", "bandi")].entries] == ["a"]


# Every byte of a feed, for one plan: what readers get, and what must not
# change between two builds of the same content.
EMAILED_SITE = SiteInfo(base_url="https://example.org/", authority="example.org,2027",
                        author={"name": "MM", "uri": "https://example.org/", "email": "mm@example.org"},
                        icon="/feeds/icon.png", logo="https://cdn.example.org/logo.png", rights="CC BY 4.0")
ATOM = (
    '<?xml version=\'1.0\' encoding=\'UTF-8\'?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">'
    '<id>tag:example.org,2027:feed/it/all/all</id><title>Tutto</title>'
    '<updated>2027-01-05T09:30:00+01:00</updated><author><name>Manifattura Milano</name>'
    '<uri>https://example.org/</uri></author>'
    '<link href="https://example.org/it/atom.xml" rel="self" type="application/atom+xml"/>'
    '<link href="https://example.org/it/" rel="alternate" type="text/html" hreflang="it"/>'
    '<generator>Manifattura Milano</generator><icon>https://example.org/feeds/icon.png</icon>'
    '<logo>https://example.org/feeds/logo.png</logo><subtitle>Tutto il programma</subtitle><entry>'
    '<id>tag:example.org,2027:news/b/it</id><title>Titolo b</title>'
    '<updated>2027-01-05T09:30:00+01:00</updated><author><name>Manifattura Milano</name>'
    '<uri>https://example.org/</uri></author>'
    '<content type="html">&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/b.png" alt=""&gt;&lt;/p&gt;</content>'
    '<summary>Sommario b</summary><published>2027-01-05T09:30:00+01:00</published>'
    '<link rel="alternate" type="text/html" hreflang="it" href="https://example.org/it/x/b/"/>'
    '</entry><entry><id>tag:example.org,2027:news/a/it</id><title>Titolo a</title>'
    '<updated>2027-01-03T09:30:00+01:00</updated><author><name>Manifattura Milano</name>'
    '<uri>https://example.org/</uri></author>'
    '<content type="html">&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/a.png" alt=""&gt;&lt;/p&gt;</content>'
    '<summary>Sommario a</summary>'
    '<category term="stampa-3d" scheme="https://example.org/it/argomenti/" label="stampa 3d"/>'
    '<published>2027-01-03T09:30:00+01:00</published>'
    '<link rel="alternate" type="text/html" hreflang="it" href="https://example.org/it/x/a/"/>'
    '<link rel="enclosure" type="image/png" length="1234" href="https://example.org/images/a.png"/>'
    '</entry></feed>'
).encode()
RSS = (
    ''
    '<?xml version=\'1.0\' encoding=\'UTF-8\'?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">'
    '<channel><title>Tutto</title><link>https://example.org/it/</link>'
    '<description>Tutto il programma</description>'
    '<atom:link href="https://example.org/it/rss.xml" rel="self" type="application/rss+xml"/>'
    '<docs>http://www.rssboard.org/rss-specification</docs><generator>Manifattura Milano</generator>'
    '<image><url>https://example.org/feeds/logo.png</url><title>Tutto</title>'
    '<link>https://example.org/it/</link></image><language>it</language>'
    '<lastBuildDate>Tue, 05 Jan 2027 09:30:00 +0100</lastBuildDate>'
    '<pubDate>Tue, 05 Jan 2027 09:30:00 +0100</pubDate><item><title>Titolo b</title>'
    '<link>https://example.org/it/x/b/</link><description>Sommario b</description>'
    '<content:encoded>&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/b.png" alt=""&gt;&lt;/p&gt;</content:encoded>'
    '<guid isPermaLink="false">tag:example.org,2027:news/b/it</guid>'
    '<pubDate>Tue, 05 Jan 2027 09:30:00 +0100</pubDate><dc:creator>Manifattura Milano</dc:creator>'
    '</item><item><title>Titolo a</title><link>https://example.org/it/x/a/</link>'
    '<description>Sommario a</description>'
    '<content:encoded>&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/a.png" alt=""&gt;&lt;/p&gt;</content:encoded>'
    '<guid isPermaLink="false">tag:example.org,2027:news/a/it</guid>'
    '<category domain="https://example.org/it/argomenti/">stampa 3d</category>'
    '<enclosure url="https://example.org/images/a.png" length="1234" type="image/png"/>'
    '<pubDate>Sun, 03 Jan 2027 09:30:00 +0100</pubDate><dc:creator>Manifattura Milano</dc:creator>'
    '</item></channel></rss>'
).encode()
RSS_WITH_EMAIL = (
    ''
    '<?xml version=\'1.0\' encoding=\'UTF-8\'?>\n<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" version="2.0">'
    '<channel><title>Tutto</title><link>https://example.org/it/</link>'
    '<description>Tutto il programma</description>'
    '<atom:link href="https://example.org/it/rss.xml" rel="self" type="application/rss+xml"/>'
    '<copyright>CC BY 4.0</copyright><docs>http://www.rssboard.org/rss-specification</docs>'
    '<generator>MM</generator><image><url>https://cdn.example.org/logo.png</url><title>Tutto</title>'
    '<link>https://example.org/it/</link></image><language>it</language>'
    '<lastBuildDate>Tue, 05 Jan 2027 09:30:00 +0100</lastBuildDate>'
    '<pubDate>Tue, 05 Jan 2027 09:30:00 +0100</pubDate><item><title>Titolo b</title>'
    '<link>https://example.org/it/x/b/</link><description>Sommario b</description>'
    '<content:encoded>&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/b.png" alt=""&gt;&lt;/p&gt;</content:encoded>'
    '<author>mm@example.org (MM)</author>'
    '<guid isPermaLink="false">tag:example.org,2027:news/b/it</guid>'
    '<pubDate>Tue, 05 Jan 2027 09:30:00 +0100</pubDate></item><item><title>Titolo a</title>'
    '<link>https://example.org/it/x/a/</link><description>Sommario a</description>'
    '<content:encoded>&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/a.png" alt=""&gt;&lt;/p&gt;</content:encoded>'
    '<author>mm@example.org (MM)</author>'
    '<guid isPermaLink="false">tag:example.org,2027:news/a/it</guid>'
    '<category domain="https://example.org/it/argomenti/">stampa 3d</category>'
    '<enclosure url="https://example.org/images/a.png" length="1234" type="image/png"/>'
    '<pubDate>Sun, 03 Jan 2027 09:30:00 +0100</pubDate></item></channel></rss>'
).encode()
ATOM_WITH_EMAIL = (
    '<?xml version=\'1.0\' encoding=\'UTF-8\'?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="it">'
    '<id>tag:example.org,2027:feed/it/all/all</id><title>Tutto</title>'
    '<updated>2027-01-05T09:30:00+01:00</updated><author><name>MM</name>'
    '<email>mm@example.org</email><uri>https://example.org/</uri></author>'
    '<link href="https://example.org/it/atom.xml" rel="self" type="application/atom+xml"/>'
    '<link href="https://example.org/it/" rel="alternate" type="text/html" hreflang="it"/>'
    '<generator>MM</generator><icon>https://example.org/feeds/icon.png</icon>'
    '<logo>https://cdn.example.org/logo.png</logo><rights>CC BY 4.0</rights>'
    '<subtitle>Tutto il programma</subtitle><entry><id>tag:example.org,2027:news/b/it</id>'
    '<title>Titolo b</title><updated>2027-01-05T09:30:00+01:00</updated><author><name>MM</name>'
    '<email>mm@example.org</email><uri>https://example.org/</uri></author>'
    '<content type="html">&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/b.png" alt=""&gt;&lt;/p&gt;</content>'
    '<summary>Sommario b</summary><published>2027-01-05T09:30:00+01:00</published>'
    '<link rel="alternate" type="text/html" hreflang="it" href="https://example.org/it/x/b/"/>'
    '</entry><entry><id>tag:example.org,2027:news/a/it</id><title>Titolo a</title>'
    '<updated>2027-01-03T09:30:00+01:00</updated><author><name>MM</name>'
    '<email>mm@example.org</email><uri>https://example.org/</uri></author>'
    '<content type="html">&lt;p&gt;Testo &lt;a href="https://example.org/it/x/altro/"&gt;altro&lt;/a&gt; &lt;img src="https://example.org/images/a.png" alt=""&gt;&lt;/p&gt;</content>'
    '<summary>Sommario a</summary>'
    '<category term="stampa-3d" scheme="https://example.org/it/argomenti/" label="stampa 3d"/>'
    '<published>2027-01-03T09:30:00+01:00</published>'
    '<link rel="alternate" type="text/html" hreflang="it" href="https://example.org/it/x/a/"/>'
    '<link rel="enclosure" type="image/png" length="1234" href="https://example.org/images/a.png"/>'
    '</entry></feed>'
).encode()


@pytest.mark.parametrize("render, site, expected", [
    (atom_bytes, SITE, ATOM), (rss_bytes, SITE, RSS), (rss_bytes, EMAILED_SITE, RSS_WITH_EMAIL),
    (atom_bytes, EMAILED_SITE, ATOM_WITH_EMAIL),
], ids=["atom", "rss", "rss-with-email", "atom-with-email"])
def test_a_feed_is_these_exact_bytes(render, site, expected):
    assert render(one_feed(), site) == expected


def test_render_feeds_writes_every_feed_in_both_formats():
    from feeds.render import render_feeds

    feeds = [one_feed(), by_kind(plan([record("c")]))[("section", "news")]]
    assert render_feeds(feeds, SITE) == [
        ("it/atom.xml", ATOM), ("it/rss.xml", RSS),
        ("it/notizie/atom.xml", atom_bytes(feeds[1], SITE)), ("it/notizie/rss.xml", rss_bytes(feeds[1], SITE))]


def test_an_entry_shared_by_several_feeds_is_made_once_per_format_and_written_in_each():
    from feeds.render import SharedEntries, render_feeds

    enclosure = {"url": "images/a.png", "length": 1234, "type": "image/png"}
    records = [record("a", day=3, tags=[("stampa-3d", "stampa 3d")], audience=["pmi"], enclosure=enclosure),
               record("b", day=5, section="opportunities", audience=["pmi", "startup"])]
    feeds = [feed for feed in plan(records) if feed.entries]
    entries = SharedEntries(feeds)
    first = render_feeds(feeds[:1], EMAILED_SITE, entries)
    # The first feed (the language's) holds both records, which later feeds hold too: their entries are kept.
    assert [feed.kind for feed in feeds] == ["all", "section", "section", "audience", "audience", "tag"]
    assert [len(made) for made in entries.made.values()] == [2, 2]
    together = first + render_feeds(feeds[1:], EMAILED_SITE, entries)
    assert together == [(feed.path(fmt), render(feed, EMAILED_SITE)) for feed in feeds
                        for fmt, render in (("atom", atom_bytes), ("rss", rss_bytes))]
    # Each forgotten once its last feed is written.
    assert entries.made == {"atom": {}, "rss": {}}


def test_a_shared_entry_element_is_built_once_and_taken_by_each_feed_in_turn():
    """No copy per feed: the one element moves into the tree of the feed being written (each feed is
    serialised before the next takes it), and every feed still writes it whole."""
    from feeds.render import SharedEntries, SharedEntry, render_feeds

    entry = SharedEntry()
    entry.id("tag:example.org,2027:news/a/it")
    entry.title("A")
    entry.updated(datetime(2027, 1, 3, 9, 30, tzinfo=ROME_WINTER))
    entry.content("<p>x</p>", type="html")
    assert entry.atom_entry() is entry.atom_entry() and entry.rss_entry() is entry.rss_entry()
    assert entry.atom_entry() is not entry.rss_entry()
    records = [record("a", day=3, tags=[("t", "t")], audience=["pmi"]), record("b", day=5, tags=[("t", "t")])]
    feeds = [feed for feed in plan(records) if feed.entries]
    written = dict(render_feeds(feeds, SITE, SharedEntries(feeds)))
    assert [written[feed.path("rss")].count(b"<item>") for feed in feeds] == [len(feed.entries) for feed in feeds]
    assert [written[feed.path("atom")].count(b"<entry>") for feed in feeds] == [len(feed.entries) for feed in feeds]


@pytest.mark.parametrize("url, absolute", [
    ("it/x/", "https://example.org/it/x/"), ("/it/x/", "https://example.org/it/x/"),
    ("//cdn.example.org/a.png", "//cdn.example.org/a.png"), ("https://other.org/", "https://other.org/"),
    ("mailto:a@b.it", "mailto:a@b.it"), ("a+b.c-d:x", "a+b.c-d:x"), ("1a:x", "https://example.org/1a:x"),
    ("XY/z.png", "https://example.org/XY/z.png"),
])
def test_site_urls_become_absolute_and_others_are_kept(url, absolute):
    assert SITE.absolute(url) == absolute


@pytest.mark.parametrize("html, expected", [
    ('<a href="">x</a>', '<a href="">x</a>'), ('<a href="  ">x</a>', '<a href="">x</a>'),
    ('<img src="//cdn.example.org/a.png">', '<img src="//cdn.example.org/a.png">'),
    ('<img srcset="//cdn.example.org/a.png 2x">', '<img srcset="//cdn.example.org/a.png 2x">'),
])
def test_empty_and_protocol_relative_urls_are_left_alone(html, expected):
    assert absolute_links(html, "https://example.org/it/x/k/") == expected


def test_an_entry_without_tags_or_a_tags_page_has_no_category_scheme():
    bare = record("a", tags=[("bandi", "bandi")])
    del bare["tags_page"]
    untagged = record("b")
    del untagged["tags"]
    data = atom_bytes(by_kind(plan([bare, untagged]))[("all", "")], SITE)
    assert b'<category term="bandi" label="bandi"/>' in data and data.count(b"<category") == 1


# Kept feeds (feeds.site.feed_keys): a build renders again only the feeds whose key is new, so every
# fact a feed's bytes are made of must change its key.

def _keys(records, site=SITE, code="code"):
    from feeds.site import feed_keys

    feeds = plan(records)
    return dict(zip(((f.kind, f.name) for f in feeds), feed_keys(feeds, site, code)))


def test_equal_feeds_have_equal_keys_and_a_record_in_several_feeds_changes_each():
    from markupsafe import Markup

    base = [record("a", tags=[("bandi", "Bandi")]), record("b", day=2)]
    assert _keys(base) == _keys([record("a", tags=[("bandi", "Bandi")]), record("b", day=2)])
    edited = _keys([record("a", tags=[("bandi", "Bandi")], content="<p>Altro testo</p>"), record("b", day=2)])
    changed = {kind for kind, key in _keys(base).items() if edited[kind] != key}
    assert changed == {("all", ""), ("section", "news"), ("tag", "bandi")}
    for other in ({"title": "Titolo rivisto"}, {"summary": Markup("Sommario a")}, {"url": "it/y/a/"},
                  {"modified": datetime(2027, 1, 1, 9, 30, tzinfo=timezone.utc)},
                  {"enclosure": {"url": "images/a.webp", "length": 1, "type": "image/webp"}},
                  {"tags": [("bandi", "Bandi!")]}, {"audience": ["startup"]}):
        tags = other.pop("tags", [("bandi", "Bandi")])
        assert _keys([record("a", tags=tags, **other), record("b", day=2)])[("all", "")] != _keys(base)[("all", "")], other


def test_the_site_and_the_code_are_part_of_every_key():
    base = _keys([record("a")])
    moved = SiteInfo(base_url="https://example.com/", authority=SITE.authority, author=SITE.author,
                     icon=SITE.icon, logo=SITE.logo)
    for keys in (_keys([record("a")], site=moved), _keys([record("a")], code="other code")):
        assert not set(keys.values()) & set(base.values())


def _feeds_job(tmp_path, feeds, in_worker=True):
    """The build's feeds job (``feeds.wiring.write_feed_files``, started and collected as the wiring
    does) over ``feeds`` into tmp_path/output, its folders made first as the wiring makes them:
    (what it returned to this process, {path: bytes} of the output's feed files)."""
    from common.background import collect_job, start_job
    from common.buildcache import KeptValues
    from feeds.site import feed_keys
    from feeds.wiring import write_feed_files

    output = tmp_path / "output"
    for feed in feeds:
        (output / feed.folder).mkdir(parents=True, exist_ok=True)
    settings = {}
    keyed = list(zip(feed_keys(feeds, SITE, "code"), feeds))
    kept = KeptValues(tmp_path / "feeds.pickle")
    missing = {key: feed for key, feed in keyed if key not in kept}
    start_job(settings, "feeds", write_feed_files, keyed, missing, SITE, str(output), kept, in_worker=in_worker)
    returned = collect_job(settings, "feeds")
    return returned, {path.relative_to(output).as_posix(): path.read_bytes() for path in output.rglob("*.xml")}


def test_the_feeds_job_writes_the_feed_files_and_their_cache_and_sends_no_bytes_back(tmp_path):
    from common.buildcache import KeptValues
    from feeds.render import render_feeds

    feeds = plan([record("a", tags=[("bandi", "Bandi")]), record("b", day=2)])
    returned, written = _feeds_job(tmp_path, feeds)
    assert returned is None  # the main process gets no feed bytes through the pipe
    assert written == dict(render_feeds(plan([record("a", tags=[("bandi", "Bandi")]), record("b", day=2)]), SITE))
    kept = KeptValues(tmp_path / "feeds.pickle").kept
    assert {path: data for files in kept.values() for path, data in files.items()} == written


def test_a_feed_the_last_build_kept_is_written_from_the_cache_and_the_others_rendered(tmp_path):
    """Inline, as the held build runs it: a kept feed's bytes are the cache's (here marked), not rendered again."""
    from common.buildcache import KeptValues

    _feeds_job(tmp_path, plan([record("a"), record("b", day=2)]))
    cache = KeptValues(tmp_path / "feeds.pickle")
    marked = {key: {path: b"kept " + data for path, data in files.items()} for key, files in cache.kept.items()}
    cache.kept = {}
    for key, files in marked.items():
        cache.get(key, lambda files=files: files)
    cache.save()
    # "b" edited: the feeds holding it ("all", news) are rendered; the others' bytes are the kept ones.
    _returned, written = _feeds_job(tmp_path, plan([record("a"), record("b", day=2, title="Altro")]), in_worker=False)
    assert sorted(path for path, data in written.items() if data.startswith(b"kept ")) == [
        path for path in sorted(written) if path not in {"it/atom.xml", "it/rss.xml", "it/notizie/atom.xml",
                                                          "it/notizie/rss.xml"}]
    assert written["it/atom.xml"].startswith(b"<?xml") and b"Altro" in written["it/atom.xml"]
