"""The site model's pure core: what a language derives from its code, the
paths and url_for, and the clashes that refuse a build at start-up (no Pelican)."""

from __future__ import annotations

import copy
import runpy
from dataclasses import replace

import pytest
import snowballstemmer

from conftest import ROOT
from site_model.model import (Language, RegistryKind, Section, SiteModel, build_model, language_defaults,
                               language_errors, lunr_stop_words, plugin_order_errors, string_errors)

SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
FRENCH_PATHS = {
    "news": "actualites", "cases": "cas", "opportunities": "appels", "tags": "sujets", "labs": "laboratoires",
    "spaces": "espaces", "partners": "partenaires", "events": "evenements", "areas": "domaines",
    "indicators": "chiffres", "milestones": "etapes", "search": "recherche", "data": "donnees", "follow": "suivre",
    "filters": {"audience": "public", "status": "etat", "open": "ouverts", "closing": "bientot-clos",
                "upcoming": "a-venir", "closed": "clos", "kind": "type", "municipio": "municipio",
                "service": "service"},
}


def settings(**changes):
    result = copy.deepcopy({key: value for key, value in SETTINGS.items() if key.isupper()
                            and key != "JINJA_ENVIRONMENT"})
    result.update(changes)
    return result


def with_french(**changes):
    return settings(SITE_LANGUAGES=["it", "en", "fr"],
                    LOCALISED_PATHS={**SETTINGS["LOCALISED_PATHS"], "fr": FRENCH_PATHS}, **changes)


def messages(errors):
    return [error.format() for error in errors]


def test_the_real_settings_make_a_model_without_errors():
    model, errors = build_model(settings())
    assert errors == []
    assert model.codes == ("it", "en") and model.default_lang == "it"
    assert model.sections_where(listed=True) == ("news", "cases", "opportunities")
    assert model.sections_where(schema_type="NewsArticle") == ("news", "cases")
    assert model.registries_where(navigation=True) == ("labs", "spaces", "events", "areas")
    assert model.registries_where(search=True) == ("labs", "spaces", "partners", "events")
    assert model.public_url == "https://www.manifatturamilano.it"


def test_a_language_derives_locale_numbers_stemmer_and_stop_words_from_its_code():
    model, errors = build_model(with_french())
    assert errors == []
    italian, english, french = model.languages
    assert (italian.locale, italian.og_locale, italian.stemmer) == ("it_IT", "it_IT", "italian")
    # pelicanconf.py's LANGUAGE_SETTINGS makes English British (CLDR alone would say en_US).
    assert (english.locale, english.og_locale, english.stemmer) == ("en_GB", "en_GB", "lunr")
    assert (french.locale, french.og_locale, french.stemmer, french.english_name) == \
        ("fr_FR", "fr_FR", "french", "French")
    assert {"nous", "les", "dans"} <= french.stop_words and "perché" in italian.stop_words
    assert [language.number(36000) for language in model.languages] == ["36.000", "36,000", "36\u202f000"]
    assert french.number(12.5, 1) == "12,5"
    assert french.browser_scripts == ("lunr.stemmer.support.min.js", "lunr.fr.min.js")
    assert english.browser_scripts == ()


def test_english_stop_words_are_the_ones_lunr_js_drops_and_lunr_py_agrees():
    from lunr.stop_word_filter import WORDS

    english = build_model(with_french())[0].language("en")
    assert english.stop_words == frozenset(WORDS)
    assert len(english.stop_words) == 119 and {"a", "able", "your"} <= english.stop_words


def test_one_settings_entry_overrides_what_the_code_gives():
    model, errors = build_model(with_french(LANGUAGE_SETTINGS={"fr": {"locale": "fr_CA", "stop_words": ["le"]}}))
    assert errors == []
    french = model.language("fr")
    assert (french.locale, french.og_locale, french.stop_words) == ("fr_CA", "fr_CA", frozenset({"le"}))
    # The override replaces the whole entry: English falls back to CLDR's likely territory.
    assert model.language("en").locale == "en_US"


