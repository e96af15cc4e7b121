"""The Decap configuration is derived from the content contract, the code
lists and the registries' schemas (pure core, no Pelican): a field of the
contract missing from the editor, or a required field the editor lets go
empty, fails here."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
import yaml

from cms import config as core
from registries.loading import with_languages
from conftest import ROOT
from content_model import fields as contract
from site_model.model import Section

LANGUAGES = ["it", "en"]


@pytest.fixture(scope="module")
def codes():
    return yaml.safe_load((ROOT / "data" / "codes.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schemas():
    return {path.name[: -len(".schema.json")]: with_languages(json.loads(path.read_text(encoding="utf-8")), LANGUAGES)
            for path in sorted((ROOT / "data" / "schemas").glob("*.schema.json"))}


@pytest.fixture(scope="module")
def config(codes, schemas):
    return core.decap_config(LANGUAGES, codes, schemas, local_backend_url="http://127.0.0.1:8081/api/v1")


def collection(config, name):
    [found] = [c for c in config["collections"] if c["name"] == name]
    return found


@pytest.mark.parametrize("section", contract.DECLARED_SECTIONS)
def test_every_section_is_a_folder_of_two_language_files_with_every_contract_field(config, section):
    found = collection(config, section)
    assert found["folder"] == f"content/{section}" and found["format"] == "frontmatter"
    assert found["i18n"] == {"structure": "multiple_files", "locales": ["it", "en"], "default_locale": "it"}
    by_name = {field["name"]: field for field in found["fields"]}
    declared = contract.DECLARED_SECTIONS[section]
    expected = contract.COMMON_FIELDS | set(declared.fields)
    if not declared.dated:
        expected -= {"date"}
    assert set(by_name) - {"body"} == expected
    assert {name for name, field in by_name.items() if field["required"]} == set(declared.required)
    # Each language's file carries every field: what is not translated is copied.
    assert all(field["i18n"] in (True, "duplicate") for field in found["fields"])
    assert by_name["title"]["i18n"] is True and by_name.get("date", {"i18n": "duplicate"})["i18n"] == "duplicate"


def test_a_field_added_to_the_contract_appears_in_the_editor(codes, schemas, monkeypatch):
    declared = contract.DECLARED_SECTIONS
    sections = {**declared,
                "opportunities": replace(declared["opportunities"], fields=declared["opportunities"].fields + ("results_url",)),
                "news": replace(declared["news"], required=declared["news"].required + ("sources",))}
    monkeypatch.setattr(core, "COMMON_FIELDS", contract.COMMON_FIELDS | {"sources"})
    config = core.decap_config(LANGUAGES, codes, schemas, local_backend_url="http://127.0.0.1:8081/api/v1",
                               sections=sections)
    opportunities = {f["name"]: f for f in collection(config, "opportunities")["fields"]}
    news = {f["name"]: f for f in collection(config, "news")["fields"]}
    assert opportunities["results_url"]["pattern"] == core.URL_PATTERN
    assert news["sources"]["widget"] == "list" and news["sources"]["required"] is True


def test_dates_codes_image_and_status_follow_the_contract(config, codes):
    opportunities = {f["name"]: f for f in collection(config, "opportunities")["fields"]}
    cases = {f["name"]: f for f in collection(config, "cases")["fields"]}
    for name in ("date", "opens", "deadline", "modified"):
        assert opportunities[name]["widget"] == "datetime"
        assert opportunities[name]["format"] == "YYYY-MM-DD HH:mm" and opportunities[name]["picker_utc"] is False
    assert opportunities["audience"] == {**opportunities["audience"], "widget": "select", "multiple": True,
                                         "options": codes["audience"]}
    assert cases["sector"]["options"] == codes["sector"] and cases["sector"]["multiple"] is False
    assert opportunities["image"]["widget"] == "image" and "image_alt" in opportunities
    assert opportunities["status"]["options"] == ["published", "draft"]
    assert config["media_folder"] == "content/images" and config["public_folder"] == ""


def test_every_registry_is_a_file_whose_fields_come_from_its_schema(config, schemas, codes):
    for name, schema in schemas.items():
        found = collection(config, f"registry_{name}")
        [file] = found["files"]
        assert file["file"] == f"data/{name}.yaml" and found["format"] == f"registry-{name}"
        [entries] = file["fields"]
        items = schema["items"]
        by_name = {field["name"]: field for field in entries["fields"]}
        assert list(by_name) == list(items["properties"])
        assert {n for n, f in by_name.items() if f["required"]} == set(items.get("required", ()))
    labs = {f["name"]: f for f in collection(config, "registry_labs")["files"][0]["fields"][0]["fields"]}
    assert labs["kind"]["options"] == codes["lab_kind"]
    assert labs["services"]["options"] == codes["lab_services"] and labs["services"]["multiple"] is True
    assert labs["municipio"] == {**labs["municipio"], "widget": "number", "value_type": "int", "min": 1, "max": 9}
    assert labs["description"]["widget"] == "object"
    assert [(f["name"], f["required"]) for f in labs["description"]["fields"]] == [("it", False), ("en", False)]


def test_the_preview_uses_the_local_backend_and_production_the_editorial_workflow(codes, schemas):
    local = core.decap_config(LANGUAGES, codes, schemas, local_backend_url="http://127.0.0.1:8081/api/v1")
    assert local["backend"]["name"] == "proxy" and local["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}
    assert "publish_mode" not in local
    github = {"name": "github", "repo": "comune/manifattura-milano", "branch": "main"}
    production = core.decap_config(LANGUAGES, codes, schemas, backend=github)
    assert production["backend"] == github and production["publish_mode"] == "editorial_workflow"
    assert "local_backend" not in production


def test_the_admin_csp_allows_decap_and_the_git_host_only():
    local = core.admin_csp(local_backend_url="http://127.0.0.1:8081/api/v1")
    assert "connect-src 'self' blob: http://127.0.0.1:8081;" in local
    assert "default-src 'none'" in local and "'unsafe-inline'" not in local.split("style-src")[0]
    github = core.admin_csp(backend={"name": "github", "repo": "a/b"})
    assert "connect-src 'self' blob: https://api.github.com;" in github and "127.0.0.1" not in github
    gitlab = core.admin_csp(backend={"name": "gitlab", "repo": "a/b", "api_root": "https://git.comune.milano.it/api/v4",
                                     "base_url": "https://git.comune.milano.it"})
    assert "connect-src 'self' blob: https://git.comune.milano.it;" in gitlab


def test_a_schema_enum_is_a_select(codes):
    schema = {"items": {"type": "object", "required": ["kind"], "properties": {
        "kind": {"type": "string", "enum": ["email", "phone"]},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}}}}
    [entries] = core.registry_collection("contacts", schema, codes)["files"][0]["fields"]
    kind, tags = entries["fields"]
    assert (kind["widget"], kind["options"], kind["multiple"], kind["required"]) == ("select", ["email", "phone"], False, True)
    assert (tags["widget"], tags["options"], tags["multiple"]) == ("select", ["a", "b"], True)


def test_lists_and_objects_take_only_true_or_false_for_i18n(config):
    # Decap's config schema refuses "duplicate" on a list or an object field:
    # one such field and /admin/ shows "Error loading the CMS configuration".
    for found in config["collections"]:
        for field in found.get("fields", ()):
            if field["widget"] in ("list", "object"):
                assert isinstance(field["i18n"], bool), (found["name"], field["name"])


# Every value in full (mutation testing: a changed word, key or flag fails) -----

SMALL_CODES = {"sector": ["a", "b"], "audience": ["x", "y"], "lab_kind": ["fablab", "makerspace"]}
DATETIME = {"widget": "datetime", "format": "YYYY-MM-DD HH:mm", "date_format": "DD/MM/YYYY", "time_format": "HH:mm",
            "picker_utc": False}
URL = ["^https?://\\S+$", "a full web address, starting with https://"]


def test_every_field_widget_in_full():
    assert {name: core.field_widget(name, SMALL_CODES) for name in core.ORDER + ("speaker",)} == {
        "title": {"widget": "string"},
        "summary": {"widget": "text", "hint": "Plain text, one or two sentences (never Markdown)."},
        "date": DATETIME,
        "company": {"widget": "string"},
        "sector": {"widget": "select", "options": ["a", "b"], "multiple": False},
        "municipio": {"widget": "number", "value_type": "int", "min": 1, "max": 9},
        "website": {"widget": "string", "pattern": URL},
        "opens": {**DATETIME, "hint": "Europe/Rome time."},
        "deadline": {**DATETIME, "hint": "Europe/Rome time; the call is open up to and including this minute."},
        "amount": {"widget": "object", "collapsed": False, "hint": "In euro, numbers only.", "fields": [
            {"name": part, "label": part, "widget": "number", "value_type": "float", "min": 0, "required": False}
            for part in ("min", "max", "total")]},
        "audience": {"widget": "select", "options": ["x", "y"], "multiple": True},
        "apply_url": {"widget": "string", "pattern": URL},
        "results_url": {"widget": "string", "pattern": URL},
        "documents": {"widget": "list", "fields": [
            {"name": "title", "label": "title", "widget": "string"},
            {"name": "file", "label": "file", "widget": "string", "hint": "A path inside content/documents/."}]},
        "contact": {"widget": "string"},
        "image": {"widget": "image", "choose_url": False,
                  "hint": "A picture from content/images/; the site publishes processed copies only."},
        "image_alt": {"widget": "string",
                      "hint": "Required when there is an image: describe it for people who cannot see it."},
        "tags": {"widget": "list", "hint": "Words separated by commas."},
        "sources": {"widget": "list", "hint": "Ids of data/sources.yaml entries."},
        "slug": {"widget": "string", "pattern": ["^[a-z0-9]+(-[a-z0-9]+)*$", "lowercase letters, digits and hyphens"],
                 "hint": "Leave empty to use the file's key."},
        "modified": DATETIME,
        "status": {"widget": "select", "options": ["published", "draft"], "default": "published",
                   "hint": "A draft is never published (nor previewed): the build leaves it out."},
        "example": {"widget": "boolean", "default": False, "hint": "Invented placeholder content."},
        "speaker": {"widget": "string"},
    }
    # A code list the codes file lacks is a select without options.
    assert core.field_widget("sector", {}) == {"widget": "select", "options": [], "multiple": False}


def test_a_sections_fields_come_in_editor_order_then_new_ones_by_name_then_the_body():
    every = Section("talks", fields=("zeta", "company", "sector", "municipio", "website", "opens", "deadline",
                                     "amount", "audience", "apply_url", "results_url", "documents", "contact", "alpha"),
                    required=("title", "amount", "documents", "deadline"), dated=False)
    fields = core.section_fields(every, SMALL_CODES)
    assert [(f["name"], f["required"], f["i18n"]) for f in fields] == [
        ("title", True, True), ("summary", False, True), ("company", False, "duplicate"),
        ("sector", False, "duplicate"), ("municipio", False, "duplicate"), ("website", False, "duplicate"),
        ("opens", False, "duplicate"), ("deadline", True, "duplicate"), ("amount", True, True),
        ("audience", False, "duplicate"), ("apply_url", False, "duplicate"), ("results_url", False, "duplicate"),
        ("documents", True, True), ("contact", False, True), ("image", False, "duplicate"),
        ("image_alt", False, True), ("tags", False, True), ("sources", False, True), ("slug", False, True),
        ("modified", False, "duplicate"), ("status", False, "duplicate"), ("example", False, "duplicate"),
        ("alpha", False, "duplicate"), ("zeta", False, "duplicate"), ("body", False, True)]
    by_name = {f["name"]: f for f in fields}
    # Sub-fields say whether they are copied: the amount is the same in both files, the documents are not.
    assert [sub["i18n"] for sub in by_name["amount"]["fields"]] == ["duplicate"] * 3
    assert [sub["i18n"] for sub in by_name["documents"]["fields"]] == [True, True]
    assert by_name["title"] == {"name": "title", "label": "title", "widget": "string", "required": True, "i18n": True}
    assert by_name["body"] == {"name": "body", "label": "body", "widget": "markdown", "required": False, "i18n": True}
    dated = core.section_fields(Section("dated"), SMALL_CODES)
    assert [f["name"] for f in dated] == ["title", "summary", "date", "image", "image_alt", "tags", "sources", "slug",
                                          "modified", "status", "example", "body"]


def test_a_section_collection_in_full():
    found = core.section_collection(Section("talks"), ["en", "it"], SMALL_CODES)
    assert found == {
        "name": "talks", "label": "talks", "folder": "content/talks", "create": True, "extension": "md",
        "format": "frontmatter", "slug": "{{slug}}", "identifier_field": "title", "summary": "{{title}}",
        "i18n": {"structure": "multiple_files", "locales": ["en", "it"], "default_locale": "en"},
        "fields": core.section_fields(Section("talks"), SMALL_CODES)}


SCHEMA = {
    "title": "Laboratori", "x-title-en": "Labs",
    "$defs": {"text": {"type": "object", "description": "Testo", "x-description-en": "Text in each language",
                       "properties": {"it": {"type": "string"}, "en": {"type": "string"}}, "required": ["it"]},
              "code": {"type": "string", "pattern": "^[a-z]+$", "description": "Un codice"}},
    "items": {"type": "object", "required": ["name", "kind", "size"], "properties": {
        "name": {"$ref": "#/$defs/code", "description": "Il nome"},
        "kind": {"type": ["null", "string"], "x-codes": "lab_kind"},
        "tier": {"type": "string", "enum": ["a", "b"]},
        "services": {"type": "array", "items": {"x-codes": "lab_kind"}},
        "levels": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}},
        "people": {"type": "array", "items": {"type": "object", "required": ["who"], "properties": {
            "who": {"type": "string"}, "role": {"type": "string", "description": "Ruolo",
                                                "x-description-en": "Role"},
            "kind": {"x-codes": "lab_kind"}}}},
        "places": {"type": "array", "items": {"$ref": "#/$defs/text"}},
        "any": {"type": "array"},
        "words": {"type": "array", "items": {"type": "string"}},
        "description": {"$ref": "#/$defs/text"},
        "size": {"$ref": "#/$defs/text"},
        "loose": {"type": "object"},
        "rank": {"type": "integer", "minimum": 1, "maximum": 9},
        "share": {"type": ["number", "null"], "minimum": 0},
        "count": {"type": ["null", "integer"]},
        "open": {"type": "boolean"},
        "code": {"type": "string", "pattern": "^[A-Z]+$", "description": "Codice maiuscolo",
                 "x-description-en": "Upper-case code"},
        "where": {"type": "object", "properties": {"kind": {"x-codes": "lab_kind"}, "ref": {"$ref": "#/$defs/code"}}},
        "email": {"type": "string", "pattern": "@"},
        "other": {"$ref": "#/elsewhere"},
        "anything": {"type": ["null"]},
    }},
}
TEXT_PARTS = [{"name": "it", "label": "it", "widget": "string", "required": True},
              {"name": "en", "label": "en", "widget": "string", "required": False}]


def test_every_kind_of_schema_property_is_its_widget_in_full():
    [entries] = core.registry_collection("labs", SCHEMA, SMALL_CODES)["files"][0]["fields"]
    assert entries["fields"] == [
        {"name": "name", "label": "name", "widget": "string", "pattern": ["^[a-z]+$", "Il nome"], "required": True,
         "hint": "Il nome"},
        {"name": "kind", "label": "kind", "widget": "select", "options": ["fablab", "makerspace"], "multiple": False,
         "required": True},
        {"name": "tier", "label": "tier", "widget": "select", "options": ["a", "b"], "multiple": False,
         "required": False},
        {"name": "services", "label": "services", "widget": "select", "options": ["fablab", "makerspace"],
         "multiple": True, "required": False},
        {"name": "levels", "label": "levels", "widget": "select", "options": ["x", "y"], "multiple": True,
         "required": False},
        {"name": "people", "label": "people", "widget": "list", "required": False, "fields": [
            {"name": "who", "label": "who", "widget": "string", "required": True},
            {"name": "role", "label": "role", "widget": "string", "required": False, "hint": "Role"},
            {"name": "kind", "label": "kind", "widget": "select", "options": ["fablab", "makerspace"],
             "multiple": False, "required": False}]},
        {"name": "places", "label": "places", "widget": "list", "required": False, "fields": TEXT_PARTS},
        {"name": "any", "label": "any", "widget": "list", "required": False},
        {"name": "words", "label": "words", "widget": "list", "required": False},
        # An optional object: Decap must not require its parts when the whole is left empty.
        {"name": "description", "label": "description", "widget": "object", "collapsed": False, "required": False,
         "fields": [{**part, "required": False} for part in TEXT_PARTS], "hint": "Text in each language"},
        {"name": "size", "label": "size", "widget": "object", "collapsed": False, "required": True,
         "fields": TEXT_PARTS, "hint": "Text in each language"},
        {"name": "loose", "label": "loose", "widget": "string", "required": False},
        {"name": "rank", "label": "rank", "widget": "number", "value_type": "int", "min": 1, "max": 9,
         "required": False},
        {"name": "share", "label": "share", "widget": "number", "value_type": "float", "min": 0, "required": False},
        {"name": "count", "label": "count", "widget": "number", "value_type": "int", "required": False},
        {"name": "open", "label": "open", "widget": "boolean", "required": False},
        {"name": "code", "label": "code", "widget": "string", "pattern": ["^[A-Z]+$", "Upper-case code"],
         "required": False, "hint": "Upper-case code"},
        {"name": "where", "label": "where", "widget": "object", "collapsed": False, "required": False, "fields": [
            {"name": "kind", "label": "kind", "widget": "select", "options": ["fablab", "makerspace"],
             "multiple": False, "required": False},
            {"name": "ref", "label": "ref", "widget": "string", "pattern": ["^[a-z]+$", "Un codice"],
             "required": False, "hint": "Un codice"}]},
        {"name": "email", "label": "email", "widget": "string", "pattern": ["@", ""], "required": False},
        {"name": "other", "label": "other", "widget": "string", "required": False},
        {"name": "anything", "label": "anything", "widget": "string", "required": False},
    ]


@pytest.mark.parametrize("schema, label, summary", [
    (SCHEMA, "Labs", "{{fields.name}}"),
    ({"title": "Fonti", "items": {"properties": {"id": {"type": "string"}}}}, "Fonti", "{{fields.id}}"),
    ({"items": {"properties": {"value": {"type": "string"}}}}, "labs", "{{fields.id}}"),
    ({}, "labs", "{{fields.id}}"),
])
def test_a_registry_collection_in_full(schema, label, summary):
    found = core.registry_collection("labs", schema, SMALL_CODES)
    assert found == {
        "name": "registry_labs", "label": label, "format": "registry-labs", "extension": "yaml",
        "files": [{"name": "labs", "label": label, "file": "data/labs.yaml", "fields": [
            {"name": "entries", "label": label, "widget": "list", "summary": summary,
             "fields": core.schema_fields(schema.get("items", {}), schema, SMALL_CODES)}]}]}


TOP = {"locale": "it", "media_folder": "content/images", "public_folder": "",
       "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
       "i18n": {"structure": "multiple_files", "locales": ["it", "en"], "default_locale": "it"}}
GITHUB = {"name": "github", "repo": "comune/manifattura-milano", "branch": "main", "base_url": "https://auth.x.it"}


@pytest.mark.parametrize("backend, local, expected", [
    (None, "http://127.0.0.1:8081/api/v1",
     {"backend": {"name": "proxy", "proxy_url": "http://127.0.0.1:8081/api/v1", "branch": "main"},
      "local_backend": {"url": "http://127.0.0.1:8081/api/v1"}}),
    (GITHUB, None, {"backend": GITHUB, "publish_mode": "editorial_workflow"}),
    (GITHUB, "http://127.0.0.1:8081/api/v1",
     {"backend": GITHUB, "local_backend": {"url": "http://127.0.0.1:8081/api/v1"}}),
    (None, None, {"backend": {"name": "proxy", "proxy_url": None, "branch": "main"}}),
])
def test_the_whole_configuration_in_full(backend, local, expected):
    talks = Section("talks")
    config = core.decap_config(("it", "en"), SMALL_CODES, {"labs": SCHEMA, "areas": {}}, backend=backend,
                               local_backend_url=local, sections={"talks": talks})
    assert config == {**expected, **TOP, "collections": [
        core.section_collection(talks, ("it", "en"), SMALL_CODES),
        core.registry_collection("areas", {}, SMALL_CODES), core.registry_collection("labs", SCHEMA, SMALL_CODES)]}
    assert config["backend"] is not backend


CSP = ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "
       "blob:{images}; font-src 'self'; connect-src 'self' blob:{connect}; frame-src 'self'; object-src 'none'; "
       "base-uri 'self'; form-action 'none'")


@pytest.mark.parametrize("backend, local, images, connect", [
    (None, None, "", ""),
    (None, "http://127.0.0.1:8081/api/v1", "", " http://127.0.0.1:8081"),
    ({"name": "github", "repo": "a/b"}, None, " https://avatars.githubusercontent.com", " https://api.github.com"),
    ({"name": "github", "repo": "a/b", "api_root": "https://github.comune.it/api/v3"}, "http://localhost:8081/api",
     " https://avatars.githubusercontent.com", " http://localhost:8081 https://github.comune.it"),
    ({"name": "gitlab", "repo": "a/b"}, None, " https://gitlab.com", " https://gitlab.com"),
    ({"name": "gitlab", "repo": "a/b", "api_root": "https://api.git.it/v4", "base_url": "https://git.it"}, None,
     " https://gitlab.com", " https://api.git.it https://git.it"),
])
def test_the_admin_csp_in_full(backend, local, images, connect):
    assert core.admin_csp(backend=backend, local_backend_url=local) == CSP.format(images=images, connect=connect)


def test_the_configuration_s_text_is_kept_by_the_configuration_it_is_made_of(config, tmp_path):
    """A warm build takes config.yml's text from the last build when the configuration is the same."""
    from cms import wiring

    settings = {"CACHE_PATH": str(tmp_path)}
    other = {**config, "local_backend": False}
    for expected in (config, other, config):
        assert wiring.kept_config_yaml(settings, expected) == wiring.config_yaml(expected)
    assert wiring.config_yaml(other) != wiring.config_yaml(config)
    assert list(wiring.KeptValues.in_cache(settings, wiring.CONFIG_CACHE_FILE).kept.values()) == \
        [wiring.config_yaml(config)]
