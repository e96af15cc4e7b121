"""Split a content file into YAML front matter and Markdown body."""

from __future__ import annotations

import re

from common.errors import SiteError
from common.yamlsource import Located, YamlSyntaxError, load_located

_FENCE = re.compile(r"^(---|\.\.\.)\s*$")
INTERNAL_LINK = re.compile(r"\{(filename|static|attach)\}([^\s)\"'>]+)")


def split_front_matter(path: str, text: str):
    """Return (Located front matter, body, first body line) or raise a list of errors."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise FrontMatterError([SiteError(path, 1, None, "the file does not start with front matter",
                                          "put a line '---' first, then 'title: ...' and the other fields, then '---'")])
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            yaml_text = "".join(lines[1:index])
            body = "".join(lines[index + 1:])
            break
    else:
        raise FrontMatterError([SiteError(path, 1, None, "the front matter is not closed",
                                          "add a line '---' after the last field")])
    try:
        located = load_located(yaml_text, first_line=2)
    except YamlSyntaxError as exc:
        raise FrontMatterError([SiteError(path, exc.line, None, str(exc),
                                          exc.fix or "check that line: 'field: value', lists as [a, b], quotes "
                                          "closed; put text containing ': ' in quotes")]) from None
    if located.data is None:
        located = Located({}, {})
    return located, body, index + 2


def internal_links(body: str, first_line: int):
    """``{filename}``/``{static}`` links of a Markdown body with their file line."""
    found = []
    for offset, line in enumerate(body.splitlines()):
        for match in INTERNAL_LINK.finditer(line):
            target = match.group(2).split("#")[0].split("?")[0].rstrip(".,;:!")
            found.append((match.group(1), target, first_line + offset))
    return found


class FrontMatterError(Exception):
    def __init__(self, errors):
        super().__init__("; ".join(e.format() for e in errors))
        self.errors = errors
