"""What a build publishes, as plain functions (no Pelican here).

An item or registry entry is left out of a build when it is an example and
the build does not publish examples (production), or when its ``date`` is
after the build's instant (scheduled) and the build does not preview
scheduled items (only ``invoke serve`` does). Examples link only to the
reserved example domains of RFC 2606 / RFC 6761, so a placeholder can never
send a visitor to a real organisation's page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from html.parser import HTMLParser
from urllib.parse import urlparse

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")
EXAMPLE = "example"
SCHEDULED = "scheduled"
EMAIL = re.compile(r"[^@\s<>()\"',;:]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")
WEB = re.compile(r"https?://[^\s<>()\"']+")


@dataclass(frozen=True)
class Decision:
    published: bool
    example: bool = False
    scheduled: bool = False
    reason: str | None = None  # EXAMPLE or SCHEDULED when left out


def decide(example: bool, date: datetime | None, now: datetime, publish_examples: bool,
           preview_scheduled: bool) -> Decision:
    """Whether one item is published by a build at ``now``."""
    scheduled = date is not None and date > now
    if example and not publish_examples:
        return Decision(False, example, scheduled, EXAMPLE)
    if scheduled and not preview_scheduled:
        return Decision(False, example, scheduled, SCHEDULED)
    return Decision(True, example, scheduled)


def is_example_host(host: str) -> bool:
    host = (host or "").lower().rstrip(".")
    return host in EXAMPLE_DOMAINS or any(host.endswith("." + d) for d in EXAMPLE_DOMAINS) \
        or host == "example" or host.endswith(".example")


def link_host(link: str) -> str | None:
    """The host of a web address, a ``mailto:`` or a bare e-mail address; None when the link has no host
    (a path inside the site, a fragment)."""
    link = str(link).strip()
    if link.lower().startswith("mailto:"):
        link = link[len("mailto:"):].split("?", 1)[0]
    if "@" in link and "://" not in link:
        return link.rsplit("@", 1)[1]
    parsed = urlparse(link)
    if parsed.scheme in ("http", "https", "ftp") and parsed.hostname:
        return parsed.hostname
    return None


def foreign_links(links):
    """The links (web addresses, e-mail addresses) that leave the example domains."""
    return [link for link in links if (host := link_host(link)) is not None and not is_example_host(host)]


def links_in_text(text: str):
    """Web and e-mail addresses written in free text (a call's ``contact``)."""
    text = str(text or "")
    # An e-mail match never holds "://" (no ':' on either side of its '@'): no filter needed.
    return WEB.findall(text) + [match.group(0) for match in EMAIL.finditer(text)]


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def links_in_html(html: str):
    parser = _Hrefs()
    parser.feed(html or "")
    parser.close()
    return parser.links


def line_of_text(text: str, needle: str, default: int = 1) -> int:
    """1-based line of the first occurrence of ``needle`` in ``text``."""
    found = text.find(needle)
    return default if found < 0 else text.count("\n", 0, found) + 1
