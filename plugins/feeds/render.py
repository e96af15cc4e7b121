"""Atom and RSS 2.0 documents of a planned feed, with feedgen.

Plain data in, bytes out. A feed reader shows an entry far from the site, so
every URL in it is absolute (a record's ``content`` comes through
``absolute_links`` once per item, not once per feed); and a feed must not
change when the content did not, so no field comes from the clock (feedgen's own "now" defaults for
``lastBuildDate`` and ``updated`` and its generator stamp are overridden).
"""

from __future__ import annotations

from collections import Counter

from feedgen.entry import FeedEntry
from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.dc import DcEntryExtension, DcExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .plan import FORMATS, entry_id
from .site import SiteInfo


class AtomEntryLinks(BaseEntryExtension):
    """Writes an Atom entry's links with all their attributes.

    feedgen 1.0.0 drops rel, type, hreflang and length from entry links (its
    loop variable is overwritten by the new element), which would turn the
    enclosure into a second "alternate" link without type or length.
    """

    def __init__(self):
        self.links = []

    def add(self, **attributes):
        self.links.append(attributes)

    def extend_atom(self, entry):
        for attributes in self.links:
            xml_elem("link", entry, **{name: str(value) for name, value in attributes.items()})
        return entry


class SharedEntry(FeedEntry):
    """A feedgen entry held by several feeds: feedgen builds its Atom entry or RSS item element once
    (it reads only the entry), and each feed holding it takes that element into its tree in turn. An
    lxml element has one parent: appending it to the next feed's tree moves it there, which is safe
    as each feed is serialised before the next one is made (``render_feeds``), and cheaper than a copy."""

    def __init__(self):
        super().__init__()
        self.built = {}

    def atom_entry(self, extensions=True):
        return self._once("atom", super().atom_entry, extensions)

    def rss_entry(self, extensions=True):
        return self._once("rss", super().rss_entry, extensions)

    def _once(self, fmt, build, extensions):
        if (fmt, extensions) not in self.built:
            self.built[fmt, extensions] = build(extensions)
        return self.built[fmt, extensions]


def _generator(feed, site, fmt, entries):
    generator = FeedGenerator()
    # Each format's own extension only (feedgen leaves the other format's out of a feed anyway):
    # every entry added registers each extension of its feed. Dublin Core by its classes:
    # load_extension("dc") looks for a module feedgen.ext.dc_entry that does not exist at each call.
    if fmt == "atom":
        generator.register_extension("atomlinks", BaseExtension, AtomEntryLinks, atom=True, rss=False)
    else:
        generator.register_extension("dc", DcExtension, DcEntryExtension, atom=False, rss=True)
    generator.id(feed.feed_id(site.authority))
    generator.title(feed.title)
    generator.subtitle(feed.subtitle)
    generator.language(feed.lang)
    # feedgen makes the last link the RSS channel's <link>: the web page, not the feed itself.
    generator.link(href=site.absolute(feed.path(fmt)), rel="self",
                   type="application/atom+xml" if fmt == "atom" else "application/rss+xml")
    generator.link(href=site.absolute(feed.page), rel="alternate", type="text/html", hreflang=feed.lang)
    generator.author({key: site.author[key] for key in ("name", "uri", "email") if site.author.get(key)})
    generator.icon(site.absolute(site.icon))
    generator.logo(site.absolute(site.logo))
    if site.rights:
        generator.rights(site.rights)
    generator.updated(feed.updated)
    generator.pubDate(feed.updated)
    # feedgen would stamp its name and version: a library upgrade must not
    # change feeds whose content did not change.
    generator.generator(site.author["name"])
    for record in feed.entries:
        made = entries.get(id(record))
        if made is None:
            # The record is kept beside its entry: its id is not reused while the entry is.
            made = entries[id(record)] = (record, _add_entry(generator, record, site, fmt))
        else:
            # An entry made for another feed of this format: feedgen adds it as it is (its extensions,
            # the same as this generator's, are loaded already).
            generator.add_entry(made[1], order="append")
    return generator


def _add_entry(generator, record, site, fmt):
    """A new entry of ``generator`` holding ``record``."""
    entry = generator.add_entry(SharedEntry(), order="append")
    url = site.absolute(record["url"])
    # feedgen's id() also sets RSS's <guid isPermaLink="false">.
    entry.id(entry_id(site.authority, record))
    entry.title(record["title"])
    if fmt == "atom":
        entry.atomlinks.add(rel="alternate", type="text/html", hreflang=record["lang"], href=url)
    else:
        entry.link(href=url)
    entry.published(record["published"])
    entry.updated(record["updated"])
    if fmt == "atom" or site.author.get("email"):
        entry.author({key: site.author[key] for key in ("name", "uri", "email") if site.author.get(key)})
    else:
        # RSS <author> must be an e-mail address; without one, Dublin Core
        # names the programme instead.
        entry.dc.dc_creator(site.author["name"])
    entry.summary(record["summary"])
    entry.content(record["content"], type="html")
    tags_page = site.absolute(record["tags_page"]) if record.get("tags_page") else None
    for slug, name in record.get("tags", ()):
        category = {"term": slug, "label": name}
        if tags_page:
            category["scheme"] = tags_page
        entry.category(category)
    enclosure = record.get("enclosure")
    if enclosure and fmt == "atom":
        entry.atomlinks.add(rel="enclosure", type=enclosure["type"], length=enclosure["length"],
                            href=site.absolute(enclosure["url"]))
    elif enclosure:
        entry.enclosure(url=site.absolute(enclosure["url"]), length=str(enclosure["length"]), type=enclosure["type"])
    return entry


class SharedEntries:
    """Each record's entry in each format (``made[fmt]``), made once for the feeds given and forgotten
    once the last of them holding the record is rendered (``rendered``): an entry holds its body, as
    text and as elements, and a job keeping every entry of the site's feeds grew by a fifth."""

    def __init__(self, feeds):
        self.holders = Counter(id(record) for feed in feeds for record in feed.entries)
        self.made = {fmt: {} for fmt in FORMATS}

    def rendered(self, feed):
        for record in feed.entries:
            self.holders[id(record)] -= 1
            if self.holders[id(record)] <= 0:
                for made in self.made.values():
                    made.pop(id(record), None)


def atom_bytes(feed, site: SiteInfo, entries=None) -> bytes:
    """``entries``: the records' Atom entries made for other feeds (``SharedEntries.made["atom"]``)."""
    return _generator(feed, site, "atom", {} if entries is None else entries).atom_str(pretty=False)


def rss_bytes(feed, site: SiteInfo, entries=None) -> bytes:
    """``entries``: the records' RSS items made for other feeds (``SharedEntries.made["rss"]``)."""
    return _generator(feed, site, "rss", {} if entries is None else entries).rss_str(pretty=False)


RENDERERS = {"atom": atom_bytes, "rss": rss_bytes}


def render_feeds(feeds, site: SiteInfo, entries=None):
    """Every feed in every format: [(path relative to the output, bytes)]. A record held by several
    feeds (its section's, its tags', its audiences') becomes a feedgen entry once per format, kept in
    ``entries`` (``SharedEntries``, to share them with other calls) until its last feed is rendered."""
    entries = SharedEntries(feeds) if entries is None else entries
    files = []
    for feed in feeds:
        files += [(feed.path(fmt), RENDERERS[fmt](feed, site, entries.made[fmt])) for fmt in FORMATS]
        entries.rendered(feed)
    return files
