"""Search in real Chromium, on a built fixture site."""

from urllib.parse import quote

import pytest

from search.analysis import STEMMERS

pytestmark = pytest.mark.browser

# Inflections, accents, elisions and suffix-heavy words the Italian
# stemmers of lunr-languages and snowballstemmer must reduce alike.
ITALIAN_WORDS = """
stampante stampanti stampa stampare stampato stampando bando bandi città attività università opportunità
laboratorio laboratori manifattura manifatturiere digitale digitali artigiano artigiani artigianale artigianato
impresa imprese imprenditore imprenditrici spazio spazi periferia periferie progetto progetti formazione
innovazione innovativo innovative prototipo prototipi prototipazione taglio tagliare legno tessile tessili
riciclo riciclare comunità scuola scuole produzione produrre prodotto servizio servizi finanziamento
finanziamenti contributo contributi consulenza coworking elettronica robotica economia circolare sostenibilità
sostenibile tecnologia tecnologie tecnologico quartiere quartieri milanese milanesi abilitante coesione
sociale rigenerazione rigenerare candidatura candidature scadenza scadenze domanda domande aperto aperta
chiuso qualità perché più caffè lunedì virtù gioventù andare andando mangiarne mangiarlo facendolo
fresatura scansione makerspace fablab municipio municipi giovani donne lavoratori lavoratrici lavorazione
""".split()
ENGLISH_WORDS = """
calls call printers printing printed labs laboratories manufacturing artisans opportunities cities activities
universities training innovation prototyping recycling communities services districts deadlines applying
""".split()


@pytest.fixture
def tab(tab_at):
    """A tab kept for the module's tests (conftest.tab_at); the test fails on any script error in it."""
    tab = tab_at(1280)
    errors = []

    def record(error):
        errors.append(str(error))

    tab.on("pageerror", record)
    yield tab
    tab.remove_listener("pageerror", record)
    assert not errors, errors


def open_search(tab, search_url, query, path="it/cerca"):
    tab.goto(f"{search_url}/{path}/?q={quote(query)}")
    tab.wait_for_function("q => document.getElementById('search').dataset.renderedQuery === q", arg=query)
    return tab


def result_titles(tab):
    return tab.locator(".search-result-title").all_text_contents()


def status(tab):
    return tab.locator("#search-status").text_content()


def test_italian_and_english_stemmers_agree_in_the_browser(tab, search_url):
    tab.goto(f"{search_url}/it/cerca/")
    tab.wait_for_function("() => document.getElementById('search').dataset.searchReady === 'true'")
    browser_stems = tab.evaluate(
        "words => words.map(w => lunr.it.stemmer(new lunr.Token(w)).toString())", ITALIAN_WORDS)
    assert browser_stems == [STEMMERS["it"](word) for word in ITALIAN_WORDS]
    browser_stems = tab.evaluate("words => words.map(w => lunr.stemmer(new lunr.Token(w)).toString())", ENGLISH_WORDS)
    assert browser_stems == [STEMMERS["en"](word) for word in ENGLISH_WORDS]


@pytest.mark.parametrize("query, title", [
    ("stampanti", "Nuova sede in Bovisa"),
    ("bandi", "Avviso alle imprese"),
    ("città", "Quartieri"),
    ("attività", "Calendario"),
    ("università", "Ricerca"),
    ("qualità", "Marchio collettivo"),
    ("virtù", "Pazienza"),
    ("caffè", "Pausa in officina"),
    ("perché caffè", "Pausa in officina"),
    ("perché stampanti", "Nuova sede in Bovisa"),
    ("economia circolare", "Riuso dei materiali"),
    ("stampnti", "Nuova sede in Bovisa"),
])
def test_italian_queries_find_their_page(tab, search_url, query, title):
    open_search(tab, search_url, query)
    assert result_titles(tab)[0] == title


def test_a_typo_in_a_word_that_lunr_would_stem_still_finds_it(tab, search_url):
    open_search(tab, search_url, "lasre")
    assert "Taglio di precisione" in result_titles(tab)


def test_english_inflections_and_language_separation(tab, search_url):
    open_search(tab, search_url, "calls", "en/search")
    assert result_titles(tab) == ["Notice to firms"]
    open_search(tab, search_url, "blueberry", "en/search")
    assert result_titles(tab) == ["Blueberry workshop"]
    open_search(tab, search_url, "blueberry")
    assert result_titles(tab) == []


def test_result_shows_section_date_and_highlighted_summary(tab, search_url):
    open_search(tab, search_url, "stampanti")
    first = tab.locator(".search-result").first
    assert first.locator(".search-result-section").text_content() == "Notizie"
    assert first.locator("time").get_attribute("datetime") == "2027-01-15T00:00:00+01:00"
    assert first.locator("time").text_content() == "15 gennaio 2027"
    assert first.locator(".search-result-summary mark").all_text_contents() == ["stampante"]
    assert first.locator("a").get_attribute("href").endswith("/it/notizie/stampante/")


def test_untrusted_text_is_shown_as_text(tab, search_url):
    open_search(tab, search_url, "prototipi")
    result = tab.locator(".search-result").first
    assert result.locator(".search-result-title").text_content() == "<b>Grassetto</b> prototipi"
    assert result.locator("b, img").count() == 0
    assert result.locator("mark").all_text_contents() == ["prototipi", "prototipi"]


