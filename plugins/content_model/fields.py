"""The content contract of DESIGN.md as plain functions: path, front matter
and fields in, normalised values and errors out. No Pelican here."""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlparse

from common.errors import SiteError

from publication.core import foreign_links, links_in_text

from site_model.model import declared_sections

from .dates import END_OF_DAY, FORMS, START_OF_DAY, DateError, parse_instant

# The declared sections; a build passes its model's (SITE_SECTIONS may add some).
DECLARED_SECTIONS = declared_sections()
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")

COMMON_FIELDS = {"title", "summary", "tags", "modified", "status", "image", "image_alt", "slug", "example", "date",
                 "sources"}
# Fields with a check of their own below; any other field a section declares is a line of text.
TEXT_FIELDS = ("title", "summary", "company", "contact", "image_alt")
CHECKED_FIELDS = {*COMMON_FIELDS, *TEXT_FIELDS, "opens", "deadline", "website", "apply_url", "results_url",
                  "sector", "municipio", "audience", "amount", "documents"}


@dataclass(frozen=True)
class SourceName:
    section: str
    key: str
    lang: str


def parse_source_name(relpath: str, languages, sections=DECLARED_SECTIONS) -> tuple[SourceName | None, list[SiteError]]:
    """Split ``<section>/<key>.<lang>.md`` (relative to content/); ``sections``: the model's."""
    parts = relpath.replace("\\", "/").split("/")
    name = parts[-1]
    section = parts[0] if len(parts) > 1 else ""
    path = f"content/{relpath}"
    langs = "' or '".join(languages)
    renamed = lambda key: " or ".join(f"{key}.{code}.md" for code in languages)  # noqa: E731
    if section not in sections or len(parts) != 2:
        return None, [SiteError(path, None, None, f"content files go in one of content/{{{','.join(sections)}}}/",
                                "move the file into its section folder, e.g. content/news/")]
    stem = name[: -len(".md")] if name.endswith(".md") else name
    key, dot, lang = stem.rpartition(".")
    if not dot:
        return None, [SiteError(path, None, None, "the file name has no language suffix",
                                f"rename it to {renamed(stem)}")]
    if lang not in languages:
        return None, [SiteError(path, None, None, f"unknown language '{lang}' in the file name",
                                f"use '{langs}': rename it to {renamed(key)}")]
    if not SLUG_PATTERN.match(key):
        return None, [SiteError(path, None, None, f"the key '{key}' must be lowercase letters, digits and hyphens",
                                f"rename the file, e.g. to {slugify(key) or 'my-item'}.{lang}.md")]
    return SourceName(section, key, lang), []


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")


