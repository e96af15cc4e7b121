"""Raw HTML policy: rendered Markdown goes through an allow-list sanitiser
(nh3, the Python binding of the Rust crate ammonia) before anything else
sees it, so pages, feeds and the search store carry the same clean HTML.

Kept: what editors need (tables, abbr, figure/figcaption, links, images and
<picture>, headings with ids, code, lists, quotes, footnotes). Dropped:
scripts, event handlers, style elements, meta, base, iframe, object, embed,
forms and every URL that is not http(s), mailto or tel (javascript:, data:).
The policy is in the README's editors' guide; each dropped element or
attribute becomes a build warning naming the file and line.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "picture", "pre", "q", "s", "samp", "small", "source", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang", "rel", "type"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes", "loading", "decoding", "fetchpriority"},
    "source": {"srcset", "sizes", "type", "media", "width", "height"},
    # Markdown's tables align columns with style="text-align: ...".
    "th": {"colspan", "rowspan", "headers", "scope", "style"},
    "td": {"colspan", "rowspan", "headers", "style"},
    "col": {"span"}, "colgroup": {"span"},
    "ol": {"start", "reversed", "type"}, "li": {"value"},
    "time": {"datetime"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "q": {"cite"}, "blockquote": {"cite"}, "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Removed with what they contain (the rest are unwrapped: their text stays).
REMOVED_WITH_CONTENT = {"script", "style", "template"}
STYLE_PROPERTIES = {"text-align"}
FIX = ("raw HTML in Markdown is limited to what the editors' guide (README) lists; remove it, "
       "or write the text in Markdown")


@dataclass(frozen=True)
class Dropped:
    line: int
    message: str


# Made once: nh3.clean builds the policy from these sets at every call, which took half of its time
# (0.29 s for the 2,064 bodies of a 1,000-key site, 0.15 s with one Cleaner).
_CLEANER = nh3.Cleaner(tags=TAGS, clean_content_tags=REMOVED_WITH_CONTENT, attributes=ATTRIBUTES,
                       url_schemes=URL_SCHEMES, link_rel=None, filter_style_properties=STYLE_PROPERTIES,
                       strip_comments=True)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)


def sanitize_body(html: str, body: str, body_line: int) -> tuple[str, list[Dropped]]:
    """(clean HTML, what was dropped with the body line it came from).

    ``body`` is the Markdown that ``html`` was rendered from; ``body_line``
    the file line where it starts."""
    clean = sanitize(html)
    if clean == html:
        return clean, []
    before, after = _start_tags(html), _start_tags(clean)
    finder = _LineFinder(body, body_line)
    dropped = []
    matcher = difflib.SequenceMatcher(None, [t for t, _ in before], [t for t, _ in after], autojunk=False)
    for op, i1, i2, j1, _j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            for tag, attrs in before[i1:i2]:
                if tag in TAGS:
                    continue  # unwrapped by the HTML parser's own repair, not by the policy
                dropped.append(Dropped(finder.line_of("<" + tag), f"raw HTML <{tag}> removed"))
        elif op == "equal":
            for (tag, attrs), (_, kept) in zip(before[i1:i2], after[j1:j1 + i2 - i1]):
                for name, value in attrs.items():
                    # The attribute as written first: its value alone ("1") may occur on an earlier line.
                    written = f"{name}=\"{value}\""
                    if name not in kept:
                        shown = written if value else name
                        dropped.append(Dropped(finder.line_of(written, value or name, "<" + tag),
                                               f"attribute {shown[:80]} removed from <{tag}>"))
                    elif _same(name, kept[name]) != _same(name, value):
                        dropped.append(Dropped(finder.line_of(written, value or name, "<" + tag),
                                               f"part of attribute {name}=\"{value[:60]}\" removed from <{tag}>"))
    # The sanitiser also rewrites what it keeps (entities, a style's spaces):
    # only what it removed is worth a warning.
    return clean, dropped


def _same(name, value):
    # The sanitiser rewrites a style it keeps without spaces or the last ';'.
    return "".join(value.split()).rstrip(";") if name == "style" else value


def _start_tags(html):
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.tags


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag


class _LineFinder:
    """The body line of each dropped thing: its text searched in the Markdown, in order."""

    def __init__(self, body, first_line):
        self.lines = body.lower().split("\n")
        self.first_line = first_line
        self.cursor = {}

    def line_of(self, *needles):
        for needle in needles:
            needle = needle.lower()
            start = self.cursor.get(needle, 0)
            for index in range(start, len(self.lines)):
                if needle in self.lines[index]:
                    self.cursor[needle] = index + 1
                    return self.first_line + index
        return self.first_line
