"""Field descriptions of the open data, generated from the JSON Schemas so
the data page can never disagree with what the build validates."""

from __future__ import annotations

TYPE_WORDS = {
    "it": {"string": "testo", "integer": "numero intero", "number": "numero", "boolean": "true/false",
           "array": "lista (valori separati da | nel CSV)", "text": "testo per lingua (colonne _it, _en nel CSV)",
           "date": "data e ora ISO 8601", "code": "codice"},
    "en": {"string": "text", "integer": "whole number", "number": "number", "boolean": "true/false",
           "array": "list (values separated by | in CSV)", "text": "text per language (_it, _en columns in CSV)",
           "date": "ISO 8601 date and time", "code": "code"},
}


def field_descriptions(schema, lang, date_fields=()):
    """[{name, type, required, description}] in the schema's order."""
    items = schema["items"]
    required = set(items.get("required", ()))
    rows = []
    for name, prop in items["properties"].items():
        rows.append({
            "name": name,
            "type": TYPE_WORDS[lang][_kind(name, prop, date_fields)],
            "required": name in required,
            "description": prop.get("description", "") if lang == "it" else prop.get("x-description-en", ""),
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


def title(schema, lang):
    return schema.get("title", "") if lang == "it" else schema.get("x-title-en", "")
