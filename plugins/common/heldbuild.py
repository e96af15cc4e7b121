"""The preview's last build kept in memory, and a body, title or summary edit applied to it in place (issue 14, target 3).

A save in ``invoke serve`` ran the whole build again in a child of the pre-warmed process
(common.warmbuild): every item read from the caches, linked and checked, every plugin's context
made again, every page's inputs checked by the render cache (about 5 CPU seconds at 1,000 keys),
to render three pages. Now the child whose build succeeded stays alive, holding that build
(``HeldBuild``: Pelican's generators and items, the plugins' state, the writer's pages with what
each one read), and the next save is offered to it first. When the only input that changed is one
item's Markdown file, and reading it again gives the same item but for its body, title or summary (the
same metadata otherwise, the same internal links: so the same checks, inventory and images), it

1. reads that file again through Pelican's readers (the contract's checks; an error there, or
   anything this module cannot prove safe, declines: the whole build then runs and reports it);
2. gives the held item the new body as the build would have left it (the images plugin's
   ``<picture>`` rewrite), the new title and summary, and forgets Pelican's memoised content of it;
3. renders again the pages that read an attribute of that item whose value changed (what each
   page read is what the render cache traced when it was rendered: for a title, the listings,
   home, tag pages...), and declines if one of them now has other sitemap facts in its head;
4. makes again what the plugins make from bodies, titles and summaries: the search index and its two search
   pages (``search.wiring``: kept terms, so only that document is analysed), and the feeds holding
   the item (``feeds.wiring``, from the feeds' plan kept in the settings);
5. publishes as a build does: the new files replace their hard links in a staging folder (every
   file of output/ linked: made after the whole build's reply, then the output/ each save replaced),
   and two renames swap it with output/.

The body is read by the images, search and feeds plugins (publication only for examples, which
are declined); a title or summary by search and feeds and by the opportunities plugin (statuses,
calendars, spaces' calls: its items' are declined), a title by the social cards (production). So the
result is what a cold build of the tree writes, byte for byte (tests/test_serve_held.py). Any
other change (tags, a date, a second file, a template, data, settings, code, a new instant)
declines, and the held build is dropped: the whole build that follows becomes the next one held.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import time
from pathlib import Path
from types import SimpleNamespace

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator

from common import sitebuild
from common.background import stop_all_jobs


# What a body edit changes on an item as Pelican reads it.
BODY_ATTRIBUTES = {"_content", "metadata", "internal_links", "raw_html_dropped"}
# And a title or summary edit (Pelican keeps the summary of the metadata as ``_summary``).
FIELD_ATTRIBUTES = {"title", "_summary"}


class Declined(Exception):
    """The edit is not one the held build can apply: the full build runs instead."""


def _stamp(found: os.stat_result) -> tuple:
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def input_stamps(roots, files) -> dict:
    """{path: stamp} of every file a build reads: under ``roots`` (hidden names and compiled code left
    out, as the build leaves them) and ``files``."""
    stamps = {}
    folders = list(roots)
    while folders:
        try:
            entries = os.scandir(folders.pop())
        except OSError:
            continue
        with entries:
            for entry in entries:
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue
                try:
                    if entry.is_dir():
                        folders.append(entry.path)
                    else:
                        stamps[entry.path] = _stamp(entry.stat())
                except OSError:
                    continue
    for path in files:
        try:
            stamps[path] = _stamp(os.stat(path))
        except OSError:
            stamps[path] = None
    return stamps


def changed_inputs(before: dict, now: dict) -> list:
    return sorted(path for path in before.keys() | now.keys() if before.get(path) != now.get(path))


def _comparable(metadata: dict) -> dict:
    """The metadata less what only places a body's messages: the internal links' lines (the targets
    stay), raw HTML the sanitiser dropped (warnings, never shown by the preview's rebuilt line)."""
    found = dict(metadata)
    found["internal_links"] = [(kind, target) for kind, target, _line in found.get("internal_links", ())]
    found.pop("raw_html_dropped", None)
    return found


def _forget_memoised(item):
    """Pelican memoises an item's content and summary per site URL, keyed by the item itself."""
    for name in ("get_content", "get_summary"):
        cache = Content.__dict__[name].cache
        for key in [key for key in cache if key and key[0] is item]:
            del cache[key]


class HeldBuild:
    """One build, followed through Pelican's signals while it runs in this process, then kept."""

    def __init__(self):
        self.roots = self.stamps = self.generators = self.writer = None
        self.request = self.prepared = None
        signals.initialized.connect(self._initialized, weak=False)
        signals.all_generators_finalized.connect(self._finalized, weak=False)

    def _initialized(self, pelican_object):
        # Before anything is read: a file saved while the build runs differs from its stamp, and is
        # taken as changed by the next save.
        settings = pelican_object.settings
        self.roots = [settings["PATH"], settings.get("DATA_PATH") or str(sitebuild.ROOT / "data"), settings["THEME"],
                      str(sitebuild.ROOT / "plugins")]
        self.files = [str(sitebuild.ROOT / "pelicanconf.py"), str(sitebuild.ROOT / "publishconf.py")]
        self.files += [settings["CONTENT_CODES_FILE"]] if settings.get("CONTENT_CODES_FILE") else []
        self.stamps = input_stamps(self.roots, self.files)

    def _finalized(self, generators):
        self.generators = list(generators)

    def hold(self, request) -> bool:
        """After a successful build of ``request``: whether this build can take body and title edits (the
        render cache on: what each page read is known)."""
        from rendering import RenderFlush

        if self.stamps is None or self.generators is None:
            return False
        flush = [g for g in self.generators if isinstance(g, RenderFlush)]
        writer = getattr(flush[0], "writer", None) if flush else None
        self.settings = self.generators[0].settings
        if writer is None or not self.settings.get("RENDER_CACHE") or "IMAGE_LIBRARY" not in self.settings:
            return False
        if any(page.entry is None for page in writer.pages):
            return False
        self.request, self.writer = request, writer
        self.output = Path(request["output"]).resolve()
        self.items = {}  # absolute source path: (item, its generator)
        for generator in self.generators:
            if isinstance(generator, (ArticlesGenerator, PagesGenerator)):
                for item in [*getattr(generator, "articles", ()), *getattr(generator, "pages", ()),
                             *generator.translations]:
                    self.items[os.path.abspath(item.source_path)] = (item, generator)
        self.readers = {}  # item identity: the pages that read one of its attributes
        for page in writer.pages:
            self._index(page)
        return True

    def _index(self, page):
        for identity, _names, _digest in page.entry.items:
            self.readers.setdefault(identity, {})[page.name] = page

    def _generator(self, kind):
        found = [g for g in self.generators if type(g).__name__ == kind]
        if len(found) != 1:
            raise Declined(f"no {kind} in the held build")
        return found[0]

    def apply(self, request) -> str:
        """Apply the one body, title or summary edit since the held build and publish it; its report line.
        Raises Declined."""
        started = time.perf_counter()
        if request != self.request:
            raise Declined("another build request (settings, instant or output)")
        now = input_stamps(self.roots, self.files)
        changed = changed_inputs(self.stamps, now)
        if len(changed) != 1 or changed[0] not in self.items:
            raise Declined(f"changed inputs: {changed[:5]}")
        path = changed[0]
        item, generator = self.items[path]
        if getattr(item, "example", False):
            raise Declined("an example: its body's links are checked by the publication plugin")
        fresh = self._read_again(item, generator)
        fields = self._check_edit(item, fresh)
        self._take_body(item, fresh)
        if "title" in fields:
            item.title = item.metadata["title"] = fresh.metadata["title"]
        if "summary" in fields:
            item._summary = item.metadata["summary"] = fresh.metadata["summary"]
        scratch = self.output.with_name(f".{self.output.name}.staging-new-{os.getpid()}")
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
        try:
            # The search index is made in a forked job (search.wiring), beside the pages rendered here.
            from search.wiring import start_index_build

            self.settings["OUTPUT_PATH"] = str(scratch)
            start_index_build(self.generators)
            # Rendering sets each page's localsiteurl in the context: it ends as the build left it (as
            # the writer's flush leaves it), which the feeds' bodies are made with.
            context = self.generators[0].context
            siteurl = context.get("localsiteurl")
            rendered = self._render_readers(item, scratch)
            context["localsiteurl"] = siteurl
            rendered += self._search_and_feeds(item, scratch)
            context["localsiteurl"] = siteurl
            staging = self.prepare()
            written = _move_in(scratch, staging)
        except BaseException:
            stop_all_jobs()  # the search job, when rendering failed before collecting it
            raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        self.prepared = None
        self._swap_in(staging, written)
        self.settings["OUTPUT_PATH"] = str(self.output)
        self.stamps[path] = now[path]
        report = self.settings.get("RENDER_REPORT_FILE")
        if report:
            Path(report).write_text("".join(f"{name}\n" for name in rendered), encoding="utf-8")
        return (f"Built {self.output} in {time.perf_counter() - started:.2f} s "
                f"({len(rendered)} of {len(self.writer.pages)} pages rendered)")

    def _staging_names(self) -> tuple:
        """The two staging folders it takes in turn (named after this process, as a build's)."""
        return tuple(self.output.with_name(f".{self.output.name}.staging-{kind}{os.getpid()}")
                     for kind in ("", "spare-"))

    def prepare(self) -> Path:
        """The next staging folder: every file of output/ hard-linked (a folder per page: about 2,900
        folders and 3,900 links at 1,000 keys, 0.2-0.7 CPU s and a second or more of disk waits under
        load), made once after the whole build, off the editor's wait; then each update's replaced
        output/ becomes the next one (``_swap_in``). An update renames the files it wrote into it:
        never a write into a file hard-linked from output/."""
        if self.prepared is None:
            staging = self._staging_names()[0]
            for name in self._staging_names():
                shutil.rmtree(name, ignore_errors=True)
            _link_tree(self.output, staging)
            self.prepared = staging
        return self.prepared

    def _swap_in(self, staging: Path, written: list):
        """output/ replaced by ``staging`` with two renames, as ``sitebuild.swap_in``; the replaced
        output/ is not deleted but made the next staging folder: the files ``written`` (relative
        paths) hard-linked into it, so that it holds what output/ holds, inode for inode."""
        spare = next(name for name in self._staging_names() if name != staging)
        os.rename(self.output, spare)
        try:
            os.rename(staging, self.output)
        except OSError:
            os.rename(spare, self.output)
            raise
        for relative in written:
            target = spare / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            linked = target.with_name(target.name + ".linking")
            os.link(self.output / relative, linked)
            os.replace(linked, target)
        self.prepared = spare

    def discard(self):
        """The held build is let go: its staging folder is deleted by a detached process."""
        if self.prepared is not None and self.prepared.exists():
            sitebuild.delete_detached(self.prepared, self.output)
        self.prepared = None

    def _check_edit(self, item, fresh) -> set:
        """Decline unless the item read again differs from the held one in its body, its title or its
        summary only; the fields of those that changed. Its translations are linked later in a build
        (the languages plugin); an item taken from Pelican's content cache holds a copy of the settings
        of the build that cached it."""
        from images.wiring import social_cards_wanted
        from opportunities.wiring import SECTION as OPPORTUNITIES

        held, read = vars(item), vars(fresh)
        differ = {name for name in held.keys() & read.keys() if held[name] != read[name]} - {"translations", "settings"}
        if read.keys() - held.keys() or differ - BODY_ATTRIBUTES - FIELD_ATTRIBUTES:
            raise Declined(f"more than the body, the title or the summary changed: {sorted(differ)}")
        before, after = _comparable(item.metadata), _comparable(fresh.metadata)
        fields = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        if fields - {"title", "summary"}:
            raise Declined("the metadata or the internal links changed")
        # Besides the pages, which show them, a title and a summary are read by search and feeds (made
        # again here) and by the opportunities plugin (statuses, calendars, spaces' calls); a title by the
        # social cards too (production only).
        if fields and item.section == OPPORTUNITIES or "title" in fields and social_cards_wanted(self.settings):
            raise Declined("a title or summary that social cards or the opportunities plugin show")
        return fields

    def _read_again(self, item, generator):
        """The item as the build reads it now (Pelican's readers, the contract's checks)."""
        article = isinstance(generator, ArticlesGenerator)
        kind = "article" if article else "page"
        try:
            fresh = generator.readers.read_file(
                base_path=generator.path, path=os.path.relpath(os.path.abspath(item.source_path), generator.path),
                content_class=type(item), context=generator.context,
                preread_signal=getattr(signals, f"{kind}_generator_preread"), preread_sender=generator,
                context_signal=getattr(signals, f"{kind}_generator_context"), context_sender=generator)
        except Exception as exc:  # noqa: BLE001 - an input error: the full build reports it
            raise Declined(f"reading {item.source_path} failed: {exc}") from exc
        if type(fresh) is not type(item) or not fresh.is_valid():
            raise Declined("the item is no longer published as it was")
        return fresh

    def _take_body(self, item, fresh):
        """The held item gets the new body as the build leaves it: rewritten by the images plugin."""
        from images.wiring import decorate_item, library_of

        decorate_item(fresh, library_of(self.settings), self.generators[0].env, self.settings)
        item._content = fresh._content
        for name in ("internal_links", "raw_html_dropped"):
            if name in fresh.metadata:
                item.metadata[name] = fresh.metadata[name]
                setattr(item, name, fresh.metadata[name])
        _forget_memoised(item)

    def _render_readers(self, item, staging) -> list:
        """Render into ``staging`` the pages that read an attribute of ``item`` whose value changed."""
        from rendering.writer import AttributeDigests, _render, item_identity, tracing
        from seo.core import head_facts

        identity = item_identity(item)
        digests = AttributeDigests()
        changed = []
        for page in self.readers.get(identity, {}).values():
            page.context["localsiteurl"] = page.context_siteurl  # an item's content is made for the page's URL
            if any(found == identity and digests.group(item, names, page.context_siteurl) != digest
                   for found, names, digest in page.entry.items):
                changed.append(page)
        rendered = []
        with tracing():
            for page in changed:
                copy = dataclasses.replace(page, path=os.path.join(staging, page.name))
                names, _digest, reads, _stat = _render(copy, AttributeDigests(), None)
                before = (self.output / page.name).read_text(encoding="utf-8", errors="replace")
                after = Path(copy.path).read_text(encoding="utf-8", errors="replace")
                if head_facts(before) != head_facts(after):
                    raise Declined(f"{page.name}: its head's sitemap facts changed")
                for found, _names, _digest in page.entry.items:
                    self.readers.get(found, {}).pop(page.name, None)
                page.entry = page.entry._replace(names=names, items=reads)
                self._index(page)
                rendered.append(page.name)
        return rendered

    def _search_and_feeds(self, item, staging) -> list:
        """What the search and feeds plugins make from bodies, into ``staging``: the search index (its
        version changes, so the search pages are rendered again) and the feeds that hold ``item``."""
        from feeds.wiring import PLAN_KEY, _complete_entries, identity, write_feeds
        from rendering.writer import AttributeDigests, RenderingWriter, _render, tracing
        from search.wiring import write_index_files

        settings = self.settings
        published = SimpleNamespace(settings=settings, output_path=str(staging))
        # The feeds hold each item's record, with its body made absolute (the plan is kept in the
        # settings): the item's records lose their body, which is made again for the feeds holding them.
        feeds, items = settings[PLAN_KEY]
        own = (item.section, item.key, item.lang)
        holding = []
        fresh = None
        for feed in feeds:
            for record in feed.entries:
                if identity(record) == own:
                    fresh = fresh or self._feed_record(item)
                    record.update(fresh)  # its title
                    record.pop("content", None)
                    holding.append(feed)
        holding = list({id(feed): feed for feed in holding}.values())
        # A few feeds: rendered and written into ``staging`` here (a fork of this process would cost
        # more than they do); a lead image without the images plugin's description is looked for in
        # the published output.
        in_worker = settings.get("FEEDS_IN_WORKER", True)
        settings["FEEDS_IN_WORKER"] = False
        try:
            _complete_entries(self.generators[0], (holding, items), published=str(self.output))
        finally:
            settings["FEEDS_IN_WORKER"] = in_worker
        # Recorded after the feeds' bodies are made (a page's record sets the context's localsiteurl).
        search_pages = RenderingWriter(str(staging), settings=settings)
        self._generator("SearchPageGenerator").generate_output(search_pages)
        with tracing():
            for page in search_pages.jobs:
                page.entry = self._entry_of(_render(page, AttributeDigests(), None))
        by_name = {page.name: page for page in search_pages.jobs}
        if not by_name.keys() <= {page.name for page in self.writer.pages}:
            raise Declined("other search pages than the held build's")
        for number, page in enumerate(self.writer.pages):
            if page.name in by_name:
                for found, _names, _digest in page.entry.items:
                    self.readers.get(found, {}).pop(page.name, None)
                self.writer.pages[number] = by_name[page.name]
                self._index(by_name[page.name])
        write_index_files(published)
        write_feeds(published)
        return [page.name for page in search_pages.jobs]

    def _feed_record(self, item) -> dict:
        """The item's record as the feeds plugin makes it (``FeedsGenerator.generate_context``)."""
        from feeds.wiring import record_of
        from site_model import model_of

        model = model_of(self.settings)
        tags_pages = {lang: model.url_for("tags", lang) for lang in model.codes}
        return record_of(item, tags_pages, self.settings["STRINGS"][item.lang]["truth"]["feed_prefix"])

    @staticmethod
    def _entry_of(read):
        """The entry of a page rendered here: what it read (the key and digests only the full build uses)."""
        from rendering.writer import Entry

        names, _digest, items, _stat = read
        return Entry("", names, b"", items, ())


def _link_tree(source: Path, target: Path):
    """``target``: the folders of ``source`` made again, its files hard-linked."""
    source_root, target_root = str(source), str(target)
    skip = len(source_root)
    for folder, _subfolders, names in os.walk(source_root):
        made = target_root + folder[skip:]
        os.mkdir(made)
        for name in names:
            os.link(f"{folder}/{name}", f"{made}/{name}", follow_symlinks=False)


def _move_in(scratch: Path, staging: Path) -> list:
    """Every file written under ``scratch`` replaces (a rename, never a write into a hard link shared
    with output/) the one at its place under ``staging``; their relative paths."""
    scratch_root, staging_root = str(scratch), str(staging)
    skip = len(scratch_root)
    moved = []
    for folder, _subfolders, names in os.walk(scratch_root):
        target = staging_root + folder[skip:]
        os.makedirs(target, exist_ok=True)
        for name in names:
            os.replace(f"{folder}/{name}", f"{target}/{name}")
            moved.append(f"{folder[skip + 1:]}/{name}" if folder != scratch_root else name)
    return moved


HELD = None


def follow_build() -> HeldBuild:
    """Follow the build about to run in this process (a child of the preview's process)."""
    global HELD
    HELD = HeldBuild()
    return HELD
