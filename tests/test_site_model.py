"""The site model's acid tests, as real fixture-site builds (issue 16).

(a) A third language is settings plus strings: SITE_LANGUAGES + ["fr"],
LOCALISED_PATHS["fr"] and theme/i18n/*.fr.yaml give a working /fr/ site
(listings, feeds, search, registries, calendars, sitemap alternates).
(b) A new Markdown section is one model entry (SITE_SECTIONS) plus its
folder, strings and template. Both are shown by ONE grown site, built once
for the module. (c) Clashes refuse the build at start-up, naming both sides.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import textwrap

import pytest

from conftest import ROOT, FixtureSite
from test_site_model_core import FRENCH_PATHS
from visitors_site import LABS

SETTINGS = """\
import sys
sys.path.insert(0, {root!r})
from pelicanconf import *  # noqa: F401,F403

# (a) a third language: its code, its folders (strings: THEME/i18n/*.fr.yaml)
SITE_LANGUAGES = SITE_LANGUAGES + ["fr"]
LOCALISED_PATHS["fr"] = {french!r}
# (b) a new section: one entry, its folder in each language
SITE_SECTIONS = {{"stories": {{"fields": ["speaker"]}}}}
for lang, folder in (("it", "storie"), ("en", "stories"), ("fr", "recits")):
    LOCALISED_PATHS[lang]["stories"] = folder
THEME = {theme!r}
"""
# French strings: the English tables with the words a test reads translated.
FRENCH = {"language_name: English": "language_name: Français",
          "months: [January, February, March, April, May, June, July, August, September, October, November, "
          "December]": "months: [janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, "
                       "novembre, décembre]",
          "home: Home": "home: Accueil"}
STORIES = {"it": ("Storie", "Persone della manifattura milanese."),
           "en": ("Stories", "People of manufacturing in Milan."),
           "fr": ("Récits", "Les gens de la manufacture milanaise.")}
EVENTS = """\
# yaml-language-server: $schema=./schemas/events.schema.json
- id: porte-aperte
  title: {it: Porte aperte, en: Open doors, fr: Portes ouvertes}
  start: 2027-03-18 18:00
  venue: Officina Ticinese, Via Vigevano 10, Milano
  url: https://officina.example.org/porte-aperte
  lab: officina-ticinese
"""
ITEM = "---\ntitle: {title}\nsummary: {summary}\ndate: 2027-01-15\ntags: [{tag}]\n{extra}---\n{body}\n"
CALL_EXTRA = "deadline: 2027-04-30\napply_url: https://example.org/bando\naudience: [startup]\n"


def write_theme(base):
    """A copy of the theme with the French strings, the new section's strings and its template."""
    theme = base / "theme"
    shutil.copytree(ROOT / "theme", theme)
    i18n = theme / "i18n"
    for english in sorted(i18n.glob("*en.yaml")):
        text = english.read_text(encoding="utf-8")
        for old, new in FRENCH.items():
            text = text.replace(old, new)
        (i18n / english.name.replace("en.yaml", "fr.yaml")).write_text(text, encoding="utf-8")
    for lang, (name, intro) in STORIES.items():
        (i18n / f"stories.{lang}.yaml").write_text(textwrap.dedent(f"""\
            sections: {{stories: {name}}}
            section_intro: {{stories: {intro}}}
            feeds:
              sections: {{stories: {name}}}
              section_subtitles: {{stories: {intro}}}
            story_speaker: "{name}: "
            """), encoding="utf-8")
    (theme / "templates" / "partials" / "article_stories.html").write_text(
        '<p class="story-speaker">{{ STRINGS[lang].story_speaker }}{{ article.speaker }}</p>\n', encoding="utf-8")
    return theme


def write_content(site):
    for lang, title, body in (("it", "Laboratori aperti", "Stampa e fabbricazione digitale."),
                              ("en", "Open labs", "Printing and digital fabrication."),
                              ("fr", "Ateliers ouverts", "Impression et fabrication numérique.")):
        site.write(f"news/ateliers.{lang}.md", ITEM.format(title=title, summary=f"{title}.", tag="ateliers",
                                                         extra="", body=body))
        site.write(f"stories/marta.{lang}.md", ITEM.format(title=f"Marta ({lang})", summary="Una storia.",
                                                           tag="storie", extra="speaker: Marta Rossi\n", body="."))
    site.write("news/solo-italiano.it.md", ITEM.format(title="Solo in italiano", summary="Notizia.", tag="ateliers",
                                                       extra="", body="Testo."))
    site.write("opportunities/bando.it.md", ITEM.format(title="Bando impresa", summary="Contributi.", tag="bandi",
                                                        extra=CALL_EXTRA, body="Testo del bando."))
    site.write("opportunities/bando.fr.md", ITEM.format(title="Appel entreprise", summary="Aides.", tag="appels",
                                                        extra=CALL_EXTRA, body="Texte de l'appel."))
    site.write_data("labs.yaml", LABS)
    site.write_data("events.yaml", EVENTS)


