"""Pelican wiring of the rendering plugin: a writer that renders pages on every core, and only those that changed.

``RenderingWriter`` is Pelican's ``Writer`` with the same ``write_file``
(pagination, relative URLs, ``localsiteurl``, overwrite rules) except that a
page is *recorded* instead of rendered. Once every generator has written
(``RenderFlush``, the last generator of the plugins), the recorded pages are:

1. keyed: the digest of what every page of its template is made of: the
   theme's and plugins' files, the data files, the template's name, its
   environment's filters and tests, the page's ``localsiteurl``;
2. taken from the last good output/ (a hard link) when its key is the one
   stored for that file, every name the page looked up in its template
   context when it was last rendered (a setting, a registry, the string
   tables, its own values, a template global: each digested whole, items in
   them by identity only) has the value it had then, and so has every item
   attribute it read (its body, title, URL, an attribute found missing...),
   and the file there is still the one written then. So a value that
   changes with every build (the instant) renders again only the pages that
   look it up or read what is made of it (an opportunity's status).
   The check is cheap when nothing changed: the names a page finds in the
   context the pages share are digested once per build for each set of
   names (``names_digest``: most pages of a template look up the same ones),
   each value and each item's group of attributes once per build (memoised
   by identity), plain data by its marshal bytes (digest.py); the pages are
   checked by a process per core (``unchanged_linked``: forked, as renderers are),
   each digesting what the pages read of its share of the items, the digests
   then exchanged;
3. rendered otherwise: the main process and forked workers (the context is
   shared copy-on-write: nothing is pickled) each claim the next few pages
   in turn until none is left, so whichever core other work leaves freer
   renders more; each writes its files; the main process digests what its
   pages looked up (``names_digest``) as it renders them, then, memoised,
   what the workers' pages looked up; a worker that dies fails the build.

Then ``content_written`` is sent for every page in the order Pelican would
have sent it. Pages written after the flush (a generator of a plugin listed
after this one) are rendered at once, as Pelican does.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import marshal
import multiprocessing
import operator
import os
import sys
import types
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from pelican import signals
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer
from jinja2 import FileSystemLoader, TemplateError
from jinja2.environment import Template
from jinja2.runtime import Context

from common.background import BackgroundJob
from common.buildcache import CHECKOUT, files_digest
from images.library import ImageLibrary

from . import fragments
from .digest import Digester, combine
from .fastjinja import fast_default_module

logger = logging.getLogger(__name__)
# Plain tuples, strings and bytes: marshal reads them about five times faster than pickle (0.04 s
# instead of 0.2 s at 2,775 pages) and stores each shared tuple of names once.
CACHE_FILE = "render-cache.marshal"
# A private setting another plugin (publishing) may set: a function called once, on the flush, that
# returns ``finish(file name, bytes) -> {suffix: bytes}``: each page is then written as it returns
# ("": the page's own bytes, when they change; other suffixes: files beside it).
RENDER_PAGE_FINISHER = "_RENDER_PAGE_FINISHER"
# A private setting another plugin (seo) may set: a function of a page's HTML, called for every page
# rendered with the render cache by the process that renders it; the flush leaves in RENDERED_PAGE_FACTS
# {(output name, inode, size, modification time in ns): its value}: what would be read back from each file.
RENDER_PAGE_FACTS = "_RENDER_PAGE_FACTS"
RENDERED_PAGE_FACTS = "_RENDERED_PAGE_FACTS"
# RENDER_PAGE_FACTS's function during the flush (the render workers fork with it) and what it gave.
_facts = {"of": None, "found": {}}
# Context keys that differ per page (set by write_file) or are the page's own.
PER_PAGE_KEYS = {"localsiteurl", "SITEURL", "output_file"}
# Pages whose render cache checks pay for a forked checker (a warm build at 1,000 keys checks 2,775
# pages in about a second of CPU; a fork and its copy-on-write faults cost a few hundredths);
# RENDER_PAGES_PER_CHECKER changes it (tests: a small site).
PAGES_PER_CHECKER = 500


@dataclass
class Job:
    """One page to write: what Pelican's ``_write_file`` would have been called with."""
    index: int
    name: str
    path: str
    template: object
    shared: dict  # the context when the page was written, shared by the pages written while it did not change
    own: dict  # what Pelican's write_file adds to it for this page (localsiteurl, output_file, its arguments)
    context: dict
    context_siteurl: object  # context["localsiteurl"] when Pelican would have rendered it
    skipped: bool = False  # a write Pelican sends to /dev/null (a second one after an override)
    key: str = ""
    entry: Entry | None = None  # what the page read when it was rendered (this build or the last)

    @property
    def localcontext(self) -> dict:
        """The page's template context, as Pelican's write_file makes it (made when needed: one per page
        kept until the flush took 10 KB a page)."""
        local = self.shared.copy()
        local.update(self.own)
        return local


