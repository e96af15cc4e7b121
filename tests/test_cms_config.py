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
