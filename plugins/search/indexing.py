"""One language's lunr index and document store, from plain documents.

The index holds only terms and scores; what a result shows (title, URL,
section, date, summary) is in the store, a list whose position is the
document's ``ref``. Both serialise to compact, byte-stable JSON.
"""

from __future__ import annotations

import json

from lunr.builder import Builder
from lunr.pipeline import Pipeline

from .analysis import WORD, stem, terms

# Boosts: a word in the title says more about a page than one in its body.
FIELDS = (("title", 10), ("tags", 5), ("summary", 3), ("section", 2), ("body", 1))
STORE_FIELDS = ("title", "url", "section", "date", "datetime", "summary")


def _field_text(document, field):
    value = document.get(field) or ""
    return " ".join(value) if isinstance(value, (list, tuple)) else value


def _query_trimmer(lang):
    def trimmer(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: " ".join(WORD.findall(text)) or text)

    trimmer.label = f"trimmer-{lang}" if lang != "en" else "trimmer"
    return trimmer


def _query_stemmer(lang):
    def stemmer(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: stem(text, lang))

    stemmer.label = f"stemmer-{lang}" if lang != "en" else "stemmer"
    return stemmer


def _builder(lang):
    builder = Builder()
    # Documents arrive as finished terms (analysis.terms), so the index
    # pipeline is empty; the search pipeline is serialised by label only and
    # names the functions lunr.js and lunr-languages register in the browser.
    builder.pipeline = Pipeline()
    builder.search_pipeline = Pipeline()
    if lang != "en":
        builder.search_pipeline._stack.append(_query_trimmer(lang))
    builder.search_pipeline._stack.append(_query_stemmer(lang))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost, extractor=lambda doc, field=name: terms(_field_text(doc, field), lang))
    return builder


def build_index(documents, lang):
    """A lunr.py Index over ``documents``; document ``i`` has ref ``str(i)``."""
    builder = _builder(lang)
    for position, document in enumerate(documents):
        builder.add(dict(document, ref=str(position)))
    return builder.build()


def build_store(documents):
    return [{field: document.get(field) or "" for field in STORE_FIELDS} for document in documents]


def ordered(documents):
    """Documents in a stable order, so that rebuilds are byte-identical."""
    return sorted(documents, key=lambda document: (document["url"], document["title"]))


def to_json(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False).encode("utf-8")


def search_files(documents, lang):
    """``{"index.json": bytes, "store.json": bytes}`` for one language."""
    documents = ordered(documents)
    return {
        "index.json": to_json(build_index(documents, lang).serialize()),
        "store.json": to_json(build_store(documents)),
    }
