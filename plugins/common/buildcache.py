"""Values the last build computed, reused by the next one when their inputs are the same.

``KeptValues(path)`` reads ``{key: value}`` from one pickle file; ``get(key,
make)`` returns the kept value of ``key`` or ``make()``; ``save()`` writes the
values this build asked for (and only those: the file holds one build's
worth). A key must name everything the value is made of: a key seen again
means the same value, and nothing else is checked.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import pickle
from importlib import metadata
from pathlib import Path


# The checkout: files in it are digested by their path from here, so that two clones of one commit,
# wherever they are, make the same digests (the search pages' index URL shows one: ?v=).
CHECKOUT = Path(__file__).resolve().parents[2]


def files_digest(paths, base=CHECKOUT) -> str:
    """Digest of files (path and bytes, each part length-prefixed), in the order given; a file under
    ``base`` counts by its path from there."""
    digest = hashlib.sha256()
    for path in map(Path, paths):
        data = path.read_bytes()
        name = path.relative_to(base) if path.is_relative_to(base) else path
        for part in (str(name).encode(), data):
            digest.update(len(part).to_bytes(8, "little"))
            digest.update(part)
    return digest.hexdigest()


def data_digest(value) -> str:
    """Digest of plain data: the key of a value made from it.

    Made of the built-in types only (dict, list, tuple, str, int, float, bool, None), it is digested by
    its ``marshal`` bytes (version 2: no back-references, whose presence depends on reference counts),
    written in C: five times faster than JSON for the search plugin's documents (0.07 s of a warm build
    at 1,000 keys). Those bytes tell every type apart (a tuple from a list, 1 from "1" and 1.0) and
    keep a dict in its order: the same data made the same way has the same key, and data made in
    another order only has its value made again. Anything else marshal cannot write (a subclass such
    as Markup, a date) is digested as JSON with sorted keys."""
    try:
        return hashlib.sha256(b"marshal\0" + marshal.dumps(value, 2)).hexdigest()
    except ValueError:
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(b"json\0" + text.encode("utf-8")).hexdigest()


def code_digest(paths, libraries=()) -> str:
    """Digest of the source files ``paths`` and of the installed versions of ``libraries``:
    part of the key of every value made by that code."""
    versions = repr([(name, metadata.version(name)) for name in libraries])
    return hashlib.sha256(f"{versions}\0{files_digest(sorted(map(str, paths)))}".encode("utf-8")).hexdigest()


class KeptValues:
    def __init__(self, path):
        self.path = Path(path)
        try:
            with self.path.open("rb") as kept:
                self.kept = pickle.load(kept)
        except Exception:  # noqa: BLE001 - a missing, partial or outdated file only costs making the values again
            self.kept = {}
        if not isinstance(self.kept, dict):
            self.kept = {}
        self.used = {}
        self.made = False  # whether this build made a value (else the file may already hold them all)

    @classmethod
    def in_cache(cls, settings, name):
        """The kept values of file ``name`` in the build's cache folder (CACHE_PATH)."""
        return cls(Path(settings["CACHE_PATH"]) / name)

    def __contains__(self, key):
        """Whether the last build kept a value for ``key``."""
        return key in self.kept

    def get(self, key, make):
        if key not in self.used:
            if key in self.kept:
                self.used[key] = self.kept[key]
            else:
                self.used[key] = make()
                self.made = True
        return self.used[key]

    def save(self):
        """Write the values of this build, atomically (two builds may run at once); not when the
        file holds them already (every value taken from it, and no other): a warm build kept the
        feeds' 10 MB at 1,000 keys, and wrote them again."""
        if not self.made and self.used.keys() == self.kept.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        # Streamed: pickle.dumps() would hold the whole file in memory twice at once (its buffer and
        # the bytes), up to 40 MB more at the peak of a 4,000-key build (search-body-text).
        with temporary.open("wb") as out:
            pickle.dump(self.used, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
