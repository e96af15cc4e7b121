"""Reading registry files: the schema named on the first line, YAML with
line numbers, and each schema with its code lists filled in from codes.yaml."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

from common.errors import SiteError
from common.yamlsource import MAX_DATA_BYTES, SourceError, load_located, read_source

SCHEMA_COMMENT = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$")


def schema_comment(registry) -> str:
    return f"# yaml-language-server: $schema=./schemas/{registry.schema_filename}"


def read_registry(path: Path, display: str, registry):
    """Return (Located or None, errors) for one ``data/<name>.yaml``.

    A missing file is an empty registry: a site may not use every registry.
    """
    if not path.exists():
        return None, []
    try:
        text = read_source(path, MAX_DATA_BYTES)
    except SourceError as exc:
        return None, [SiteError(display, exc.line, None, str(exc), exc.fix or "")]
    errors = []
    first_line = text.split("\n", 1)[0]
    named = SCHEMA_COMMENT.match(first_line)
    expected = f"schemas/{registry.schema_filename}"
    if not named or not named.group(1).lstrip("./") == expected:
        errors.append(SiteError(display, 1, None, f"the first line must name the schema {expected}",
                                f"make the first line: {schema_comment(registry)}"))
    try:
        located = load_located(text)
    except SourceError as exc:
        return None, errors + [SiteError(display, exc.line, None, str(exc),
                                         exc.fix or "check the indentation and the quotes around that line")]
    if located.data is None:
        located.data = []
    if not isinstance(located.data, list):
        return None, errors + [SiteError(display, 1, None, "a registry is a list of entries",
                                         "start every entry with '- id: ...'")]
    return located, errors


def load_schema(path: Path, codes: dict, languages) -> dict:
    """The schema with every ``x-codes`` list turned into an ``enum`` and its
    reader-facing text (``$defs.text``) made of the site's ``languages``.

    The code lists live once, in codes.yaml, and the languages in the site
    model; schemas only name them.
    """
    schema = json.loads(path.read_text(encoding="utf-8"))
    return with_languages(_fill_codes(copy.deepcopy(schema), codes), languages)


def with_languages(schema, languages):
    """``$defs.text`` as a map of exactly ``languages`` (the default one, first, required and not empty).

    The files keep a relaxed definition (any language code) for editors' tools."""
    described = schema.get("$defs", {}).get("text")
    if described is not None:
        properties = {lang: {"type": "string", "minLength": 1} if index == 0 else {"type": "string"}
                      for index, lang in enumerate(languages)}
        schema["$defs"]["text"] = {
            "type": "object", "required": [languages[0]], "additionalProperties": False, "properties": properties,
            "x-languages": list(languages),
            **{key: described[key] for key in ("description", "x-description-en") if key in described},
        }
    return schema


def _fill_codes(node, codes):
    if isinstance(node, dict):
        if "x-codes" in node:
            node["enum"] = list(codes.get(node["x-codes"], []))
        for value in node.values():
            _fill_codes(value, codes)
    elif isinstance(node, list):
        for value in node:
            _fill_codes(value, codes)
    return node
