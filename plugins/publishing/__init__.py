"""Publishing plugin: production bytes for the written site (publishconf.py only).

Runs last, when every other plugin has written its files (sitemap, feeds,
search index): minifies HTML and CSS in place and writes ``.gz`` and ``.br``
copies beside every text file for hosts that serve them precompressed.
Also writes the hosting configuration that delivers the Content Security
Policy and the referrer policy as HTTP headers: ``_headers`` (Netlify-style
hosts) and ``nginx-headers.conf`` (an nginx snippet).
Settings: ``PUBLISH_MINIFY`` (default True), ``PUBLISH_PRECOMPRESS`` (default True);
the policies are the assets plugin's (``THEME_CSP``, ``THEME_REFERRER_POLICY``).
"""

from __future__ import annotations

import os
from pathlib import Path

from pelican import signals

from assets import DEFAULT_CSP, DEFAULT_REFERRER_POLICY

from . import core

HOSTING_FILES = {"_headers": core.netlify_headers, "nginx-headers.conf": core.nginx_headers}


def _files(output: Path):
    for folder, subfolders, names in os.walk(output):
        subfolders.sort()
        for name in sorted(names):
            if not name.endswith((".gz", ".br")):
                yield Path(folder, name)


def finish_for_production(pelican_object):
    settings = pelican_object.settings
    output = Path(pelican_object.output_path)
    minify = settings.get("PUBLISH_MINIFY", True)
    precompress = settings.get("PUBLISH_PRECOMPRESS", True)
    headers = core.security_headers(settings.get("THEME_CSP", DEFAULT_CSP),
                                    settings.get("THEME_REFERRER_POLICY", DEFAULT_REFERRER_POLICY))
    for name, render in HOSTING_FILES.items():
        (output / name).write_text(render(headers), encoding="utf-8")
    for path in list(_files(output)):
        if minify and path.suffix == ".html":
            path.write_text(core.minify_page(path.read_text(encoding="utf-8")), encoding="utf-8")
        elif minify and path.suffix == ".css":
            path.write_text(core.minify_css(path.read_text(encoding="utf-8")), encoding="utf-8")
        if precompress:
            for suffix, data in core.side_files(path.name, path.read_bytes()).items():
                path.with_name(path.name + suffix).write_bytes(data)


def register():
    signals.finalized.connect(finish_for_production)
