"""Registry checks as plain functions: schema, unique ids, dates and
cross-references in, SiteErrors out. Each error names the file, the line,
the entry and its field, and says how to fix it."""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field

from common.errors import SiteError
from content_model.dates import FORMS, DateError, parse_instant


TYPE_WORDS = {"integer": "a whole number", "number": "a number", "string": "text", "boolean": "true or false",
              "object": "a map of fields", "array": "a list"}
PATTERN_HINTS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "use lowercase letters, digits and hyphens, e.g. fablab-lambrate",
    "^https?://[^\\s]+$": "write the full address, starting with https://",
    "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$": "write an address like info@example.org",
    "^[a-z0-9-]+$": "use lowercase letters, digits and hyphens",
}
DATE_HINT = f"write it as {FORMS}"
# jsonschema explains every error but takes milliseconds per entry; a
# compiled fastjsonschema check is a hundred times faster but stops at the
# first error. Large registries take the fast check first and are explained
# by jsonschema only when it fails; compiling costs more than it saves on a
# small registry.
FAST_CHECK_MIN_ENTRIES = 100


@dataclass
class Known:
    """What the content offers for cross-references."""

    opportunity_keys: set = field(default_factory=set)
    refused_opportunity_keys: set = field(default_factory=set)  # calls refused this build for their own errors
    # Calls this build leaves out: {key: "example" or "scheduled"}.
    left_out_opportunities: dict = field(default_factory=dict)
    tags: dict = field(default_factory=dict)  # lang -> set of tag names and slugs, lowercase


@dataclass
class Source:
    """One loaded registry: its catalogue entry, file name as shown, Located data."""

    registry: object
    display: str
    located: object

    @property
    def entries(self):
        return self.located.data

    def line(self, index, *fields):
        return self.located.line_of(index, *fields, default=1)

    def who(self, index):
        entry = self.entries[index]
        ident = entry.get("id") if isinstance(entry, dict) else None
        return f"{self.registry.noun} '{ident}'" if isinstance(ident, str) else f"{self.registry.noun} #{index + 1}"

    def error(self, index, fields, message, fix=""):
        where = ".".join(str(part) for part in fields if not isinstance(part, int))
        prefix = f"{self.who(index)}: " + (f"field '{where}': " if where else "")
        return SiteError(self.display, self.line(index, *fields), None, prefix + message, fix)


