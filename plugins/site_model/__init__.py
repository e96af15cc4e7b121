"""site_model plugin: the site's languages, sections, registries, paths and
public URL as one checked object (``model.SiteModel``), built once at
start-up like Pelican's own ``configure_settings`` and read by every other
plugin and template.

- ``declarations``: the sections, registries, localised pages and plugin
  order, as plain data;
- ``model``: the pure core (``build_model``, the checks, ``url_for``);
- this module: the wiring. On ``initialized`` it builds the model, loads the
  string tables and refuses the build (naming both sides of each clash)
  before anything is read; it publishes ``settings["SITE_MODEL"]`` and
  ``settings["STRINGS"]``, Pelican's ARTICLE_PATHS / PAGE_PATHS from the
  sections, and the Jinja globals ``site_model`` and ``url_for``.

Must be the first plugin in PLUGINS (the check says so otherwise).
"""

from __future__ import annotations

import os
import sys

from pelican import signals

from common.errors import BuildRefused, format_report, sorted_errors

from .model import SiteModel, build_model, string_errors


def load_string_tables(folder, languages):
    # Imported here: the languages plugin's package reads the model (model_of) from this one.
    from languages.strings import load_string_tables as load

    return load(folder, languages)

MODEL_KEY = "SITE_MODEL"


def model_of(settings_or_context) -> SiteModel:
    """The build's model; outside a build (a task reading pelicanconf.py), built and checked from the settings."""
    model = settings_or_context.get(MODEL_KEY)
    if model is None:
        model, errors = build_model(settings_or_context)
        _refuse(errors)
    return model


def model_from_file(settings_file=None) -> SiteModel:
    """The model of a settings file (default: the repository's pelicanconf.py), for tools outside a build."""
    from pelican.settings import read_settings

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return model_of(read_settings(str(settings_file or os.path.join(root, "pelicanconf.py"))))


def strings_of(settings) -> dict:
    """STRINGS of the build; outside a build, the tables of the model's languages."""
    if "STRINGS" not in settings:
        settings["STRINGS"] = load_string_tables(_strings_folder(settings), model_of(settings).codes)
    return settings["STRINGS"]


def _strings_folder(settings):
    return settings.get("STRINGS_PATH") or os.path.join(settings["THEME"], "i18n")


def _refuse(errors):
    if errors:
        print(format_report(sorted_errors(errors)), file=sys.stderr)
        raise BuildRefused(errors)


def build(pelican_object):
    settings = pelican_object.settings
    model, errors = build_model(settings)
    folder = _strings_folder(settings)
    if not errors:
        # A language without its <lang>.yaml is reported by string_errors, not as a missing file.
        present = [code for code in model.codes if os.path.isfile(os.path.join(folder, f"{code}.yaml"))]
        tables = load_string_tables(folder, present)
        errors += string_errors(model, tables, _shown(folder, settings))
    _refuse(errors)
    settings[MODEL_KEY] = model
    settings["STRINGS"] = tables
    settings["ARTICLE_PATHS"] = [name for name in model.sections if name != "pages"]
    settings["PAGE_PATHS"] = ["pages"]


def _shown(folder, settings):
    """The strings folder as errors show it: relative to the site when inside it."""
    root = os.path.dirname(os.path.abspath(settings["THEME"]))
    relative = os.path.relpath(folder, root)
    return folder if relative.startswith("..") else relative


def add_globals(generator):
    model = model_of(generator.settings)
    generator.env.globals.update(site_model=model, url_for=model.url_for)


def register():
    signals.initialized.connect(build)
    signals.generator_init.connect(add_globals)
