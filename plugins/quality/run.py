"""Every check over one built site: what ``invoke check`` runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from . import content, htmlscan, links, nu, pages, sources
from .report import Outcome

# Pages that are not part of the navigable site: the root redirect, 404 and the editor (plugins/cms).
NO_BREADCRUMB = {"index.html", "404.html", "admin/index.html"}


def site_files(output: Path):
    files = set()
    for folder, _, names in os.walk(output):
        for name in names:
            files.add(Path(folder, name).relative_to(output).as_posix())
    return files


def check_site(output, content_root=None, data_root=None, site_urls=(), languages=("it", "en"), validate_html=True):
    started = time.perf_counter()
    output = Path(output).resolve()
    validator = nu.start(output) if validate_html else None
    files = site_files(output)
    html_paths = sorted(path for path in files if path.endswith(".html"))
    scanned = {path: htmlscan.scan((output / path).read_text(encoding="utf-8", errors="replace"))
               for path in html_paths}

    outcome = Outcome()
    for path, facts in scanned.items():
        outcome.findings += pages.page_findings(path, facts, require_breadcrumb=path not in NO_BREADCRUMB)
    link_findings, links_checked = links.broken_links(scanned, files, site_urls)
    outcome.findings += link_findings

    items = []
    if content_root:
        items = sources.content_records(content_root, languages)
        outcome.findings += content.summary_findings(items)
        outcome.findings += content.translation_findings(items, languages)
    if data_root:
        outcome.findings += content.registry_findings(sources.registry_missing_translations(data_root))
    if validator:
        outcome.findings += nu.findings(validator, output)

    outcome.figures = {
        "pages": len(html_paths),
        "validated": len(html_paths) if validate_html else 0,
        "links": links_checked,
        "images": sum(len(facts.images) for facts in scanned.values()),
        "jsonld": sum(len(facts.jsonld) for facts in scanned.values()),
        "items": len(items),
        "seconds": time.perf_counter() - started,
    }
    return outcome
