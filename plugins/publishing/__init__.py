"""Publishing plugin: production bytes for the written site (publishconf.py only).

Minifies HTML and CSS in place and writes ``.gz`` and ``.br`` copies beside
every text file for hosts that serve them precompressed: each page as soon
as it is written (``content_written``), in a pool of processes, while the
other plugins finish (cards, feeds, search index, sitemap); every other file
once they have all written theirs (``finalized``, listed last in PLUGINS).
Also writes the hosting configuration that delivers the Content Security
Policy and the referrer policy as HTTP headers: ``_headers`` (Netlify-style
hosts) and ``nginx-headers.conf`` (an nginx snippet).
Settings: ``PUBLISH_MINIFY`` (default True), ``PUBLISH_PRECOMPRESS`` (default True);
the policies are the assets plugin's (``THEME_CSP``, ``THEME_REFERRER_POLICY``).
Files are shared out among processes on every core (``PUBLISH_WORKERS``,
default all cores); ``PUBLISH_BROTLI_QUALITY`` (default ``core.BROTLI_QUALITY``).
With the rendering plugin, pages are not sent to the pool: the process that
renders a page writes it finished (``RENDER_PAGE_FINISHER``, the rendering plugin's hook), once,
instead of writing it, then the pool reading it back and writing it again.
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican import signals

from assets import DEFAULT_CSP, DEFAULT_REFERRER_POLICY
from rendering.writer import RENDER_PAGE_FINISHER

from . import core

HOSTING_FILES = {"_headers": core.netlify_headers, "nginx-headers.conf": core.nginx_headers}


def _files(output: Path, minify: bool, precompress: bool):
    """The files publishing changes or adds to: neither images nor documents are opened."""
    for folder, subfolders, names in os.walk(output):
        subfolders.sort()
        for name in sorted(names):
            if not name.endswith((".gz", ".br")) and core.needs_work(name, minify, precompress):
                yield Path(folder, name)


def _finish_files(paths, minify, precompress, brotli_quality):
    """Minify and precompress some files in place (runs in a worker process): each file read once."""
    for path in paths:
        for suffix, data in core.finished(path.name, path.read_bytes(), minify, precompress, brotli_quality).items():
            if suffix:
                path.with_name(path.name + suffix).write_bytes(data)
            else:
                # Replaced whole, never seen half-written: the sitemap reads the
                # pages' heads while their minified bytes are being written.
                temporary = path.with_name(f".{path.name}.{os.getpid()}.publishing")
                temporary.write_bytes(data)
                os.replace(temporary, path)


# Pages go to the pool in batches of this many as they are written.
PAGE_BATCH = 64
# Private state of the build (the rendering plugin leaves "_" keys out of its
# keys), made on ``initialized`` so that the context of every page shares it.
PUBLISHER_KEY = "_PUBLISHER"


class Publisher:
    """One build's publishing. Pages are handed to a pool of processes as soon
    as they are written (``content_written``), so that minifying and
    compressing them overlaps what the other plugins do on ``finalized``
    (cards still being drawn, feeds, search index, sitemap); every other file
    once they have all written (``finish``)."""

    def __init__(self, settings):
        self.minify = settings.get("PUBLISH_MINIFY", True)
        self.precompress = settings.get("PUBLISH_PRECOMPRESS", True)
        self.work = functools.partial(_finish_files, minify=self.minify, precompress=self.precompress,
                                      brotli_quality=int(settings.get("PUBLISH_BROTLI_QUALITY", core.BROTLI_QUALITY)))
        self.workers = int(settings.get("PUBLISH_WORKERS", 0) or os.cpu_count() or 1)
        self.sent: set[Path] = set()
        self.again: set[Path] = set()  # written again after being sent: done again at the end
        self.waiting: list[Path] = []
        self.pool = None
        self.futures = []
        self.pages_finished = False  # the writer writes each page finished (page_finisher)

    def page_finisher(self):
        """``finished(name, data) -> {suffix: bytes}`` for a writer that writes each page finished;
        the pages it then writes are not sent to the pool."""
        self.pages_finished = True
        return functools.partial(core.finished, minify=self.minify, precompress=self.precompress,
                                 brotli_quality=self.work.keywords["brotli_quality"])

    def page_written(self, path):
        path = Path(os.path.abspath(path))
        if self.pages_finished:
            self.sent.add(path)
            return
        if path in self.sent:
            self.again.add(path)
            return
        if self.workers <= 1 or not core.needs_work(path.name, self.minify, self.precompress):
            return
        self.sent.add(path)
        self.waiting.append(path)
        if len(self.waiting) >= PAGE_BATCH:
            self._send()

    def _send(self):
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers)
        self.futures.append(self.pool.submit(self.work, self.waiting))
        self.waiting = []

    def finish(self, output: Path, before_the_rest):
        """Wait for the pages sent, call ``before_the_rest()``, then publish every other file."""
        try:
            if self.waiting:
                self._send()
            for done in self.futures:
                done.result()
            before_the_rest()
            rest = [path for path in _files(Path(os.path.abspath(output)), self.minify, self.precompress)
                    if path not in self.sent or path in self.again]
            if self.workers <= 1 or len(rest) < 2:
                self.work(rest)
                return
            if self.pool is None:
                self.pool = ProcessPoolExecutor(max_workers=self.workers)
            # Interleaved shares (every n-th file), so large and small files spread evenly.
            shares = self.workers * 4
            for done in [self.pool.submit(self.work, rest[start::shares]) for start in range(shares)]:
                done.result()
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)


def create_publisher(pelican_object):
    publisher = pelican_object.settings[PUBLISHER_KEY] = Publisher(pelican_object.settings)
    pelican_object.settings[RENDER_PAGE_FINISHER] = publisher.page_finisher


def page_written(path, context):
    context[PUBLISHER_KEY].page_written(path)


def finish_for_production(pelican_object):
    settings = pelican_object.settings
    output = Path(pelican_object.output_path)

    def write_hosting_files():
        # Once no page is being replaced: the top-level entries are the site's files only.
        headers = core.security_headers(settings.get("THEME_CSP", DEFAULT_CSP),
                                        settings.get("THEME_REFERRER_POLICY", DEFAULT_REFERRER_POLICY))
        entries = [(path.name, path.is_dir()) for path in output.iterdir()]
        folder_csp = settings.get("HOSTING_FOLDER_CSP", {})
        for name, render in HOSTING_FILES.items():
            (output / name).write_text(render(headers, entries, folder_csp), encoding="utf-8")

    settings[PUBLISHER_KEY].finish(output, write_hosting_files)


def register():
    signals.initialized.connect(create_publisher)
    signals.content_written.connect(page_written)
    signals.finalized.connect(finish_for_production)