class Entry(NamedTuple):
    """What a page was made of, in the render cache: its key, the names it looked up in its template
    context (and one digest of their values), the item attributes it read, and its file in output/."""
    key: str
    names: tuple  # sorted names
    names_digest: bytes
    items: tuple  # ((item identity, sorted attribute names, one digest of their values), ...)
    stat: tuple  # (inode, size, modification time) of the file written


# What the page being rendered in this process reads: attributes of items ({(id, name): item}) and
# names looked up in its template context (a set); shared with the fragments rendered once (``once``).
_reads = fragments.reads
# Read inside the items' own properties (url, content...), whose values are followed themselves.
UNTRACED = {"_context", "settings"}
MISSING = object()
_resolve = Context.resolve_or_missing
_default_module = fast_default_module
# id(module) -> (module, names its top-level code looked up), for imported templates' cached modules.
_module_names = {}
# One tuple per distinct sorted tuple of names: the cache file stores each once, memo keys compare by identity first.
_interned = {}


# The names of the items' classes' attributes whose value is computed when read (properties, other
# descriptors but plain functions), found when tracing starts (``computed_names``).
_computed = set()
_object_getattribute = object.__getattribute__


def _traced_getattribute(self, name):
    log = _reads["items"]
    if log is not None:
        log[id(self), name] = self  # names left out (UNTRACED, dunders) are dropped once the page is out
        if name in _computed:
            # What a property reads to make its value is in that value, which is digested: not followed
            # (a method's reads are: they happen when it is called, after this). Any other attribute is
            # read without running code (a fifth of the cost of each read saved).
            _reads["items"] = None
            try:
                return _object_getattribute(self, name)
            finally:
                _reads["items"] = log
    return _object_getattribute(self, name)


def _reads_plainly(cls) -> bool:
    """Whether getattr on an instance of ``cls`` gives what object.__getattribute__ gives outside a page's
    rendering (the tracing's own __getattribute__ does then, and no __getattr__ is there to fall back on):
    the render cache digests the attributes pages read after each page, without the tracing's Python call
    (and, for the attributes found missing, the exception raised through it)."""
    return cls.__getattribute__ in (_traced_getattribute, object.__getattribute__) and not hasattr(cls, "__getattr__")


def computed_names(cls) -> set:
    """The names of ``cls``'s and its subclasses' attributes that run code when read: every descriptor but
    plain functions (whose bound methods run nothing until called)."""
    names = set()
    for klass in (cls, *_subclasses(cls)):
        for name, value in vars(klass).items():
            if hasattr(type(value), "__get__") and not isinstance(value, types.FunctionType):
                names.add(name)
    return names


def _subclasses(cls):
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)


def _traced_resolve(self, key):
    """Every name a template looks up (Jinja looks up all the names of a template, or of a macro, when it
    starts: a name in a branch not taken counts too; an ``include`` is looked up only when it runs)."""
    names = _reads["names"]
    if names is not None:
        names.add(key)
    return _resolve(self, key)


def _traced_default_module(self, ctx=None):
    """An imported template (``{% from ... import ... %}``) runs its top-level code once and is cached:
    the names it looked up then count for every page that imports it."""
    cached = self._module
    if cached is not None and _module_names.get(id(cached), (None,))[0] is not cached:
        self._module = None  # made before tracing began: made again, traced
    outer, _reads["names"] = _reads["names"], set()
    try:
        module = _default_module(self, ctx)
    finally:
        names, _reads["names"] = _reads["names"], outer
    if module is self._module:
        names = _module_names.setdefault(id(module), (module, names))[1]
    if outer is not None:
        outer |= names
    return module


