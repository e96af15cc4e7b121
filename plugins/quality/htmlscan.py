"""The facts of one HTML page that the checks need, from the standard parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

# Attributes that point at another resource of the site.
LINK_ATTRIBUTES = {
    "a": ("href",), "area": ("href",), "link": ("href",), "img": ("src",), "script": ("src",),
    "iframe": ("src",), "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "form": ("action",),
}
SRCSET_TAGS = ("img", "source")
EDITOR_CONTENT_CLASS = "item-body"


@dataclass
class PageFacts:
    ids: set = field(default_factory=set)
    links: list = field(default_factory=list)  # (url, line)
    images: list = field(default_factory=list)  # (src, alt or None, line, in editor content, decorative)
    jsonld: list = field(default_factory=list)  # (text, line)


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._open = []  # (tag, editor content)
        self._jsonld_line = None
        self._jsonld_text = []

    def _inside_editor_content(self):
        return any(editor for _, editor in self._open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        line = self.getpos()[0]
        for name in ("id", "name") if tag == "a" else ("id",):
            if attributes.get(name):
                self.facts.ids.add(attributes[name])
        for attribute in LINK_ATTRIBUTES.get(tag, ()):
            value = attributes.get(attribute)
            if value and not (tag == "link" and "preconnect" in (attributes.get("rel") or "")):
                self.facts.links.append((value.strip(), line))
        if tag in SRCSET_TAGS and attributes.get("srcset"):
            for candidate in attributes["srcset"].split(","):
                if candidate.strip():
                    self.facts.links.append((candidate.strip().split()[0], line))
        if tag == "img":
            decorative = attributes.get("role") in ("presentation", "none") or attributes.get("aria-hidden") == "true"
            # <img alt> (what minifiers write for alt="") is an empty alt, not a missing one.
            alt = (attributes["alt"] or "") if "alt" in attributes else None
            self.facts.images.append((attributes.get("src") or "", alt, line,
                                      self._inside_editor_content(), decorative))
        if tag == "script" and (attributes.get("type") or "").lower() == "application/ld+json":
            self._jsonld_line = line
            self._jsonld_text = []
        if tag not in VOID_TAGS:
            classes = (attributes.get("class") or "").split()
            self._open.append((tag, EDITOR_CONTENT_CLASS in classes))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS and self._open and self._open[-1][0] == tag:
            self._open.pop()

    def handle_endtag(self, tag):
        if tag == "script" and self._jsonld_line is not None:
            self.facts.jsonld.append(("".join(self._jsonld_text), self._jsonld_line))
            self._jsonld_line = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        if self._jsonld_line is not None:
            self._jsonld_text.append(data)


VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def scan(html: str) -> PageFacts:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.facts
