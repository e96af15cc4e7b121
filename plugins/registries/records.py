"""Registry entries in their two published shapes: the context entries that
templates and other plugins read, and the flat records of the open data."""

from __future__ import annotations

from .translations import is_text_map


def page_url(name, ident, lang, paths):
    return f"{lang}/{paths[lang][name]}/{ident}/"


def context_entries(registry, entries, dates, languages, paths):
    """Entries with aware datetimes and, for entries with a page, ``url``
    as ``{lang: path}``. Entries without a page (events, spaces, partners)
    keep their YAML fields as they are; an event's ``url`` is its page at
    the organiser."""
    result = []
    for index, raw in enumerate(entries):
        entry = dict(raw)  # nested values are shared: nothing below changes them
        entry.update(dates.get(index, {}))
        if registry.own_pages:
            entry["url"] = {lang: page_url(registry.name, entry["id"], lang, paths) for lang in languages}
        result.append(entry)
    return result


def public_record(entry, dates):
    """One entry as published in JSON: the YAML fields, dates in ISO 8601."""
    record = dict(entry)
    for field_name, moment in dates.items():
        record[field_name] = moment.isoformat()
    return record


def csv_columns(schema, languages):
    """Column names from the schema's fields, one per language for text maps."""
    columns = []
    for field_name, prop in schema["items"]["properties"].items():
        if _is_text(prop):
            columns += [f"{field_name}_{lang}" for lang in languages]
        else:
            columns.append(field_name)
    return columns


# A cell starting with one of these is read by spreadsheets as a formula
# (OWASP, "CSV Injection"): text cells get a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(record, languages):
    """A record flattened for CSV: text maps split by language, lists joined
    by '|', booleans as true/false, absent fields empty. Text that a
    spreadsheet would run as a formula is neutralised; numbers (also
    negative ones) stay numbers."""
    row = {}
    for field_name, value in record.items():
        if is_text_map(value):
            for lang in languages:
                row[f"{field_name}_{lang}"] = spreadsheet_safe(value.get(lang, "") or "")
        elif isinstance(value, list):
            row[field_name] = spreadsheet_safe("|".join(str(item) for item in value))
        elif isinstance(value, bool):
            row[field_name] = "true" if value else "false"
        elif isinstance(value, (int, float)):
            row[field_name] = str(value)
        else:
            row[field_name] = "" if value is None else spreadsheet_safe(str(value))
    return row


def _is_text(prop):
    return prop.get("$ref") == "#/$defs/text"
