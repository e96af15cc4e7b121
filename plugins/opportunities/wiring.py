"""Pelican wiring: annotates the calls, orders their listing, writes the
filter pages and the calendars. The decisions live in the pure modules."""

from __future__ import annotations

import functools
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

from pelican.generators import ArticlesGenerator, Generator

from common.background import collect_job, start_job
from common.buildcache import KeptValues, code_digest
from common.clock import build_instant
from common.errors import collector_for
from common.jsonld import parent_organisation
from content_model.dates import DateError, parse_instant
from languages.site_index import page_alternates, publish_listing_order
from rendering.fragments import once
from site_model import model_of

from . import display
from . import calendar
from .calendar import calendar_bytes, calendar_key
from .documents import FOLDER as DOCUMENTS_FOLDER
from .documents import document_facts
from .filters import FILTER_STATUSES, choices, filter_combinations, filter_path, filtered, reserved_segments
from .jsonld import government_service
from .lifecycle import GROUP_OF, GROUPS, days_left, listing_groups, status

SECTION = "opportunities"
# Calendars drawn by the last build, by calendar_key: a build draws only those whose facts changed.
CALENDAR_CACHE_FILE = "opportunity-calendars.pickle"
CALENDAR_CODE = code_digest([calendar.__file__], libraries=["icalendar"])
CALENDAR_JOB = "Drawing and writing the opportunity calendars"
# This build's calendars, from the generator to the finalized signal: its private state
# (underscored, like its background jobs: plugins/rendering leaves it out of the pages' keys).
CALENDARS_KEY = "_OPPORTUNITY_CALENDARS"


def _closing_window(settings):
    return timedelta(days=settings.get("OPPORTUNITIES_CLOSING_DAYS", 7))


def _filter_paths(settings, lang):
    return model_of(settings).language(lang).filters


def public_url(settings) -> str:
    """Calendars and JSON-LD need absolute addresses even in a preview build: the model's public URL."""
    return model_of(settings).public_url


def listing_url(settings, lang, audience=None, status_code=None):
    return model_of(settings).url_for(SECTION, lang) + filter_path(_filter_paths(settings, lang), audience,
                                                                   status_code)


def add_template_helpers(generator):
    settings = generator.settings
    tables = settings["STRINGS"]

    # Each listing and filter page of a language counts all its calls for the choices (about a hundred
    # pages at 1,000 keys, each over every call): their (audience codes, status) read once per round of
    # rendering. ``once`` gives each page the same reads of the calls' attributes as if it had read them
    # itself (the render cache's tracing) and forgets the pairs when the round ends.
    calls_of = once(lambda items: [(getattr(item, "audience", ()), item.opportunity_status) for item in items])

    # Each instant in words once per language: a call's deadline is on its page and on its card in
    # every listing and filter page showing it (6,850 times at 1,000 keys, 4,980 of them again;
    # 7 us each). Equal instants (aware, in any zone) have one text: the wall clock in Milan.
    @functools.cache
    def opportunity_instant(moment, lang):
        return display.instant_text(moment, tables[lang])

    generator.env.filters.update(
        opportunity_instant=opportunity_instant,
        opportunity_amount=lambda amount, lang: display.amount_lines(amount, tables[lang]),
        opportunity_filesize=lambda size, lang: display.size_text(size, tables[lang]),
        opportunity_days_left=days_left,
        opportunity_groups=_groups_in_order,
        opportunity_choices=lambda items, audience=None, status=None: choices(
            calls_of(items), settings.get("CONTENT_CODES", {}).get("audience", []), audience, status),
    )
    # Each filter address once per build: every listing and filter page links to 10 or more of them
    # (the same few dozen per language).
    filter_url = functools.cache(lambda lang, audience=None, status=None: listing_url(settings, lang, audience, status))
    generator.env.globals.update(
        opportunity_filter_url=filter_url,
        OPPORTUNITY_STATUSES=FILTER_STATUSES,
        OPPORTUNITY_CLOSING_SECONDS=int(_closing_window(settings).total_seconds()),
    )


def _groups_in_order(items):
    """[(group, [items])] for a page of the (already ordered) listing, empty groups left out."""
    groups = {group: [] for group in GROUPS}
    for item in items:
        groups[GROUP_OF[item.opportunity_status]].append(item)
    return [(group, groups[group]) for group in GROUPS if groups[group]]


def _entry(item):
    return {"audience": getattr(item, "audience", []), "status": item.opportunity_status, "item": item}