def _intern(names) -> tuple:
    names = tuple(sorted(names))
    return _interned.setdefault(names, names)


def item_identity(item) -> str:
    # Interned: the render cache names each item thousands of times, and the cache file stores one copy of each.
    return sys.intern(f"{type(item).__name__}:{getattr(item, 'relative_source_path', None) or getattr(item, 'source_path', '')}")


def new_digester():
    return Digester(lambda value: isinstance(value, Content), item_identity, _is_jinja, _shown)


class AttributeDigests:
    """Digests of items' attributes: one per item and group of attributes read by a page, each
    attribute's digest computed once: {(item's id, names, localsiteurl): digest}."""

    def __init__(self, digester=None):
        self.digester = digester or new_digester()
        self.known = {}
        self.groups = {}
        self.items = []  # keeps the items whose id() are keys alive
        self.identities = {}  # id(item): (item, item_identity(item)): most items are read by many pages
        # {names read of an item, in the order a page read them: the sorted names kept (not UNTRACED, no
        # dunder)}: the pages of a kind read the same attributes of their items in the same order.
        self.kept_names = {}
        self.plain_classes = {}  # {class: its instances' attributes are object.__getattribute__'s (_reads_plainly)}

    def group(self, item, names: tuple, siteurl) -> bytes:
        key = (id(item), names, siteurl)
        digest = self.groups.get(key)
        if digest is None:
            digest = self.groups[key] = combine(*(self._of(item, name, siteurl) for name in names))
        return digest

    def _of(self, item, name, siteurl) -> bytes:
        key = (id(item), name, siteurl)
        digest = self.known.get(key)
        if digest is None:
            self.items.append(item)
            plain = self.plain_classes.get(type(item))
            if plain is None:
                plain = self.plain_classes[type(item)] = _reads_plainly(type(item))
            try:
                value = _object_getattribute(item, name) if plain else getattr(item, name)
            except AttributeError:
                value = MISSING
            if value is MISSING:
                digest = b"missing"
            elif callable(value) and not isinstance(value, type):
                # A method: what it returns is made of the attributes it reads, followed themselves.
                digest = b"method"
            else:
                digest = self.digester.raw(value)
            self.known[key] = digest
        return digest

    def read_by(self, log, siteurl) -> tuple:
        """((identity, names, digest), ...) of a page's reads of items ({(id, name): item})."""
        by_item = {}  # id: [item, names read in the page's order...]
        for (key, name), item in log.items():
            found = by_item.get(key)
            if found is None:
                by_item[key] = [item, name]
            else:
                found.append(name)
        reads = []
        identities = self.identities
        kept_names = self.kept_names
        for key, found in by_item.items():
            item = found[0]
            read = tuple(found[1:])
            names = kept_names.get(read)
            if names is None:
                names = kept_names[read] = _intern(name for name in read
                                                   if name not in UNTRACED and not name.startswith("__"))
            if not names:
                continue
            known = identities.get(key)
            if known is None or known[0] is not item:
                known = identities[key] = (item, item_identity(item))
            reads.append((known[1], names, self.group(item, names, siteurl)))
        return tuple(sorted(reads))


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
        # With the render cache, every page of the build once flushed, each with its entry: what
        # common.heldbuild renders again a few of after an edit, in the preview's held build.
        self.pages: list[Job] = []
        self.flushed = False
        self.finish = None  # RENDER_PAGE_FINISHER's function once the flush took it
        self._last_snapshot = None
        signals.finalized.connect(self._check_flushed)

    def _check_flushed(self, pelican_object):
        if self.jobs:
            raise RuntimeError(f"{len(self.jobs)} pages were recorded but never rendered: is 'rendering' in PLUGINS?")

    # Pelican's Writer.write_file, with _write_file recording the page (pelican/writers.py, 4.12).
    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        if not name:
            return

        shared = self._snapshot(context)

        def local_context(name, kwargs):
            """What Pelican's local context adds to a copy of the context, in the same order."""
            own = {"localsiteurl": context.get("localsiteurl", None)}
            if relative_urls:
                relative_url = path_to_url(get_relative_path(name))
                own["SITEURL"] = relative_url
                own["localsiteurl"] = relative_url
            own["output_file"] = name
            own.update(kwargs)
            return own

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
                self._record(template, shared, local_context(page.save_as, paginated_kwargs), page.save_as,
                             override_output, context)
        else:
            self._record(template, shared, local_context(name, kwargs), name, override_output, context)

    def _snapshot(self, context) -> dict:
        """A copy of ``context``: the last one while nothing in the context changed since."""
        last = self._last_snapshot
        if last is not None and last[0] is context:
            snapshot = last[1]
            if "localsiteurl" in context and "localsiteurl" in snapshot:
                # Set for each page with relative URLs; every page's own values have their own.
                snapshot["localsiteurl"] = context["localsiteurl"]
            if (len(snapshot) == len(context) and snapshot.keys() == context.keys()
                    and all(map(operator.is_, snapshot.values(), context.values()))):
                return snapshot
        snapshot = context.copy()
        self._last_snapshot = (context, snapshot)
        return snapshot

    def _record(self, template, shared, own, name, override, context):
        if own["localsiteurl"]:
            context["localsiteurl"] = own["localsiteurl"]
        path = sanitised_join(self.output_path, name)
        skipped = self._claim(path, override)
        job = Job(len(self.jobs), name, path, template, shared, own, context, context.get("localsiteurl"), skipped)
        if self.flushed:
            render_all([job], 1, finish=self.finish)  # not in the render cache: rendered on every build
            signals.content_written.send(path, context=job.localcontext)
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
        finisher = self.settings.get(RENDER_PAGE_FINISHER)
        # Production (the publishing plugin): each page written minified with its compressed copies, by
        # the process that renders it. Not with the render cache, whose pages must be as rendered.
        if finisher is not None and not self.settings.get("RENDER_CACHE"):
            self.finish = finisher()
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
        if cache is not None:
            self.pages = wanted
        workers = int(self.settings.get("RENDER_WORKERS") or os.cpu_count() or 1)
        to_render = wanted
        if cache is not None:
            cache.key_pages(wanted)
            # A cold build (no entries) checks nothing worth a checker's fork.
            to_render = cache.unchanged_linked(wanted, workers if cache.entries else 1)
        # Each page's folder is made by the process that renders it (``_write``): made here first, the
        # 2,800 folders of a cold build at 1,000 keys kept the other core idle for 0.2-0.5 s.
        _facts["of"], _facts["found"] = (self.settings.get(RENDER_PAGE_FACTS) if cache is not None else None), {}
        try:
            rendered = render_all(to_render, workers, cache, self.finish, theme_templates(self.settings))
        finally:
            self.settings[RENDERED_PAGE_FACTS], _facts["of"], _facts["found"] = _facts["found"], None, {}
        if cache is not None:
            cache.save(wanted, rendered)
        for context, siteurl in siteurls:
            context["localsiteurl"] = siteurl
        report = self.settings.get("RENDER_REPORT_FILE")
        if report:
            Path(report).write_text("".join(f"{job.name}\n" for job in to_render), encoding="utf-8")
        # common.sitebuild prints it on its "Built ..." line (a private key: left out of the keys).
        self.settings["_RENDERED"] = (len(to_render), len(wanted))
        for job in jobs:
            signals.content_written.send(job.path, context=job.localcontext)