def test_url_for_and_segments():
    model, _ = build_model(with_french())
    assert model.url_for("home", "fr") == "fr/"
    assert model.url_for("news", "it") == "it/notizie/"
    assert model.url_for("labs", "en", "kind", "fablab") == "en/labs/kind/fablab/"
    assert model.url_for("tags", "fr", "stampa-3d") == "fr/sujets/stampa-3d/"
    assert model.segment("it", "audience") == "destinatari" and model.segment("fr", "search") == "recherche"
    assert "filters" not in model.paths_of("it")


def test_a_section_at_a_registrys_path_is_an_error_naming_both():
    _, errors = build_model(settings(SITE_SECTIONS={"events": {"required": ["title", "summary", "date"]}}))
    assert any("section 'events' and registry 'events' both want the folder LOCALISED_PATHS[lang]['events']" in m
               for m in messages(errors))


def test_two_folders_with_one_name_are_an_error_naming_both():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    paths["en"]["cases"] = "news"
    _, errors = build_model(settings(LOCALISED_PATHS=paths))
    assert messages(errors) == ["pelicanconf.py: field 'LOCALISED_PATHS': section 'news' and section 'cases' are "
                                "both at en/news/\n    how to fix: give one of them another folder in "
                                "LOCALISED_PATHS['en']"]


def test_a_language_without_its_folders_names_each_one():
    _, errors = build_model(settings(SITE_LANGUAGES=["it", "en", "fr"]))
    found = messages(errors)
    assert "pelicanconf.py: field 'LOCALISED_PATHS': section 'news' has no folder in 'fr'\n    how to fix: add " \
           "\"news\": \"...\" to LOCALISED_PATHS['fr']" in found
    assert any("the filter segment 'audience' has no name in 'fr'" in m for m in found)
    assert not any("'it'" in m or "'en'" in m for m in found)


def test_an_unknown_language_code_is_an_error():
    _, errors = build_model(settings(SITE_LANGUAGES=["it", "en", "qq"],
                                     LOCALISED_PATHS={**SETTINGS["LOCALISED_PATHS"], "qq": FRENCH_PATHS}))
    assert [e.message for e in errors] == ["'qq' is not a language code known to CLDR"]


def test_a_plugin_placed_before_one_it_needs_is_an_error_naming_both():
    plugins = list(SETTINGS["PLUGINS"])
    plugins.remove("languages")
    plugins.insert(plugins.index("feeds") + 1, "languages")
    _, errors = build_model(settings(PLUGINS=plugins))
    found = messages(errors)
    assert "pelicanconf.py: field 'PLUGINS': 'feeds' needs 'languages' placed before it\n    how to fix: move " \
           "'languages' before 'feeds' in PLUGINS" in found
    _, errors = build_model(settings(PLUGINS=plugins[1:] + ["site_model"]))
    assert any("'site_model' must be the first plugin" in m for m in messages(errors))


def test_missing_strings_name_the_language_that_has_them():
    model, _ = build_model(with_french())
    intro = {"section_intro": {"news": "N", "cases": "C", "opportunities": "O"}}
    tables = {"it": {**intro, "sections": {"news": "Notizie", "cases": "Casi", "opportunities": "Opportunità"},
                     "feeds": {"sections": {"news": "N", "cases": "C", "opportunities": "O"},
                               "section_subtitles": {"news": "N", "cases": "C", "opportunities": "O"}},
                     "home": "Home"},
              "en": {**intro, "sections": {"news": "News", "cases": "Cases", "opportunities": "Opportunities"},
                     "feeds": {"sections": {"news": "N", "cases": "C", "opportunities": "O"},
                               "section_subtitles": {"news": "N", "cases": "C", "opportunities": "O"}},
                     "home": "Home"}}
    french = copy.deepcopy(tables["en"])
    del french["home"]
    del french["feeds"]["sections"]["cases"]
    found = messages(string_errors(model, {**tables, "fr": french}))
    assert "theme/i18n/*.fr.yaml: field 'home': the string 'home' is in 'it' but missing in 'fr'\n    how to fix: " \
           "add 'home' to the fr strings (see theme/i18n/*.it.yaml)" in found
    assert "theme/i18n/*.fr.yaml: field 'feeds.sections.cases': section 'cases' has no string " \
           "'feeds.sections.cases' in 'fr'\n    how to fix: add 'feeds.sections.cases' to the fr strings" in found
    assert messages(string_errors(model, {**tables, "fr": {}})) == [
        "theme/i18n/fr.yaml: the language 'fr' has no strings\n    how to fix: copy theme/i18n/it.yaml and each "
        "*.it.yaml to the same names with .fr and translate them"]


