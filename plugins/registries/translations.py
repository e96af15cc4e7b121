"""Bilingual registry text: which language a reader gets, and what still
needs an English version."""

from __future__ import annotations

from dataclasses import dataclass

SOURCE_LANG = "it"


@dataclass(frozen=True)
class Shown:
    """Text to show and the language it is in (Italian when falling back)."""

    text: str
    lang: str

    def __str__(self):
        return self.text


def is_text_map(value) -> bool:
    return isinstance(value, dict) and SOURCE_LANG in value and all(isinstance(k, str) for k in value)


def pick(value, lang: str) -> Shown:
    """The ``lang`` version of a ``{it, en}`` map, else the Italian one."""
    if is_text_map(value):
        text = value.get(lang)
        if isinstance(text, str) and text.strip():
            return Shown(text, lang)
        return Shown(value[SOURCE_LANG], SOURCE_LANG)
    return Shown("" if value is None else str(value), lang)


def missing_translations(registries, languages=("en",)):
    """Every reader-facing ``{it, en}`` field lacking a version in ``languages``.

    ``registries`` is ``{name: [entry dict]}`` (the loaded YAML or the
    context's REGISTRIES). Returns dicts ``{registry, path, id, field, lang}``
    sorted by registry, id and field, for the check task.
    """
    missing = []
    for name, entries in sorted(registries.items()):
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for field_name, value in sorted(entry.items()):
                if field_name == "url" or not is_text_map(value):
                    continue
                for lang in languages:
                    text = value.get(lang)
                    if not (isinstance(text, str) and text.strip()):
                        missing.append({"registry": name, "path": f"data/{name}.yaml", "id": entry.get("id"),
                                        "field": field_name, "lang": lang})
    return missing