def _facts(item):
    return {"key": item.key, "deadline": item.deadline, "opens": getattr(item, "opens", None),
            "audience": getattr(item, "audience", []), "item": item}


def _line_of(source_path, needle):
    try:
        with open(source_path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if needle and needle in line:
                    return number
    except OSError:
        pass
    return None


def annotate_opportunities(generators):
    articles_generator = next(g for g in generators if isinstance(g, ArticlesGenerator))
    context = articles_generator.context
    settings = articles_generator.settings
    # Whole seconds: HTML's <time datetime> takes at most three decimals.
    instant = build_instant().replace(microsecond=0)
    window = _closing_window(settings)
    errors = collector_for(settings)
    documents_root = os.path.join(settings["PATH"], DOCUMENTS_FOLDER)
    base = public_url(settings)
    opportunities = [a for a in articles_generator.articles if a.section == SECTION]

    def size_of(relpath):
        path = os.path.join(documents_root, relpath)
        return os.path.getsize(path) if os.path.isfile(path) else None

    for item in opportunities:
        table = settings["STRINGS"][item.lang]
        item.opportunity_status = status(_facts(item), instant, window)
        item.status_computed_at = instant
        item.status_line, item.status_line_page = (
            display.status_line(item.opportunity_status, getattr(item, "opens", None), item.deadline,
                                days_left(item.deadline, instant), table, templates)
            for templates in ("when", "when_page"))
        item.opportunity_documents, document_errors = document_facts(
            getattr(item, "documents", None), size_of, item.source_display,
            lambda file, path=item.source_path: _line_of(path, file),
        )
        errors.extend(document_errors)
        if item.slug in reserved_segments(_filter_paths(settings, item.lang)):
            errors.add(item.source_display, _line_of(item.source_path, "slug:"), "slug",
                       f"'{item.slug}' is the name of the listing's filter pages",
                       f"choose another slug, e.g. 'slug: bando-{item.slug}'")
        item.calendar_url = item.url + "deadline.ics"
        item.jsonld = government_service(
            title=item.title, summary=item.summary, url=f"{base}/{item.url}", lang=item.lang,
            apply_url=item.apply_url,
            audience_labels=[table["codes"]["audience"].get(code, code) for code in getattr(item, "audience", [])],
            amount=getattr(item, "amount", None), opens=getattr(item, "opens", None), deadline=item.deadline,
            operator=parent_organisation(table),
        )

    summary = {"instant": instant, "languages": {}}
    site = context["LANG_SITE"]
    for lang in model_of(settings).codes:
        visible = site[lang]["sections"][SECTION]
        native = site[lang]["native"][SECTION]
        groups = listing_groups([_facts(a) for a in visible], instant, window)
        ordered = [facts["item"] for group in GROUPS for facts in groups[group]]
        # The opportunities listing (and its pagination, written by the
        # languages plugin) follows the lifecycle, not the publication date.
        publish_listing_order(context, SECTION, lang, ordered)
        current = [facts["item"] for facts in groups["current"]]
        summary["languages"][lang] = {
            "ordered": ordered,
            "native": native,
            "closing": [item for item in current if item.opportunity_status == "closing"],
            "current": current,
            "calendar_url": f"{lang}/calendar.ics",
        }
    context["OPPORTUNITIES"] = summary


class OpportunitiesGenerator(Generator):
    """Writes the filter pages and the calendars (after every context is ready)."""

    def generate_context(self):
        pass

    def generate_output(self, writer):
        summary = self.context["OPPORTUNITIES"]
        planned = []
        for lang, facts in summary["languages"].items():
            self._write_filter_pages(writer, lang, facts["ordered"])
            planned += self._plan_calendars(lang, facts["native"])
        # Drawn and written in a forked job while the pages are written (icalendar: a few CPU seconds
        # at 1,000 calls; the 674 files: a tenth of a second of a warm build's main process); those
        # whose facts did not change are kept.
        kept = KeptValues.in_cache(self.settings, CALENDAR_CACHE_FILE)
        missing = {key: facts for _relpath, key, facts in planned if key not in kept}
        files = [(relpath, key) for relpath, key, _facts in planned]
        self.settings[CALENDARS_KEY] = (kept, files)
        start_job(self.settings, CALENDAR_JOB, draw_and_write_calendars, self.output_path, files, kept.kept, missing)

    def _write_filter_pages(self, writer, lang, ordered):
        settings = self.settings
        audiences = settings.get("CONTENT_CODES", {}).get("audience", [])
        entries = [_entry(item) for item in ordered]
        template = self.get_template("opportunities_filter")
        words = settings["STRINGS"][lang]
        for audience, status_code in filter_combinations(audiences):
            heading = words["opportunity"]["filters"]["results"].format(
                audience=words["codes"]["audience"][audience] if audience else words["opportunity"]["filters"]["all"],
                status=words["opportunity"]["filters"]["statuses"][status_code] if status_code
                else words["opportunity"]["filters"]["all"],
            )
            url = listing_url(settings, lang, audience, status_code)
            alternates = page_alternates(model_of(settings).codes, lang,
                                         lambda other: listing_url(settings, other, audience, status_code))
            writer.write_file(
                url + "index.html", template, self.context, url=url, lang=lang, alternates=alternates,
                page_kind="listing", section=SECTION, filter_audience=audience, filter_status=status_code,
                filter_heading=heading, items=[entry["item"] for entry in filtered(entries, audience, status_code)],
                # The statuses on the page are as old as the build's instant.
                last_updated=self.context["OPPORTUNITIES"]["instant"],
            )

    def _plan_calendars(self, lang, native):
        """[(output path, calendar_key, (name, lang, entries))] of the language's calendars."""
        settings = self.settings
        table = settings["STRINGS"][lang]
        words = table["opportunity"]["calendar"]
        base = public_url(settings)
        domain = urlparse(base).hostname or "manifatturamilano.it"

        def plan(relpath, name, entries):
            return relpath, calendar_key(name, lang, entries, CALENDAR_CODE), (name, lang, entries)

        deadlines = [self._deadline_entry(item, table, base, domain) for item in native]
        planned = [plan(item.calendar_url, words["deadline_summary"].format(title=item.title), [entry])
                   for item, entry in zip(native, deadlines)]
        events = [entry for entry in (self._event_entry(e, lang, base, domain)
                                      for e in self.context["REGISTRIES"]["events"])
                  if entry]
        planned.append(plan(f"{lang}/calendar.ics", words["name"], deadlines + events))
        return planned

    @staticmethod
    def _deadline_entry(item, table, base, domain):
        words = table["opportunity"]["calendar"]
        when = display.instant_text(item.deadline, table)
        stamp = getattr(item, "modified", None) or item.date
        return {
            "uid": f"opportunity-{item.key}-deadline@{domain}",
            "stamp": stamp,
            "start": item.deadline,
            "summary": words["deadline_summary"].format(title=item.title),
            "description": words["deadline_description"].format(summary=item.summary, when=when,
                                                                 apply_url=item.apply_url),
            "url": f"{base}/{item.url}",
            "alarm": words["alarm"].format(title=item.title, when=when),
        }

    @staticmethod
    def _event_entry(event, lang, base, domain):
        """A registry event, read defensively: that registry may still be in the works."""
        try:
            start = event["start"]
            start = start if hasattr(start, "tzinfo") and start.tzinfo else parse_instant(start)
            end = event.get("end")
            end = (end if hasattr(end, "tzinfo") and end.tzinfo else parse_instant(end)) if end else None
        except (KeyError, TypeError, DateError):
            return None
        title = event.get("title")
        title = title.get(lang) or next(iter(title.values()), "") if isinstance(title, dict) else title
        venue = event.get("venue")
        venue = venue.get(lang) or next(iter(venue.values()), "") if isinstance(venue, dict) else venue
        url = event.get("url") or ""
        if url and not url.startswith(("http://", "https://")):
            url = f"{base}/{url.lstrip('/')}"
        return {"uid": f"event-{event.get('id')}@{domain}", "stamp": start, "start": start,
                "end": end, "summary": str(title or event.get("id")), "location": venue, "url": url or None}


def draw_and_write_calendars(output, files, kept, missing):
    """Writes every calendar of ``files`` ([(output path, calendar_key)]) into ``output``: its bytes
    kept by the last build ({calendar_key: bytes}) or drawn from ``missing`` ({calendar_key: (name,
    lang, entries)}); returns {calendar_key: bytes} of those drawn."""
    events = {}
    drawn = {key: calendar_bytes(*facts, events) for key, facts in missing.items()}
    for relpath, key in files:
        path = os.path.join(output, relpath)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(kept[key] if key in kept else drawn[key])
    return drawn


def write_calendars(pelican_object):
    """finalized: the pages are written; wait for the calendars written meanwhile and keep their bytes."""
    settings = pelican_object.settings
    kept, files = settings.pop(CALENDARS_KEY)
    drawn = collect_job(settings, CALENDAR_JOB)
    for _relpath, key in files:
        kept.get(key, lambda: drawn[key])
    kept.save()
