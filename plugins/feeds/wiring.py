"""Pelican wiring: records from the languages plugin's items, feeds on disk.

The plan is made in ``generate_context`` (so every page's head and the
follow page can link the feeds), the follow pages are written with the
other pages; the feed files are rendered and written (with the feeds' cache)
by a worker process started once every item and its processed lead image are
known (all_generators_finalized), beside page writing, and waited for on
``finalized``.
"""

from __future__ import annotations

import json
import logging
import mimetypes
import os
import shutil
import time
from datetime import datetime
from pathlib import Path

from pelican.generators import Generator

from common.background import collect_job, start_job
from common.buildcache import KeptValues, code_digest
from common.errors import collector_for
from languages.site_index import page_alternates
from site_model import model_of

from .plan import link_index, plan_language
from .site import SiteInfo, absolute_links, feed_keys

logger = logging.getLogger(__name__)

PLAN_KEY = "_FEEDS_PLAN"
# The feeds' bytes of the last build, by feed_keys: a build renders only the feeds whose entries changed.
FEEDS_CACHE_FILE = "feeds.pickle"
FEEDS_CODE = code_digest([Path(__file__).with_name(name) for name in ("plan.py", "render.py", "site.py")],
                         libraries=["feedgen", "lxml"])
FEEDS_JOB = "Writing the feeds"
STATIC = Path(__file__).resolve().parent / "static"
DEFAULT_ICON = "feeds/icon.png"
DEFAULT_LOGO = "feeds/logo.png"
IMAGE_TYPES = {".webp": "image/webp", ".avif": "image/avif", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".png": "image/png", ".gif": "image/gif", ".svg": "image/svg+xml"}


def feed_base_url(settings) -> str:
    """Absolute root of the site for feeds (the model's public URL: SITEURL is '' in development)."""
    return model_of(settings).public_url + "/"


def site_info(settings) -> SiteInfo:
    base = feed_base_url(settings)
    author = dict(settings.get("FEEDS_AUTHOR") or {})
    parent = settings["STRINGS"][model_of(settings).default_lang]["parent_body"]
    author.setdefault("name", f"{settings.get('SITENAME', 'Manifattura Milano')} · {parent}")
    author.setdefault("uri", base)
    return SiteInfo(
        base_url=base,
        authority=settings.get("FEEDS_ID_AUTHORITY", "manifatturamilano.it,2027"),
        author=author,
        icon=settings.get("FEEDS_ICON", DEFAULT_ICON),
        logo=settings.get("FEEDS_LOGO", DEFAULT_LOGO),
        rights=settings.get("FEEDS_RIGHTS", "CC-BY 4.0"),
    )


def _length(settings):
    length = settings.get("FEEDS_LENGTH", 50)
    if isinstance(length, bool) or not isinstance(length, int) or length < 1:
        collector_for(settings).add(
            "pelicanconf.py", None, "FEEDS_LENGTH", f"must be a whole number of entries, 1 or more, got {length!r}",
            "write e.g. FEEDS_LENGTH = 50 (the default when the line is absent)")
        return 50
    return length


def record_of(item, tags_pages, example_prefix=""):
    """The plain record of one item (content is added later, only for items a feed holds).
    An example (preview builds only) has ``example_prefix`` before its title: feed readers show no badge."""
    updated = getattr(item, "modified", None) or item.date
    return {
        "section": item.section,
        "key": item.key,
        "lang": item.lang,
        "title": f"{example_prefix} {item.title}" if getattr(item, "example", False) and example_prefix else item.title,
        "url": item.url,
        "published": item.date,
        "updated": max(updated, item.date),
        "summary": item.summary,
        "tags": [(tag.slug, tag.name) for tag in getattr(item, "tags", ())],
        "tags_page": tags_pages[item.lang],
        "audience": list(getattr(item, "audience", ()) or ()),
    }


def identity(record):
    return record["section"], record["key"], record["lang"]


def _timed(step):
    """With ``FEEDS_TIMINGS_FILE`` set (the benchmark), adds the step's duration
    to that JSON file; other builds keep no timings."""

    def wrapper(self_or_pelican, *args, **kwargs):
        timings_file = self_or_pelican.settings.get("FEEDS_TIMINGS_FILE")
        if not timings_file:
            return step(self_or_pelican, *args, **kwargs)
        started = time.perf_counter()
        try:
            return step(self_or_pelican, *args, **kwargs)
        finally:
            path = Path(timings_file)
            timings = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
            timings[step.__name__] = timings.get(step.__name__, 0.0) + time.perf_counter() - started
            path.write_text(json.dumps(timings), encoding="utf-8")

    wrapper.__name__ = step.__name__
    return wrapper


