"""Checks of the content files: summary length and missing translations."""

from __future__ import annotations

from collections import defaultdict

from .report import NOTICE, WARNING, Finding

# A summary is the card text and the meta description: longer than this it
# no longer fits a card (three lines on a phone); search engines cut
# descriptions at about SUMMARY_ADVISED characters.
SUMMARY_MAX = 250
SUMMARY_ADVISED = 160
SUMMARY_MIN = 20


def summary_findings(items, maximum=SUMMARY_MAX, advised=SUMMARY_ADVISED, minimum=SUMMARY_MIN):
    """``items``: dicts with path, line (of the summary), summary."""
    findings = []
    for item in items:
        summary = " ".join(str(item.get("summary") or "").split())
        length = len(summary)
        if length > maximum:
            findings.append(Finding("summary", item["path"], item.get("line"),
                                    f"summary is {length} characters: shorten it to at most {maximum}"))
        elif length > advised:
            findings.append(Finding("summary", item["path"], item.get("line"),
                                    f"summary is {length} characters: search engines show about {advised}", NOTICE))
        elif length < minimum:
            findings.append(Finding("summary", item["path"], item.get("line"),
                                    f"summary is {length} characters: say what the item is in one sentence", WARNING))
    return findings


def translation_findings(items, languages):
    """One notice per (section, key) that lacks a language: listed, so editors see it."""
    groups = defaultdict(dict)
    for item in items:
        groups[(item["section"], item["key"])][item["lang"]] = item["path"]
    findings = []
    for (section, key), versions in sorted(groups.items()):
        for lang in languages:
            if lang not in versions:
                present = sorted(versions.values())[0]
                findings.append(Finding("translations", present, None,
                                        f"no '{lang}' version: add content/{section}/{key}.{lang}.md", NOTICE))
    return findings


def registry_findings(missing):
    """Findings from registries.missing_translations(...), whatever shape of record it returns."""
    findings = []
    for record in missing or ():
        if isinstance(record, dict):
            path = record.get("path") or f"data/{record.get('registry', '?')}.yaml"
            where = ", ".join(f"{k}={v}" for k, v in record.items() if k not in ("path", "line"))
            findings.append(Finding("registry-translations", path, record.get("line"), where, NOTICE))
        else:
            findings.append(Finding("registry-translations", "data/", None, str(record), NOTICE))
    return findings