def test_a_new_section_is_one_entry_with_its_folder_in_each_language():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    paths["it"]["stories"], paths["en"]["stories"] = "storie", "stories"
    model, errors = build_model(settings(SITE_SECTIONS={"stories": {"fields": ["speaker"]}},
                                         LOCALISED_PATHS=paths))
    assert errors == []
    assert model.sections_where(listed=True) == ("news", "cases", "opportunities", "stories")
    assert model.sections["stories"].fields == ("speaker",) and model.sections["stories"].dated
    assert model.url_for("stories", "it", "x") == "it/storie/x/"


@pytest.mark.parametrize("siteurl, public", [("", "https://www.manifatturamilano.it"),
                                             ("https://staging.example.org/", "https://staging.example.org")])
def test_one_public_url(siteurl, public):
    model, _ = build_model(settings(SITEURL=siteurl))
    assert model.public_url == public


def test_a_site_without_an_absolute_address_is_an_error():
    _, errors = build_model(settings(SITE_PUBLIC_URL=None))
    assert [e.field for e in errors] == ["SITE_PUBLIC_URL"]


# Every value in full (mutation testing: a changed word, default or flag fails) --

def test_the_declared_sections_registries_pages_and_plugin_order_in_full():
    model, _ = build_model(settings())
    assert model.sections == {
        "news": Section("news", (), ("title", "summary", "date"), True, True, True, True, "NewsArticle", True),
        "cases": Section("cases", ("company", "sector", "municipio", "website"),
                         ("title", "summary", "date", "company"), True, True, True, True, "NewsArticle", True),
        "opportunities": Section("opportunities", ("deadline", "opens", "amount", "audience", "apply_url",
                                                   "documents", "contact", "results_url"),
                                 ("title", "summary", "date", "deadline", "apply_url"), True, True, True, True, None,
                                 True),
        "pages": Section("pages", (), ("title", "summary"), False, False, False, True, None, False),
    }
    assert model.registries == {
        "labs": RegistryKind("labs", "lab", True, True, True, True, True, ("qualified_since",),
                             ("kind", "municipio", "service")),
        "spaces": RegistryKind("spaces", "space", False, True, True, True, True, (), ()),
        "partners": RegistryKind("partners", "partner", False, False, True, False, True, (), ()),
        "events": RegistryKind("events", "event", False, False, True, True, True, ("start", "end"), ()),
        "areas": RegistryKind("areas", "area", True, False, True, True, False, (), ()),
        "indicators": RegistryKind("indicators", "indicator", False, False, True, False, False, (), ()),
        "milestones": RegistryKind("milestones", "milestone", False, False, True, False, False, ("date",), ()),
        "sources": RegistryKind("sources", "source", False, False, False, False, False, (), ()),
        "contacts": RegistryKind("contacts", "contact", False, False, False, False, False, (), ()),
    }
    assert model.pages == {"tags": "languages", "search": "search", "data": "registries", "follow": "feeds"}
    assert model.plugin_needs == {
        "publication": ("content_model",), "languages": ("content_model", "publication"), "images": ("languages",),
        "registries": ("languages", "publication"), "opportunities": ("languages", "registries"),
        "feeds": ("languages", "images", "opportunities"), "search": ("languages", "registries"),
        "seo": ("languages",), "assets": ("languages",)}