class FeedsGenerator(Generator):
    @_timed
    def generate_context(self):
        settings = self.settings
        model = model_of(settings)
        lang_site = self.context["LANG_SITE"]
        length = _length(settings)
        sections = model.sections_where(feeds=True)
        strings = settings["STRINGS"]
        codes = (settings.get("CONTENT_CODES") or {}).get("audience", [])
        tags_pages = {lang: model.url_for("tags", lang) for lang in model.codes}
        items = {}
        records = {}
        for lang in model.codes:
            for section in sections:
                for item in lang_site[lang]["native"][section]:
                    record = record_of(item, tags_pages, strings[lang]["truth"]["feed_prefix"])
                    items[identity(record)] = item
                    records.setdefault(lang, []).append(record)
        every = [r for rs in records.values() for r in rs]
        fallback = max((r["updated"] for r in every), default=None) or datetime.fromisoformat(
            settings.get("FEEDS_EMPTY_UPDATED", "2027-01-01T00:00:00+01:00"))
        feeds = []
        for lang in model.codes:
            table = dict(strings[lang]["feeds"], audience=strings[lang]["codes"]["audience"])
            # Each audience feed sits beside the opportunities filter page it
            # mirrors (/it/opportunita/destinatari/startup/).
            feeds += plan_language(records.get(lang, []), lang, model.paths_of(lang), table, codes,
                                   model.segment(lang, "audience"), length, fallback, sections)
        settings[PLAN_KEY] = (feeds, items)
        base = feed_base_url(settings)
        self.context["FEED_LINKS"] = link_index(feeds)
        self.context["FEED_BASE_URL"] = base
        self.context["FEED_CALENDARS"] = {
            lang: {"url": f"{lang}/calendar.ics", "webcal": "webcal://" + base.split("://", 1)[1] + f"{lang}/calendar.ics"}
            for lang in model.codes
        }

    @_timed
    def generate_output(self, writer):
        model = model_of(self.settings)
        for lang in model.codes:
            url = model.url_for("follow", lang)
            alternates = page_alternates(model.codes, lang, lambda other: model.url_for("follow", other))
            writer.write_file(
                url + "index.html", self.get_template("follow"), self.context, url=url, lang=lang,
                alternates=alternates, page_kind="follow", feeds=self.context["FEED_LINKS"].get(lang, {}),
                calendar=self.context["FEED_CALENDARS"][lang],
            )


def _site_relative(url, settings):
    siteurl = settings.get("SITEURL", "")
    if siteurl and url.startswith(siteurl):
        url = url[len(siteurl):]
    return url.lstrip("/")


def enclosure_of(item, settings, output_path):
    """{url, length, type} of the published lead image, or None.

    The images plugin publishes processed copies only and describes the
    largest one as ``item.lead_image`` ({url, type, length, ...}); without
    it, the image is the plain copy of content/images/<image> in the output.
    """
    if not getattr(item, "image", None):
        return None
    lead = getattr(item, "lead_image", None)
    if isinstance(lead, dict) and {"url", "type", "length"} <= set(lead):
        return {"url": _site_relative(lead["url"], settings), "length": lead["length"], "type": lead["type"]}
    url = _site_relative(f"images/{item.image}", settings)
    path = Path(output_path) / url
    if not path.is_file():
        logger.warning("feeds: %s has no published lead image at %s; its entries have no enclosure",
                       item.source_display, url)
        return None
    kind = IMAGE_TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return {"url": url, "length": path.stat().st_size, "type": kind}


def start_feed_rendering(generators):
    """all_generators_finalized: every item and lead image is known; render and write the
    feeds in a worker while Pelican writes the pages."""
    # Kept in the settings (private to this build): the preview's held build (common.heldbuild)
    # renders again from it the feeds that hold an item whose body or title was edited.
    _complete_entries(generators[0], generators[0].settings[PLAN_KEY])


@_timed
def _complete_entries(generator, plan, published=None):
    """The records' bodies and enclosures (the lead images looked for in ``published``, by default
    the output folder), then the job that writes the plan's feeds into the output folder."""
    settings = generator.settings
    feeds, items = plan
    site = site_info(settings)
    output = settings["OUTPUT_PATH"]
    for feed in feeds:
        for record in feed.entries:
            if "content" not in record:
                item = items[identity(record)]
                record["content"] = absolute_links(item.content, site.absolute(item.url))
                record["enclosure"] = enclosure_of(item, settings, output if published is None else published)
    keyed = list(zip(feed_keys(feeds, site, FEEDS_CODE), feeds))
    kept = KeptValues.in_cache(settings, FEEDS_CACHE_FILE)
    missing = {key: feed for key, feed in keyed if key not in kept}
    # Forked only when a feed is rendered: with every feed kept (a warm build without edits), the fork
    # cost more (about 0.4 CPU s of system time at 1,000 keys, in the job and in this process) than writing here.
    start_job(settings, FEEDS_JOB, write_feed_files, keyed, missing, site, output, kept,
              in_worker=bool(missing) and settings.get("FEEDS_IN_WORKER", True))


def write_feed_files(keyed, missing, site, output, kept):
    """The files of every feed of ``keyed`` ([(feed key, feed)]) written into ``output``: the bytes
    ``kept`` (``KeptValues``) of the last build, those of the feeds ``missing`` from them rendered;
    then this build's bytes kept. The build's feeds job, in a fork (inline when nothing is rendered,
    and in the held build): the main process gets no feed bytes back, it only waits for the job (a
    failed build stops it before deleting its staging folder: ``background.stop_all_jobs``)."""
    rendered = render_kept(missing, site) if missing else {}
    for folder in {feed.folder for _key, feed in keyed}:
        os.makedirs(os.path.join(output, folder), exist_ok=True)
    for key, _feed in keyed:
        for relpath, data in kept.get(key, lambda: rendered[key]).items():
            with open(os.path.join(output, relpath), "wb") as handle:
                handle.write(data)
    kept.save()


def render_kept(missing, site):
    """{feed key: {path: bytes}} of ``missing`` ({feed key: feed})."""
    from .render import SharedEntries, render_feeds  # feedgen and lxml: imported only where a feed is rendered

    entries = SharedEntries(missing.values())
    return {key: dict(render_feeds([feed], site, entries)) for key, feed in missing.items()}


@_timed
def write_feeds(pelican_object):
    """finalized: the feeds job has written its files (waited for here); the default icon and logo."""
    settings = pelican_object.settings
    output = pelican_object.output_path
    collect_job(settings, FEEDS_JOB)
    for setting, default in (("FEEDS_ICON", DEFAULT_ICON), ("FEEDS_LOGO", DEFAULT_LOGO)):
        if settings.get(setting, default) == default:
            target = os.path.join(output, default)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(STATIC / os.path.basename(default), target)
