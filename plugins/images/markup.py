"""Rewrite the <img> tags of rendered Markdown into <picture> elements.

Pure text in, text out: the caller says which sources are images it has
derivatives for (``resolve``) and how a picture is written (``render``).
"""

from __future__ import annotations

import html
import re

IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
STATIC_MARKER = re.compile(r"^\{(?:static|attach)\}")


def attributes(tag: str) -> dict[str, str]:
    return {m.group(1).lower(): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in ATTRIBUTE.finditer(tag)}


def static_target(src: str, relative_dir: str) -> str | None:
    """The content-relative path of a ``{static}`` source, else None."""
    if not STATIC_MARKER.match(src):
        return None
    import posixpath

    path = STATIC_MARKER.sub("", src).split("#")[0].split("?")[0]
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(relative_dir, path))


def rewrite_images(content: str, resolve, render, first_eager: bool) -> str:
    """Replace each ``<img src="{static}...">`` that ``resolve`` knows.

    ``resolve(src) -> key or None``; ``render(key, alt, title, eager) -> str``.
    Only the first rewritten image may be eager (when ``first_eager``).
    """
    eager_left = first_eager

    def replace(match):
        nonlocal eager_left
        found = attributes(match.group(0))
        key = resolve(found.get("src", ""))
        if key is None:
            return match.group(0)
        markup = render(key, found.get("alt", ""), found.get("title"), eager_left)
        eager_left = False
        return markup

    return IMG_TAG.sub(replace, content)
