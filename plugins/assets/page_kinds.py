"""One page of every kind, found in a built site by its ``data-page-kind``.

base.html writes ``<body data-page-kind="...">``; tests, screenshots and the
Lighthouse benchmark use this to cover kinds that other capabilities add
without being told about them.
"""

from __future__ import annotations

import re
from pathlib import Path

# Quoted as written, or unquoted as the production build's minifier leaves them.
_LANG = re.compile(r'<html[^>]*\blang=("?)([^"\s>]+)\1')
_KIND = re.compile(r'<body[^>]*\bdata-page-kind=("?)([^"\s>]*)\1')


def page_kind_of(document: str) -> tuple[str, str] | None:
    """(lang, kind) of a page written through base.html, None for any other file."""
    lang, kind = _LANG.search(document), _KIND.search(document)
    if not (lang and kind):
        return None
    return lang.group(2), kind.group(2)


def one_per_kind(pages) -> dict[tuple[str, str], str]:
    """``pages``: (relpath, lang, kind) triples; the shortest path wins for each (lang, kind)."""
    chosen = {}
    for relpath, lang, kind in sorted(pages, key=lambda page: (len(page[0]), page[0])):
        chosen.setdefault((lang, kind), relpath)
    return chosen


def scan_output(output: Path) -> dict[tuple[str, str], str]:
    """One URL path (``it/notizie/``) per (lang, kind) of a built site."""
    pages = []
    for path in sorted(Path(output).rglob("*.html")):
        found = page_kind_of(path.read_text(encoding="utf-8", errors="replace"))
        if found:
            relpath = path.relative_to(output).as_posix()
            url = relpath[: -len("index.html")] if relpath.endswith("index.html") else relpath
            pages.append((url, *found))
    return one_per_kind(pages)
