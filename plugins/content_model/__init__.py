"""Content model plugin: the content contract of DESIGN.md.

Reads ``content/<section>/<key>.<lang>.md`` with YAML front matter, validates
it, gives every item its localised URL, and refuses the build (before any
file is written) when any plugin has collected an error.
"""

from __future__ import annotations

import logging
import os
import sys

import yaml

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from common.errors import collector_for, format_report

from .checks import cross_file_errors
from .reader import ContractMarkdownReader, HideRefusedSources


def add_reader(readers):
    for extension in ("md", "markdown", "mkd", "mdown"):
        readers.reader_classes.pop(extension, None)
    readers.reader_classes["md"] = ContractMarkdownReader


def all_items(generators):
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from generator.articles
            yield from generator.translations
        elif isinstance(generator, PagesGenerator):
            yield from generator.pages
            yield from generator.translations


def refresh_cached_items(generators):
    """Items read from Pelican's content cache carry the pickled context of the
    build that cached them, where this build's links are unknown."""
    for item in all_items(generators):
        item._context = generators[0].context


def check_across_files(generators):
    settings = generators[0].settings
    root = settings["PATH"]
    items = list(all_items(generators))
    records = [
        {
            "path": item.source_display,
            "section": item.section,
            "lang": item.lang,
            "slug": item.slug,
            "image": getattr(item, "image", None),
            "image_line": getattr(item, "image_line", None),
            "internal_links": getattr(item, "internal_links", ()),
        }
        for item in items
    ]
    published = {item.relative_source_path for item in items}
    reserved = {lang: set(paths.values()) for lang, paths in settings["LOCALISED_PATHS"].items()}
    # The publication plugin lists the items this build leaves out (examples in production, scheduled items).
    left_out = {entry["relpath"]: entry["reason"] for entry in settings.get("PUBLICATION_LEFT_OUT", ())}
    collector_for(settings).extend(
        cross_file_errors(records, published, lambda rel: os.path.isfile(os.path.join(root, rel)), reserved, left_out)
    )


def start_collecting(pelican_object):
    settings = pelican_object.settings
    collector_for(settings)
    with open(settings["CONTENT_CODES_FILE"], encoding="utf-8") as handle:
        settings["CONTENT_CODES"] = yaml.safe_load(handle)


def refuse_build_with_errors(pelican_object):
    """Runs when Pelican asks for its writer: after every plugin's checks, before any write."""
    collector = collector_for(pelican_object.settings)
    if collector.errors:
        print(format_report(sorted(set(collector.errors))), file=sys.stderr)
    collector.raise_if_any()


def register():
    logging.getLogger("pelican.generators").addFilter(HideRefusedSources())
    signals.initialized.connect(start_collecting)
    signals.readers_init.connect(add_reader)
    signals.all_generators_finalized.connect(refresh_cached_items)
    signals.all_generators_finalized.connect(check_across_files)
    signals.get_writer.connect(refuse_build_with_errors)