def _explainer(schema):
    """jsonschema's validator of ``schema``, imported here: a warm build takes every unchanged registry
    file parsed and checked from the cache (cache.ParsedCache), and jsonschema's import alone was
    0.05-0.14 s of its start."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema)


def schema_errors(source: Source, schema: dict) -> list[SiteError]:
    if len(source.entries) >= FAST_CHECK_MIN_ENTRIES and _passes_fast_check(schema, source.entries):
        return []
    validator = _explainer(schema)
    errors = []
    for problem in validator.iter_errors(source.entries):
        path = list(problem.absolute_path)
        if not path:
            errors.append(SiteError(source.display, 1, None, problem.message, "see docs/registries.md"))
            continue
        index, fields = path[0], path[1:]
        if not isinstance(source.entries[index], dict):
            errors.append(source.error(index, [], "an entry is a map of fields", "write it as '- id: ...' "
                                       "followed by its fields, indented"))
            continue
        errors.extend(_explain(source, index, fields, problem))
    return errors


def _passes_fast_check(schema, entries) -> bool:
    import fastjsonschema  # imported here for the same reason as jsonschema (_explainer)

    try:
        fastjsonschema.compile(schema)(entries)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _explain(source, index, fields, problem):
    kind, value, rule = problem.validator, problem.instance, problem.validator_value
    schema = problem.schema
    if kind == "required":
        missing = [name for name in rule if name not in value]
        return [source.error(index, fields + [name], "is missing",
                             f"add '{name}:' to the entry ({_describe(problem.schema, name)})") for name in missing]
    if kind == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extras = [name for name in value if name not in allowed]
        return [source.error(index, fields + [name], f"unknown field '{name}'", _did_you_mean(name, allowed,
                             "the fields are: " + ", ".join(allowed))) for name in extras]
    if kind in ("minimum", "maximum", "exclusiveMinimum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        if low is not None and high is not None:
            return [source.error(index, fields, f"must be {_number(low)}..{_number(high)}, got {_number(value)}",
                                 f"write a value from {_number(low)} to {_number(high)}")]
        bound = "more than" if kind == "exclusiveMinimum" else "at least" if kind == "minimum" else "at most"
        return [source.error(index, fields, f"must be {bound} {_number(rule)}, got {_number(value)}",
                             "correct the value")]
    if kind == "enum":
        choices = [str(choice) for choice in rule]
        code_list = schema.get("x-codes")
        where = f"the {code_list} list in data/codes.yaml" if code_list else "the schema"
        return [source.error(index, fields, f"must be one of {', '.join(choices)}, got {value!r}",
                             _did_you_mean(str(value), choices, f"use a code of {where}"))]
    if kind == "type":
        wanted = rule if isinstance(rule, str) else rule[0]
        hint = TYPE_WORDS.get(wanted, wanted)
        if wanted == "object" and "x-languages" in schema:
            example = " and ".join(f"{lang}: ..." for lang in schema["x-languages"])
            fix = f"write it as a map with one line per language, e.g. {example} indented below"
        else:
            fix = f"write {hint} (no quotes around numbers, true or false)"
        return [source.error(index, fields, f"must be {hint}, got {value!r}", fix)]
    if kind == "pattern":
        hint = PATTERN_HINTS.get(rule, DATE_HINT)
        return [source.error(index, fields, f"{value!r} is not in the expected form", hint)]
    if kind == "minLength":
        if rule <= 1:
            return [source.error(index, fields, "must not be empty", "write the text, or remove the field")]
        return [source.error(index, fields, f"must be at least {rule} characters long, got {value!r}",
                             "write a longer value")]
    if kind == "uniqueItems":
        return [source.error(index, fields, "lists the same code twice", "keep each code once")]
    return [source.error(index, fields, problem.message, "see docs/registries.md")]


def _describe(schema, name):
    prop = schema.get("properties", {}).get(name, {})
    return prop.get("x-description-en") or prop.get("description") or "see docs/registries.md"


def _number(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


def _did_you_mean(word, choices, otherwise):
    close = difflib.get_close_matches(word, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def number_errors(source: Source) -> list[SiteError]:
    """Numbers must be finite: YAML reads .inf and .nan as numbers, which
    JSON (open data, JSON-LD) cannot hold and no page can show."""
    errors = []

    def walk(value, index, fields):
        if isinstance(value, float) and not math.isfinite(value):
            errors.append(source.error(index, fields, f"'{value}' is not a number the site can publish",
                                       "write the figure in digits, e.g. 12.5"))
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, index, fields + [key])
        elif isinstance(value, list):
            for position, item in enumerate(value):
                walk(item, index, fields + [position])

    for index, entry in enumerate(source.entries):
        walk(entry, index, [])
    return errors


def reserved_ids(registry, paths) -> set:
    """Segments below the registry's directory that its filter pages take
    (in any language): an entry with such an id would collide with one."""
    return {lang_paths.get("filters", {}).get(name) for lang_paths in paths.values() for name in registry.filters}


def id_errors(source: Source, reserved=frozenset()) -> list[SiteError]:
    """Ids unique within the registry and free of the words its URLs reserve (``reserved``)."""
    errors, seen = [], {}
    for index, entry in enumerate(source.entries):
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str):
            continue
        if ident in seen:
            errors.append(source.error(index, ["id"], f"the id '{ident}' is already used by the entry on line "
                                       f"{source.line(seen[ident])}", "give each entry its own id"))
        else:
            seen[ident] = index
        if ident in reserved:
            errors.append(source.error(index, ["id"], f"'{ident}' is reserved for the filter and archive pages",
                                       f"choose another id, e.g. {source.registry.noun}-{ident}"))
    return errors


def parse_dates(source: Source):
    """(values {index: {field: datetime}}, errors) for the registry's dated fields."""
    values, errors = {}, []
    for index, entry in enumerate(source.entries):
        if not isinstance(entry, dict):
            continue
        for name in source.registry.dated_fields:
            if name not in entry or not isinstance(entry[name], str):
                continue
            try:
                values.setdefault(index, {})[name] = parse_instant(entry[name])
            except DateError as exc:
                errors.append(source.error(index, [name], str(exc), DATE_HINT))
        dated = values.get(index, {})
        if "start" in dated and "end" in dated and dated["end"] < dated["start"]:
            errors.append(source.error(index, ["end"], "ends before it starts", "check the start and end"))
    return values, errors