def test_the_count_is_announced_in_a_live_region(tab, search_url):
    open_search(tab, search_url, "stampanti")
    region = tab.locator("#search-status")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    assert status(tab) == "1 risultato per «stampanti»"


def test_typing_updates_results_and_a_shareable_url(tab, search_url):
    tab.goto(f"{search_url}/it/cerca/")
    tab.wait_for_function("() => document.getElementById('search').dataset.searchReady === 'true'")
    tab.locator("#search-page-q").press_sequentially("bandi")
    tab.wait_for_function("() => document.getElementById('search').dataset.renderedQuery === 'bandi'")
    assert result_titles(tab)[0] == "Avviso alle imprese"
    assert tab.url.endswith("/it/cerca/?q=bandi")
    tab.wait_for_function("() => document.getElementById('search-status').textContent.startsWith('1 risultato')")


def test_keyboard_moves_between_field_and_results(tab, search_url):
    open_search(tab, search_url, "prototipi stampanti")
    tab.locator("#search-page-q").focus()
    tab.keyboard.press("ArrowDown")
    assert tab.evaluate("document.activeElement.closest('.search-result') !== null")
    tab.keyboard.press("ArrowUp")
    assert tab.evaluate("document.activeElement.id") == "search-page-q"


@pytest.mark.parametrize("query, titles", [
    # lunr's query syntax is not lunr syntax here: the characters are dropped as any punctuation.
    ("+stampanti", ["Nuova sede in Bovisa"]),
    ("stampanti:", ["Nuova sede in Bovisa"]),
    ("title:bandi", ["Avviso alle imprese"]),
    ("bandi~2", ["Avviso alle imprese"]),
    ("stamp*", ["Officina Girasole", "Officina Quadrifoglio"]),
    ("^bando", ["Avviso alle imprese"]),
    ("laser -legno", ["Taglio di precisione"]),
    ("+:~*^", []),
    ("~", []),
    ("*", []),
])
def test_lunr_syntax_characters_never_raise(tab, search_url, query, titles):
    open_search(tab, search_url, query)
    assert sorted(result_titles(tab)) == titles
    expected = {0: f"Nessun risultato per «{query}».", 1: f"1 risultato per «{query}»"}.get(
        len(titles), f"{len(titles)} risultati per «{query}»")
    assert status(tab) == expected
    assert tab.locator("#search-suggestions").is_visible() == (not titles)


def test_no_result_state_is_honest_and_suggests_sections(tab, search_url):
    for query in ("zanzibarqwerty", "perché"):
        open_search(tab, search_url, query)
        assert status(tab) == f"Nessun risultato per «{query}»."
        assert tab.locator("#search-suggestions").is_visible()
        assert tab.locator(".search-browse-sections a").first.get_attribute("href") == "/it/notizie/"


def test_every_word_must_match_unless_none_matches_all(tab, search_url):
    open_search(tab, search_url, "stampante bando")
    assert tab.locator("#search-partial").is_visible()
    assert set(result_titles(tab)) == {"Nuova sede in Bovisa", "Avviso alle imprese"}
    open_search(tab, search_url, "imprese stampante")
    assert result_titles(tab) == ["Nuova sede in Bovisa"] and tab.locator("#search-partial").is_hidden()


def test_a_lab_is_found_by_service_and_municipio(tab, search_url):
    chunks = -(-tab.request.get(f"{search_url}/it/cerca/index.json").json()["documents"] // 3)
    stored = [entry for number in range(chunks)
              for entry in tab.request.get(f"{search_url}/it/cerca/store-{number:02d}.json").json()]
    assert any(entry["title"] == "Officina Quadrifoglio" for entry in stored), "labs are missing from the store"
    open_search(tab, search_url, "laser Municipio 9")
    assert result_titles(tab) == ["Officina Quadrifoglio"]
    open_search(tab, search_url, "stampa 3D Municipio 3")
    assert result_titles(tab) == ["Officina Girasole"]


def test_the_index_loads_only_on_the_search_page(tab, search_url):
    requested = []

    def record(request):
        requested.append(request.url)

    tab.on("request", record)
    tab.goto(f"{search_url}/it/")
    tab.goto(f"{search_url}/it/notizie/stampante/")
    elsewhere = list(requested)
    open_search(tab, search_url, "bandi")
    tab.remove_listener("request", record)  # the tab is kept for the next tests
    assert not [url for url in elsewhere if "lunr" in url or url.split("?")[0].endswith(".json")]
    assert any("/it/cerca/index.json" in url for url in requested)


def test_without_javascript_the_page_offers_sections_and_topics(browser, search_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{search_url}/it/")
    tab.fill("#search-q", "stampanti")
    tab.locator(".search-form button").click()
    tab.wait_for_url("**/it/cerca/?q=stampanti")
    assert tab.locator("#search-nojs").is_visible()
    assert tab.locator(".search-browse-sections a").count() >= 4
    assert "Economia circolare" in tab.locator(".search-browse-topics").text_content()
    context.close()
