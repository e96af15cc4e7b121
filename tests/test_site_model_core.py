"""The site model's pure core: what a language derives from its code, the
paths and url_for, and the clashes that refuse a build at start-up (no Pelican)."""

from __future__ import annotations

import copy
import runpy

import pytest

from conftest import ROOT
from site_model.model import build_model, string_errors

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
