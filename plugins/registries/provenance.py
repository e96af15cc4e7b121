"""Where registry facts come from, and what a build publishes of them (pure).

``source`` is the id of an entry of data/sources.yaml or the document named
in words (with ``source_url``); every entry gets ``source_list``, the
documents it cites in the shape the templates show ("Fonti" / "Sources").
Entries marked ``example: true`` link only to example domains, and the
production build drops them (a contact's example channels too).
"""

from __future__ import annotations

import difflib
import re

from publication.core import foreign_links

LINK_FIELDS = ("website", "email", "url", "source_url")
ID_LIKE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$|^[a-z0-9]+$")
EXAMPLE_FIX = ("an example links only to example.org, example.com, example.net or a host ending in .example; "
               "or remove 'example: true' if the entry is real")


def _dicts(source):
    return [(index, entry) for index, entry in enumerate(source.entries) if isinstance(entry, dict)]


def example_link_errors(source):
    """Links of example entries (and example channels) that leave the example domains."""
    errors = []
    for index, entry in _dicts(source):
        if entry.get("example"):
            for name in LINK_FIELDS + ("source",):
                value = entry.get(name)
                if isinstance(value, str) and (name != "source" or "://" in value) and foreign_links([value]):
                    errors.append(source.error(index, [name], f"'{value}' is a real address in an example",
                                               EXAMPLE_FIX))
        for position, channel in enumerate(entry.get("channels") or ()):
            if not isinstance(channel, dict) or not (entry.get("example") or channel.get("example")):
                continue
            value = channel.get("value")
            if channel.get("kind") in ("email", "pec", "web") and isinstance(value, str) and foreign_links([value]):
                errors.append(source.error(index, ["channels", position, "value"],
                                           f"'{value}' is a real address in an example channel", EXAMPLE_FIX))
    return errors


def without_examples(source, publish_examples):
    """([(index, entry)] kept, ["data/x.yaml:line noun 'id'"] left out)."""
    kept, left_out = [], []
    for index, entry in enumerate(source.entries):
        if publish_examples:
            kept.append((index, entry))
            continue
        if entry.get("example"):
            left_out.append(f"{source.display}:{source.line(index)} {source.who(index)}")
            continue
        channels = entry.get("channels")
        if isinstance(channels, list) and any(c.get("example") for c in channels):
            real = []
            for position, channel in enumerate(channels):
                if channel.get("example"):
                    left_out.append(f"{source.display}:{source.line(index, 'channels', position)} "
                                    f"{source.who(index)}: channel '{channel.get('id')}'")
                else:
                    real.append(channel)
            entry = {**entry, "channels": real}
        kept.append((index, entry))
    return kept, left_out


def source_ids(sources):
    return [entry.get("id") for _, entry in _dicts(sources["sources"])] if "sources" in sources else []


def source_errors(sources):
    """A ``source`` written as an id must be an id of data/sources.yaml."""
    known = source_ids(sources)
    errors = []
    for name, source in sources.items():
        if name == "sources":
            continue
        for index, entry in _dicts(source):
            value = entry.get("source")
            if isinstance(value, str) and ID_LIKE.match(value) and value not in known:
                close = difflib.get_close_matches(value, known, n=1)
                errors.append(source.error(
                    index, ["source"], f"no entry of data/sources.yaml has the id '{value}'",
                    f"did you mean '{close[0]}'?" if close else
                    "add the document to data/sources.yaml with this id, or write its title in words"))
    return errors


def cited(entry):
    """A data/sources.yaml entry as the templates show it."""
    return {key: entry[key] for key in ("id", "title", "publisher", "year", "url", "note", "example") if key in entry}


def resolve_sources(registries):
    """Give every entry with a ``source`` its ``source_list`` (in place)."""
    by_id = {entry["id"]: entry for entry in registries.get("sources", ())}
    for name, entries in registries.items():
        if name == "sources":
            continue
        for entry in entries:
            value = entry.get("source")
            if not isinstance(value, str):
                continue
            if value in by_id:
                entry["source_list"] = [cited(by_id[value])]
            elif "://" in value:
                entry["source_list"] = [{"title": value, "url": value}]
            else:
                entry["source_list"] = [{"title": value, **({"url": entry["source_url"]}
                                                            if entry.get("source_url") else {})}]


def item_sources(values, by_id):
    """(resolved list, [(line, id, hint)] unknown) for an item's ``sources`` as the reader normalised them."""
    resolved, unknown = [], []
    for value in values or ():
        if "id" in value:
            if value["id"] in by_id:
                resolved.append(cited(by_id[value["id"]]))
            else:
                close = difflib.get_close_matches(value["id"], list(by_id), n=1)
                unknown.append((value.get("line"), value["id"], close[0] if close else None))
        else:
            resolved.append({key: v for key, v in value.items() if key != "line"})
    return resolved, unknown
