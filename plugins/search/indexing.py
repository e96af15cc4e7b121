"""One language's lunr index and document store, from plain documents.

lunr.py builds the index; it is published in a compact form that the
browser rehydrates into a ``lunr.Index`` (``theme/static/js/search.js``),
split so that a query fetches only what it needs:

- ``index.json``, the manifest: fields and boosts, the search pipeline, the
  number of documents, every document's length per field (the BM25 scores
  depend on them), the first term of each term shard and the number of
  documents per store chunk;
- ``terms-NN.json``: a contiguous range of the sorted terms with their
  postings (``{"terms": [...], "postings": [...]}``). A term's postings are
  one list per field it occurs in, ``[field, gap, gap, ...]``: document refs
  as gaps from the previous one (the first from -1), a term occurring ``tf``
  > 1 times written ``-gap, tf``. The field vectors lunr.py serialises are
  left out: the browser recomputes them from term frequencies and lengths
  with lunr's own formula; postings carry no metadata, so no per-field maps;
- ``store-NN.json``: what results show (title, URL, section, date, summary),
  ``STORE_CHUNK`` documents per file, in ref order (ref = position).

Everything is compact, byte-stable JSON.
"""

from __future__ import annotations

import json

from lunr.builder import Builder
from lunr.field_ref import FieldRef
from lunr.pipeline import Pipeline

from .analysis import WORD, built_in, stem, term_frequencies, terms

# Boosts: a word in the title says more about a page than one in its body.
FIELDS = (("title", 10), ("tags", 5), ("summary", 3), ("section", 2), ("body", 1))
STORE_FIELDS = ("title", "url", "section", "date", "datetime", "summary")


def _field_text(document, field):
    value = document.get(field) or ""
    return " ".join(value) if isinstance(value, (list, tuple)) else value


def _query_trimmer(lang):
    def trimmer(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: " ".join(WORD.findall(text)) or text)

    trimmer.label = "trimmer" if built_in(lang) else f"trimmer-{lang}"
    return trimmer


def _query_stemmer(lang):
    def stemmer(token, i=None, tokens=None):
        return token.update(lambda text, metadata=None: stem(text, lang))

    stemmer.label = "stemmer" if built_in(lang) else f"stemmer-{lang}"
    return stemmer


class AnalysedBuilder(Builder):
    """lunr.py's Builder fed with finished terms.

    ``Builder.add`` makes a Token per word and deep-copies its metadata,
    which is most of the build time; with no metadata kept (no positions in
    the index) the same postings, term frequencies and field lengths come
    from counted terms. A test checks that both give the same index.

    Each term's postings are kept as the published files write them (``term_postings``: per field,
    [(ref, term frequency)] in ref order, documents being added in ref order; terms in the order
    they first occur, lunr's); lunr's inverted index is made from them only by ``build()``, which
    the published files do not need.
    """

    def __init__(self):
        super().__init__()
        self.term_postings = {}

    def add_terms(self, doc_ref, frequencies_by_field):
        """``frequencies_by_field``: {field: {term: occurrences}} (``document_terms``)."""
        ref = int(doc_ref)
        doc_ref = str(doc_ref)
        self._documents[doc_ref] = {}
        self.document_count += 1
        fields = len(self._fields)
        term_postings = self.term_postings
        for field_number, field_name in enumerate(self._fields):
            frequencies = frequencies_by_field.get(field_name) or {}
            field_ref = str(FieldRef(doc_ref, field_name))
            self.field_term_frequencies[field_ref] = frequencies
            self.field_lengths[field_ref] = sum(frequencies.values())
            for term, frequency in frequencies.items():
                postings = term_postings.get(term)
                if postings is None:
                    postings = term_postings[term] = [[] for _ in range(fields)]
                postings[field_number].append((ref, frequency))

    def build(self):
        """lunr's Index, its inverted index made first from the postings kept (tests compare it)."""
        for term, postings in self.term_postings.items():
            posting = {name: {str(ref): {} for ref, _ in refs} for name, refs in zip(self._fields, postings)}
            posting["_index"] = self.term_index
            self.term_index += 1
            self.inverted_index[term] = posting
        return super().build()


def _builder(lang, builder_class=AnalysedBuilder):
    builder = builder_class()
    # Documents arrive as finished terms (analysis.terms), so the index
    # pipeline is empty; the search pipeline is serialised by label only and
    # names the functions lunr.js and lunr-languages register in the browser.
    builder.pipeline = Pipeline()
    builder.search_pipeline = Pipeline()
    if not built_in(lang):
        builder.search_pipeline._stack.append(_query_trimmer(lang))
    builder.search_pipeline._stack.append(_query_stemmer(lang))
    builder.ref("ref")
    for name, boost in FIELDS:
        builder.field(name, boost=boost, extractor=lambda doc, field=name: terms(_field_text(doc, field), lang))
    return builder