def test_the_defaults_of_a_section_a_registry_and_a_language():
    assert Section("talks") == Section("talks", (), ("title", "summary"), True, True, True, True, None, True)
    assert RegistryKind("tools", "tool") == RegistryKind("tools", "tool", False, False, True, False, False, (), ())
    italian = build_model(settings())[0].language("it")
    assert italian.default is True and build_model(settings())[0].language("en").default is False
    assert replace(italian, default=True) == italian
    assert Language("xx", "xx", "xx", "X", "lunr", frozenset(), {}, {}).default is False
    assert SiteModel((), {}, {}, {}, "https://x.it").plugin_needs == {}


def test_templates_and_file_names_of_sections_and_registries():
    assert Section("talks").templates == ("partials/card_talks.html", "partials/article_talks.html")
    assert RegistryKind("labs", "lab", own_pages=True).templates == ("registries/labs", "registries/lab")
    assert RegistryKind("spaces", "space").templates == ("registries/spaces",)
    assert RegistryKind("areas", "area", own_pages=True, directory=False).templates == ("registries/area",)
    assert RegistryKind("sources", "source", directory=False).templates == ()
    assert (RegistryKind("labs", "lab").filename, RegistryKind("labs", "lab").schema_filename) == \
        ("labs.yaml", "labs.schema.json")


def test_language_names_numbers_and_paths():
    model, _ = build_model(settings())
    assert (model.language_name("en", "it"), model.language_name("it", "en")) == ("inglese", "Italian")
    italian = model.language("it")
    assert [italian.number(1234567), italian.number(1234.5, 2), italian.number(0.25, 1)] == \
        ["1.234.567", "1.234,50", "0,2"]
    assert model.paths_of("it") == {key: value for key, value in SETTINGS["LOCALISED_PATHS"]["it"].items()
                                    if key != "filters"}
    assert italian.filters == SETTINGS["LOCALISED_PATHS"]["it"]["filters"]
    assert model.segment("en", "labs") == SETTINGS["LOCALISED_PATHS"]["en"]["labs"]
    assert model.url_for("labs", "it") == f"it/{SETTINGS['LOCALISED_PATHS']['it']['labs']}/"
    assert model.sections_where(listed=False, feeds=False) == ("pages",)
    assert model.registries_where(directory=False, noun="source") == ("sources",)


def test_the_default_language_comes_first_and_is_marked():
    model, errors = build_model(settings(SITE_LANGUAGES=["en", "it"], DEFAULT_LANG="it"))
    assert errors == [] and model.codes == ("it", "en")
    assert [language.default for language in model.languages] == [True, False]
    model, errors = build_model(settings(SITE_LANGUAGES=["en", "it"], DEFAULT_LANG=None))
    assert errors == [] and model.codes == ("en", "it") and model.default_lang == "en"


def test_a_default_language_not_in_the_list_is_an_error_in_full():
    _, errors = build_model(settings(DEFAULT_LANG="fr"))
    assert messages(errors) == [
        "pelicanconf.py: field 'DEFAULT_LANG': the default language 'fr' is not in SITE_LANGUAGES\n    how to fix: "
        "add 'fr' to SITE_LANGUAGES or change DEFAULT_LANG"]
    model, errors = build_model(settings(SITE_LANGUAGES=None, DEFAULT_LANG=None))
    assert model.codes == () and [e.field for e in errors] == ["DEFAULT_LANG"]


def test_an_unknown_language_code_and_a_missing_address_in_full():
    _, errors = build_model(settings(SITE_LANGUAGES=["it", "en", "qq"],
                                     LOCALISED_PATHS={**SETTINGS["LOCALISED_PATHS"], "qq": FRENCH_PATHS}))
    assert messages(errors) == [
        "pelicanconf.py: field 'SITE_LANGUAGES': 'qq' is not a language code known to CLDR\n    how to fix: write a "
        "two-letter code such as 'fr', or set its locale in LANGUAGE_SETTINGS['qq']"]
    _, errors = build_model(settings(SITE_PUBLIC_URL=None))
    assert messages(errors) == [
        "pelicanconf.py: field 'SITE_PUBLIC_URL': the site has no absolute address: feeds, calendars and sitemaps "
        "need one\n    how to fix: set SITE_PUBLIC_URL = \"https://...\" (or an absolute SITEURL)"]


