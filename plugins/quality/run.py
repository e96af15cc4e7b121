"""Every check over one built site: what ``invoke check`` runs."""

from __future__ import annotations

import os
import time
from pathlib import Path

from common.clock import build_instant
from site_model import model_from_file

from . import content, htmlscan, links, nu, pages, publication, sources
from .report import Finding, Outcome

# Pages that are not part of the navigable site: the root redirect, 404 and the editor (plugins/cms).
NO_BREADCRUMB = {"index.html", "404.html", "admin/index.html"}


def site_files(output: Path):
    files = set()
    for folder, _, names in os.walk(output):
        for name in names:
            files.add(Path(folder, name).relative_to(output).as_posix())
    return files


def check_site(output, content_root=None, data_root=None, site_urls=(), model=None, validate_html=True):
    """``model``: the site model of the built site (default: the one of pelicanconf.py)."""
    started = time.perf_counter()
    model = model or model_from_file()
    languages = model.codes
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
        items = sources.content_records(content_root, model)
        outcome.findings += content.summary_findings(items)
        outcome.findings += content.translation_findings(items, languages)
        outcome.findings += publication.item_findings(items, files, build_instant())
    if data_root:
        outcome.findings += content.registry_findings(sources.registry_missing_translations(data_root, model))
        outcome.findings += publication.registry_findings(data_root, output)
    validated = set()
    if validator:
        html_findings, validated = nu.findings(validator, output)
        outcome.findings += html_findings
        missed = sorted(set(html_paths) - validated)
        if missed:
            outcome.findings.append(Finding("html", missed[0], None, (
                f"the Nu Html Checker validated {len(validated & set(html_paths))} of {len(html_paths)} pages; "
                f"{len(missed)} not validated, e.g. this one")))

    outcome.figures = {
        "pages": len(html_paths),
        "validated": len(validated & set(html_paths)),
        "links": links_checked,
        "images": sum(len(facts.images) for facts in scanned.values()),
        "jsonld": sum(len(facts.jsonld) for facts in scanned.values()),
        "items": len(items),
        "seconds": time.perf_counter() - started,
    }
    return outcome
