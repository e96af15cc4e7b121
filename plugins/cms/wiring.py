"""Pelican wiring of the cms core: ``admin/`` written into the output at the end of the build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jinja2
import yaml

from common.buildcache import KeptValues, code_digest, data_digest
from registries.loading import with_languages
from site_model import model_of

from . import config as core

HERE = Path(__file__).resolve().parent
ADMIN = "admin"
DECAP_PACKAGE = "decap-cms/dist"
YAML_PACKAGE = "js-yaml/dist/js-yaml.min.js"
# Strings of the theme the preview templates show, so the preview says what the page will say.
PREVIEW_STRINGS = ("sections", "published_on", "updated_on", "tags", "example_content", "months", "date_format",
                   "case", "codes", "key_facts")
PREVIEW_OPPORTUNITY_STRINGS = ("facts",)


def site_model(settings):
    """(languages, codes, schemas) of the site being built."""
    with open(settings["CONTENT_CODES_FILE"], encoding="utf-8") as handle:
        codes = yaml.load(handle, Loader=_LOADER) or {}
    languages = list(model_of(settings).codes)
    schemas = {}
    for path in sorted((Path(settings["DATA_PATH"]) / "schemas").glob("*.schema.json")):
        schemas[path.name[: -len(".schema.json")]] = with_languages(json.loads(path.read_text(encoding="utf-8")),
                                                                    languages)
    return languages, codes, schemas


def config_for(settings):
    languages, codes, schemas = site_model(settings)
    return core.decap_config(languages, codes, schemas, settings.get("CMS_BACKEND"),
                             settings.get("CMS_LOCAL_BACKEND_URL"), model_of(settings).sections)


# libyaml's emitter and parser when PyYAML has them: the same text for this configuration, about a
# fifth of the pure-Python one's CPU (0.1 s of every build at 1,000 keys), the same codes.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The configuration's text of the last build, by the digest of the configuration (and of this module:
# the text's header and options): PyYAML's representer stays pure Python, 0.05 s of a warm build.
CONFIG_CACHE_FILE = "cms-config.pickle"
CONFIG_CODE = code_digest([__file__], libraries=["PyYAML"])


def config_yaml(config):
    return "# Written by the build from the site's model (plugins/cms): do not edit.\n" + yaml.dump(
        config, Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=1000)


def kept_config_yaml(settings, config):
    kept = KeptValues.in_cache(settings, CONFIG_CACHE_FILE)
    text = kept.get(data_digest([CONFIG_CODE, config]), lambda: config_yaml(config))
    kept.save()
    return text


def registry_formats(settings, config):
    """For each registry format: the comment lines at the top of ``data/<name>.yaml``
    and the order of an entry's fields, both kept when the editor rewrites the file."""
    formats = {}
    for collection in config["collections"]:
        if "files" not in collection:
            continue
        name = collection["files"][0]["name"]
        path = Path(settings["DATA_PATH"]) / f"{name}.yaml"
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        header = []
        for line in lines:
            if not line.startswith("#"):
                break
            header.append(line)
        formats[collection["format"]] = {
            "header": "\n".join(header or [f"# yaml-language-server: $schema=./schemas/{name}.schema.json"]) + "\n",
            "order": [field["name"] for field in collection["files"][0]["fields"][0]["fields"]],
        }
    return formats


def preview_strings(settings):
    labels = {}
    for lang, table in settings["STRINGS"].items():
        picked = {key: table[key] for key in PREVIEW_STRINGS if key in table}
        picked["opportunity"] = {key: table["opportunity"][key] for key in PREVIEW_OPPORTUNITY_STRINGS
                                 if key in table.get("opportunity", {})}
        labels[lang] = picked
    return labels


def decap_files(node_modules: Path):
    """Decap's browser bundle, its lazily loaded chunks and web-assembly files, and its licence notice."""
    dist = node_modules / DECAP_PACKAGE
    names = ["decap-cms.js", "decap-cms.js.LICENSE.txt"]
    names += sorted(p.name for p in dist.glob("*.decap-cms.js"))
    names += sorted(p.name for p in dist.glob("*.wasm"))
    return [dist / name for name in names]


def write_admin(pelican_object):
    settings = pelican_object.settings
    backend = settings.get("CMS_BACKEND")
    local = settings.get("CMS_LOCAL_BACKEND_URL")
    if not backend and not local:
        return
    output = Path(pelican_object.output_path) / ADMIN
    output.mkdir(parents=True, exist_ok=True)
    config = config_for(settings)
    (output / "config.yml").write_text(kept_config_yaml(settings, config), encoding="utf-8")

    node_modules = Path(settings.get("CMS_NODE_MODULES") or HERE.parents[1] / "node_modules")
    for source in decap_files(node_modules):
        shutil.copyfile(source, output / source.name)
    shutil.copyfile(node_modules / YAML_PACKAGE, output / "js-yaml.min.js")
    for name in ("cms.js", "manual-init.js"):
        shutil.copyfile(HERE / "static" / name, output / name)

    site_url = settings.get("SITEURL", "")
    page_data = {
        "labels": preview_strings(settings),
        "formats": registry_formats(settings, config),
        "styles": [f"{site_url}/theme/css/site.css", f"{site_url}/theme/css/opportunities.css"],
        "default_lang": model_of(settings).default_lang,
    }
    csp = core.admin_csp(backend, local)
    # The hosting headers (publishing plugin) give /admin/ this policy, not the public pages' one.
    settings.setdefault("HOSTING_FOLDER_CSP", {})[ADMIN] = csp
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True)
    html = environment.get_template("index.html").render(
        csp=csp, page_data=page_data,
        lang=model_of(settings).default_lang, sitename=settings.get("SITENAME", ""),
    )
    (output / "index.html").write_text(html, encoding="utf-8")