@pytest.mark.parametrize("siteurl, public, expected", [
    ("http://localhost:8000/", "https://x.it", "http://localhost:8000"),
    ("https://x.it/anteprimaX//", None, "https://x.it/anteprimaX"),
    ("", "https://x.it/siteX/", "https://x.it/siteX"),
    ("/preview", "https://x.it//", "https://x.it"),
    (None, "https://x.it", "https://x.it"),
    (None, None, ""),
])
def test_the_public_url_is_an_absolute_siteurl_or_else_site_public_url(siteurl, public, expected):
    model, errors = build_model(settings(SITEURL=siteurl, SITE_PUBLIC_URL=public))
    assert model.public_url == expected
    # http:// is an absolute address too (a local preview).
    assert [e.field for e in errors] == ([] if expected else ["SITE_PUBLIC_URL"])


def test_an_override_without_a_territory_is_its_own_og_locale():
    model, errors = build_model(with_french(LANGUAGE_SETTINGS={"fr": {"locale": "fr"}}))
    assert errors == []
    assert (model.language("fr").locale, model.language("fr").og_locale) == ("fr", "fr")
    # Open Graph's locale is language_TERRITORY, without a script.
    model, errors = build_model(with_french(LANGUAGE_SETTINGS={"fr": {"locale": "fr_Latn_FR"}}))
    assert errors == []
    assert (model.language("fr").locale, model.language("fr").og_locale) == ("fr_Latn_FR", "fr_FR")


def test_an_unknown_language_code_does_not_stop_the_next_ones():
    model, errors = build_model(settings(SITE_LANGUAGES=["it", "qq", "en"]))
    assert model.codes == ("it", "en") and [e.field for e in errors] == ["SITE_LANGUAGES"]


def test_a_section_or_registry_written_with_lists_is_made_of_tuples():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    paths["it"]["tools"], paths["en"]["tools"] = "strumenti", "tools"
    model, errors = build_model(settings(SITE_SECTIONS={"news": {"fields": ["speaker"], "required": ["title"]}},
                                         SITE_REGISTRIES={"tools": {"noun": "tool", "filters": ["kind"]}},
                                         LOCALISED_PATHS=paths))
    assert errors == []
    assert model.sections["news"] == Section("news", fields=("speaker",), required=("title",))
    assert model.registries["tools"] == RegistryKind("tools", "tool", filters=("kind",))
    assert list(model.registries)[-1] == "tools"


def test_every_clash_and_missing_folder_in_full():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    paths["it"]["cases"] = paths["it"]["news"]
    del paths["en"]["follow"]
    paths["en"]["filters"]["closed"] = ""
    _, errors = build_model(settings(SITE_SECTIONS={"events": {}}, LOCALISED_PATHS=paths))
    news = paths["it"]["news"]
    assert messages(errors) == [
        "pelicanconf.py: field 'SITE_SECTIONS': section 'events' and registry 'events' both want the folder "
        "LOCALISED_PATHS[lang]['events']\n    how to fix: rename the section (its content/ folder and its entry in "
        "SITE_SECTIONS)",
        f"pelicanconf.py: field 'LOCALISED_PATHS': section 'news' and section 'cases' are both at it/{news}/\n"
        "    how to fix: give one of them another folder in LOCALISED_PATHS['it']",
        "pelicanconf.py: field 'LOCALISED_PATHS': the follow page (plugin feeds) has no folder in 'en'\n    how to "
        "fix: add \"follow\": \"...\" to LOCALISED_PATHS['en']",
        "pelicanconf.py: field 'LOCALISED_PATHS': the filter segment 'closed' has no name in 'en'\n    how to fix: "
        "add \"closed\": \"...\" to LOCALISED_PATHS['en']['filters']",
    ]


def test_a_missing_folder_does_not_stop_the_checks_of_the_next_ones():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    del paths["en"]["news"]
    paths["en"]["follow"] = paths["en"]["search"]
    _, errors = build_model(settings(LOCALISED_PATHS=paths))
    assert [e.message for e in errors] == [
        "section 'news' has no folder in 'en'",
        f"the search page (plugin search) and the follow page (plugin feeds) are both at en/{paths['en']['search']}/"]


