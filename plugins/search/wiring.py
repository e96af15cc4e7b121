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
import sys
from pathlib import Path

from pelican import signals
from pelican.generators import Generator

from common.background import collect_job, start_job
from common.buildcache import KeptValues, code_digest, data_digest
from languages.site_index import page_alternates
from languages.strings import long_date
from site_model import model_of

from . import documents as docs

SCRIPTS_FOLDER = "theme/js/lunr"
# What the last build made, for the next one: the plain text of each body (by the digest of
# its HTML; one file per language, read by the index job), and each language's index files (by
# the digest of everything they are made of).
TEXT_CACHE_FILE = "search-body-text-{lang}.pickle"
INDEX_CACHE_FILE = "search-index-files.pickle"
# Each document's analysed terms (by the digest of its fields' texts and of the analyser), one file
# per language: a body edit analyses that one document again, and a language whose index is kept
# keeps its file untouched.
TERMS_CACHE_FILE = "search-terms-{lang}.pickle"
# The code that makes them: this plugin's modules, lunr's and the stemmers' versions.
SEARCH_CODE = code_digest(Path(__file__).parent.glob("*.py"), libraries=["lunr", "snowballstemmer"])
INDEX_JOB = "Building the search index"


def browser_files(model):
    """(package file, name in the output): lunr.js core and its licence, and
    for languages lunr.js does not analyse itself lunr-languages' stemmer
    support, each language's file and their licence."""
    files = [("lunr/lunr.min.js", "lunr.min.js"), ("lunr/LICENSE", "LICENSE-lunr.txt")]
    names = [name for language in model.languages for name in language.browser_scripts]
    for name in dict.fromkeys(names):
        files.append((f"lunr-languages/min/{name}", name))
    if names:
        files.append(("lunr-languages/LICENSE", "LICENSE-lunr-languages.txt"))
    return files


def search_folder(settings, lang):
    return model_of(settings).url_for("search", lang)


def scripts_for(language):
    """Browser files the search page of ``language`` (a model Language) loads, in order."""
    return [f"{SCRIPTS_FOLDER}/{name}" for name in ("lunr.min.js", *language.browser_scripts)]


def _iso(moment):
    return moment.isoformat() if hasattr(moment, "isoformat") else ""


def item_documents(site, lang, strings, model, text_of=docs.plain_text):
    """Documents of the items written in ``lang`` only (never a translation's fallback), of the
    model's sections in search: a listed section's items, then the pages. ``text_of``: plain_text
    or a function giving the same text, or None to keep each body's HTML (``docs.content_document``)."""
    labels = strings.get("sections", {})
    searched = model.sections_where(search=True)
    items = [item for section in searched if model.sections[section].listed for item in site["native"][section]]
    items += [page for page in site["pages"] if page.lang == lang and page.section in searched]
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
            text_of=text_of,
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


def registry_documents(registries, lang, strings, model):
    """Documents of the entries of the model's registries in search (labs, spaces, partners, events)."""
    labels = strings.get("search_page", {}).get("registry_sections", {})
    result = []
    for name in model.registries_where(search=True):
        entries = registries.get(name) or ()
        listing = model.url_for(name, lang) if model.registries[name].directory else model.url_for("home", lang)
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
    """Each language's documents, the items' bodies still in HTML (``body_html``): the index job reads
    their text beside page writing (``_with_texts``), not the main process before it forks the pages'."""
    strings = settings["STRINGS"]
    model = model_of(settings)
    registries = context["REGISTRIES"]
    return {
        lang: item_documents(context["LANG_SITE"][lang], lang, strings[lang], model, text_of=None)
        + registry_documents(registries, lang, strings[lang], model)
        for lang in model.codes
    }


def _with_texts(documents, path):
    """``documents`` with each body's text (``docs.with_body_text``), kept in ``path`` by the digest of its HTML."""
    texts = KeptValues(path)

    def text_of(html):
        return texts.get(hashlib.sha256(f"{SEARCH_CODE}\0{html}".encode("utf-8")).hexdigest(),
                         lambda: docs.plain_text(html))

    documents = [docs.with_body_text(document, text_of) for document in documents]
    texts.save()
    return documents


def _analyser(language):
    """What a language's terms are made of besides the text: the code, the stemmer, the stop words."""
    return data_digest([SEARCH_CODE, language.code, language.stemmer, sorted(language.stop_words)])


