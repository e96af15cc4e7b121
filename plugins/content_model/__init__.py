"""Content model plugin: the content contract of DESIGN.md.

Reads ``content/<section>/<key>.<lang>.md`` with YAML front matter, validates
it, gives every item its localised URL, and refuses the build (before any
file is written) when any plugin has collected an error. The files are
parsed on two cores (``parallel_read``: a forked worker parses from the end
of Pelican's reading order while Pelican reads from the start).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import pickle
import posixpath
import stat
import sys
from pathlib import Path

from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, CachingGenerator, Generator, PagesGenerator

from common.errors import SiteError, collector_for, format_report, format_warnings, sorted_errors
from common.yamlsource import MAX_DATA_BYTES, SourceError, load_located, read_source

from site_model import model_of

from .checks import cross_file_errors
from .fields import SLUG_PATTERN
from .inventory import DOCUMENTS, InputFile, check_asset_content, classify
from .parallel_read import ParallelReading
from .reader import REFUSED_SOURCES, ContractMarkdownReader, ReportUnprocessedSources
from .sanitize import FIX


def add_reader(readers):
    for extension in ("md", "markdown", "mkd", "mdown"):
        readers.reader_classes.pop(extension, None)
    readers.reader_classes["md"] = ContractMarkdownReader


def all_items(generators):
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            yield from generator.articles
            yield from generator.translations
        elif isinstance(generator, PagesGenerator):
            yield from generator.pages
            yield from generator.translations


def _state_without_context(item):
    """An item's pickled state in Pelican's content cache, less the build's shared
    context: pickled with each item it made the pages cache 7.3 MB for 26 pages
    (0.13 MB without), read and written again at every build."""
    return {name: value for name, value in item.__dict__.items() if name != "_context"}


_pelicans_relative_source_path = Content.get_relative_source_path


def _relative_source_path(item, source_path=None):
    """Pelican's ``Content.get_relative_source_path``, by prefix when the path is a normalised one under
    the content folder (every item's is): its two ``os.path.abspath`` and ``os.path.relpath`` for each
    of 2,000 items were a quarter of a warm build's reading from the cache."""
    path = source_path or item.source_path
    root = item.settings["PATH"]
    if (path and os.path.isabs(root) and path.startswith(root + os.sep)
            and os.path.normpath(path) == path and os.path.normpath(root) == root):
        return path[len(root) + 1:].replace(os.sep, "/")
    return _pelicans_relative_source_path(item, source_path)


_pelicans_caching_init = CachingGenerator.__init__
_pelicans_cache_data = CachingGenerator.cache_data
_pelicans_save_cache = CachingGenerator.save_cache

# Pelican keeps every item of a generator in one pickle ({source: (stamp, item)}, 7.3 MB at 1,000 keys),
# which it writes again whole whenever one file was read again: 0.10-0.19 s after a one-item edit. The
# entries read again since that file was written are kept beside it instead, in "<file>.changes" (one
# pickle of those entries), until they are more than CHANGES_AT_MOST_PER_ITEMS of the items (at least
# CHANGES_AT_LEAST): then the whole file is written again and the changes removed. Each entry holds the
# stamp of the file it was read from, so a changes file left beside a newer whole file (a build killed
# between the two writes) still gives only what its stamps match.
CHANGES_SUFFIX = ".changes"
CHANGES_AT_LEAST = 32
CHANGES_AT_MOST_PER_ITEMS = 1 / 16


def _changes_path(generator):
    return generator._cache_path + CHANGES_SUFFIX


def _caching_init(generator, *args, **kwargs):
    _pelicans_caching_init(generator, *args, **kwargs)
    generator.content_cache_read_again = set()
    generator.content_cache_changes = {}
    settings = generator.settings
    # Whether this build read the whole file (production builds do not: LOAD_CONTENT_CACHE is off there).
    generator.content_cache_loaded = (settings["CONTENT_CACHING_LAYER"] == "generator"
                                      and settings["LOAD_CONTENT_CACHE"] and bool(generator._cache))
    if generator.content_cache_loaded:
        try:
            with open(_changes_path(generator), "rb") as handle:
                changes = pickle.load(handle)
        except Exception:  # noqa: BLE001 - none, partial or outdated: those files are read again
            changes = {}
        if isinstance(changes, dict):
            generator.content_cache_changes = changes
            generator._cache.update(changes)


_pelicans_get_files = Generator.get_files


def _get_files(generator, paths, exclude=None, extensions=None):
    """Pelican's ``Generator.get_files``, walked once per generator for the same arguments while the
    content is read: the parallel reading lists the files to parse (``files_to_parse``), then the
    generator lists the same ones to read them (a walk of content/ with Pelican's ignore patterns
    tried on each of 2,000 files: 0.03-0.04 s of a warm build at 1,000 keys). Forgotten once every
    generator has read (``forget_walks``): a held build's generators live on (common.heldbuild)."""
    key = (tuple([paths] if isinstance(paths, str) else paths), tuple(exclude or ()),
           extensions if extensions in (None, False) else tuple(extensions))
    walks = generator.__dict__.setdefault("content_walks", {})
    if key not in walks:
        walks[key] = _pelicans_get_files(generator, paths, exclude, extensions)
    # The same set, not a copy: Pelican reads the files in its iteration order (common.sitebuild.build_env).
    return walks[key]


def forget_walks(generators):
    for generator in generators:
        generator.__dict__.pop("content_walks", None)


_pelicans_file_stamp = CachingGenerator._get_file_stamp


def _file_stamp(generator, filename):
    """Pelican's stamp of a source (its time), taken once per build: the parallel reading asks for every
    file's (which files are not cached) before Pelican asks again (2,044 stats each at 1,000 keys). A file
    read again is cached with the stamp taken before it was read: edited meanwhile, the next build reads
    it again (a stamp taken after the read could be the new file's, kept with the old text)."""
    stamps = generator.__dict__.setdefault("content_stamps", {})
    if filename not in stamps:
        stamps[filename] = _pelicans_file_stamp(generator, filename)
    return stamps[filename]


def _cache_data(generator, filename, data):
    generator.content_cache_read_again.add(filename)
    _pelicans_cache_data(generator, filename, data)


def _save_cache(generator):
    """Pelican's ``save_cache``, only when a file was read again (new or changed) or there is no cache
    file yet: it pickled every item again at every build (7.3 MB at 1,000 keys), unchanged after an
    edit of a template, a registry or the settings. A few entries read again are written as changes
    (CHANGES_SUFFIX). A file gone leaves its entry, as Pelican does."""
    if not generator._cache_data_policy:
        return
    read_again = generator.content_cache_read_again
    whole_kept = os.path.exists(generator._cache_path)
    if whole_kept and not read_again:
        return
    if whole_kept and generator.content_cache_loaded:
        changes = {**generator.content_cache_changes, **{name: generator._cache[name] for name in read_again}}
        if len(changes) <= max(CHANGES_AT_LEAST, len(generator._cache) * CHANGES_AT_MOST_PER_ITEMS):
            _write_atomically(_changes_path(generator), changes)
            return
    _pelicans_save_cache(generator)
    _remove(_changes_path(generator))


def _remove(path):
    try:
        os.remove(path)
    except FileNotFoundError:
        pass


def _write_atomically(path, value):
    temporary = f"{path}.tmp-{os.getpid()}"
    try:
        with open(temporary, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError) as exc:  # as Pelican's save_cache: the next build reads again
        logging.getLogger(__name__).warning("Could not save the content cache's changes %s: %s", path, exc)


def refresh_cached_items(generator):
    """Items read from Pelican's content cache are given this build's context
    (they are cached without one: ``_state_without_context``) as soon as
    their generator has read them, before any other generator reads their
    summaries."""
    for kept in vars(generator).values():
        if isinstance(kept, list):
            for item in kept:
                if isinstance(item, Content):
                    item._context = generator.context


def check_across_files(generators):
    settings = generators[0].settings
    root = settings["PATH"]
    items = list(all_items(generators))
    records = [
        {
            "path": item.source_display,
            "section": item.section,
            "lang": item.lang,
            "slug": item.slug,
            "image": getattr(item, "image", None),
            "image_line": getattr(item, "image_line", None),
            "slug_line": getattr(item, "slug_line", None),
            "internal_links": getattr(item, "internal_links", ()),
        }
        for item in items
    ]
    published = {item.relative_source_path for item in items}
    model = model_of(settings)
    reserved = {lang: set(model.paths_of(lang).values()) for lang in model.codes}
    # The publication plugin lists the items this build leaves out (examples in production, scheduled items).
    left_out = {entry["relpath"]: entry["reason"] for entry in settings.get("PUBLICATION_LEFT_OUT", ())}
    collector_for(settings).extend(
        cross_file_errors(records, published, lambda rel: os.path.isfile(os.path.join(root, rel)), reserved,
                          REFUSED_SOURCES, left_out)
    )
    collector_for(settings).warnings.extend(
        SiteError(item.source_display, line, "raw HTML", message, FIX)
        for item in items for line, message in getattr(item, "raw_html_dropped", ())
    )


UNPROCESSED = ReportUnprocessedSources()
PARALLEL_READING = ParallelReading()


def known_data_files(model):
    names = list(model.registries)
    return {"codes.yaml"} | {f"{name}.yaml" for name in names} | {f"schemas/{name}.schema.json" for name in names}


def walk_inputs(folder: Path, root_name: str, allowed):
    """InputFile for every file under ``folder`` (hidden names skipped, as Pelican does)."""
    if not folder.is_dir():
        return
    for current, subfolders, names in os.walk(folder):
        subfolders.sort()
        # Paths relative to folder by their prefix (os.walk joins them onto it): os.path.relpath of
        # each of 2,000 files was a tenth of the inventory.
        prefix = "" if current == str(folder) else os.path.relpath(current, folder).replace(os.sep, "/") + "/"
        for name in list(subfolders):
            if name.startswith("."):
                subfolders.remove(name)
            elif os.path.islink(os.path.join(current, name)):
                # Pelican follows linked folders; one leading elsewhere would publish what it holds.
                subfolders.remove(name)
                target = os.path.realpath(os.path.join(current, name))
                if not _inside(target, allowed):
                    yield InputFile(root_name, prefix + name, True, True)
        for name in sorted(names):
            if name.startswith("."):
                continue
            path = os.path.join(current, name)
            try:
                regular = stat.S_ISREG(os.stat(path).st_mode)
            except OSError:
                regular = False
            # realpath (an lstat per folder of the path) only for a link: the others are where they are.
            yield InputFile(root_name, prefix + name, regular,
                            os.path.islink(path) and not _inside(os.path.realpath(path), allowed))


def _inside(path, allowed):
    return any(path == root or path.startswith(root + os.sep) for root in allowed)


def take_inventory(generators):
    """Every input file is read, published as a checked asset, or refused;
    documents are published only when a published item links them."""
    settings = generators[0].settings
    context = generators[0].context
    collector = collector_for(settings)
    content, data = Path(settings["PATH"]), Path(settings.get("DATA_PATH", "data"))
    allowed = [os.path.realpath(content), os.path.realpath(data)]
    files = list(walk_inputs(content, "content", allowed)) + list(walk_inputs(data, "data", allowed))
    model = model_of(settings)
    assets, errors = classify(files, tuple(model.sections), known_data_files(model), model.codes)
    for relpath, expected in sorted(assets.items()):
        path = content / relpath
        with open(path, "rb") as handle:
            head = handle.read(16)
        whole = path.read_bytes() if head.startswith(b"PK") or expected == "CSV" else None
        problem = check_asset_content(relpath, expected, path.stat().st_size, head, whole)
        if problem:
            errors.append(problem)
            del assets[relpath]
    collector.extend(errors)
    linked = linked_documents(all_items(generators))
    for relpath in sorted(assets):
        if relpath.startswith(DOCUMENTS + "/") and relpath not in linked:
            collector.warnings.append(SiteError(f"content/{relpath}", None, None,
                                                "no published item links this document: it is not published",
                                                "link it from an item (documents: or {static}), or delete it"))
    kept = [static for static in context.get("staticfiles", [])
            if _static_path(static) in linked and _static_path(static) in assets
            or _static_path(static).startswith("images/")]  # the images plugin publishes processed copies
    context.get("staticfiles", [])[:] = kept


def _static_path(static):
    return static.relative_source_path.replace(os.sep, "/")


def linked_documents(items):
    """content-relative paths of documents linked by the published ``items``."""
    found = set()
    for item in items:
        for document in getattr(item, "documents", None) or ():
            if isinstance(document, dict) and isinstance(document.get("file"), str):
                found.add(posixpath.join(DOCUMENTS, posixpath.normpath(document["file"].strip())))
        for kind, target, _line in getattr(item, "internal_links", ()):
            if kind in ("static", "attach") and target.startswith(DOCUMENTS + "/"):
                found.add(target)
    return found


# Settings that differ between two builds of the same tree without changing a verdict.
# The site model is derived from the settings kept here; the string tables
# (which the site_model plugin loads first) change no read.
VOLATILE_SETTINGS = {"OUTPUT_PATH", "CACHE_PATH", "SITE_ERRORS", "SITE_MODEL", "STRINGS"}


def cache_key(settings) -> str:
    """A digest of everything a cached read depends on besides the file itself:
    the plugins' code, the code lists, the schemas and the settings.

    Pelican keys each cached file by its own time stamp only; a code removed
    from data/codes.yaml would otherwise leave a warm build publishing what a
    cold build refuses."""
    digest = hashlib.sha256()
    plugins = Path(__file__).resolve().parents[1]
    inputs = sorted(plugins.rglob("*.py")) + [Path(settings["CONTENT_CODES_FILE"])]
    inputs += sorted((Path(settings.get("DATA_PATH", "data")) / "schemas").glob("*.json"))
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    shown = {key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS}
    digest.update(json.dumps(shown, sort_keys=True, default=lambda value: type(value).__qualname__).encode())
    return digest.hexdigest()[:16]


def start_collecting(pelican_object):
    settings = pelican_object.settings
    settings["CACHE_PATH"] = os.path.join(settings["CACHE_PATH"], f"inputs-{cache_key(settings)}")
    collector_for(settings)
    UNPROCESSED.settings = settings
    codes, errors = read_codes(settings["CONTENT_CODES_FILE"])
    collector_for(settings).extend(errors)
    settings["CONTENT_CODES"] = codes


def read_codes(path):
    """({list name: [codes]}, errors) of data/codes.yaml."""
    display = "data/codes.yaml"
    fix = "each line is 'name: [code, code, ...]', codes in lowercase letters, digits and hyphens"
    try:
        located = load_located(read_source(path, MAX_DATA_BYTES))
    except FileNotFoundError:
        return {}, [SiteError(display, None, None, "the file of code lists is missing",
                              "restore data/codes.yaml from the repository (git checkout data/codes.yaml)")]
    except SourceError as exc:
        return {}, [SiteError(display, exc.line, None, str(exc), exc.fix or fix)]
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        return {}, [SiteError(display, 1, None, "the code lists must be 'name: [codes]' lines", fix)]
    codes, errors = {}, []
    for name, values in data.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and SLUG_PATTERN.match(v) for v in values):
            errors.append(SiteError(display, located.line_of(name), str(name), "must be a list of codes", fix))
            continue
        codes[str(name)] = values
    return codes, errors


