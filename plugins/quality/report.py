"""Findings and the one report an editor reads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

ERROR, WARNING, NOTICE = "error", "warning", "notice"


@dataclass(frozen=True, order=True)
class Finding:
    check: str
    path: str
    line: int | None
    message: str
    severity: str = ERROR

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"  {where}: {self.message}"


@dataclass
class Outcome:
    findings: list = field(default_factory=list)
    figures: dict = field(default_factory=dict)

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


CHECK_TITLES = {
    "html": "Nu Html Checker",
    "links": "Broken internal links and anchors",
    "images": "Images without alternative text",
    "jsonld": "JSON-LD blocks",
    "summary": "Summaries",
    "translations": "Items not translated",
    "registry-translations": "Registry text not translated",
    "breadcrumb": "Pages without BreadcrumbList",
    "examples": "Examples left out of this build",
    "scheduled": "Scheduled items (published on their date)",
    "sources": "Items that cite no source",
}


def format_report(outcome: Outcome, limit_per_check: int = 50) -> str:
    figures = outcome.figures
    lines = []
    by_check = defaultdict(list)
    for finding in sorted(set(outcome.findings)):
        by_check[(finding.severity, finding.check)].append(finding)
    order = {ERROR: 0, WARNING: 1, NOTICE: 2}
    for (severity, check), findings in sorted(by_check.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        lines.append(f"{severity.upper()} · {CHECK_TITLES.get(check, check)} ({len(findings)})")
        shown = _collapse_repeats(findings)
        lines += shown[:limit_per_check]
        if len(shown) > limit_per_check:
            lines.append(f"  ... and {len(shown) - limit_per_check} more")
    counts = {severity: sum(1 for f in outcome.findings if f.severity == severity) for severity in order}
    summary = (f"{figures.get('pages', 0)} pages checked ({figures.get('validated', 0)} by the Nu Html Checker), "
               f"{figures.get('links', 0)} internal links, {figures.get('images', 0)} images, "
               f"{figures.get('jsonld', 0)} JSON-LD blocks, {figures.get('items', 0)} content files "
               f"in {figures.get('seconds', 0):.1f} s")
    verdict = ("OK: nothing to fix." if outcome.ok and not outcome.findings else
               "OK: no errors." if outcome.ok else
               f"FAILED: {counts[ERROR]} error(s) to fix before publishing.")
    tail = f"{verdict} {counts[WARNING]} warning(s), {counts[NOTICE]} notice(s)."
    return "\n".join(["Site check", summary] + lines + [tail])


def _collapse_repeats(findings, repeated=3):
    """A message found on many pages (a template bug) is one line, not one per page."""
    by_message = defaultdict(list)
    for finding in findings:
        by_message[finding.message].append(finding)
    lines = []
    for message, same in by_message.items():
        if len(same) > repeated:
            examples = ", ".join(f.path if f.line is None else f"{f.path}:{f.line}" for f in same[:2])
            lines.append(f"  {message} (on {len(same)} pages, e.g. {examples})")
        else:
            lines += [finding.format() for finding in same]
    return lines
