"""Pelican wiring: a Markdown reader that enforces the content contract."""

from __future__ import annotations

import functools
import logging
import os
import posixpath
import sys
from typing import NamedTuple

from markdown import Markdown
from pelican.contents import Tag
from pelican.readers import MarkdownReader

from common.errors import SiteError, collector_for
from common.yamlsource import MAX_CONTENT_BYTES, SourceError, read_source

from site_model import model_of

from .fastmarkdown import Prechecks
from .fields import parse_source_name, validate_front_matter
from .frontmatter import FrontMatterError, internal_links, split_front_matter
from .sanitize import sanitize_body


class ContentContractError(Exception):
    """Raised for a file that breaks the contract; its errors are already collected."""

    def __init__(self, relpath):
        super().__init__(relpath)
        REFUSED_SOURCES.add(relpath)


class ParsedSource(NamedTuple):
    """What parsing one file gave, as plain data (a forked reading worker sends it to the reader):
    the sanitised HTML and metadata with tags as names, or the file's errors."""

    html: str
    metadata: dict
    errors: list


class ContractMarkdownReader(MarkdownReader):
    """Reads ``content/<section>/<key>.<lang>.md`` with YAML front matter.

    ``parallel`` (set by content_model.parallel_read while a worker parses
    files beside this process) holds the worker's parse of the files it took."""

    file_extensions = ["md"]
    parallel = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One Tag per name, shared by the items: a Tag works out its slug (Pelican's slugify) the
        # first time it is hashed, and Pelican hashes every item's tags (5,000 at 1,000 keys).
        self._tags = {}

    @functools.cached_property
    def _markdown(self):
        # Made on the first file read: Pelican makes a reader for each of the build's dozen generators,
        # and most read nothing (in a warm build, all but one): 40 ms of a warm build's start at 1,000 keys.
        return Markdown(**markdown_options(self.settings["MARKDOWN"]))

    def read(self, source_path):
        settings = self.settings
        parsed = self.parallel.take(source_path) if self.parallel is not None else None
        if parsed is None:
            parsed = self.parse(source_path)
        if parsed.errors:
            collector_for(settings).extend(parsed.errors)
            raise ContentContractError(relative_source(settings, source_path))
        metadata = parsed.metadata
        if "tags" in metadata:
            metadata["tags"] = [self._tag(name) for name in metadata["tags"]]
        return parsed.html, metadata

    def _tag(self, name):
        if name not in self._tags:
            self._tags[name] = Tag(name, self.settings)
        return self._tags[name]

    def parse(self, source_path) -> ParsedSource:
        """The file's HTML and metadata, or its errors; never raises for bad input."""
        relpath = relative_source(self.settings, source_path)
        display = display_path(self.settings, relpath)
        try:
            return self._parse(source_path, relpath, display)
        except Exception as exc:
            # Pelican would only log 'Could not process' and build without
            # the item: an unreadable file is an input error like any other.
            return _refused([unreadable(display, exc)])

    def _parse(self, source_path, relpath, display):
        settings = self.settings
        model = model_of(settings)
        source, name_errors = parse_source_name(relpath, model.codes, model.sections)
        if name_errors:
            return _refused(_relocated(name_errors, display))
        try:
            text = read_source(source_path, settings.get("CONTENT_MAX_BYTES", MAX_CONTENT_BYTES))
        except SourceError as exc:
            return _refused([SiteError(display, exc.line, None, str(exc), exc.fix or "")])
        try:
            located, body, body_line = split_front_matter(display, text)
        except FrontMatterError as exc:
            return _refused(exc.errors)
        values, field_errors = validate_front_matter(display, located, source, settings["CONTENT_CODES"],
                                                     model.sections)
        if field_errors:
            return _refused(field_errors)
        if values["status"] == "draft":
            return ParsedSource("", {"status": "skip", "title": values.get("title", source.key)}, [])
        self._markdown.reset()
        html, dropped = sanitize_body(self._markdown.convert(body), body, body_line)
        metadata = _metadata(values, source, settings, display, body, body_line, relpath)
        # Kept on the item (and in Pelican's cache) so that a warm build warns like a cold one.
        metadata["raw_html_dropped"] = [(d.line, d.message) for d in dropped]
        if "image" in values:
            metadata["image_line"] = located.line_of("image")
        if "slug" in located.data:
            metadata["slug_line"] = located.line_of("slug")
        return ParsedSource(html, metadata, [])


# Pelican's reader adds Markdown's meta extension to the settings; the front matter is split off
# before Markdown sees the body, where meta would take a first paragraph such as "Scadenza: 31
# marzo" for metadata and drop it from the page.
META = "markdown.extensions.meta"


def markdown_options(options):
    """Markdown's arguments from the MARKDOWN setting: the site's extensions less meta, then
    ``Prechecks`` (the same HTML, cheaper: content_model.fastmarkdown)."""
    extensions = [extension for extension in options.get("extensions", []) if extension != META]
    return {**options, "extensions": [*extensions, Prechecks()]}


def _refused(errors):
    return ParsedSource("", {}, list(errors))


def relative_source(settings, source_path):
    root = os.path.abspath(settings["PATH"])
    return os.path.relpath(source_path, root).replace(os.sep, "/")


def display_path(settings, relpath):
    return posixpath.join(settings.get("CONTENT_DISPLAY_ROOT", "content"), relpath)


def unreadable(display, exc):
    return SiteError(display, None, None, f"the file could not be read ({type(exc).__name__}: {exc})",
                     "check the file's front matter and text against the editors' guide; if it looks right, "
                     "report this message to the site's developers")


def _relocated(errors, display):
    return [type(e)(display, e.line, e.field, e.message, e.fix) for e in errors]


def _metadata(values, source, settings, display, body, body_line, relpath):
    slug = values["slug"]
    model = model_of(settings)
    if model.sections[source.section].located:
        url = model.url_for(source.section, source.lang, slug)
    else:
        url = model.url_for("home", source.lang, slug)
    metadata = dict(values)
    metadata.update(
        key=source.key,
        section=source.section,
        lang=source.lang,
        url=url,
        save_as=url + "index.html",
        source_display=display,
        tags=list(values["tags"]),  # names: the reader makes the Tag objects (they hold the settings)
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


class ReportUnprocessedSources(logging.Filter):
    """Pelican logs 'Could not process' and builds without the file.

    A file our reader refused is already in the report; any other failure
    (in Pelican or a plugin's content signal) becomes a SiteError naming the
    file, so no item disappears from an exit-0 build. Pelican logs inside its
    ``except`` block, so the exception is still at hand."""

    settings: dict | None = None

    def filter(self, record):
        if record.msg != "Could not process %s" or not record.args:
            return True
        relpath = str(record.args[0]).replace(os.sep, "/")
        if relpath not in REFUSED_SOURCES and self.settings is not None:
            exc = sys.exc_info()[1] or RuntimeError("unknown failure")
            collector_for(self.settings).append(unreadable(display_path(self.settings, relpath), exc))
            REFUSED_SOURCES.add(relpath)
        return False
