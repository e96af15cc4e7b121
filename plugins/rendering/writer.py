"""Pelican wiring of the rendering plugin: a writer that renders pages on every core, and only those that changed.

``RenderingWriter`` is Pelican's ``Writer`` with the same ``write_file``
(pagination, relative URLs, ``localsiteurl``, overwrite rules) except that a
page is *recorded* instead of rendered. Once every generator has written
(``RenderFlush``, the last generator of the plugins), the recorded pages are:

1. keyed: the digest of everything its output is made of but the items'
   attributes: the theme's and plugins' files, the data files, the
   template's environment (globals, filters, tests), the shared context
   (settings, registries, string tables, which items are listed where and in
   what order...) and the page's own values, every item in them by its
   identity only;
2. taken from the last good output/ (a hard link) when its key is the one
   stored for that file, every item attribute the page read when it was last
   rendered (its body, title, URL, an attribute found missing...) has the
   value it had then, and the file there is still the one written then;
3. rendered otherwise: the pages are shared out between the main process and
   forked workers (the context is shared copy-on-write: nothing is pickled),
   each writing its files; a worker that dies fails the build.

Then ``content_written`` is sent for every page in the order Pelican would
have sent it. Pages written after the flush (a generator of a plugin listed
after this one) are rendered at once, as Pelican does.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from common.background import BackgroundJob
from images.library import ImageLibrary

from .digest import Digester, files_digest

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[2]
CACHE_FILE = "render-cache.pickle"
# Context keys that differ per page (set by write_file) or are the page's own.
PER_PAGE_KEYS = {"localsiteurl", "SITEURL", "output_file"}


@dataclass
class Job:
    """One page to write: what Pelican's ``_write_file`` would have been called with."""
    index: int
    name: str
    path: str
    template: object
    localcontext: dict
    context: dict
    context_siteurl: object  # context["localsiteurl"] when Pelican would have rendered it
    skipped: bool = False  # a write Pelican sends to /dev/null (a second one after an override)
    key: str = ""
    reads: list = field(default_factory=list)  # [(item identity, attribute, digest of its value)] while rendering


# Attributes of items read by the page being rendered in this process: {(id, name): item}.
_reads = {"log": None}
# Read inside the items' own properties (url, content...), which are followed themselves;
# the shared context and the settings are digested once for every page.
UNTRACED = {"_context", "settings"}
MISSING = object()


def _traced_getattribute(self, name):
    log = _reads["log"]
    if log is not None:
        log[id(self), name] = self  # names left out (UNTRACED, dunders) are dropped once the page is out
    return object.__getattribute__(self, name)


def item_identity(item) -> str:
    # Interned: the render cache names each item thousands of times, and pickle stores one copy of each.
    return sys.intern(f"{type(item).__name__}:{getattr(item, 'relative_source_path', None) or getattr(item, 'source_path', '')}")


def new_digester():
    return Digester(lambda value: isinstance(value, Content), item_identity, _is_jinja, _shown)


class AttributeDigests:
    """Digests of items' attributes, each computed once: {(item's id, name, localsiteurl): digest}."""

    def __init__(self):
        self.digester = new_digester()
        self.known = {}
        self.items = []  # keeps the items whose id() are keys alive

    def of(self, item, name, siteurl) -> str:
        key = (id(item), name, siteurl)
        if key not in self.known:
            self.items.append(item)
            try:
                value = getattr(item, name)
            except AttributeError:
                value = MISSING
            if value is MISSING:
                self.known[key] = "missing"
            elif callable(value) and not isinstance(value, type):
                # A method: what it returns is made of the attributes it reads, followed themselves.
                self.known[key] = "method"
            else:
                self.known[key] = self.digester.digest(value)
        return self.known[key]


def _is_jinja(value) -> bool:
    """Jinja's environments and templates: their helpers and sources are digested on their own."""
    return type(value).__module__.startswith("jinja2.")


def _volatile(key) -> bool:
    """Settings that differ in every build and that no page shows: the staging folder, the
    plugins' private state (a background job: ``_FEEDS_JOB``) and their timings."""
    return key == "OUTPUT_PATH" or key.startswith("_") or key.endswith("_TIMINGS")


def _shown(value):
    """What a page can show of a value: the settings but their volatile keys; an image library's images."""
    if isinstance(value, dict) and "OUTPUT_PATH" in value:
        return {key: item for key, item in value.items() if not (isinstance(key, str) and _volatile(key))}
    if isinstance(value, ImageLibrary):
        return {"root": value.images_root, "options": value.options, "entries": value.entries}
    if isinstance(value, URLWrapper):
        # A tag read from Pelican's content cache holds a copy of the settings of the build
        # that cached it; its URL is made from the settings of this one, digested on their own.
        return {"class": type(value).__name__, "name": value.name, "slug": value.slug}
    return value