def refuse_build_with_errors(pelican_object):
    """Runs when Pelican asks for its writer: after every plugin's checks, before any write."""
    collector = collector_for(pelican_object.settings)
    if collector.warnings:
        print(format_warnings(sorted_errors(collector.warnings)), file=sys.stderr)
    if collector.errors:
        print(format_report(sorted_errors(collector.errors)), file=sys.stderr)
    collector.raise_if_any()


def register():
    Content.__getstate__ = _state_without_context
    Content.get_relative_source_path = _relative_source_path
    CachingGenerator.__init__ = _caching_init
    CachingGenerator._get_file_stamp = _file_stamp
    CachingGenerator.cache_data = _cache_data
    CachingGenerator.save_cache = _save_cache
    Generator.get_files = _get_files
    logging.getLogger("pelican.generators").addFilter(UNPROCESSED)
    signals.initialized.connect(start_collecting)
    signals.readers_init.connect(add_reader)
    signals.article_generator_init.connect(PARALLEL_READING.generator_ready)
    signals.page_generator_init.connect(PARALLEL_READING.generator_ready)
    signals.article_generator_finalized.connect(refresh_cached_items)
    signals.page_generator_finalized.connect(refresh_cached_items)
    # First of the plugins' handlers: a failed reading worker stops the build before any other work starts.
    signals.all_generators_finalized.connect(PARALLEL_READING.finish)
    signals.all_generators_finalized.connect(forget_walks)
    signals.all_generators_finalized.connect(check_across_files)
    signals.all_generators_finalized.connect(take_inventory)
    signals.get_writer.connect(refuse_build_with_errors)
