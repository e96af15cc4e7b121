"""Atom and RSS 2.0 documents of a planned feed, with feedgen.

Plain data in, bytes out. A feed reader shows an entry far from the site, so
every URL in it is absolute (a record's ``content`` comes through
``absolute_links`` once per item, not once per feed); and a feed must not
change when the content did not, so no field comes from the clock (feedgen's own "now" defaults for
``lastBuildDate`` and ``updated`` and its generator stamp are overridden).
"""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from datetime import date
from urllib.parse import urljoin

from common.buildcache import data_digest

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from .plan import FORMATS, entry_id

_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SRCSET_ATTRIBUTE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class SiteInfo:
    """What every feed of the site shares."""

    base_url: str  # absolute, ends with "/"
    authority: str  # tag: URI authority, e.g. "manifatturamilano.it,2027"
    author: dict  # {"name", "uri", optional "email"}
    icon: str  # site-relative or absolute
    logo: str
    rights: str = ""

    def absolute(self, url: str) -> str:
        if _SCHEME.match(url) or url.startswith("//"):
            return url
        # Site-relative paths are the common case: joined without urljoin,
        # which costs more than everything else in an entry.
        return self.base_url + url.lstrip("/")


def absolute_links(html: str, page_url: str) -> str:
    """``html`` with every relative href/src/srcset resolved against ``page_url``.

    Fragment-only links stay relative to the item, which a reader resolves
    against the entry's own link as the page would.
    """

    def resolve(url):
        url = url.strip()
        if not url or _SCHEME.match(url) or url.startswith("//"):
            return url
        return urljoin(page_url, url)

    def one(match):
        return f"{match.group(1)}{match.group(2)}{resolve(match.group(3))}{match.group(2)}"

    def many(match):
        candidates = []
        for candidate in match.group(3).split(","):
            parts = candidate.strip().split(None, 1)
            if parts:
                candidates.append(" ".join([resolve(parts[0])] + parts[1:]))
        return f"{match.group(1)}{match.group(2)}{', '.join(candidates)}{match.group(2)}"

    return _SRCSET_ATTRIBUTE.sub(many, _URL_ATTRIBUTE.sub(one, html))


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


def _generator(feed, site, fmt):
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False, rss=True)
    generator.register_extension("atomlinks", BaseExtension, AtomEntryLinks, atom=True, rss=False)
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
        _add_entry(generator, record, site, fmt)
    return generator


def _add_entry(generator, record, site, fmt):
    entry = generator.add_entry(order="append")
    url = site.absolute(record["url"])
    entry.id(entry_id(site.authority, record))
    entry.guid(entry_id(site.authority, record), permalink=False)
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


def atom_bytes(feed, site: SiteInfo) -> bytes:
    return _generator(feed, site, "atom").atom_str(pretty=False)


def rss_bytes(feed, site: SiteInfo) -> bytes:
    return _generator(feed, site, "rss").rss_str(pretty=False)


RENDERERS = {"atom": atom_bytes, "rss": rss_bytes}


def render_feeds(feeds, site: SiteInfo):
    """Every feed in every format: [(path relative to the output, bytes)]."""
    return [(feed.path(fmt), RENDERERS[fmt](feed, site)) for feed in feeds for fmt in FORMATS]


def feed_keys(feeds, site: SiteInfo, code: str) -> list:
    """The key of each feed (``common.buildcache`` style: equal keys, equal bytes in both formats):
    the digest of everything ``render_feeds`` reads of it and of ``site``, with ``code`` (what else
    decides the bytes: this module's and plan.py's source, feedgen's and lxml's versions).
    A record in several feeds (an item's entry in its section's feed, its tags' feeds...) is
    digested once."""
    records = {}

    def record_digest(record):
        found = records.get(id(record))
        if found is None:
            found = records[id(record)] = (record, data_digest(_plain(record)))
        return found[1]

    shared = data_digest([code, _plain(list(astuple(site)))])
    return [data_digest([shared, _plain([feed.lang, feed.kind, feed.name, feed.folder, feed.page, feed.title,
                                         feed.subtitle, feed.updated]),
                         [record_digest(record) for record in feed.entries]])
            for feed in feeds]


def _plain(value):
    """JSON data telling apart every value a record holds: text by type and characters, times by
    what is written of them (ISO 8601 with their offset)."""
    if isinstance(value, str):
        return [type(value).__name__, str(value)]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, date):
        return [type(value).__name__, value.isoformat()]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    raise TypeError(f"a feed holds a {type(value).__name__}: no key for it")