class RenderingWriter(Writer):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.jobs: list[Job] = []
        self.flushed = False
        signals.finalized.connect(self._check_flushed)

    def _check_flushed(self, pelican_object):
        if self.jobs:
            raise RuntimeError(f"{len(self.jobs)} pages were recorded but never rendered: is 'rendering' in PLUGINS?")

    # Pelican's Writer.write_file, with _write_file recording the page (pelican/writers.py, 4.12).
    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return

        def local_context(name, kwargs):
            localcontext = context.copy()
            localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                localcontext["SITEURL"] = relative_url
                localcontext["localsiteurl"] = relative_url
            localcontext["output_file"] = name
            localcontext.update(kwargs)
            return localcontext

        if paginated is None:
            paginated = {key: val for key, val in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            paginators = {key: Paginator(name, url, val, self.settings, per_page) for key, val in paginated.items()}
            for page_num in range(next(iter(paginators.values())).num_pages):
                paginated_kwargs = kwargs.copy()
                for key, paginator in paginators.items():
                    previous_page = paginator.page(page_num) if page_num > 0 else None
                    page = paginator.page(page_num + 1)
                    next_page = paginator.page(page_num + 2) if page_num + 1 < paginator.num_pages else None
                    paginated_kwargs.update({f"{key}_paginator": paginator, f"{key}_page": page,
                                             f"{key}_previous_page": previous_page, f"{key}_next_page": next_page})
                self._record(template, local_context(page.save_as, paginated_kwargs), page.save_as, override_output,
                             context)
        else:
            self._record(template, local_context(name, kwargs), name, override_output, context)

    def _record(self, template, localcontext, name, override, context):
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        skipped = self._claim(path, override)
        job = Job(len(self.jobs), name, path, template, localcontext, context, context.get("localsiteurl"), skipped)
        if self.flushed:
            _render_share([job])
            signals.content_written.send(path, context=localcontext)
            return
        self.jobs.append(job)

    def _claim(self, filename, override) -> bool:
        """Pelican's overwrite rules (Writer._open_w) without opening: True when the write goes nowhere."""
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second time (was previously overwritten)')
            logger.info('Skipping "%s", not overwriting', filename)
            return True
        if filename in self._written_files:
            if override:
                logger.info('Overwriting "%s"', filename)
            else:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has already written '
                                               "to it previously (set `override=True` if intended)")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return False

    def flush(self):
        """Render every recorded page (or take it from the last output), then send content_written for each."""
        self.flushed = True
        jobs, self.jobs = self.jobs, []
        # The last write of a file decides its content (an override); /dev/null writes decide nothing.
        final = {}
        for job in jobs:
            if not job.skipped:
                final[job.path] = job
        wanted = list(final.values())
        # Rendering and checking set each page's localsiteurl: the context ends as Pelican leaves it.
        siteurls = [(job.context, job.context.get("localsiteurl")) for job in jobs]
        cache = RenderCache.for_settings(self.settings) if self.settings.get("RENDER_CACHE") else None
        to_render = wanted
        if cache is not None:
            cache.key_pages(wanted)
            to_render = [job for job in wanted if not cache.reuse(job)]
        for folder in sorted({os.path.dirname(job.path) for job in to_render}):
            os.makedirs(folder, exist_ok=True)
        rendered = render_all(to_render, int(self.settings.get("RENDER_WORKERS") or os.cpu_count() or 1))
        if cache is not None:
            for job in to_render:
                job.reads = rendered[job.index]
            cache.save(wanted)
        for context, siteurl in siteurls:
            context["localsiteurl"] = siteurl
        report = self.settings.get("RENDER_REPORT_FILE")
        if report:
            Path(report).write_text("".join(f"{job.name}\n" for job in to_render), encoding="utf-8")
        # common.sitebuild prints it on its "Built ..." line (a private key: left out of the keys).
        self.settings["_RENDERED"] = (len(to_render), len(wanted))
        for job in jobs:
            signals.content_written.send(job.path, context=job.localcontext)


def _render(job: Job, attributes: AttributeDigests):
    """Render one page and write its file; returns [(identity, attribute, digest)] of what it read of items."""
    job.context["localsiteurl"] = job.context_siteurl
    _reads["log"] = {}
    try:
        output = job.template.render(job.localcontext)
        read = _reads["log"]
    finally:
        _reads["log"] = None
    os.makedirs(os.path.dirname(job.path), exist_ok=True)
    with open(job.path, "w", encoding="utf-8") as handle:
        handle.write(output)
    logger.info('Writing "%s"', job.path)
    return sorted({(item_identity(item), name, attributes.of(item, name, job.context_siteurl))
                   for (_, name), item in read.items() if name not in UNTRACED and not name.startswith("__")})


