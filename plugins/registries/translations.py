"""Registry text in several languages ({it: ..., en: ...}, one key per
language of the site model): which language a reader gets, and what still
needs a version in another language."""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Shown:
    """Text to show and the language it is in (the default language's when falling back)."""

    text: str
    lang: str

    def __str__(self):
        return self.text


def is_text_map(value) -> bool:
    """A map of language codes to text (the schemas' ``$defs.text``)."""
    return (isinstance(value, dict) and bool(value)
            and all(isinstance(k, str) and LANGUAGE_CODE.match(k) and (v is None or isinstance(v, str))
                    for k, v in value.items()))


def pick(value, lang: str, default_lang=None) -> Shown:
    """The ``lang`` version of a text map, else the ``default_lang`` one (the
    site model's default language, which the schemas require), marked with
    its language; without ``default_lang``, the map's first version."""
    if is_text_map(value):
        text = value.get(lang)
        if isinstance(text, str) and text.strip():
            return Shown(text, lang)
        fallback = default_lang if default_lang in value else next(iter(value))
        return Shown(value[fallback] or "", fallback)
    return Shown("" if value is None else str(value), lang)


def missing_translations(registries, languages):
    """Every reader-facing text map lacking a version in ``languages`` (the model's other languages).

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