@contextlib.contextmanager
def tracing():
    """Items' attributes and template context names followed while rendering (``render_traced``)."""
    _computed.clear()
    _computed.update(computed_names(Content))
    Content.__getattribute__ = _traced_getattribute
    Context.resolve_or_missing = _traced_resolve
    Template._get_default_module = _traced_default_module
    fragments.forget()
    try:
        yield
    finally:
        fragments.forget()
        # Untraced again: reading items or templates outside rendering costs nothing extra.
        del Content.__getattribute__
        Context.resolve_or_missing = _resolve
        Template._get_default_module = _default_module


def render_traced(template, context) -> tuple[str, tuple, dict]:
    """(output, the names the template looked up, the items' attributes it read: {(id, name): item}),
    inside ``tracing()``."""
    _reads["items"], _reads["names"] = {}, set()
    try:
        output = template.render(context)
        return output, _intern(_reads["names"]), _reads["items"]
    finally:
        _reads["items"] = _reads["names"] = None


def _write(job: Job, output: str, finish=None) -> os.stat_result:
    """Write the page and return its file's stat; with ``finish`` (production: ``RENDER_PAGE_FINISHER``),
    its finished bytes and the files beside it ({suffix: bytes}; "" the page's own when they differ from
    the rendered ones)."""
    data = output.encode("utf-8")  # what a text file of this encoding holds (no newline is translated here)
    files = finish(os.path.basename(job.path), data) if finish is not None else {}
    found = _write_bytes(job.path, files.pop("", data))
    for suffix, beside in files.items():
        _write_bytes(job.path + suffix, beside)
    logger.info('Writing "%s"', job.path)
    return found