def _render_share(jobs):
    """Render ``jobs`` in this process, following what they read of items."""
    attributes = AttributeDigests()
    Content.__getattribute__ = _traced_getattribute
    try:
        return {job.index: _render(job, attributes) for job in jobs}
    finally:
        # Untraced again: reading items outside rendering costs nothing extra.
        del Content.__getattribute__


def render_all(jobs, workers):
    """{job index: item attributes read} of ``jobs``, rendered by ``workers`` processes (this one included)."""
    workers = max(1, min(workers, len(jobs) // 8 or 1))
    # Interleaved shares: neighbouring pages (a listing's pages, an item's translations) cost alike.
    shares = [jobs[n::workers] for n in range(workers)]
    started = [BackgroundJob(f"Rendering pages (worker {n})", _render_share, share) for n, share in enumerate(shares[1:], 1)]
    results = _render_share(shares[0])
    for job in started:
        results.update(job.result())
    return results


def code_digest(settings) -> str:
    """The theme's and plugins' files, the data files, the settings files: what no context value shows."""
    roots = [Path(settings["THEME"]), ROOT / "plugins", Path(settings.get("DATA_PATH", ROOT / "data"))]
    paths = [ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    for root in roots:
        paths += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files_digest(paths)


class RenderCache:
    """{output name: (key, item attributes read, file stat)} of the last build's pages, in the cache folder."""

    def __init__(self, folder: Path, previous_output: str | None, settings):
        self.file = folder / CACHE_FILE
        self.previous_output = previous_output
        self.settings = settings
        try:
            self.entries = pickle.loads(self.file.read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            self.entries = {}
        self.items = {}  # identity -> item, of every item the pages' keys met
        self.attributes = AttributeDigests()
        self.folders = set()  # made in the staging folder already

    @classmethod
    def for_settings(cls, settings):
        previous = settings.get("RENDER_PREVIOUS_OUTPUT")
        return cls(Path(settings["CACHE_PATH"]), previous, settings)

    def key_pages(self, jobs):
        """Give every job its key; digests are taken once every generator has written (the context is whole)."""
        digester = new_digester()
        base = [code_digest(self.settings)]
        environments = {}
        shared = {}
        for job in jobs:
            env = job.template.environment
            if id(env) not in environments:
                environments[id(env)] = digester.digest(
                    {"globals": env.globals, "filters": env.filters, "tests": env.tests})
            context_id = id(job.context)
            if context_id not in shared:
                shared[context_id] = digester.digest(
                    {key: value for key, value in job.context.items() if key not in PER_PAGE_KEYS and not _volatile(key)})
            own = {key: value for key, value in job.localcontext.items()
                   if key in PER_PAGE_KEYS or key not in job.context or job.context[key] is not value}
            job.key = digester.digest([base, environments[id(env)], shared[context_id], job.template.name,
                                       job.context_siteurl, own])
        self.items = digester.items_met

    def _previous_file(self, job):
        return os.path.join(self.previous_output, job.name) if self.previous_output else None

    def reuse(self, job) -> bool:
        entry = self.entries.get(job.name)
        if entry is None or entry[0] != job.key:
            return False
        key, reads, stat = entry
        job.context["localsiteurl"] = job.context_siteurl  # an item's content is made for the page's URL
        for identity, name, digest in reads:
            item = self.items.get(identity)
            if item is None or self.attributes.of(item, name, job.context_siteurl) != digest:
                return False
        previous = self._previous_file(job)
        try:
            found = os.stat(previous)
        except (OSError, TypeError):
            return False
        if (found.st_ino, found.st_size, found.st_mtime_ns) != stat:
            return False
        folder = os.path.dirname(job.path)
        if folder not in self.folders:
            os.makedirs(folder, exist_ok=True)
            self.folders.add(folder)
        try:
            os.link(previous, job.path)
        except OSError:
            return False
        job.reads = reads
        return True

    def save(self, jobs):
        entries = {}
        for job in jobs:
            found = os.stat(job.path)
            entries[job.name] = (job.key, job.reads, (found.st_ino, found.st_size, found.st_mtime_ns))
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(f".tmp-{os.getpid()}")
        temporary.write_bytes(pickle.dumps(entries))
        os.replace(temporary, self.file)
