"""Pelican wiring: a Markdown reader that enforces the content contract."""

from __future__ import annotations

import logging
import os
import posixpath

from markdown import Markdown
from pelican.contents import Tag
from pelican.readers import MarkdownReader

from common.errors import collector_for

from .fields import parse_source_name, validate_front_matter
from .frontmatter import FrontMatterError, internal_links, split_front_matter


class ContentContractError(Exception):
    """Raised for a file that breaks the contract; its errors are already collected."""

    def __init__(self, relpath):
        super().__init__(relpath)
        REFUSED_SOURCES.add(relpath)


class ContractMarkdownReader(MarkdownReader):
    """Reads ``content/<section>/<key>.<lang>.md`` with YAML front matter."""

    file_extensions = ["md"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._markdown = Markdown(**self.settings["MARKDOWN"])

    def read(self, source_path):
        settings = self.settings
        root = os.path.abspath(settings["PATH"])
        relpath = os.path.relpath(source_path, root).replace(os.sep, "/")
        display = posixpath.join(settings.get("CONTENT_DISPLAY_ROOT", "content"), relpath)
        errors = collector_for(settings)
        source, name_errors = parse_source_name(relpath, settings["SITE_LANGUAGES"])
        if name_errors:
            errors.extend(_relocated(name_errors, display))
            raise ContentContractError(relpath)
        with open(source_path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            located, body, body_line = split_front_matter(display, text)
        except FrontMatterError as exc:
            errors.extend(exc.errors)
            raise ContentContractError(relpath) from None
        values, field_errors = validate_front_matter(display, located, source, settings["CONTENT_CODES"])
        if field_errors:
            errors.extend(field_errors)
            raise ContentContractError(relpath)
        if values["status"] == "draft":
            return "", {"status": "skip", "title": values.get("title", source.key)}
        self._markdown.reset()
        html = self._markdown.convert(body)
        metadata = _metadata(values, source, settings, display, body, body_line, relpath)
        if "image" in values:
            metadata["image_line"] = located.line_of("image")
        return html, metadata


def _relocated(errors, display):
    return [type(e)(display, e.line, e.field, e.message, e.fix) for e in errors]


def _metadata(values, source, settings, display, body, body_line, relpath):
    slug = values["slug"]
    if source.section == "pages":
        url = f"{source.lang}/{slug}/"
    else:
        url = f"{source.lang}/{settings['LOCALISED_PATHS'][source.lang][source.section]}/{slug}/"
    metadata = dict(values)
    metadata.update(
        key=source.key,
        section=source.section,
        lang=source.lang,
        url=url,
        save_as=url + "index.html",
        source_display=display,
        tags=[Tag(name, settings) for name in values["tags"]],
        internal_links=[
            (kind, _resolve(relpath, target), line) for kind, target, line in internal_links(body, body_line)
        ],
    )
    return metadata


def _resolve(relpath, target):
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(relpath), target))


REFUSED_SOURCES: set[str] = set()


class HideRefusedSources(logging.Filter):
    """Pelican logs 'Could not process' for a refused file; our report says more."""

    def filter(self, record):
        return not (record.msg == "Could not process %s" and record.args and record.args[0] in REFUSED_SOURCES)