def reference_errors(sources: dict, known: Known, published: dict | None = None) -> list[SiteError]:
    """An event's lab, a space's opportunity and an area's tag must exist.

    ``sources`` holds only the registries that passed their schema: a
    reference into a broken registry is not reported twice. ``published``:
    the entries a production build keeps (None: every entry is published);
    a published entry may not point at one it leaves out."""
    errors = []
    lab_ids = [entry.get("id") for entry in _entries(sources, "labs")]
    if "events" in sources and "labs" in sources:
        source = sources["events"]
        published_labs = None if published is None else {lab["id"] for lab in published.get("labs", ())}
        for index, entry in _dicts(source):
            lab = entry.get("lab")
            if published_labs is not None and not entry.get("example") and lab in lab_ids \
                    and lab not in published_labs:
                errors.append(source.error(index, ["lab"], f"the lab '{lab}' is an example, left out of the "
                                           "published site", "mark the event 'example: true' too, or give the "
                                           "lab its real data and remove its 'example: true'"))
            elif isinstance(lab, str) and lab not in lab_ids:
                errors.append(source.error(index, ["lab"], f"no lab has the id '{lab}'",
                                           _did_you_mean(lab, [i for i in lab_ids if isinstance(i, str)],
                                                         "use the id of an entry in data/labs.yaml")))
    if "spaces" in sources:
        source = sources["spaces"]
        consequences = {}
        for index, entry in _dicts(source):
            key = entry.get("opportunity")
            if isinstance(key, str) and key not in known.opportunity_keys and key in known.refused_opportunity_keys:
                consequences.setdefault(key, []).append(index)
            elif isinstance(key, str) and key in known.left_out_opportunities and not entry.get("example"):
                why = known.left_out_opportunities[key]
                errors.append(source.error(
                    index, ["opportunity"], f"the call '{key}' is {'an example' if why == 'example' else 'scheduled'}"
                    ", not published by this build", "remove 'opportunity:' until the call is published, or mark "
                    "the space 'example: true'"))
            elif isinstance(key, str) and key not in known.opportunity_keys | set(known.left_out_opportunities):
                errors.append(source.error(
                    index, ["opportunity"], f"no published opportunity has the key '{key}'",
                    _did_you_mean(key, sorted(known.opportunity_keys),
                                  f"the key is the file name: content/opportunities/{key}.it.md")))
        # One error for all the spaces of a call refused for its own errors.
        for key, indexes in consequences.items():
            lines = ", ".join(str(source.line(i, "opportunity")) for i in indexes)
            errors.append(SiteError(source.display, source.line(indexes[0], "opportunity"), None,
                                    f"the call '{key}' named by {len(indexes)} space(s) (lines {lines}) has errors "
                                    f"of its own (content/opportunities/{key}.*.md)",
                                    "fix that call's errors; these spaces link to it again once it is published"))
    if "areas" in sources:
        source = sources["areas"]
        for index, entry in _dicts(source):
            tag = entry.get("tag")
            if not isinstance(tag, dict):
                continue
            for lang, name in tag.items():
                used = known.tags.get(lang, set())
                if isinstance(name, str) and name.lower() not in used:
                    errors.append(source.error(
                        index, ["tag", lang], f"no published content in '{lang}' is tagged '{name}'",
                        _did_you_mean(name.lower(), sorted(used), "tag some news, cases or opportunities with it, "
                                      "or correct the spelling")))
    return errors


def _dicts(source):
    return [(index, entry) for index, entry in enumerate(source.entries) if isinstance(entry, dict)]


def _entries(sources, name):
    return [entry for _, entry in _dicts(sources[name])] if name in sources else []