# What open(path, "wb") asks of the system, without the io objects around the file (a page is written in one go).
WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def _write_bytes(path: str, data: bytes) -> os.stat_result:
    """Write ``data`` to ``path``, its folder made when missing; the file's stat once written.

    One ``mkdir`` for a page's folder (almost every page has its own, new in the staging folder) where
    ``os.makedirs`` looked at the parent first (2.4 % of a cold build's profile at 1,000 keys), and the
    stat taken from the open file instead of by its name again."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    handle = os.open(path, WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view):]
        return os.fstat(handle)
    finally:
        os.close(handle)


def _render(job: Job, attributes: AttributeDigests, cache: RenderCache | None):
    """Render one page and write its file; returns what its render cache entry holds but its key:
    (the names it looked up, their values' digest, what it read of items, its file's stat). The
    digest is made by the main process (``cache``; None in a worker): the values the pages share are
    digested once there, for its pages as it renders them and then, memoised, for the workers'."""
    job.context["localsiteurl"] = fragments.page["siteurl"] = job.context_siteurl
    output, names, items = render_traced(job.template, job.localcontext)
    found = _write(job, output)
    stat = (found.st_ino, found.st_size, found.st_mtime_ns)
    if _facts["of"] is not None:
        # As a file read back in text mode gives it: universal newlines.
        _facts["found"][(job.name, *stat)] = _facts["of"](output.replace("\r\n", "\n").replace("\r", "\n"))
    return (names, cache.names_digest(job, names) if cache is not None else None,
            attributes.read_by(items, job.context_siteurl), stat)


# Pages a process claims at a time: about 30 ms of rendering, so the processes end within that of each other.
CLAIM = 8


class Claims:
    """The pages left to render, shared by the processes that render (forked after it is made): the main
    process claims them from the first, the workers (``from_end``) from the last."""

    def __init__(self, total: int):
        context = multiprocessing.get_context("fork")
        self.first = context.RawValue("i", 0)  # the first page nobody took
        self.end = context.RawValue("i", total)  # after the last page nobody took
        self.lock = context.Lock()
        self.backwards = False

    def from_end(self) -> Claims:
        """The same claims, taken from the last page left."""
        claims = copy.copy(self)
        claims.backwards = True
        return claims

    def __iter__(self):
        """The indexes this process renders: the next ``CLAIM`` pages nobody took, until none is left."""
        while True:
            with self.lock:
                start, end = self.first.value, self.end.value
                if self.backwards:
                    start = self.end.value = max(start, end - CLAIM)
                else:
                    end = self.first.value = min(end, start + CLAIM)
            if start >= end:
                return
            yield from range(start, end)


def _render_claimed(jobs, claims, cache, finish, traced):
    """Render the pages of ``jobs`` this process claims (``claims``: their indexes); with the render cache
    (``traced``), {job index: ``_render``'s entry parts}, their names digested when ``cache`` is given."""
    if not traced:
        # Without the render cache (production) nothing reads what the pages read.
        fragments.forget()
        for index in claims:
            job = jobs[index]
            job.context["localsiteurl"] = fragments.page["siteurl"] = job.context_siteurl
            _write(job, job.template.render(job.localcontext), finish)
        fragments.forget()
        return {}
    attributes = AttributeDigests()
    with tracing():
        return {jobs[index].index: _render(jobs[index], attributes, cache) for index in claims}


def _render_share(jobs, claims, cache, finish, traced):
    """A render worker's part: ``_render_claimed``'s value and the page facts it found."""
    return _render_claimed(jobs, claims, cache, finish, traced), _facts["found"]


