"""Errors that editors read: each names file, line, field and the fix.

Every plugin adds its findings to the one ``ErrorCollector`` of the build so
that an editor sees all problems of a build in one report instead of fixing
them one run at a time.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class SiteError:
    """One problem in the input, located as precisely as the input allows."""

    path: str
    line: int | None
    field: str | None
    message: str
    fix: str = ""

    def format(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        what = f"field '{self.field}': " if self.field else ""
        text = f"{where}: {what}{self.message}"
        if self.fix:
            text += f"\n    how to fix: {self.fix}"
        return text


def sorted_errors(errors) -> list[SiteError]:
    """Each error once, by file, then line (an error without a line first)."""
    return sorted(set(errors), key=lambda e: (e.path, e.line or 0, e.field or "", e.message, e.fix))


class BuildRefused(Exception):
    """Raised before anything is written when the input has errors."""

    exitcode = 2

    def __init__(self, errors: list[SiteError]):
        self.errors = sorted_errors(errors)
        super().__init__(f"{len(self.errors)} error(s) in the input, listed above; nothing was written")


def format_report(errors: list[SiteError]) -> str:
    count = len(errors)
    noun = "error" if count == 1 else "errors"
    lines = [f"The site was not built: {count} {noun} in the content."]
    lines += [error.format() for error in errors]
    lines.append("Nothing was written; the last published output/ is unchanged.")
    return "\n".join(lines)


def format_warnings(warnings: list[SiteError]) -> str:
    count = len(warnings)
    lines = [f"{count} warning{'s' if count != 1 else ''} (the site is built; nothing needs fixing for it):"]
    lines += [warning.format() for warning in warnings]
    return "\n".join(lines)


@dataclass
class ErrorCollector:
    """Accumulates the errors of one build, and its warnings: input that the
    build changed or left out on purpose (e.g. raw HTML it removed), which an
    editor should know about but which does not stop the build."""

    errors: list[SiteError] = field(default_factory=list)
    warnings: list[SiteError] = field(default_factory=list)

    def add(self, path, line, field_name, message, fix=""):
        self.errors.append(SiteError(str(path), line, field_name, message, fix))

    def append(self, error: SiteError):
        self.errors.append(error)

    def extend(self, errors):
        self.errors.extend(errors)

    def raise_if_any(self):
        if self.errors:
            errors, self.errors = self.errors, []
            raise BuildRefused(errors)


def collector_for(settings_or_context) -> ErrorCollector:
    """The collector of the current build, kept in Pelican's settings dict.

    Pelican copies the settings into the shared context, and both hold the
    same collector object, so any plugin can reach it from either.
    """
    collector = settings_or_context.get("SITE_ERRORS")
    if collector is None:
        collector = ErrorCollector()
        settings_or_context["SITE_ERRORS"] = collector
    return collector
