"""Parsed registries kept between builds: reading YAML is most of the data
work of a large registry, and editors rebuild far more often than they
change the data. Only files that passed their schema and id checks are
kept, so every error is still found by a fresh read."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path

from common.yamlsource import Located


class ParsedCache:
    def __init__(self, folder):
        self.folder = Path(folder) if folder else None

    def key(self, path: Path, schema: dict):
        if self.folder is None:
            return None
        digest = hashlib.sha256(path.read_bytes())
        digest.update(json.dumps(schema, sort_keys=True).encode())
        return f"{path.stem}-{digest.hexdigest()[:32]}"

    def get(self, key):
        if key is None:
            return None
        try:
            data, lines = pickle.loads((self.folder / f"{key}.pickle").read_bytes())
        except (OSError, pickle.PickleError, EOFError, ValueError):
            return None
        return Located(data, lines)

    def put(self, key, located):
        if key is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        stale = list(self.folder.glob(f"{key.rsplit('-', 1)[0]}-*.pickle"))
        target = self.folder / f"{key}.pickle"
        partial = target.with_suffix(".partial")
        partial.write_bytes(pickle.dumps((located.data, located.lines), protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(target)
        for old in stale:
            if old != target:
                old.unlink(missing_ok=True)
