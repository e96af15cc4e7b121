"""Field descriptions of the open data, generated from the JSON Schemas so
the data page can never disagree with what the build validates."""

from __future__ import annotations


def field_descriptions(schema, lang, languages, type_words, date_fields=()):
    """[{name, type, required, description}] in the schema's order.

    ``languages``: the site model's codes, the default first (a schema's
    ``description`` is in the default language, ``x-description-<lang>`` in
    another; a missing one falls back to the default's); ``type_words``: the
    language's ``registries.field_types`` strings."""
    items = schema["items"]
    required = set(items.get("required", ()))
    columns = ", ".join(f"_{code}" for code in languages)
    rows = []
    for name, prop in items["properties"].items():
        default = prop.get("description", "")
        rows.append({
            "name": name,
            "type": type_words[_kind(name, prop, date_fields)].format(columns=columns),
            "required": name in required,
            "description": default if lang == languages[0] else prop.get(f"x-description-{lang}", default),
            "codes": list(prop.get("enum") or prop.get("items", {}).get("enum") or []),
        })
    return rows


def _kind(name, prop, date_fields):
    if name in date_fields:
        return "date"
    if prop.get("$ref") == "#/$defs/text":
        return "text"
    if "x-codes" in prop or "enum" in prop:
        return "code"
    return prop.get("type", "string")
