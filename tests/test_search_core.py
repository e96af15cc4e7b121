"""The pure core of search: analysis, documents, index and store (no Pelican)."""

import json
import re
import unicodedata
from collections import Counter

import pytest

from conftest import ROOT
from search import analysis, documents, indexing

STRINGS_IT = {
    "codes": {
        "lab_services": {"taglio-laser": "Taglio laser", "stampa-3d": "Stampa 3D"},
        "lab_kind": {"fablab": "FabLab"},
    }
}


def lunr_languages_stop_words():
    source = (ROOT / "node_modules/lunr-languages/lunr.it.js").read_text(encoding="utf-8")
    listed = re.search(r"lunr\.it\.stopWordFilter = lunr\.generateStopWordFilter\('([^']*)'", source).group(1)
    return set(listed.split())


def test_italian_stop_words_are_the_ones_lunr_languages_drops_in_the_browser():
    assert analysis.STOP_WORDS["it"] == lunr_languages_stop_words()
    assert "perché" in analysis.STOP_WORDS["it"]


def test_digits_survive_and_elisions_split():
    assert analysis.terms("Stampa 3D", "it") == ["stamp", "3d"]
    assert analysis.terms("dell'università e l’attività", "it") == ["univers", "attiv"]
    assert analysis.terms("3D printers, 2027!", "en") == ["3d", "printer", "2027"]


def test_words_are_the_runs_of_unicode_letters_and_digits_in_latin_1_text_and_any_other():
    every_latin_1_character = "".join(map(chr, range(256)))
    assert analysis.words(every_latin_1_character) == analysis.WORD.findall(every_latin_1_character.lower())
    assert analysis.words("Città ŁÓDŹ 東京 l’attività “aperta” x_y ½") == \
        ["città", "łódź", "東京", "l", "attività", "aperta", "x", "y", "½"]


def test_latin_1_words_are_the_runs_a_regular_expression_finds_whatever_their_neighbours():
    """Latin-1 text is split in its bytes (every character but a letter or digit made a space):
    the runs of Unicode letters and digits all the same, next to any other character, whitespace
    (\\x85, \\xa0, \\x1c) included."""
    characters = [chr(code) for code in range(256)]
    text = "".join(a + b for a in characters for b in characters[::7])
    assert analysis.words(text) == analysis.WORD.findall(text.lower())
    assert analysis.words("a\x85b\xa0c\x1cd\te_f·g") == ["a", "b", "c", "d", "e", "f", "g"]


def test_accented_words_keep_their_accents_up_to_the_stemmer():
    # lunr-languages stems the word as typed, accent included: an index that
    # stripped accents first would hold "qual" for "qualità", never found.
    assert analysis.terms("Qualità, virtù, caffè: perché?", "it") == ["qualit", "virtù", "caff"]
    assert analysis.terms(unicodedata.normalize("NFD", "QUALITÀ e VIRTÙ"), "it") == ["qualit", "virtù"]
    assert [analysis.stem(word, "it") for word in ("città", "università", "attività", "più")] == \
        ["citt", "univers", "attiv", "più"]
    assert "perché" in analysis.STOP_WORDS["it"] and "perche" not in analysis.STOP_WORDS["it"]
    assert analysis.words(None) == [] and analysis.terms("", "it") == []


def test_term_frequencies_count_the_terms_in_the_order_they_first_occur():
    text = "Stampanti e stampante: il laser, LASER e la stampa; stampanti 3D"
    frequencies = analysis.term_frequencies(text, "it")
    assert list(frequencies.items()) == list(Counter(analysis.terms(text, "it")).items())
    assert list(frequencies.items()) == [("stampant", 3), ("laser", 2), ("stamp", 1), ("3d", 1)]
    assert type(frequencies) is dict  # kept in the terms cache: a Counter pickles at half the speed


def test_inflected_italian_forms_share_a_stem():
    assert analysis.stem("stampanti", "it") == analysis.stem("stampante", "it")
    assert analysis.stem("bandi", "it") == analysis.stem("bando", "it")
    assert analysis.stem("calls", "en") == analysis.stem("call", "en")


