"""One language's lunr index and document store, from plain documents.

The index holds only terms and scores; what a result shows (title, URL,
section, date, summary) is in the store, a list whose position is the
document's ``ref``. Both serialise to compact, byte-stable JSON.
"""

from __future__ import annotations

import json
from collections import Counter

from lunr.builder import Builder
from lunr.field_ref import FieldRef
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


class AnalysedBuilder(Builder):
    """lunr.py's Builder fed with finished terms.

    ``Builder.add`` makes a Token per word and deep-copies its metadata,
    which is most of the build time; with no metadata kept (no positions in
    the index) the same postings, term frequencies and field lengths come
    from counting terms. A test checks that both give the same index.
    """

    def add_terms(self, doc_ref, terms_by_field):
        doc_ref = str(doc_ref)
        self._documents[doc_ref] = {}
        self.document_count += 1
        for field_name in self._fields:
            terms = terms_by_field.get(field_name) or []
            field_ref = str(FieldRef(doc_ref, field_name))
            counts = Counter(terms)
            self.field_term_frequencies[field_ref] = counts
            self.field_lengths[field_ref] = len(terms)
            for term in counts:
                posting = self.inverted_index.get(term)
                if posting is None:
                    posting = {name: {} for name in self._fields}
                    posting["_index"] = self.term_index
                    self.term_index += 1
                    self.inverted_index[term] = posting
                posting[field_name][doc_ref] = {}


def _builder(lang, builder_class=AnalysedBuilder):
    builder = builder_class()
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


def document_terms(document, lang):
    return {name: terms(_field_text(document, name), lang) for name, _ in FIELDS}


def build_index(documents, lang):
    """A lunr.py Index over ``documents``; document ``i`` has ref ``str(i)``."""
    builder = _builder(lang)
    for position, document in enumerate(documents):
        builder.add_terms(position, document_terms(document, lang))
    return builder.build()


def build_index_with_stock_builder(documents, lang):
    """The same index through lunr.py's own ``Builder.add`` (slower; for tests)."""
    builder = _builder(lang, Builder)
    for position, document in enumerate(documents):
        builder.add(dict(document, ref=str(position)))
    return builder.build()


def build_store(documents):
    """What a result shows; ``example`` only on examples (preview builds), which search.js marks."""
    return [{field: document.get(field) or "" for field in STORE_FIELDS}
            | ({"example": True} if document.get("example") else {}) for document in documents]


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