def _build_all(documents_by_language, languages, split, cache_path):
    # Imported here, in the worker: importing lunr.py would add to every build's start. lunr.py
    # imports nltk (a third of a second of CPU) only for its own stemmers and stop words, which the
    # index never uses (see ``analysis``): without nltk, lunr.py leaves them out. Where nltk is
    # loaded already (a test process), it stays.
    sys.modules.setdefault("nltk", None)
    from . import analysis  # noqa: PLC0415
    from .indexing import document_terms, field_texts, search_files  # noqa: PLC0415

    for language in languages:
        analysis.use(language)
    files = {}
    for language in languages:
        if language.code not in documents_by_language:
            continue
        kept = KeptValues(Path(cache_path) / TERMS_CACHE_FILE.format(lang=language.code))
        analyser = _analyser(language)

        def kept_terms(document, lang, kept=kept, analyser=analyser):
            return kept.get(data_digest([analyser, field_texts(document)]), lambda: document_terms(document, lang))

        documents = _with_texts(documents_by_language[language.code],
                                Path(cache_path) / TEXT_CACHE_FILE.format(lang=language.code))
        files[language.code] = search_files(documents, language.code, terms_of=kept_terms, **split)
        kept.save()
    return files


def start_index_build(generators):
    """all_generators_finalized: every item and registry is read; start the indexes of the
    languages whose documents changed (the others' files are the last build's)."""
    context, settings = generators[0].context, generators[0].settings
    documents = _documents_by_language(context, settings)
    split = {name: settings[setting] for name, setting in (("shard_bytes", "SEARCH_SHARD_BYTES"),
                                                           ("store_chunk", "SEARCH_STORE_CHUNK")) if setting in settings}
    model = model_of(settings)
    # Each language's index files are made of its documents (the items' bodies as HTML, which
    # decides their text), the split, its analysis and the code.
    keys = {}
    for language in model.languages:
        keys[language.code] = data_digest([SEARCH_CODE, split, language.code, language.stemmer,
                                       sorted(language.stop_words), documents[language.code]])
    # The digest of what the index files are made of, for the index URL's ?v=: the build's
    # private state (underscored, like its background jobs), passed to the search pages only.
    # In the shared context it would be in every page's render key (plugins/rendering), and a
    # body edit would render them all.
    settings["_SEARCH_VERSION"] = hashlib.sha256(json.dumps(keys, sort_keys=True).encode("utf-8")).hexdigest()[:12]
    kept = KeptValues.in_cache(settings, INDEX_CACHE_FILE)
    changed = {lang: documents[lang] for lang, key in keys.items() if key not in kept}
    settings["_SEARCH_INDEX_FILES"] = (kept, keys, bool(changed))
    if changed:
        start_job(settings, INDEX_JOB, _build_all, changed, model.languages, split, settings["CACHE_PATH"],
                  in_worker=settings.get("SEARCH_IN_WORKER", True))


def write_index_files(pelican_object):
    """finalized: pages are written; wait for the indexes and write them."""
    settings = pelican_object.settings
    output = Path(settings["OUTPUT_PATH"])
    kept, keys, started = settings.pop("_SEARCH_INDEX_FILES")
    built = collect_job(settings, INDEX_JOB) if started else {}
    for lang, key in keys.items():
        folder = output / search_folder(settings, lang)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in kept.get(key, lambda: built[lang]).items():
            (folder / name).write_bytes(data)
    kept.save()


def node_modules(settings):
    return Path(settings.get("SEARCH_NODE_MODULES") or Path(__file__).resolve().parents[2] / "node_modules")


def copy_browser_files(settings):
    source = node_modules(settings)
    target = Path(settings["OUTPUT_PATH"]) / SCRIPTS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for package_file, name in browser_files(model_of(settings)):
        path = source / package_file
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: run `npm ci` to install lunr and lunr-languages")
        shutil.copyfile(path, target / name)


class SearchPageGenerator(Generator):
    """Writes ``<lang>/<search path>/index.html`` for every language."""

    def generate_output(self, writer):
        settings = self.settings
        model = model_of(settings)
        languages = model.codes
        version = settings["_SEARCH_VERSION"]
        site = self.context["LANG_SITE"]
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
                search_scripts=scripts_for(model.language(lang)) + ["theme/js/search.js"],
                search_tags=site[lang]["tags"],
                search_registry_sections=[name for name in model.registries_where(search=True)
                                          if self.context["REGISTRIES"][name]],
            )
        copy_browser_files(settings)


def get_generators(pelican_object):
    return SearchPageGenerator


def register():
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(start_index_build)
    signals.finalized.connect(write_index_files)
