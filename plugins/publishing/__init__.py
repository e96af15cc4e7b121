"""Publishing plugin: production bytes for the written site (publishconf.py only).

Runs last, when every other plugin has written its files (sitemap, feeds,
search index): minifies HTML and CSS in place and writes ``.gz`` and ``.br``
copies beside every text file for hosts that serve them precompressed.
Also writes the hosting configuration that delivers the Content Security
Policy and the referrer policy as HTTP headers: ``_headers`` (Netlify-style
hosts) and ``nginx-headers.conf`` (an nginx snippet).
Settings: ``PUBLISH_MINIFY`` (default True), ``PUBLISH_PRECOMPRESS`` (default True);
the policies are the assets plugin's (``THEME_CSP``, ``THEME_REFERRER_POLICY``).
Files are shared out among processes on every core (``PUBLISH_WORKERS``,
default all cores); ``PUBLISH_BROTLI_QUALITY`` (default ``core.BROTLI_QUALITY``).
"""

from __future__ import annotations

import functools
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pelican import signals

from assets import DEFAULT_CSP, DEFAULT_REFERRER_POLICY

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
            path.with_name(path.name + suffix).write_bytes(data)


def finish_for_production(pelican_object):
    settings = pelican_object.settings
    output = Path(pelican_object.output_path)
    headers = core.security_headers(settings.get("THEME_CSP", DEFAULT_CSP),
                                    settings.get("THEME_REFERRER_POLICY", DEFAULT_REFERRER_POLICY))
    entries = [(path.name, path.is_dir()) for path in output.iterdir()]
    folder_csp = settings.get("HOSTING_FOLDER_CSP", {})
    for name, render in HOSTING_FILES.items():
        (output / name).write_text(render(headers, entries, folder_csp), encoding="utf-8")
    minify, precompress = settings.get("PUBLISH_MINIFY", True), settings.get("PUBLISH_PRECOMPRESS", True)
    work = functools.partial(_finish_files, minify=minify, precompress=precompress,
                             brotli_quality=int(settings.get("PUBLISH_BROTLI_QUALITY", core.BROTLI_QUALITY)))
    paths = list(_files(output, minify, precompress))
    workers = int(settings.get("PUBLISH_WORKERS", 0) or os.cpu_count() or 1)
    if workers <= 1 or len(paths) < 2:
        work(paths)
        return
    # Interleaved shares (every n-th file), so large and small files spread evenly.
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for done in [pool.submit(work, paths[start::workers * 4]) for start in range(workers * 4)]:
            done.result()


def register():
    signals.finalized.connect(finish_for_production)
