"""The registries' data work as one pure function: files in, validated
context entries, open-data records and errors out (no Pelican here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from common.errors import SiteError

from .cache import ParsedCache
from .loading import load_schema, read_registry
from .records import context_entries, public_record
from .provenance import example_link_errors, resolve_sources, source_errors, without_examples
from .validation import (Known, Source, id_errors, number_errors, parse_dates, reference_errors, reserved_ids,
                         schema_errors)


# A registry whose entries name entries of another: without that file, its
# references could not be checked and its pages would lose their links.
NEEDS = {"events": "labs"}


@dataclass
class Loaded:
    registries: dict = field(default_factory=dict)   # name -> [context entry]
    records: dict = field(default_factory=dict)      # name -> [open-data record]
    schemas: dict = field(default_factory=dict)      # name -> schema with code lists
    errors: list = field(default_factory=list)
    left_out: list = field(default_factory=list)     # "data/x.yaml:12 (id)" of examples left out
    sources: dict = field(default_factory=dict)      # name -> (Source, [file index of each published entry])

    def origin(self, name, index, field_name):
        """(file as shown, line) of ``field_name`` of the ``index``-th published entry of registry ``name``."""
        source, file_indexes = self.sources[name]
        return source.display, source.line(file_indexes[index], field_name)


def load_registries(registries, data_path, codes, known: Known, languages, paths, display_prefix="data",
                    cache_dir=None, publish_examples=True) -> Loaded:
    """``registries``: the site model's RegistryKind entries (each its
    data/<name>.yaml and schema); ``cache_dir``: where files that passed their schema are kept parsed,
    keyed by the file, its schema and the code lists (None: no cache).
    ``publish_examples``: False (production) drops every ``example: true``
    entry (and example channel of a contact) here, so no page, map, chart or
    open-data file downstream sees it."""
    data_path = Path(data_path)
    loaded = Loaded()
    cache = ParsedCache(cache_dir)
    sources = {}
    for registry in registries:
        display = f"{display_prefix}/{registry.filename}"
        schema = load_schema(data_path / "schemas" / registry.schema_filename, codes, languages)
        loaded.schemas[registry.name] = schema
        path = data_path / registry.filename
        key = cache.key(path, schema) if path.exists() else None
        located = cache.get(key)
        if located is None:
            located, errors = read_registry(path, display, registry)
            loaded.errors.extend(errors)
            if located is None:
                loaded.registries[registry.name] = []
                loaded.records[registry.name] = []
                continue
            source = Source(registry, display, located)
            found = (schema_errors(source, schema) + id_errors(source, reserved_ids(registry, paths))
                     + number_errors(source))
            if not found and not errors:
                cache.put(key, located)
        else:
            source, found = Source(registry, display, located), []
        dates, date_errors = parse_dates(source)
        loaded.errors.extend(found + date_errors)
        if found:
            # Entries that break the schema would break the pages; keep the
            # cross-reference checks to well-formed data.
            loaded.registries[registry.name] = []
            loaded.records[registry.name] = []
            continue
        sources[registry.name] = source
        loaded.errors.extend(example_link_errors(source))
        kept, left_out = without_examples(source, publish_examples)
        loaded.left_out.extend(left_out)
        entries = [entry for _, entry in kept]
        loaded.sources[registry.name] = (source, [index for index, _ in kept])
        kept_dates = {new: dates[old] for new, (old, _) in enumerate(kept) if old in dates}
        loaded.registries[registry.name] = context_entries(registry, entries, kept_dates, languages, paths)
        loaded.records[registry.name] = [public_record(entry, kept_dates.get(index, {}))
                                         for index, entry in enumerate(entries)]
    loaded.errors.extend(reference_errors(sources, known, None if publish_examples else loaded.registries))
    loaded.errors.extend(source_errors(sources))
    resolve_sources(loaded.registries)
    for name, needed in NEEDS.items():
        if (data_path / f"{name}.yaml").exists() and not (data_path / f"{needed}.yaml").exists():
            loaded.errors.append(SiteError(f"{display_prefix}/{needed}.yaml", None, None,
                                           f"is missing, and {display_prefix}/{name}.yaml refers to its entries",
                                           f"restore it (git checkout {display_prefix}/{needed}.yaml) or create it"))
    return loaded