def test_plain_text_strips_markup_scripts_and_keeps_alt_text():
    html = '<p>Taglio<br>laser <b>su</b> legno</p><script>var x = "segreto";</script><img src="a.jpg" alt="Una fresa CNC">'
    assert documents.plain_text(html) == "Taglio laser su legno Una fresa CNC"


def doc(title, body="", summary="", tags=(), url=None, section="Notizie"):
    return {"title": title, "url": url or f"it/notizie/{title.lower().replace(' ', '-')}/", "section": section,
            "date": "", "datetime": "", "summary": summary, "tags": list(tags), "body": body}


def refs_for(index, word, lang="it"):
    query = index.create_query()
    query.term(analysis.stem(word, lang), use_pipeline=False)
    return {result["ref"] for result in index.query(query)}


def titles_for(docs, word, lang="it"):
    ordered = indexing.ordered(docs)
    index = indexing.build_index(ordered, lang)
    return {ordered[int(ref)]["title"] for ref in refs_for(index, word, lang)}


def test_index_finds_inflected_forms_and_tags_in_their_fields():
    docs = [
        doc("Nuova sede", body="Una stampante per tutti."),
        doc("Avviso", summary="Esce il bando."),
        doc("Circolare", tags=["Economia circolare"]),
        doc("Altro", body="Niente di rilevante."),
    ]
    assert titles_for(docs, "stampanti") == {"Nuova sede"}
    assert titles_for(docs, "bandi") == {"Avviso"}
    assert titles_for(docs, "economia") == {"Circolare"}


def test_store_holds_the_displayed_fields_and_the_index_does_not():
    docs = [doc("Laboratorio aperto", body="Porte aperte sabato.", summary="Visite guidate al laboratorio.",
                url="it/notizie/porte-aperte/")]
    files = indexing.search_files(docs, "it")
    store = json.loads(files["store-00.json"])
    assert store == [{"title": "Laboratorio aperto", "url": "it/notizie/porte-aperte/", "section": "Notizie",
                      "date": "", "datetime": "", "summary": "Visite guidate al laboratorio."}]
    index_text = b"".join(data for name, data in files.items() if not name.startswith("store-")).decode("utf-8")
    assert "porte-aperte" not in index_text and "Visite guidate" not in index_text
    index = json.loads(files["index.json"])
    assert index["pipeline"] == ["trimmer-it", "stemmer-it"]
    assert index["format"] == "lunr-shards/1"


def test_search_files_are_byte_identical_whatever_the_input_order():
    docs = [doc(f"Notizia {n}", body=f"laser legno {n}") for n in range(20)]
    assert indexing.search_files(docs, "it") == indexing.search_files(list(reversed(docs)), "it")


def test_a_lab_is_found_by_service_label_and_municipio():
    lab = {"id": "fablab-bovisa", "name": "FabLab Bovisa", "kind": "fablab", "address": "Via Durando 10",
           "municipio": 9, "services": ["taglio-laser", "stampa-3d"],
           "description": {"it": "Un laboratorio aperto.", "en": "An open lab."}}
    document = documents.lab_document(lab, "it", STRINGS_IT, "it/laboratori/", "Laboratori")
    assert document["url"] == "it/laboratori/#fablab-bovisa"
    assert {"Taglio laser", "Stampa 3D", "FabLab", "Municipio 9"} <= set(document["tags"])
    other = doc("Municipio 3", body="Taglio del nastro.")
    docs = indexing.ordered([document, other])
    index = indexing.build_index(docs, "it")
    both = refs_for(index, "laser") & refs_for(index, "municipio") & refs_for(index, "9")
    assert [docs[int(ref)]["title"] for ref in both] == ["FabLab Bovisa"]


def test_registry_text_missing_in_a_language_stays_out_of_that_language():
    lab = {"id": "x", "name": "Officina", "description": {"it": "Solo testo italiano."}}
    english = documents.lab_document(lab, "en", STRINGS_IT, "en/labs/", "Labs")
    assert "italiano" not in json.dumps(english)
    entry = {"id": "e", "title": {"it": "Giornata aperta"}, "venue": "Via Roma 1"}
    assert documents.named_entry_document(entry, "en", "en/events/", "Events")["title"] == ""


