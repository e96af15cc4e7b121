"""What every feed of the site shares, entries' links made absolute, and each feed's key (plain
data, no feedgen: the main process of a warm build renders no feed, and imports none of it)."""

from __future__ import annotations

import re
from dataclasses import astuple, dataclass
from datetime import date
from urllib.parse import urljoin

from common.buildcache import data_digest

_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster|cite)\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SRCSET_ATTRIBUTE = re.compile(r"""(\ssrcset\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# What both patterns above need somewhere: most items' bodies hold no link at all, and re finds (or
# rules out) this one, which starts with a literal, many times faster than it scans for those.
_QUOTED_VALUE = re.compile(r"""=\s*["']""")


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
    if not _QUOTED_VALUE.search(html):
        return html

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


def feed_keys(feeds, site: SiteInfo, code: str) -> list:
    """The key of each feed (``common.buildcache`` style: equal keys, equal bytes in both formats):
    the digest of everything ``render_feeds`` reads of it and of ``site``, with ``code`` (what else
    decides the bytes: the source of render.py, plan.py and this module, feedgen's and lxml's versions).
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