def settings_file(base, theme):
    path = base / "grown.py"
    path.write_text(SETTINGS.format(root=str(ROOT), french=FRENCH_PATHS, theme=str(theme)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def grown(tmp_path_factory):
    """The fixture site with a third language and a new section, built once."""
    base = tmp_path_factory.mktemp("grown")
    site = FixtureSite(base)
    write_content(site)
    return site.build_ok(settings=str(settings_file(base, write_theme(base))))


def test_french_listings_pages_and_language_switch(grown):
    home = grown.read("fr/index.html")
    assert '<html lang="fr"' in home and 'href="/fr/actualites/"' in home
    listing = grown.read("fr/actualites/index.html")
    assert "Ateliers ouverts" in listing
    # The Italian-only item reaches the French listing, marked in French (CLDR's name of Italian).
    assert "Solo in italiano" in listing and "Solo in italien" not in listing
    assert re.search(r'card-lang-label" lang="fr">.*?italien', listing, re.S)
    article = grown.read("fr/actualites/ateliers/index.html")
    for lang, url in (("it", "/it/notizie/ateliers/"), ("en", "/en/news/ateliers/")):
        assert f'hreflang="{lang}"' in article and url in article
    assert '<meta property="og:locale" content="fr_FR">' in article
    assert "15 janvier 2027" in article
    assert grown.exists("fr/sujets/ateliers/index.html") and grown.exists("fr/404.html")
    assert 'href="fr/" lang="fr"' in grown.read("index.html")


def test_french_feeds_and_calendar(grown):
    feed = grown.read("fr/actualites/atom.xml")
    assert "Ateliers ouverts" in feed and "Laboratori aperti" not in feed
    assert "Appel entreprise" in grown.read("fr/appels/public/startup/atom.xml")
    calendar = grown.read("fr/calendar.ics")
    assert "Appel entreprise" in calendar and "Portes ouvertes" in calendar
    assert "Appel entreprise" in grown.read("fr/appels/bando/deadline.ics")
    assert grown.exists("fr/appels/etat/ouverts/index.html")


def test_french_search_stems_in_french_and_loads_lunr_french(grown):
    page = grown.read("fr/recherche/index.html")
    assert "theme/js/lunr/lunr.fr.min.js" in page and grown.exists("theme/js/lunr/lunr.fr.min.js")
    terms = set()
    for shard in (grown.output / "fr" / "recherche").glob("terms-*.json"):
        terms.update(json.loads(shard.read_text(encoding="utf-8"))["terms"])
    # snowballstemmer's French: "numérique" → "numer", "ouverts" → "ouvert"; "et" is a stop word.
    assert {"numer", "ouvert"} <= terms and "et" not in terms


def test_french_registries_fall_back_to_the_default_language_marked(grown):
    lab = grown.read("fr/laboratoires/officina-ticinese/index.html")
    assert re.search(r'lang="it"[^>]*>\s*Laboratorio di fabbricazione digitale\.', lab)
    events = grown.read("fr/evenements/index.html")
    assert "Portes ouvertes" in events
    assert grown.exists("fr/laboratoires/type/fablab/index.html")
    data = grown.read("fr/donnees/index.html")
    assert "_it, _en, _fr" in data
    with open(grown.output / "opendata" / "events.csv", encoding="utf-8") as handle:
        assert "title_fr" in handle.readline()


def test_sitemap_has_three_alternates(grown):
    sitemap = grown.read("sitemap.xml")
    entry = re.search(r"<url>\s*<loc>[^<]*/fr/actualites/ateliers/</loc>.*?</url>", sitemap, re.S).group(0)
    assert re.findall(r'hreflang="([a-z-]+)" href="([^"]+)"', entry) == [
        ("it", "https://www.manifatturamilano.it/it/notizie/ateliers/"),
        ("en", "https://www.manifatturamilano.it/en/news/ateliers/"),
        ("fr", "https://www.manifatturamilano.it/fr/actualites/ateliers/"),
        ("x-default", "https://www.manifatturamilano.it/it/notizie/ateliers/")]


def test_a_new_section_from_one_model_entry(grown):
    for lang, folder in (("it", "storie"), ("en", "stories"), ("fr", "recits")):
        listing = grown.read(f"{lang}/{folder}/index.html")
        assert f"Marta ({lang})" in listing and STORIES[lang][1] in listing
        article = grown.read(f"{lang}/{folder}/marta/index.html")
        assert f'<p class="story-speaker">{STORIES[lang][0]}: Marta Rossi</p>' in article
        assert f"Marta ({lang})" in grown.read(f"{lang}/{folder}/atom.xml")
        assert f'href="/{lang}/{folder}/"' in grown.read(f"{lang}/index.html")
    assert "Marta (fr)" in (grown.output / "fr" / "recherche" / "store-00.json").read_text(encoding="utf-8")


def refused(tmp_path, extra=None, settings="pelicanconf.py"):
    site = FixtureSite(tmp_path)
    result = site.build(extra=extra, settings=settings)
    assert result.returncode == 2, result.stderr
    assert not result.exists("index.html")
    return result.stderr


def test_a_section_at_a_registrys_path_refuses_the_build_naming_both(tmp_path):
    report = refused(tmp_path, {"SITE_SECTIONS": {"events": {}}})
    assert "section 'events' and registry 'events' both want the folder LOCALISED_PATHS[lang]['events']" in report
    assert "FileOverwriteFailedError" not in report


def test_a_language_without_strings_refuses_the_build_naming_both(tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    (theme / "i18n" / "fr.yaml").write_text((theme / "i18n" / "en.yaml").read_text(encoding="utf-8"),
                                            encoding="utf-8")
    paths = runpy.run_path(str(ROOT / "pelicanconf.py"))["LOCALISED_PATHS"]
    report = refused(tmp_path / "site", {"SITE_LANGUAGES": ["it", "en", "fr"],
                                         "LOCALISED_PATHS": {**paths, "fr": FRENCH_PATHS}, "THEME": str(theme)})
    assert "the string 'feeds.all_title' is in 'it' but missing in 'fr'" in report
    assert "how to fix: add 'feeds.all_title' to the fr strings" in report