def test_the_fast_builder_makes_the_index_lunr_builder_makes():
    docs = indexing.ordered([
        doc("Stampa 3D in Bovisa", body="Stampanti e stampante, laser laser legno.", summary="Bandi aperti.",
            tags=["Economia circolare", "Stampa 3D"]),
        doc("Laser cutting", body="Taglio laser per il legno; città e attività.", section="Casi di impresa"),
        doc("Vuoto"),
    ])
    fast = indexing.build_index(docs, "it").serialize()
    stock = indexing.build_index_with_stock_builder(docs, "it").serialize()
    assert indexing.to_json(fast) == indexing.to_json(stock)


STRINGS = {"codes": {"lab_services": {"taglio-laser": "Taglio laser"}, "lab_kind": {"fablab": "FabLab"}}}


def test_a_lab_document_is_exactly_its_words_and_url():
    lab = {"id": "officina", "name": "Officina", "kind": "fablab", "municipio": 9, "address": "Via Prova 1",
           "services": ["taglio-laser", "codice-ignoto"], "description": {"it": "Aperta a tutti.", "en": "Open."},
           "url": {"it": "it/laboratori/officina/", "en": "en/labs/officina/"}}
    assert documents.lab_document(lab, "it", STRINGS, "it/laboratori/", "Laboratori") == {
        "title": "Officina", "url": "it/laboratori/officina/", "section": "Laboratori", "date": "", "datetime": "",
        "summary": "FabLab · Municipio 9 · Via Prova 1. Aperta a tutti.",
        "tags": ["Taglio laser", "codice-ignoto", "FabLab", "Municipio 9"],
        "body": "Via Prova 1 Aperta a tutti.",
    }
    bare = {"name": {"it": "Solo nome"}, "kind": "hub"}
    assert documents.lab_document(bare, "en", {}, "en/labs/", "Labs") == {
        "title": "", "url": "en/labs/", "section": "Labs", "date": "", "datetime": "", "summary": "hub",
        "tags": ["hub"], "body": "",
    }
    assert documents.lab_document({"name": "N", "id": "n"}, "it", {}, "it/laboratori/", "L")["url"] == \
        "it/laboratori/#n"
    assert documents.lab_document({"name": "N", "url": "https://example.org/n"}, "it", {}, "l/", "L")["url"] == \
        "https://example.org/n"


def test_an_english_lab_document_names_the_district_and_keeps_the_municipio_tag():
    strings = {"registries": {"municipio_n": "District {n}"}}  # no code labels: the codes are shown
    lab = {"id": "hub", "name": {"it": "Hub di quartiere", "en": "Neighbourhood hub"}, "municipio": 4,
           "services": ["stampa-3d"]}
    assert documents.lab_document(lab, "en", strings, "en/labs/", "Labs") == {
        "title": "Neighbourhood hub", "url": "en/labs/#hub", "section": "Labs", "date": "", "datetime": "",
        "summary": "District 4", "tags": ["stampa-3d", "District 4", "Municipio 4"], "body": ""}


def test_a_named_entry_document_falls_back_from_title_to_name_and_from_description_to_venue():
    event = {"id": "giornata", "title": {"it": "Giornata", "en": "Day"}, "venue": {"it": "Piazza", "en": "Square"},
             "url": {"it": "https://example.org/giornata"}}
    assert documents.named_entry_document(event, "en", "en/events/", "Events", "1 May 2027", "2027-05-01") == {
        "title": "Day", "url": "en/events/#giornata", "section": "Events", "date": "1 May 2027",
        "datetime": "2027-05-01", "summary": "Square", "tags": [], "body": "Square",
    }
    partner = {"name": "Politecnico", "description": {"it": "Università.", "en": "University."}, "venue": None}
    assert documents.named_entry_document(partner, "it", "it/partner/", "Partner") == {
        "title": "Politecnico", "url": "it/partner/", "section": "Partner", "date": "", "datetime": "",
        "summary": "Università.", "tags": [], "body": "Università.",
    }


def test_a_named_entry_document_takes_the_url_of_its_language_and_both_venue_and_description():
    event = {"id": "giornata", "title": {"it": "Giornata"}, "venue": {"it": "Piazza Duomo"},
             "description": {"it": "Porte aperte."}, "url": {"it": "https://example.org/giornata"}}
    document = documents.named_entry_document(event, "it", "it/eventi/", "Eventi")
    assert (document["url"], document["summary"], document["body"]) == (
        "https://example.org/giornata", "Porte aperte.", "Piazza Duomo Porte aperte.")


