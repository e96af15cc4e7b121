"""Acid test of the site model's registries: a registry the project has
never heard of ("workshops") builds from one model entry (the setting
SITE_REGISTRIES) plus its data, schema, strings, templates and localised
folder; no plugin code names it. One small fixture site, built once."""

from __future__ import annotations

import json
import runpy
import shutil
import textwrap

import lxml.html
import pytest

from conftest import ROOT, FixtureSite

WORKSHOPS = """\
# yaml-language-server: $schema=./schemas/workshops.schema.json
- id: ceramica
  title: {it: Laboratorio di ceramica, en: Pottery workshop}
  hours: "mar-gio 10-18"
- id: legno
  title: {it: Falegnameria aperta}
  hours: "sab 9-13"
"""

SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Officine", "x-title-en": "Workshops",
    "type": "array",
    "items": {
        "type": "object", "required": ["id", "title"], "additionalProperties": False,
        "properties": {
            "id": {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$",
                   "description": "Identificativo.", "x-description-en": "Identifier."},
            "title": {"$ref": "#/$defs/text", "description": "Nome.", "x-description-en": "Name."},
            "hours": {"type": "string", "description": "Orari.", "x-description-en": "Opening hours."},
        },
    },
    "$defs": {"text": {"type": "object", "minProperties": 1, "additionalProperties": {"type": "string"}}},
}

STRINGS = {
    "it": """\
        registries:
          titles: {workshops: Officine}
          intros: {workshops: Le officine aperte della città.}
          datasets: {workshops: Officine aperte}
          dataset_descriptions: {workshops: "Le officine aperte, con i loro orari."}
        """,
    "en": """\
        registries:
          titles: {workshops: Workshops}
          intros: {workshops: The city's open workshops.}
          datasets: {workshops: Open workshops}
          dataset_descriptions: {workshops: "The open workshops, with their opening hours."}
        """,
}

TEMPLATES = {
    # The directory page: the registry's entries, as the model names them.
    "workshops.html": """\
        {%- extends 'registries/directory.html' -%}
        {%- set registry = 'workshops' -%}
        {%- from 'registries/macros.html' import t -%}
        {% block directory %}
        <ul class="workshops">
        {%- for workshop in workshops %}
          <li><a href="{{ SITEURL }}/{{ workshop.url[lang] }}">{{ t(workshop.title, lang) }}</a></li>
        {%- endfor %}
        </ul>
        {% endblock %}
        """,
    # An entry's own page, named after the registry's noun.
    "workshop.html": """\
        {%- extends 'base.html' -%}
        {%- from 'registries/macros.html' import t -%}
        {% block title %}{{ (workshop.title|pick(lang)).text }} · {{ SITENAME }}{% endblock %}
        {% block content %}{{ t(workshop.title, lang, 'h1') }}<p class="hours">{{ workshop.hours }}</p>{% endblock %}
        """,
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("new-registry")
    site = FixtureSite(base)
    site.write_data("workshops.yaml", WORKSHOPS)
    (site.data / "schemas" / "workshops.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    strings = base / "i18n"
    shutil.copytree(ROOT / "theme" / "i18n", strings)
    for lang, text in STRINGS.items():
        (strings / f"workshops.{lang}.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    templates = base / "templates" / "registries"
    templates.mkdir(parents=True)
    for name, text in TEMPLATES.items():
        (templates / name).write_text(textwrap.dedent(text), encoding="utf-8")
    paths = runpy.run_path(str(ROOT / "pelicanconf.py"))["LOCALISED_PATHS"]
    paths = {lang: {**folders, "workshops": {"it": "officine", "en": "workshops"}[lang]}
             for lang, folders in paths.items()}
    result = site.build_ok(extra={
        "SITE_REGISTRIES": {"workshops": {"noun": "workshop", "own_pages": True}},
        "LOCALISED_PATHS": paths,
        "STRINGS_PATH": str(strings),
        "THEME_TEMPLATES_OVERRIDES": [str(base / "templates")],
    })
    return result


def page(built, relpath):
    return lxml.html.fromstring(built.read(relpath))


def test_the_directory_page_lists_the_entries_in_each_language_and_links_its_translation(built):
    italian, english = page(built, "it/officine/index.html"), page(built, "en/workshops/index.html")
    assert italian.findtext(".//h1") == "Officine" and english.findtext(".//h1") == "Workshops"
    assert [a.get("href") for a in italian.cssselect(".workshops a")] == ["/it/officine/ceramica/",
                                                                          "/it/officine/legno/"]
    assert italian.cssselect('link[hreflang="en"]')[0].get("href") == "/en/workshops/"
    assert english.cssselect("body")[0].get("data-page-kind") == "workshops"


def test_each_entry_has_its_page_with_the_default_language_as_marked_fallback(built):
    pottery = page(built, "en/workshops/ceramica/index.html")
    assert pottery.findtext(".//h1") == "Pottery workshop"
    assert pottery.findtext('.//p[@class="hours"]') == "mar-gio 10-18"
    carpentry = page(built, "en/workshops/legno/index.html").cssselect("h1")[0]
    assert (carpentry.text, carpentry.get("lang")) == ("Falegnameria aperta", "it")
    assert page(built, "it/officine/legno/index.html").cssselect("body")[0].get("data-page-kind") == "workshop"


def test_the_registry_is_open_data_with_its_dataset_described(built):
    records = json.loads(built.read("opendata/workshops.json"))
    assert [record["id"] for record in records] == ["ceramica", "legno"]
    assert built.read("opendata/workshops.csv").splitlines()[0] == "id;title_it;title_en;hours"
    data = page(built, "en/data/index.html")
    blocks = [json.loads(script.text) for script in data.cssselect('script[type="application/ld+json"]')]
    dataset = next(block for block in blocks if block.get("name") == "Open workshops")
    assert dataset["@type"] == "Dataset"
    assert {d["contentUrl"].rsplit("/", 1)[-1] for d in dataset["distribution"]} == {"workshops.json",
                                                                                        "workshops.csv"}


def test_the_build_accounts_for_the_new_registry_files(built):
    assert "workshops" not in built.stderr
