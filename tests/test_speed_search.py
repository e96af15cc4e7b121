"""The compact, sharded search index: what the browser rehydrates is the index lunr.py built.

The Python reading of the format below (``rehydrate``) follows search.js step
by step; the first test checks it against lunr.py's own index, the browser
test checks search.js against it on a built fixture site.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path
from urllib.parse import quote

import pytest
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.query import Query
from lunr.token_set import TokenSet
from lunr.vector import Vector

from conftest import FixtureSite, serve_folder
from search import indexing
from search.analysis import STOP_WORDS, stem, words

K1, B = 1.2, 0.75
SYLLABLES = "ba be bi bo bu ca ce ci co da de di do fa fe fi la le li lo ma me mi mo na ne ni no pa pe po ra re ri ro sa se si so ta te ti to va ve vi zo".split()


def vocabulary(rng, size):
    made = set()
    while len(made) < size:
        made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(made)


def zipf_text(rng, vocab, count):
    weights = [1 / rank for rank in range(1, len(vocab) + 1)]
    return " ".join(rng.choices(vocab, weights, k=count))


def documents(count, seed=3):
    rng = random.Random(seed)
    vocab = vocabulary(rng, 600)
    return [{"title": zipf_text(rng, vocab, 5).capitalize(), "url": f"it/notizie/n{number}/", "section": "Notizie",
             "date": "", "datetime": "", "summary": zipf_text(rng, vocab, 12) + ".",
             "tags": [zipf_text(rng, vocab, 2)] if number % 3 else [], "body": zipf_text(rng, vocab, 120)}
            for number in range(count)]


def decode(encoded):
    """(ref, tf) pairs of one field's postings: gaps, a negative gap followed by tf."""
    ref, position, found = -1, 1, []
    while position < len(encoded):
        gap = encoded[position]
        tf = 1 if gap > 0 else encoded[position + 1]
        ref += abs(gap)
        position += 1 if gap > 0 else 2
        found.append((ref, tf))
    return found


def rehydrate(files):
    """A lunr.py Index from the published files, computed as search.js computes it."""
    manifest = json.loads(files["index.json"])
    fields, count = manifest["fields"], manifest["documents"]
    averages = [sum(lengths) / count for lengths in manifest["lengths"]]
    inverted, vectors, all_terms = {}, {}, []
    for number in range(len(manifest["shards"])):
        shard = json.loads(files[f"terms-{number:02d}.json"])
        for position, (term, postings) in enumerate(zip(shard["terms"], shard["postings"])):
            posting = {"_index": number * 1_000_000 + position, **{field: {} for field in fields}}
            found = [(encoded[0], ref, tf) for encoded in postings for ref, tf in decode(encoded)]
            idf = math.log(1 + abs((count - len(found) + 0.5) / (len(found) + 0.5)))
            for field, ref, tf in found:
                length = manifest["lengths"][field][ref]
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / averages[field])) + tf)
                score *= manifest["boosts"][field]
                posting[fields[field]][str(ref)] = {}
                vectors.setdefault(f"{fields[field]}/{ref}", Vector()).insert(posting["_index"], round(score, 3))
            inverted[term] = posting
            all_terms.append(term)
    for ref in range(count):
        for field in fields:
            vectors.setdefault(f"{field}/{ref}", Vector())
    return Index(inverted, vectors, TokenSet.from_list(all_terms), fields, Pipeline())


def by_term(index):
    """{field/ref: {term: score}}: field vectors independent of term numbering."""
    names = {posting["_index"]: term for term, posting in index.inverted_index.items()}
    return {ref: {names[element[0]]: element[1] for element in zip(vector.elements[::2], vector.elements[1::2])}
            for ref, vector in index.field_vectors.items()}


def test_rehydrated_index_is_the_index_lunr_py_built():
    docs = indexing.ordered(documents(60))
    built = indexing.build_index(docs, "it")
    files = indexing.search_files(docs, "it", shard_bytes=1500, store_chunk=7)
    assert sum(name.startswith("terms-") for name in files) > 3 and sum(name.startswith("store-") for name in files) == 9
    rehydrated = rehydrate(files)
    assert by_term(rehydrated) == by_term(built)
    stripped = {term: {field: refs for field, refs in posting.items() if field != "_index"}
                for term, posting in built.inverted_index.items()}
    assert {term: {field: refs for field, refs in posting.items() if field != "_index"}
            for term, posting in rehydrated.inverted_index.items()} == stripped
    store = [entry for number in range(9) for entry in json.loads(files[f"store-{number:02d}.json"])]
    assert [entry["url"] for entry in store] == [doc["url"] for doc in docs]


