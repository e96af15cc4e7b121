"""What the build left out, and the real items that cite no source (notices).

Read from the content and data folders and the built site, so the check
needs nothing from the build but its output: an example is "left out" when
its page is not in the output (a production build), a scheduled item is one
dated after the build's instant (common.clock).
"""

from __future__ import annotations

import json
from pathlib import Path

from common.clock import ROME

from .report import NOTICE, Finding


def item_findings(items, files, now):
    """``items``: content records with example, date (aware datetime or None), sources, slug, lang."""
    findings = []
    pages = {path for path in files if path.endswith("/index.html")}
    for item in items:
        own = f"{item['section']}/{item['key']}.{item['lang']}"
        date = item.get("date")
        if date is not None and date > now:
            findings.append(Finding("scheduled", item["path"], item.get("date_line"),
                                    f"{own} is scheduled: published on {date.astimezone(ROME):%Y-%m-%d %H:%M}",
                                    NOTICE))
        elif item.get("example"):
            if not any(path.startswith(f"{item['lang']}/") and path.endswith(f"/{item['slug']}/index.html")
                       for path in pages):
                findings.append(Finding("examples", item["path"], item.get("example_line"),
                                        f"{own} is an example: left out of this build", NOTICE))
        elif not item.get("sources"):
            findings.append(Finding("sources", item["path"], None,
                                    f"{own} cites no source: add 'sources:' (an id of data/sources.yaml)", NOTICE))
    return findings


def registry_findings(data_root, output):
    """Example entries of the registries published as open data, absent from it."""
    findings = []
    from common.yamlsource import load_located

    for path in sorted(Path(data_root).glob("*.yaml")):
        published = Path(output) / "opendata" / f"{path.stem}.json"
        if not published.exists():
            continue
        ids = {record.get("id") for record in json.loads(published.read_text(encoding="utf-8"))}
        located = load_located(path.read_text(encoding="utf-8"))
        for index, entry in enumerate(located.data or ()):
            if isinstance(entry, dict) and entry.get("example") and entry.get("id") not in ids:
                findings.append(Finding("examples", f"data/{path.name}", located.line_of(index, default=None),
                                        f"{path.stem} '{entry.get('id')}' is an example: left out of this build",
                                        NOTICE))
    return findings
