"""Search wiring: a fixture site built with the real build command."""

import json
import re

import lxml.html
import pytest

from conftest import ROOT, FixtureSite, search_store as store
from search import indexing, wiring
from site_model.model import Language, language_defaults


def news(title, body, summary=None, date="2027-01-15", extra=""):
    return f"---\ntitle: {title}\nsummary: {summary or 'Notizia di prova.'}\ndate: {date}\n{extra}---\n{body}\n"


SEARCH_CONTENT = {
    "news/stampante.it.md": news("Nuova sede in Bovisa", "Arriva una stampante per tutte le imprese.",
                                 summary="Una stampante condivisa per le imprese."),
    "news/stampante.en.md": news("New premises in Bovisa", "A shared printer for firms.", summary="A shared printer."),
    "news/avviso.it.md": news("Avviso alle imprese", "Dettagli nel testo.", summary="Esce il bando per le botteghe."),
    "news/avviso.en.md": news("Notice to firms", "Details inside.", summary="The call for workshops is out."),
    "news/citta.it.md": news("Quartieri", "Una città che produce."),
    "news/attivita.it.md": news("Calendario", "Le attività di febbraio."),
    "news/universita.it.md": news("Ricerca", "Accordo con l'università."),
    "news/circolare.it.md": news("Riuso dei materiali", "Scarti che tornano in produzione.",
                                 extra="tags: [Economia circolare]\n"),
    "news/laser.it.md": news("Taglio di precisione", "Un nuovo laser per il legno."),
    # Accented words whose stems keep the accent (qualit, virtù) or lose the vowel (caff).
    "news/qualita.it.md": news("Marchio collettivo", "Un marchio per la qualità delle botteghe."),
    "news/virtu.it.md": news("Pazienza", "La virtù degli artigiani."),
    "news/caffe.it.md": news("Pausa in officina", "Un caffè con i maker."),
    "news/markup.it.md": news('"<b>Grassetto</b> prototipi"', "Prototipi veloci.",
                              summary="<img src=x> prototipi in vetrina."),
    "news/mirtilli.en.md": news("Blueberry workshop", "Only in English: blueberry jam."),
    "news/bozza.it.md": news("Bozza", "Parola segretissima.", extra="status: draft\n"),
}

LABS = """
# yaml-language-server: $schema=./schemas/labs.schema.json
- id: fablab-prova-bovisa
  name: Officina Quadrifoglio
  kind: fablab
  address: Via della Prova 9, 20158 Milano
  municipio: 9
  lat: 45.50
  lon: 9.16
  services: [taglio-laser, stampa-3d]
  description:
    it: Laboratorio aperto ai quartieri.
    en: A lab open to the neighbourhoods.
- id: makerspace-prova-lambrate
  name: Officina Girasole
  kind: makerspace
  address: Via della Prova 3, 20134 Milano
  municipio: 3
  lat: 45.48
  lon: 9.23
  services: [stampa-3d]
  description:
    it: Spazio per maker.
    en: A space for makers.
"""


def make_search_site(base):
    site = FixtureSite(base)
    site.write_many(SEARCH_CONTENT)
    site.write_data("labs.yaml", LABS)
    return site


@pytest.fixture(scope="module")
def built(search_site):
    return search_site


def titles(result, lang_path):
    return {entry["title"] for entry in store(result, lang_path)}


def test_each_language_has_a_search_page_linked_to_the_other(built):
    _, result = built
    italian = lxml.html.fromstring(result.read("it/cerca/index.html"))
    english = lxml.html.fromstring(result.read("en/search/index.html"))
    assert italian.get("lang") == "it" and english.get("lang") == "en"
    assert italian.cssselect("body")[0].get("data-page-kind") == "search"
    assert {a.get("href") for a in italian.cssselect("[hreflang=en]")} == {"/en/search/"}
    assert {a.get("href") for a in english.cssselect("[hreflang=it]")} == {"/it/cerca/"}
    assert italian.cssselect("form[action='/it/cerca/'] input[name=q]")