def expected_results(index, text):
    """(ref, score) of what search.js shows for ``text`` (exact words, the last one also as a prefix
    while typed; every word must match unless none matches them all)."""
    query_words = [word for word in words(text) if word not in STOP_WORDS["it"]]
    typing = text[-1:].isalnum()
    clauses = []
    for position, word in enumerate(query_words):
        word_clauses = [dict(term=stem(word, "it"), boost=10)]
        if typing and position == len(query_words) - 1 and len(word_clauses[0]["term"]) >= 2:
            word_clauses.append(dict(term=word_clauses[0]["term"], boost=2, wildcard=Query.WILDCARD_TRAILING))
        clauses.append(word_clauses)
    query = index.create_query()
    for word_clauses in clauses:
        for clause in word_clauses:
            query.term(clause["term"], use_pipeline=False, boost=clause["boost"],
                       wildcard=clause.get("wildcard", Query.WILDCARD_NONE))
    results = index.query(query)

    def reached(word_clauses):
        terms = set()
        for clause in word_clauses:
            pattern = clause["term"] + ("*" if clause.get("wildcard") else "")
            terms |= set(index.token_set.intersect(TokenSet.from_string(pattern)).to_list())
        return terms

    if len(clauses) >= 2 and results:
        wanted = [reached(word_clauses) for word_clauses in clauses]
        complete = [r for r in results if all(set(r["match_data"].metadata) & terms for terms in wanted)]
        results = complete or results
    return [(int(r["ref"]), r["score"]) for r in results]


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("sharded-search"))
    for number, doc in enumerate(documents(40, seed=5)):
        tags = f"tags: [{doc['tags'][0]}]\n" if doc["tags"] else ""
        site.write(f"news/n{number}.it.md", f"---\ntitle: {doc['title']}\nsummary: {doc['summary']}\n"
                                           f"date: 2027-01-{number % 28 + 1:02d}\n{tags}---\n{doc['body']}\n")
    result = site.build_ok(extra={"SEARCH_SHARD_BYTES": 2000, "SEARCH_STORE_CHUNK": 6})
    folder = result.output / "it/cerca"
    files = {path.name: path.read_bytes() for path in folder.glob("*.json")}
    url, server = serve_folder(result.output)
    yield url, files, documents(40, seed=5)
    server.shutdown()


@pytest.mark.browser
def test_search_js_shows_what_lunr_py_finds_on_the_same_index(sharded_site, page):
    url, files, docs = sharded_site
    assert sum(name.startswith("terms-") for name in files) > 3
    index = rehydrate(files)
    store = [entry for number in range(len([n for n in files if n.startswith("store-")]))
             for entry in json.loads(files[f"store-{number:02d}.json"])]
    body_words = docs[0]["body"].split()
    queries = [body_words[0] + " ", body_words[5] + " ", docs[7]["title"].split()[1].lower() + " ",
               f"{body_words[1]} {body_words[9]} ", f"{body_words[2]} {docs[3]['summary'].split()[2]} {body_words[3]} ",
               body_words[4][:3], f"{body_words[6]} {body_words[7][:2]}"]
    for text in queries:
        page.goto(f"{url}/it/cerca/?q={quote(text)}")
        page.wait_for_function("q => document.getElementById('search').dataset.renderedQuery === q", arg=text)
        shown = [href.strip("/") + "/" for href in
                 page.locator(".search-result-title a").evaluate_all("links => links.map(a => a.getAttribute('href'))")]
        expected = expected_results(index, text)
        assert expected, text
        scores = {store[ref]["url"]: score for ref, score in expected}
        # Same pages, in an order lunr.py's scores agree with (equal scores may come in either order).
        assert sorted(shown) == sorted(scores), text
        assert all(scores[a] >= scores[b] - 1e-9 for a, b in zip(shown, shown[1:])), text