def test_sections_and_registries_without_a_folder_need_none():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    for lang in ("it", "en"):
        paths[lang].pop("pages", None)
        paths[lang].pop("sources", None)
    _, errors = build_model(settings(LOCALISED_PATHS=paths))
    assert errors == []


def test_every_plugin_order_error_in_full():
    model, _ = build_model(settings())
    assert plugin_order_errors(model, ()) == []
    assert messages(plugin_order_errors(model, ["site_model", "seo", "publication", "content_model"])) == [
        "pelicanconf.py: field 'PLUGINS': 'publication' needs 'content_model' placed before it\n    how to fix: "
        "move 'content_model' before 'publication' in PLUGINS",
        "pelicanconf.py: field 'PLUGINS': 'seo' needs 'languages' placed before it\n    how to fix: move "
        "'languages' before 'seo' in PLUGINS"]
    assert messages(plugin_order_errors(model, ["content_model", "site_model"])) == [
        "pelicanconf.py: field 'PLUGINS': 'site_model' must be the first plugin: every other one reads the model\n"
        "    how to fix: move 'site_model' to the start of PLUGINS"]
    assert plugin_order_errors(model, ["site_model", "content_model", "publication"]) == []


def test_stop_words_are_read_from_the_browsers_files(tmp_path):
    (tmp_path / "lunr-languages").mkdir()
    (tmp_path / "lunr-languages" / "lunr.fr.js").write_text(
        "lunr.fr.stopWordFilter = lunr.generateStopWordFilter(  'le la,les'.split(' '));", encoding="utf-8")
    (tmp_path / "lunr-languages" / "lunr.de.js").write_text("no filter here", encoding="utf-8")
    (tmp_path / "lunr").mkdir()
    (tmp_path / "lunr" / "lunr.js").write_text(
        "lunr.stopWordFilter = lunr.generateStopWordFilter([\n 'a',\n 'an'\n])", encoding="utf-8")
    assert lunr_stop_words("fr", tmp_path) == frozenset({"le", "la", "les"})
    assert lunr_stop_words("en", str(tmp_path)) == frozenset({"a", "an"})
    assert lunr_stop_words("de", tmp_path) == frozenset()
    assert lunr_stop_words("es", tmp_path) == frozenset()
    assert language_defaults("fr", tmp_path) == {"locale": "fr_FR", "stemmer": "french",
                                                 "stop_words": frozenset({"le", "la", "les"})}
    assert language_defaults("en", tmp_path) == {"locale": "en_US", "stemmer": "lunr",
                                                 "stop_words": frozenset({"a", "an"})}


def test_a_language_whose_browser_files_or_stemmer_are_missing_is_an_error_in_full(tmp_path):
    model, errors = build_model(with_french(SEARCH_NODE_MODULES=str(tmp_path),
                                            LANGUAGE_SETTINGS={"fr": {"stemmer": "klingon"}}))
    fix = "run `npm ci`; if lunr-languages has no such language, search cannot stem it in the browser"
    assert messages(errors) == [
        f"pelicanconf.py: field 'SITE_LANGUAGES': the search page of 'it' needs lunr-languages' "
        f"lunr.stemmer.support.min.js, which has none\n    how to fix: {fix}",
        f"pelicanconf.py: field 'SITE_LANGUAGES': the search page of 'it' needs lunr-languages' lunr.it.min.js, "
        f"which has none\n    how to fix: {fix}",
        f"pelicanconf.py: field 'SITE_LANGUAGES': the search page of 'fr' needs lunr-languages' "
        f"lunr.stemmer.support.min.js, which has none\n    how to fix: {fix}",
        f"pelicanconf.py: field 'SITE_LANGUAGES': the search page of 'fr' needs lunr-languages' lunr.fr.min.js, "
        f"which has none\n    how to fix: {fix}",
        "pelicanconf.py: field 'LANGUAGE_SETTINGS': no stemmer for 'fr' (snowballstemmer has no 'klingon')\n"
        "    how to fix: set LANGUAGE_SETTINGS['fr']['stemmer'] to one of "
        + ", ".join(snowballstemmer.algorithms())]
    assert model.language("en").stop_words == frozenset() and model.language("en").browser_scripts == ()
    # With the project's node_modules (the default), only the stemmer is missing.
    assert messages(language_errors(model)) == messages(errors)[-1:]