class _Checker:
    def __init__(self, path, located, codes):
        self.path = path
        self.located = located
        self.meta = located.data
        self.codes = codes
        self.errors: list[SiteError] = []
        self.values: dict = {}

    def error(self, field, message, fix, *subpath, at=None):
        line = self.located.line_of(at or field, *subpath, default=1)
        self.errors.append(SiteError(self.path, line, field, message, fix))

    def text(self, field):
        value = self.meta.get(field)
        if not isinstance(value, str) or not value.strip():
            self.error(field, "must be text and not empty", f"write a line of text after '{field}:'")
            return
        self.values[field] = value.strip()

    def instant(self, field, day_time=START_OF_DAY):
        value = self.meta.get(field)
        try:
            self.values[field] = parse_instant(value, day_time)
        except DateError as exc:
            self.error(field, str(exc), f"write the date as {FORMS}")

    def url(self, field):
        value = self.meta.get(field)
        parsed = urlparse(str(value)) if isinstance(value, str) else None
        if not parsed or parsed.scheme not in ("http", "https") or not parsed.netloc:
            self.error(field, f"'{value}' is not a web address", "write the full address, starting with https://")
            return
        if parsed.scheme == "http":
            self.error(field, f"'{value}' is not a secure address (http://)",
                       "write it with https:// (check that the page opens that way)")
            return
        self.values[field] = value

    def code(self, field, vocabulary, value, *subpath):
        allowed = self.codes.get(vocabulary, ())
        if value in allowed:
            return True
        close = difflib.get_close_matches(str(value), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        self.error(field, f"unknown code '{value}'", f"{hint}use one of: {', '.join(allowed)} (data/codes.yaml)", *subpath)
        return False


def validate_front_matter(path, located, source: SourceName, codes, sections=DECLARED_SECTIONS):
    """Check one file's front matter against its section (of ``sections``, the model's). Returns (values, errors).

    ``values`` holds normalised values (aware datetimes, lists); ``errors``
    every problem found, not just the first.
    """
    meta = located.data
    if not isinstance(meta, dict):
        return {}, [SiteError(path, 1, None, "the front matter must be 'field: value' lines",
                              "start the file with ---, then one 'field: value' per line, then ---")]
    check = _Checker(path, located, codes)
    section = source.section
    declared = sections[section]
    known = COMMON_FIELDS | set(declared.fields)
    for field in meta:
        if field not in known:
            close = difflib.get_close_matches(str(field), sorted(known), n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the fields of {section} are: {', '.join(sorted(known))}"
            check.error(field, "is not a field of this section", hint)
    # A draft is work in progress (invoke new scaffolds empty fields): what
    # it still lacks is reported when 'status: draft' is removed.
    for field in declared.required:
        if meta.get(field) in (None, "") and meta.get("status") != "draft":
            check.errors.append(SiteError(path, located.line_of(field, default=1), field, "is required and missing",
                                          f"add a line '{field}: ...' to the front matter"))
    draft = meta.get("status", "published")
    if draft not in ("draft", "published"):
        check.error("status", f"'{draft}' is not a status", "write 'status: draft' or remove the line to publish")
    check.values["status"] = draft if draft in ("draft", "published") else "published"
    for field in (*TEXT_FIELDS, *(name for name in declared.fields if name not in CHECKED_FIELDS)):
        if meta.get(field) not in (None, ""):
            check.text(field)
    for field in ("date", "modified", "opens"):
        if meta.get(field) not in (None, ""):
            check.instant(field)
    if meta.get("deadline") not in (None, ""):
        check.instant("deadline", END_OF_DAY)
    for field in ("website", "apply_url", "results_url"):
        if meta.get(field) not in (None, ""):
            check.url(field)
    _check_slug(check, meta, source)
    _check_tags(check, meta)
    _check_image(check, meta)
    _check_case_fields(check, meta)
    _check_opportunity_fields(check, meta)
    if "example" in meta:
        if isinstance(meta["example"], bool):
            check.values["example"] = meta["example"]
        else:
            check.error("example", "must be true or false", "write 'example: true' for invented content")
    _check_sources(check, meta)
    if check.values.get("example"):
        _check_example_links(check, meta)
    if "opens" in check.values and "deadline" in check.values and check.values["opens"] > check.values["deadline"]:
        check.error("opens", "is after the deadline", "check both dates: the call must open before it closes")
    return check.values, check.errors


def _check_slug(check, meta, source):
    slug = meta.get("slug", source.key)
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        check.error("slug", f"'{slug}' is not a valid slug",
                    f"use lowercase letters, digits and hyphens, e.g. '{slugify(str(slug)) or source.key}'")
        slug = source.key
    check.values["slug"] = slug


def _check_tags(check, meta):
    tags = meta.get("tags", [])
    if tags is None:
        tags = []
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        check.error("tags", "must be a list of words", "write 'tags: [stampa 3d, bandi]' or one '- tag' per line")
        tags = []
    named = []
    for index, tag in enumerate(tags):
        if slugify(tag):
            named.append(tag.strip())
        else:
            check.error("tags", f"the tag '{tag.strip()}' has no letters or digits to make its address from",
                        "use words for tags, e.g. 'stampa 3d' (emoji and punctuation alone cannot name a page)",
                        index)
    check.values["tags"] = named


def _check_image(check, meta):
    """The file's existence is checked on every build by checks.py (reads may come from cache)."""
    image = meta.get("image")
    if image in (None, ""):
        return
    if not isinstance(image, str) or image.startswith("/") or ".." in image.split("/"):
        check.error("image", f"'{image}' is not a path inside content/images/",
                    "write the path relative to content/images/, e.g. 'image: 2027/laser.jpg'")
        return
    check.values["image"] = image
    if meta.get("image_alt") in (None, ""):
        check.error("image_alt", "is required when 'image' is set",
                    "describe the picture for people who cannot see it: 'image_alt: ...'", at="image")


def _check_case_fields(check, meta):
    if meta.get("sector") not in (None, ""):
        if check.code("sector", "sector", meta["sector"]):
            check.values["sector"] = meta["sector"]
    if meta.get("municipio") not in (None, ""):
        value = meta["municipio"]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 9:
            check.error("municipio", f"must be 1..9, got {value}", "write the number of the Municipio, from 1 to 9")
        else:
            check.values["municipio"] = value


def _is_amount(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _amount_problem(value):
    numbers = value.values() if isinstance(value, dict) else [value]
    if any(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) and v < 0 for v in numbers):
        return "is negative", "write the amount in euro as a positive number"
    return f"'{value}' is not an amount in euro", \
        "write a number (amount: 50000) or {min: 5000, max: 50000, total: 1000000}, without € or dots"


def _check_opportunity_fields(check, meta):
    audience = meta.get("audience")
    if audience not in (None, ""):
        if not isinstance(audience, list):
            check.error("audience", "must be a list of codes", "write 'audience: [startup, pmi]'")
        else:
            good = [code for index, code in enumerate(audience) if check.code("audience", "audience", code, index)]
            check.values["audience"] = good
    amount = meta.get("amount")
    if amount not in (None, ""):
        if _is_amount(amount):
            check.values["amount"] = {"max": amount}
        elif isinstance(amount, dict) and amount and set(amount) <= {"min", "max", "total"} and all(
            _is_amount(v) for v in amount.values()
        ):
            if "min" in amount and "max" in amount and amount["min"] > amount["max"]:
                check.error("amount", "min is larger than max", "swap the two numbers")
            check.values["amount"] = dict(amount)
        else:
            check.error("amount", *_amount_problem(amount))
    documents = meta.get("documents")
    if documents not in (None, ""):
        if not isinstance(documents, list) or not all(
            isinstance(d, dict) and isinstance(d.get("title"), str) and isinstance(d.get("file"), str) for d in documents
        ):
            check.error("documents", "must be a list of {title, file}",
                        "write one '- title: ...' and 'file: ...' pair per document")
        else:
            check.values["documents"] = [dict(d) for d in documents]


SOURCE_FIELDS = {"title", "publisher", "year", "url"}


def _check_sources(check, meta):
    """``sources``: ids of data/sources.yaml (resolved by the registries
    plugin, which reports unknown ids) or inline {title, publisher, year, url}.
    Each value keeps its line, so a later check can point at it."""
    sources = meta.get("sources")
    if sources in (None, ""):
        return
    if not isinstance(sources, list):
        check.error("sources", "must be a list", "write one '- linee-guida' (an id of data/sources.yaml) or "
                    "'- {title: ..., publisher: ..., year: 2017, url: https://...}' per line")
        return
    result = []
    for index, source in enumerate(sources):
        line = check.located.line_of("sources", index, default=check.located.line_of("sources", default=1))
        if isinstance(source, str) and SLUG_PATTERN.match(source):
            result.append({"id": source, "line": line})
            continue
        if not isinstance(source, dict):
            check.error("sources", f"'{source}' is neither the id of a source nor a {{title, publisher, year}} map",
                        "write the id of an entry of data/sources.yaml (lowercase, hyphens), e.g. 'linee-guida'",
                        index)
            continue
        unknown = sorted(set(source) - SOURCE_FIELDS)
        if unknown:
            check.error("sources", f"unknown field '{unknown[0]}' in a source", "a source has title, publisher, "
                        "year and url", index)
            continue
        good = True
        for name in ("title", "publisher"):
            if not isinstance(source.get(name), str) or not source[name].strip():
                check.error("sources", f"a source needs its {name}", f"add '{name}: ...' to the source", index)
                good = False
        year = source.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            check.error("sources", f"year '{year}' is not a year", "write the year as a number, e.g. 'year: 2017'",
                        index)
            good = False
        url = source.get("url")
        if url is not None:
            parsed = urlparse(str(url))
            if parsed.scheme != "https" or not parsed.netloc:
                check.error("sources", f"'{url}' is not an https address", "write the full address, starting "
                            "with https://", index)
                good = False
        if good:
            result.append({**{k: v.strip() if isinstance(v, str) else v for k, v in source.items()}, "line": line})
    check.values["sources"] = result


def _check_example_links(check, meta):
    """Every link of an example stays on the reserved example domains."""
    fix = ("an example links only to example.org, example.com, example.net or a host ending in .example: "
           "write e.g. https://www.example.org/... or info@example.org, or remove 'example: true' if it is real")
    for field in ("apply_url", "website", "results_url"):
        if isinstance(meta.get(field), str) and foreign_links([meta[field]]):
            check.error(field, f"'{meta[field]}' is a real address in an example", fix)
    for link in foreign_links(links_in_text(meta.get("contact"))):
        check.error("contact", f"'{link}' is a real address in an example", fix)
    for index, document in enumerate(meta.get("documents") or ()):
        if isinstance(document, dict) and isinstance(document.get("file"), str) and foreign_links([document["file"]]):
            check.error("documents", f"'{document['file']}' is a real address in an example", fix, index, "file")
    for index, source in enumerate(meta.get("sources") or ()):
        if isinstance(source, dict) and isinstance(source.get("url"), str) and foreign_links([source["url"]]):
            check.error("sources", f"'{source['url']}' is a real address in an example", fix, index, "url")
