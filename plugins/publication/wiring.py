"""Pelican wiring of the publication rules: filter Pelican's items once,
check the links of examples, and list in the build report what was left out."""

from __future__ import annotations

import sys

from pelican import signals

from common.clock import ROME, build_instant
from common.errors import collector_for

from .core import EXAMPLE, decide, foreign_links, line_of_text, links_in_html

LEFT_OUT = "PUBLICATION_LEFT_OUT"
EXAMPLE_LINK_FIX = ("an example links only to example.org, example.com, example.net or a host ending in .example; "
                    "or remove 'example: true' if the item is real")


def publishes_examples(settings) -> bool:
    return bool(settings.get("SITE_PUBLISH_EXAMPLES", False))


def left_out(settings) -> list:
    """[{path, relpath, section, key, lang, reason, date}] of this build (shared with other plugins)."""
    return settings.setdefault(LEFT_OUT, [])


def _filter(generator, items):
    settings = generator.settings
    now = build_instant()
    kept = []
    for item in items:
        example = bool(getattr(item, "example", False))
        date = getattr(item, "date", None) if item.section != "pages" else None
        decision = decide(example, date, now, publishes_examples(settings),
                          bool(settings.get("SITE_PREVIEW_SCHEDULED", False)))
        if example:
            _check_body_links(item, settings)
        if decision.published:
            item.scheduled = decision.scheduled
            kept.append(item)
        else:
            left_out(settings).append({
                "path": item.source_display, "relpath": item.relative_source_path, "section": item.section,
                "key": item.key, "lang": item.lang, "reason": decision.reason, "date": date,
            })
    return kept


def _check_body_links(item, settings):
    """Links written in an example's text; the fields were checked by the reader."""
    foreign = foreign_links(links_in_html(item._content))
    if not foreign:
        return
    try:
        with open(item.source_path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        text = ""
    for link in foreign:
        needle = link[len("mailto:"):] if link.startswith("mailto:") else link
        collector_for(settings).add(item.source_display, line_of_text(text, needle), "link",
                                    f"'{link}' is a real address in an example", EXAMPLE_LINK_FIX)


def filter_articles(generator):
    """Runs before Pelican builds tags, dates and the context from the articles."""
    generator.articles[:] = _filter(generator, generator.articles)
    generator.translations[:] = _filter(generator, generator.translations)


def filter_pages(generator):
    """Pages have no pretaxonomy step: the context holds the same lists, emptied in place."""
    generator.pages[:] = _filter(generator, generator.pages)
    generator.translations[:] = _filter(generator, generator.translations)


def report(pelican_object):
    """The build report: what this build left out and why."""
    items = sorted(left_out(pelican_object.settings), key=lambda entry: (entry["reason"], entry["path"]))
    entries = pelican_object.settings.get("REGISTRY_EXAMPLES_LEFT_OUT", [])
    if not items and not entries:
        return
    lines = ["Left out of this build:"]
    for entry in items:
        if entry["reason"] == EXAMPLE:
            lines.append(f"  example    {entry['path']}")
        else:
            when = entry["date"].astimezone(ROME)
            lines.append(f"  scheduled  {entry['path']}  (published on {when:%Y-%m-%d %H:%M})")
    lines += [f"  example    {where}" for where in entries]
    print("\n".join(lines), file=sys.stderr)


def register():
    signals.article_generator_pretaxonomy.connect(filter_articles)
    signals.page_generator_finalized.connect(filter_pages)
    signals.finalized.connect(report)