def test_indexes_hold_only_their_own_language_and_no_drafts(built):
    _, result = built
    italian, english = titles(result, "it/cerca"), titles(result, "en/search")
    assert {"Nuova sede in Bovisa", "Quartieri", "Calendario", "Ricerca"} <= italian
    assert "Blueberry workshop" not in italian
    assert "Blueberry workshop" in english and "New premises in Bovisa" in english
    assert not {"Quartieri", "Calendario", "Ricerca", "Nuova sede in Bovisa"} & english
    assert "Bozza" not in italian | english
    assert not [path for path in (result.output / "it/cerca").glob("*.json") if "segretissim" in path.read_text()]


def test_store_entries_carry_what_a_result_shows(built):
    _, result = built
    entry = next(e for e in store(result, "it/cerca") if e["title"] == "Nuova sede in Bovisa")
    assert entry == {"title": "Nuova sede in Bovisa", "url": "it/notizie/stampante/", "section": "Notizie",
                     "date": "15 gennaio 2027", "datetime": "2027-01-15T00:00:00+01:00",
                     "summary": "Una stampante condivisa per le imprese."}


def test_index_terms_are_italian_stems_from_every_field(built):
    _, result = built
    terms = {term for path in (result.output / "it/cerca").glob("terms-*.json")
             for term in json.loads(path.read_text(encoding="utf-8"))["terms"]}
    assert {"stampant", "band", "citt", "attiv", "univers", "econom", "circol", "qualit", "virtù", "caff"} <= terms
    assert "perché" not in terms and "per" not in terms


def test_labs_are_searchable(built):
    _, result = built
    lab = next(e for e in store(result, "it/cerca") if e["title"] == "Officina Quadrifoglio")
    assert lab["section"] == "Laboratori" and "Municipio 9" in lab["summary"]


def test_lunr_files_are_copied_from_node_modules(built):
    _, result = built
    pairs = {"lunr/lunr.min.js": "lunr.min.js", "lunr-languages/min/lunr.it.min.js": "lunr.it.min.js",
             "lunr-languages/min/lunr.stemmer.support.min.js": "lunr.stemmer.support.min.js"}
    for package_file, name in pairs.items():
        assert (result.output / "theme/js/lunr" / name).read_bytes() == (ROOT / "node_modules" / package_file).read_bytes()


def test_only_the_search_pages_load_lunr_and_the_index(built):
    _, result = built
    loaders = sorted(path.relative_to(result.output).as_posix() for path in result.output.rglob("*.html")
                     if re.search(r"lunr|search\.js|index\.json", path.read_text(encoding="utf-8")))
    assert loaders == ["en/search/index.html", "it/cerca/index.html"]
    italian = result.read("it/cerca/index.html")
    index_url = re.search(r'data-index="/([^"?]+)\?v=[0-9a-f]{12}"', italian).group(1)
    assert result.exists(index_url)
    assert 'src="/theme/js/lunr/lunr.it.min.js"' in italian
    assert "lunr.it.min.js" not in result.read("en/search/index.html")


def italian():
    defaults = language_defaults("it")
    return Language("it", defaults["locale"], defaults["locale"], "Italian", defaults["stemmer"],
                    frozenset(defaults["stop_words"]), {}, {})


def test_after_a_body_edit_only_that_document_is_analysed_and_the_files_are_a_cold_build_s(tmp_path, monkeypatch):
    analysed, analyse = [], indexing.document_terms
    monkeypatch.setattr(indexing, "document_terms", lambda document, lang: analysed.append(document["url"])
                        or analyse(document, lang))
    documents = [{"title": f"Notizia {number}", "url": f"it/notizie/n{number}/", "section": "Notizie",
                  "summary": "Una stampante condivisa.", "tags": ["Stampa 3D"], "body": f"Testo {number} del laser."}
                 for number in range(4)]
    split = {"shard_bytes": 60, "store_chunk": 2}
    wiring._build_all({"it": documents}, [italian()], split, tmp_path / "warm")
    assert len(analysed) == 4
    edited = [dict(document) for document in documents]
    edited[2]["body"] = "Arrivano le frese per le botteghe."
    analysed.clear()
    warm = wiring._build_all({"it": edited}, [italian()], split, tmp_path / "warm")
    assert analysed == ["it/notizie/n2/"]
    assert warm == wiring._build_all({"it": edited}, [italian()], split, tmp_path / "cold")