def field_texts(document):
    """The text of each indexed field, in FIELDS order: all that a document's terms are made of."""
    return [_field_text(document, name) for name, _ in FIELDS]


def document_terms(document, lang):
    """{field: {term: occurrences}} of ``document``: what ``AnalysedBuilder.add_terms`` takes."""
    return {name: term_frequencies(text, lang) for (name, _), text in zip(FIELDS, field_texts(document))}


def filled_builder(documents, lang, terms_of=document_terms):
    """lunr.py's builder holding ``documents`` (document ``i`` has ref ``str(i)``): the postings,
    term frequencies and field lengths the published files are made of. ``terms_of``:
    document_terms or a function giving the same terms (e.g. kept from the last build)."""
    builder = _builder(lang)
    for position, document in enumerate(documents):
        builder.add_terms(position, terms_of(document, lang))
    return builder


def build_index(documents, lang):
    """A lunr.py Index over ``documents``; document ``i`` has ref ``str(i)``. ``build()`` adds the
    field vectors and token set, which the published files leave out (the browser recomputes them)."""
    return filled_builder(documents, lang).build()


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


# A term shard holds about this many bytes of JSON (about a fifth once
# gzipped): small enough that a query's words fetch little, large enough that
# a few-word query needs few requests.
SHARD_BYTES = 48_000
# Documents per store chunk: a result list fetches the chunks of what it shows.
STORE_CHUNK = 100
FORMAT = "lunr-shards/1"


def _js_order(term):
    """Sort key of JavaScript's string comparison (UTF-16 code units), the order
    lunr.TokenSet.fromArray requires."""
    return term.encode("utf-16-be")


def _postings(builder, term):
    """[[field, gap, gap, -gap, tf, ...], ...] of one term (see the module's docstring)."""
    result = []
    for field_number, refs in enumerate(builder.term_postings[term]):
        if not refs:
            continue
        encoded, previous = [field_number], -1
        for ref, tf in refs:
            if tf == 1:
                encoded.append(ref - previous)
            else:
                encoded += (previous - ref, tf)
            previous = ref
        result.append(encoded)
    return result


def term_shards(builder, shard_bytes=SHARD_BYTES):
    """[(first term, the shard's JSON, ``{"terms": [...], "postings": [...]}``)] in term order; each
    term's postings are encoded once, for the shard's size and its file."""
    shards, terms, postings, size = [], [], [], 0

    def close_shard():
        shards.append((terms[0], b'{"terms":' + to_json(terms) + b',"postings":[' + b",".join(postings) + b"]}"))

    for term in sorted(builder.term_postings, key=_js_order):
        if terms and size >= shard_bytes:
            close_shard()
            terms, postings, size = [], [], 0
        encoded = to_json(_postings(builder, term))
        terms.append(term)
        postings.append(encoded)
        size += len(term) + len(encoded) + 4
    if terms:
        close_shard()
    return shards


def manifest(builder, shards, lang, store_chunk):
    fields = list(builder._fields)
    count = builder.document_count
    return {
        "format": FORMAT,
        "lang": lang,
        "fields": fields,
        "boosts": [builder._fields[field].boost for field in fields],
        "pipeline": builder.search_pipeline.serialize(),
        "documents": count,
        "lengths": [[builder.field_lengths[f"{field}/{ref}"] for ref in range(count)] for field in fields],
        "shards": [first for first, _ in shards],
        "store_chunk": store_chunk,
    }


def search_files(documents, lang, shard_bytes=SHARD_BYTES, store_chunk=STORE_CHUNK, terms_of=document_terms):
    """``{name: bytes}`` of one language: ``index.json``, ``terms-NN.json``, ``store-NN.json``."""
    documents = ordered(documents)
    builder = filled_builder(documents, lang, terms_of)
    shards = term_shards(builder, shard_bytes)
    files = {"index.json": to_json(manifest(builder, shards, lang, store_chunk))}
    for number, (_, shard) in enumerate(shards):
        files[f"terms-{number:02d}.json"] = shard
    store = build_store(documents)
    for number, start in enumerate(range(0, len(store), store_chunk)):
        files[f"store-{number:02d}.json"] = to_json(store[start:start + store_chunk])
    return files