def render_all(jobs, workers, cache=None, finish=None, preload=()):
    """{job index: ``_render``'s entry parts} of ``jobs`` (with the render cache; else {}), rendered by
    ``workers`` processes (this one included), each claiming pages until none is left; ``finish``:
    see ``_write`` (without the render cache only); ``preload``: the templates loaded before forking."""
    workers = max(1, min(workers, len(jobs) // 8 or 1))
    if workers == 1:
        return _render_claimed(jobs, range(len(jobs)), cache, finish, cache is not None)
    preload_templates(jobs, preload)
    # Pages by their top folder (a language's), the main process rendering from the first and the workers
    # from the last: so that each process renders the pages of other items than the other's, as far as it
    # can. What a process renders of an item (its summary and URL for a listing, its card, the digests of
    # what pages read of it) it renders for itself, and the pages of a language show that language's items.
    jobs = sorted(jobs, key=lambda job: job.name.partition("/")[0])
    claims = Claims(len(jobs))
    started = [BackgroundJob(f"Rendering pages (worker {n})", _render_share, jobs, claims.from_end(), None, finish,
                             cache is not None)
               for n in range(1, workers)]
    results = _render_claimed(jobs, claims, cache, finish, cache is not None)
    by_index = {job.index: job for job in jobs}
    for job in started:
        rendered, facts = job.result()
        _facts["found"].update(facts)
        for index, (names, digest, items, stat) in rendered.items():
            results[index] = (names, cache.names_digest(by_index[index], names) if cache is not None else digest,
                              items, stat)
    return results


def theme_templates(settings) -> list:
    """The names of the theme's templates (and of its overrides')."""
    folders = [*settings.get("THEME_TEMPLATES_OVERRIDES", ()), os.path.join(settings["THEME"], "templates")]
    return FileSystemLoader(folders).list_templates()


def preload_templates(jobs, names):
    """Load the templates ``names`` into each environment that renders ``jobs``, before the render workers
    fork: an environment loads a template that a page includes or imports when a page first does, so each
    render process loaded (in a cold build, compiled) those the main process had not loaded yet (partials,
    components, registry templates). A template that does not load is left to the page that renders it,
    which reports it as before."""
    environments = {id(job.template.environment): job.template.environment for job in jobs}
    for env in environments.values():
        for name in names:
            with contextlib.suppress(TemplateError):
                env.get_template(name)


def theme_and_code_digest(settings) -> str:
    """The theme's and plugins' files, the data files, the settings files: what no context value shows."""
    roots = [Path(settings["THEME"]), CHECKOUT / "plugins", Path(settings.get("DATA_PATH", CHECKOUT / "data"))]
    paths = [CHECKOUT / "pelicanconf.py", CHECKOUT / "publishconf.py"]
    for root in roots:
        paths += sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    return files_digest(paths)


class RenderCache:
    """{output name: Entry} of the last build's pages, in the cache folder."""

    def __init__(self, folder: Path, previous_output: str | None, settings):
        self.file = folder / CACHE_FILE
        self.previous_output = previous_output
        self.settings = settings
        try:
            # marshal.loads of the bytes: marshal.load reads a file object a few bytes at a time.
            self.entries = {name: Entry._make(entry) for name, entry in marshal.loads(self.file.read_bytes()).items()}
        except (OSError, EOFError, ValueError, TypeError, AttributeError):  # none yet, or damaged: render all
            self.entries = {}
        self.digester = new_digester()
        self.attributes = AttributeDigests(self.digester)
        self.indexed = set()  # ids of the shared contexts whose items are all in digester.items_met
        # {(item identity, names, localsiteurl): digest of those attributes}: most of a page's checks are
        # items' attributes that other pages read too (the cards of listings and tag pages).
        self.read_digests = {}
        self.shared_parts = {}  # names_digest's part of the names a page finds in the shared context and globals
        self.folders = set()  # made in the staging folder already

    @classmethod
    def for_settings(cls, settings):
        previous = settings.get("RENDER_PREVIOUS_OUTPUT")
        return cls(Path(settings["CACHE_PATH"]), previous, settings)

    def key_pages(self, jobs):
        """Give every job its key: what every page of its template is made of but its context's values
        and the items' attributes, which are followed page by page (names looked up, attributes read)."""
        base = theme_and_code_digest(self.settings)
        environments = {}
        for job in jobs:
            env = job.template.environment
            if id(env) not in environments:
                environments[id(env)] = self.digester.raw({"filters": env.filters, "tests": env.tests})
            job.key = combine(base, environments[id(env)], repr(job.template.name), repr(job.context_siteurl)).hex()

    def names_digest(self, job, names) -> bytes:
        """One digest of the values of ``names`` where the page's template finds them: its context, and the
        globals (which imported templates read even where the context has the name).

        The names the page's own values do not hold are found in the context the pages share and in the
        globals: their part is digested once per build for each set of names (most pages of a template
        look up the same ones), and only the page's own values page by page."""
        mine, shared_part = self._shared_part(job, names)
        parts = [shared_part]
        for name in mine:
            parts += self._name_parts(name, job.own[name], job.template.globals)
        return combine(*parts)

    def _shared_part(self, job, names) -> tuple:
        """(the names the page's own values hold, one digest of the others' values), once per set of names."""
        own_names = frozenset(job.own)
        template_globals = job.template.globals
        key = (names, id(job.shared), id(template_globals), own_names)
        found = self.shared_parts.get(key)
        if found is None:
            mine = tuple(name for name in names if name in own_names)
            theirs = [part for name in names if name not in own_names
                      for part in self._name_parts(name, job.shared.get(name, MISSING), template_globals)]
            # The dicts are kept with their part: the key names them by identity.
            found = self.shared_parts[key] = (mine, combine(*theirs), job.shared, template_globals)
        return found[:2]

    def _name_parts(self, name, local, template_globals) -> tuple:
        raw = self.digester.raw
        return (name, b"" if local is MISSING else raw(local),
                raw(template_globals[name]) if name in template_globals else b"")

    def _item(self, identity, job):
        item = self.digester.items_met.get(identity)
        if item is None and id(job.context) not in self.indexed:
            # An item met only through another item's attributes (a translation): every item is in the
            # shared context.
            self.indexed.add(id(job.context))
            self.digester.raw({key: value for key, value in job.context.items() if key not in PER_PAGE_KEYS})
            item = self.digester.items_met.get(identity)
        return item

    def _previous_file(self, job):
        return os.path.join(self.previous_output, job.name) if self.previous_output else None

    def unchanged_linked(self, jobs, workers) -> list:
        """The jobs to render; the others are hard-linked from the last output (``reuse``), checked by
        ``workers`` processes (this one included) when there are enough of them to pay for a fork."""
        per_checker = self.settings.get("RENDER_PAGES_PER_CHECKER", PAGES_PER_CHECKER)
        workers = max(1, min(workers, len(jobs) // per_checker))
        linked = self._linked_names(jobs) if workers == 1 else self._checked_by(workers, jobs)
        to_render = []
        for job in jobs:
            if job.name in linked:
                job.entry = self.entries[job.name]  # a hard link: the same inode, size and time
            else:
                to_render.append(job)
        return to_render

    def _checked_by(self, workers, jobs) -> set:
        """``_linked_names`` of ``jobs``, shared out between ``workers`` processes.

        The pages of every share read nearly every item's attributes (listings, tag pages), and
        digesting those was most of each checker's work: so each process digests what the pages read
        of a share of the items, and they exchange these digests (the main process gathers them and
        sends each checker the whole) before each checks its pages. The shared context's part of
        each set of names the pages looked up is digested once, before the fork."""
        pages_by_read = {}  # {localsiteurl: {(item identity, names, digest): a page that read them}}
        for job in jobs:
            entry = self.entries.get(job.name)
            if isinstance(entry, Entry) and entry.key == job.key:
                self._shared_part(job, entry.names)
                # In C: most of the 70,000 reads at 1,000 keys are other pages' too.
                pages_by_read.setdefault(job.context_siteurl, {}).update(dict.fromkeys(entry.items, job))
        reads = {}  # item identity: {(names, localsiteurl): a page that reads them}
        for siteurl, pages in pages_by_read.items():
            for (identity, names, _digest), job in pages.items():
                reads.setdefault(identity, {})[names, siteurl] = job
        reads = list(reads.items())
        connections = [multiprocessing.get_context("fork").Pipe() for _ in range(1, workers)]
        started = [BackgroundJob(f"Checking pages (worker {n})", self._checker, n, workers, reads, jobs,
                                 connections[n - 1][1])
                   for n in range(1, workers)]
        for _ours, theirs in connections:
            theirs.close()  # the checker's end: a checker that dies closes the last one (EOFError below)
        shares = [self._read_digests(reads[0::workers])]
        for (ours, _theirs), checker in zip(connections, started):
            try:
                shares.append(ours.recv())
            except EOFError:
                checker.result()  # raises with the checker's error
                raise
        for ours, _theirs in connections:
            ours.send(shares)
        self._take_read_digests(reads, shares)
        linked = self._linked_names(jobs[0::workers])
        for checker in started:
            linked |= checker.result()
        return linked

    def _checker(self, n, workers, reads, jobs, connection) -> set:
        """Forked checker ``n`` of ``workers`` (``_checked_by``): digests what the pages read of its share of
        the items, sends that, takes everyone's, then checks its share of the pages."""
        connection.send(self._read_digests(reads[n::workers]))
        self._take_read_digests(reads, connection.recv())
        return self._linked_names(jobs[n::workers])

    def _read_digests(self, reads) -> list:
        """[[digest of each group of attributes read (None: no such item)], ...] for ``reads``' items."""
        digests = []
        for identity, groups in reads:
            found = []
            for (names, siteurl), job in groups.items():
                item = self._item(identity, job)
                job.context["localsiteurl"] = siteurl  # an item's content is made for the page's URL (as in reuse)
                found.append(None if item is None else self.attributes.group(item, names, siteurl))
            digests.append(found)
        return digests

    def _take_read_digests(self, reads, shares):
        """Keep the digests each process made of its share of ``reads`` (``shares[n]``: ``reads[n::len(shares)]``'s)."""
        for n, share in enumerate(shares):
            for (identity, groups), digests in zip(reads[n::len(shares)], share):
                for (names, siteurl), digest in zip(groups, digests):
                    if digest is not None:
                        self.read_digests[identity, names, siteurl] = digest

    def _linked_names(self, jobs) -> set:
        return {job.name for job in jobs if self.reuse(job)}

    def reuse(self, job) -> bool:
        entry = self.entries.get(job.name)
        if not isinstance(entry, Entry) or entry.key != job.key or self.names_digest(job, entry.names) != entry.names_digest:
            return False
        siteurl = job.context_siteurl
        job.context["localsiteurl"] = siteurl  # an item's content is made for the page's URL
        read_digests = self.read_digests
        for identity, names, digest in entry.items:
            key = (identity, names, siteurl)
            current = read_digests.get(key)
            if current is None:
                item = self._item(identity, job)
                if item is None:
                    return False
                current = read_digests[key] = self.attributes.group(item, names, siteurl)
            if current != digest:
                return False
        previous = self._previous_file(job)
        try:
            found = os.stat(previous)
        except (OSError, TypeError):
            return False
        if (found.st_ino, found.st_size, found.st_mtime_ns) != entry.stat:
            return False
        self._make_folder(os.path.dirname(job.path))
        try:
            os.link(previous, job.path)
        except OSError:
            return False
        job.entry = entry  # a hard link: the same inode, size and time
        return True

    def _make_folder(self, folder):
        """os.makedirs without its checks: one mkdir per folder of the staging tree (a folder per page)."""
        if folder in self.folders:
            return
        try:
            os.mkdir(folder)
        except FileNotFoundError:
            self._make_folder(os.path.dirname(folder))
            with contextlib.suppress(FileExistsError):  # made meanwhile by the other checker
                os.mkdir(folder)
        except FileExistsError:  # written by another generator, or made by the other checker
            pass
        self.folders.add(folder)

    def save(self, jobs, rendered):
        """Store every page's entry: those rendered now ({job index: ``_render``'s entry parts}), those linked."""
        entries = {}
        for job in jobs:
            if job.index in rendered:
                job.entry = Entry(job.key, *rendered[job.index])
            entries[job.name] = job.entry
        self.file.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.file.with_suffix(f".tmp-{os.getpid()}")
        with temporary.open("wb") as out:
            marshal.dump({name: tuple(entry) for name, entry in entries.items()}, out)
        os.replace(temporary, self.file)