def test_a_content_document_keeps_every_field_and_reads_the_body_as_text():
    assert documents.content_document(title="T", url="it/notizie/t/", section_label="Notizie", summary=None,
                                      tags=("a", "b"), body_html="<p>Uno<br>due</p><script>x()</script>",
                                      date="1 maggio", datetime="2027-05-01") == {
        "title": "T", "url": "it/notizie/t/", "section": "Notizie", "date": "1 maggio", "datetime": "2027-05-01",
        "summary": "", "tags": ["a", "b"], "body": "Uno due"}
    # A page without a date (a static page) and without a body has none.
    assert documents.content_document(title="T", url="it/t/", section_label="Pagine", summary="S") == {
        "title": "T", "url": "it/t/", "section": "Pagine", "date": "", "datetime": "", "summary": "S", "tags": [],
        "body": ""}
    assert documents.plain_text('<style>p{}</style><ul><li>laser</li><li>legno</li></ul><img alt="Un tornio">'
                                '<template><b>no</b></template>fine') == "laser legno Un tornio fine"
    assert documents.plain_text("</script>testo") == "testo"
    assert documents.plain_text("<template><style>p{}</style>nascosto</template>visibile") == "visibile"
    # Character references are read as the characters they stand for ("città", not "citt").
    assert documents.plain_text("Ricerca &amp; sviluppo, citt&agrave; &#8220;aperta&#8221;") == \
        "Ricerca & sviluppo, città \u201caperta\u201d"
    assert documents.plain_text(None) == ""


def test_a_content_document_may_keep_its_body_as_html_to_be_read_later():
    kept = documents.content_document(title="T", url="it/t/", section_label="Pagine", summary="S",
                                      body_html="<p>Uno<br>due</p>", text_of=None)
    assert kept == {"title": "T", "url": "it/t/", "section": "Pagine", "date": "", "datetime": "", "summary": "S",
                    "tags": [], "body_html": "<p>Uno<br>due</p>"}
    read = documents.with_body_text(kept)
    assert read == {**documents.content_document(title="T", url="it/t/", section_label="Pagine", summary="S",
                                                 body_html="<p>Uno<br>due</p>")} and "body_html" in kept
    assert documents.with_body_text(kept, str.upper)["body"] == "<P>UNO<BR>DUE</P>"
    entry = {"title": "Officina", "body": "Via Prova 1 <b>"}
    assert documents.with_body_text(entry) is entry


# --- the published index, byte for byte ---------------------------------------------

SMALL = [
    {"title": "Stampa 3D", "url": "it/b/", "section": "Notizie", "date": "1 gennaio 2027", "datetime": "2027-01-01",
     "summary": "Stampa stampa", "tags": ["stampa", "laser"], "body": "Laser e stampa"},
    {"title": "Laser", "url": "it/a/", "section": "Casi", "date": "", "datetime": "", "summary": None, "tags": (),
     "body": "Taglio laser laser", "example": True},
    {"title": "Caffè", "url": "it/a/", "section": "Casi", "body": "qualità"},
]


def test_search_files_are_these_exact_bytes():
    """Refs follow (url, title); postings are [field, gap, ...] with "-gap, tf" for a repeated term; a
    shard closes once it holds shard_bytes; the store keeps "example" only on examples."""
    files = {name: data.decode() for name, data in indexing.search_files(SMALL, "it", shard_bytes=30,
                                                                          store_chunk=2).items()}
    assert files == {
        "index.json": '{"format":"lunr-shards/1","lang":"it","fields":["title","tags","summary","section","body"],'
                      '"boosts":[10,5,3,2,1],"pipeline":["trimmer-it","stemmer-it"],"documents":3,'
                      '"lengths":[[1,1,2],[0,0,2],[0,0,2],[1,1,1],[1,3,2]],'
                      '"shards":["3d","laser","notiz","stamp","tagl"],"store_chunk":2}',
        "terms-00.json": '{"terms":["3d","caff","cas"],"postings":[[[0,3]],[[0,1]],[[3,1,1]]]}',
        "terms-01.json": '{"terms":["laser"],"postings":[[[0,2],[1,3],[4,-2,2,1]]]}',
        "terms-02.json": '{"terms":["notiz","qualit"],"postings":[[[3,3]],[[4,1]]]}',
        "terms-03.json": '{"terms":["stamp"],"postings":[[[0,3],[1,3],[2,-3,2],[4,3]]]}',
        "terms-04.json": '{"terms":["tagl"],"postings":[[[4,2]]]}',
        "store-00.json": '[{"title":"Caffè","url":"it/a/","section":"Casi","date":"","datetime":"","summary":""},'
                         '{"title":"Laser","url":"it/a/","section":"Casi","date":"","datetime":"","summary":"",'
                         '"example":true}]',
        "store-01.json": '[{"title":"Stampa 3D","url":"it/b/","section":"Notizie","date":"1 gennaio 2027",'
                         '"datetime":"2027-01-01","summary":"Stampa stampa"}]',
    }


