"""Pelican wiring of search: documents from the built context, the index
built in a worker process while Pelican writes pages, one search page per
language, and lunr's browser files copied from node_modules.

Settings (all optional): ``SEARCH_IN_WORKER`` (default True: build the
indexes in a forked process beside page writing), ``SEARCH_NODE_MODULES``
(default: the repository's node_modules), ``SEARCH_SHARD_BYTES`` and
``SEARCH_STORE_CHUNK`` (how the index is split, see ``indexing``).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from common.background import BackgroundJob
from languages.site_index import page_alternates
from languages.strings import long_date

from . import documents as docs

ITEM_SECTIONS = ("news", "cases", "opportunities")
REGISTRY_SECTIONS = ("labs", "spaces", "partners", "events")
SCRIPTS_FOLDER = "theme/js/lunr"
# (package file, name in the output): lunr.js core, lunr-languages' stemmer
# support and Italian, each with its licence.
BROWSER_FILES = (
    ("lunr/lunr.min.js", "lunr.min.js"),
    ("lunr/LICENSE", "LICENSE-lunr.txt"),
    ("lunr-languages/min/lunr.stemmer.support.min.js", "lunr.stemmer.support.min.js"),
    ("lunr-languages/min/lunr.it.min.js", "lunr.it.min.js"),
    ("lunr-languages/LICENSE", "LICENSE-lunr-languages.txt"),
)

_pending = {}
_versions = {}  # output path -> digest of the documents, for the index URL's ?v=


def search_folder(settings, lang):
    return f"{lang}/{settings['LOCALISED_PATHS'][lang]['search']}/"


def scripts_for(lang):
    """Browser files the search page of ``lang`` loads, in order."""
    names = ["lunr.min.js"]
    if lang != "en":
        names += ["lunr.stemmer.support.min.js", f"lunr.{lang}.min.js"]
    return [f"{SCRIPTS_FOLDER}/{name}" for name in names]


def _iso(moment):
    return moment.isoformat() if hasattr(moment, "isoformat") else ""


def item_documents(site, lang, strings):
    """Documents of the items written in ``lang`` only (never a translation's fallback)."""
    labels = strings.get("sections", {})
    items = [item for section in ITEM_SECTIONS for item in site["native"].get(section, ())]
    items += [page for page in site.get("pages", ()) if page.lang == lang]
    result = []
    for item in items:
        dated = item.section != "pages" and getattr(item, "date", None) is not None
        result.append(_marked(item, docs.content_document(
            title=item.title,
            url=item.url,
            section_label=labels.get(item.section, item.section),
            summary=getattr(item, "summary", ""),
            tags=[tag.name for tag in getattr(item, "tags", ()) or ()],
            body_html=item.content,
            date=long_date(item.date, strings) if dated else "",
            datetime=_iso(item.date) if dated else "",
        )))
    return result


def _marked(thing, document):
    """An example (preview builds only) is marked in the results: search.js shows the mark."""
    example = thing.get("example") if isinstance(thing, dict) else getattr(thing, "example", False)
    if example:
        document["example"] = True
    return document


def _event_moment(value):
    if hasattr(value, "isoformat"):
        return value
    try:
        from content_model.dates import parse_instant

        return parse_instant(value)
    except Exception:  # noqa: BLE001 - an unreadable date is the registries plugin's error to report
        return None


def registry_documents(registries, lang, strings, paths):
    """Documents of the registry entries (labs, spaces, partners, events)."""
    labels = strings.get("search_page", {}).get("registry_sections", {})
    result = []
    for name in REGISTRY_SECTIONS:
        entries = registries.get(name) or ()
        listing = f"{lang}/{paths[lang][name]}/" if name in paths[lang] else f"{lang}/"
        label = labels.get(name, name)
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            if name == "labs":
                document = docs.lab_document(entry, lang, strings, listing, label)
            elif name == "events":
                moment = _event_moment(entry.get("start"))
                document = docs.named_entry_document(
                    entry, lang, listing, label,
                    date=long_date(moment, strings) if moment else "", datetime=_iso(moment) if moment else "",
                )
            else:
                document = docs.named_entry_document(entry, lang, listing, label)
            if document["title"]:
                result.append(_marked(entry, document))
    return result


def _documents_by_language(context, settings):
    strings = settings["STRINGS"]
    paths = settings["LOCALISED_PATHS"]
    registries = context.get("REGISTRIES") or {}
    return {
        lang: item_documents(context["LANG_SITE"][lang], lang, strings[lang])
        + registry_documents(registries, lang, strings[lang], paths)
        for lang in settings["SITE_LANGUAGES"]
    }


def _build_all(documents_by_language, split):
    # Imported here, in the worker: lunr.py loads nltk on import, which would
    # add most of a second to every build's start.
    from .indexing import search_files  # noqa: PLC0415

    return {lang: search_files(documents, lang, **split) for lang, documents in documents_by_language.items()}


def start_index_build(generators):
    """all_generators_finalized: every item and registry is read; start the indexes."""
    generator = next((g for g in generators if "LANG_SITE" in g.context), None)
    if generator is None:
        return
    context, settings = generator.context, generator.settings
    documents = _documents_by_language(context, settings)
    digest = hashlib.sha256(json.dumps(documents, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    # Kept out of the shared context: only the search page names it, and every page's
    # render key holds the context (plugins/rendering), so a body edit would render them all.
    _versions[settings["OUTPUT_PATH"]] = digest.hexdigest()[:12]
    split = {name: settings[setting] for name, setting in (("shard_bytes", "SEARCH_SHARD_BYTES"),
                                                           ("store_chunk", "SEARCH_STORE_CHUNK")) if setting in settings}
    _pending[settings["OUTPUT_PATH"]] = BackgroundJob(
        "Building the search index", _build_all, documents, split, in_worker=settings.get("SEARCH_IN_WORKER", True))


def write_index_files(pelican_object):
    """finalized: pages are written; wait for the indexes and write them."""
    settings = pelican_object.settings
    job = _pending.pop(settings["OUTPUT_PATH"], None)
    if job is None:
        return
    output = Path(settings["OUTPUT_PATH"])
    for lang, files in job.result().items():
        folder = output / search_folder(settings, lang)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)


def node_modules(settings):
    return Path(settings.get("SEARCH_NODE_MODULES") or Path(__file__).resolve().parents[2] / "node_modules")


def copy_browser_files(settings):
    source = node_modules(settings)
    target = Path(settings["OUTPUT_PATH"]) / SCRIPTS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for package_file, name in BROWSER_FILES:
        path = source / package_file
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `npm ci` to install lunr and lunr-languages")
        shutil.copyfile(path, target / name)


class SearchPageGenerator(Generator):
    """Writes ``<lang>/<search path>/index.html`` for every language."""

    def generate_output(self, writer):
        settings = self.settings
        languages = settings["SITE_LANGUAGES"]
        version = _versions.get(settings["OUTPUT_PATH"], "")
        site = self.context.get("LANG_SITE", {})
        for lang in languages:
            folder = search_folder(settings, lang)
            alternates = page_alternates(languages, lang, lambda other: search_folder(settings, other))
            writer.write_file(
                folder + "index.html",
                self.get_template("search"),
                self.context,
                template_name="search",
                url=folder,
                lang=lang,
                alternates=alternates,
                page_kind="search",
                search_index_url=f"{folder}index.json?v={version}",
                search_scripts=scripts_for(lang) + ["theme/js/search.js"],
                search_tags=site.get(lang, {}).get("tags", {}),
                search_registry_sections=[name for name in REGISTRY_SECTIONS
                                          if (self.context.get("REGISTRIES") or {}).get(name)],
            )
        copy_browser_files(settings)


def get_generators(pelican_object):
    return SearchPageGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_index_build)
    signals.finalized.connect(write_index_files)