def test_missing_strings_in_full_sorted_and_once():
    model, _ = build_model(settings())
    needed = {"sections": {"news": "N", "cases": "C", "opportunities": "O"},
              "section_intro": {"news": "N", "cases": "C", "opportunities": "O"},
              "feeds": {"sections": {"news": "N", "cases": "C", "opportunities": "O"},
                        "section_subtitles": {"news": "N", "cases": "C", "opportunities": "O"}}}
    english = copy.deepcopy(needed)
    del english["section_intro"]["news"]
    english["extra"] = "E"
    italian = {**needed, "a_key": "A"}
    found = messages(string_errors(model, {"it": italian, "en": english}, folder="i18n"))
    # By file, then field, then message.
    assert found == [
        "i18n/*.en.yaml: field 'a_key': the string 'a_key' is in 'it' but missing in 'en'\n    how to fix: add "
        "'a_key' to the en strings (see i18n/*.it.yaml)",
        "i18n/*.en.yaml: field 'section_intro.news': section 'news' has no string 'section_intro.news' in 'en'\n"
        "    how to fix: add 'section_intro.news' to the en strings",
        "i18n/*.en.yaml: field 'section_intro.news': the string 'section_intro.news' is in 'it' but missing in 'en'\n"
        "    how to fix: add 'section_intro.news' to the en strings (see i18n/*.it.yaml)",
        "i18n/*.it.yaml: field 'extra': the string 'extra' is in 'en' but missing in 'it'\n    how to fix: add "
        "'extra' to the it strings (see i18n/*.en.yaml)"]
    assert messages(string_errors(model, {"it": needed})) == [
        "theme/i18n/en.yaml: the language 'en' has no strings\n    how to fix: copy theme/i18n/it.yaml and each "
        "*.it.yaml to the same names with .en and translate them"]
    # A language without strings does not stop the checks of the next ones.
    french_model, _ = build_model(with_french())
    assert messages(string_errors(french_model, {"en": needed, "fr": english})) == [
        "theme/i18n/*.en.yaml: field 'extra': the string 'extra' is in 'fr' but missing in 'en'\n    how to fix: add "
        "'extra' to the en strings (see theme/i18n/*.fr.yaml)",
        "theme/i18n/*.fr.yaml: field 'section_intro.news': section 'news' has no string 'section_intro.news' in "
        "'fr'\n    how to fix: add 'section_intro.news' to the fr strings",
        "theme/i18n/*.fr.yaml: field 'section_intro.news': the string 'section_intro.news' is in 'en' but missing in "
        "'fr'\n    how to fix: add 'section_intro.news' to the fr strings (see theme/i18n/*.en.yaml)",
        "theme/i18n/it.yaml: the language 'it' has no strings\n    how to fix: copy theme/i18n/it.yaml and each "
        "*.it.yaml to the same names with .it and translate them"]


def test_a_section_without_feeds_needs_no_feed_strings():
    paths = copy.deepcopy(SETTINGS["LOCALISED_PATHS"])
    paths["it"]["talks"], paths["en"]["talks"] = "incontri", "talks"
    model, errors = build_model(settings(SITE_SECTIONS={"talks": {"feeds": False}}, LOCALISED_PATHS=paths))
    assert errors == []
    table = {"sections": {"news": "N", "cases": "C", "opportunities": "O", "talks": "T"},
             "section_intro": {"news": "N", "cases": "C", "opportunities": "O", "talks": "T"},
             "feeds": {"sections": {"news": "N", "cases": "C", "opportunities": "O"},
                       "section_subtitles": {"news": "N", "cases": "C", "opportunities": "O"}}}
    assert string_errors(model, {"it": table, "en": table}) == []