def test_one_shard_and_one_store_file_by_default_and_english_has_no_trimmer():
    files = indexing.search_files(SMALL[:1], "en")
    assert sorted(files) == ["index.json", "store-00.json", "terms-00.json"]
    manifest = json.loads(files["index.json"])
    assert manifest["pipeline"] == ["stemmer"] and manifest["store_chunk"] == 100 and manifest["shards"] == ["3d"]


@pytest.mark.parametrize("query, refs", [("«Stampe»", ["2"]), ("stampe", ["2"]), ("Qualità", ["0"]),
                                         ("caffè,", ["0"]), ("tagli", ["1"])])
def test_lunr_py_queries_go_through_the_italian_trimmer_and_stemmer(query, refs):
    index = indexing.build_index(indexing.ordered(SMALL), "it")
    assert [result["ref"] for result in index.search(query)] == refs


def test_terms_are_ordered_as_javascript_compares_strings():
    # UTF-16 code units: a character beyond the BMP (a surrogate pair) sorts before U+FF41.
    assert sorted(["\uff41", "\U0001F600", "a"], key=indexing._js_order) == ["a", "\U0001F600", "\uff41"]


@pytest.mark.parametrize("shard_bytes, shards", [(28, ["3d", "cas", "notiz", "stamp", "tagl"]),
                                                 (29, ["3d", "laser", "notiz", "stamp", "tagl"])])
def test_a_shard_closes_once_it_holds_exactly_shard_bytes(shard_bytes, shards):
    # "3d" counts 2 + 7 + 4 = 13 bytes and "caff" 4 + 7 + 4 = 15: 28 in all.
    files = indexing.search_files(SMALL, "it", shard_bytes=shard_bytes)
    assert json.loads(files["index.json"])["shards"] == shards


def test_a_stemmer_is_lunrs_porter_or_the_snowball_algorithm_of_that_name():
    assert analysis.stemmer_named("lunr")("printers") == "printer"
    assert analysis.stemmer_named("french")("chevaux") == "cheval"
    assert analysis.stemmer_named("italian")("stampanti") == "stampant"


def test_a_language_value_is_derived_from_its_code_once():
    derived = []
    values = analysis._PerLanguage(lambda code: derived.append(code) or code.upper())
    assert (values["fr"], values["fr"], values["de"]) == ("FR", "FR", "DE")
    assert (derived, dict(values)) == (["fr", "de"], {"fr": "FR", "de": "DE"})


def test_a_language_told_to_the_analyser_uses_its_own_stop_words_and_stemmer():
    from dataclasses import replace

    from site_model import model_from_file

    english = model_from_file().language("en")
    told = replace(english, code="xx", stemmer="french", stop_words=frozenset({"le"}))
    try:
        analysis.use(told)
        assert analysis.terms("le chevaux", "xx") == ["cheval"]
        assert analysis.STOP_WORDS["xx"] == frozenset({"le"})
        # Told again, it forgets the words it analysed with the stop words it had.
        analysis.use(replace(told, stop_words=frozenset()))
        assert analysis.term_frequencies("le chevaux le", "xx") == {"le": 2, "cheval": 1}
    finally:
        del analysis.STOP_WORDS["xx"], analysis.STEMMERS["xx"], analysis.TERM_OF["xx"]
