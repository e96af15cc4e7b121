"""Derivatives cached by the content hash of their source and the options.

``<cache>/<key[:2]>/<key>/`` holds one entry: the derivative files and
``manifest.json``. Entries are written in a temporary folder and renamed into
place, so a crashed or concurrent build never leaves half an entry. The hash
of a source is remembered by (path, size, mtime) so that a warm build reads
no image bytes at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class HashIndex:
    """sha256 of source files, reused while their size and mtime are unchanged."""

    def __init__(self, path: Path):
        self.path = path
        try:
            self.known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def hash_of(self, source: Path) -> str:
        stat = source.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        name = str(source.resolve())
        known = self.known.get(name)
        if known and known[:2] == stamp:
            return known[2]
        digest = content_hash(source)
        self.known[name] = stamp + [digest]
        self.changed = True
        return digest

    def save(self):
        if self.changed:
            _write_atomically(self.path, json.dumps(self.known, sort_keys=True).encode())


class DerivativeCache:
    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def manifest(self, key: str) -> dict | None:
        try:
            return json.loads((self.folder(key) / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def store(self, key: str, manifest: dict, files: dict[str, bytes]):
        final = self.folder(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{key[:8]}-", dir=final.parent))
        for name, data in files.items():
            (temporary / name).write_bytes(data)
        (temporary / "manifest.json").write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
        try:
            os.rename(temporary, final)
        except OSError:
            shutil.rmtree(temporary, ignore_errors=True)  # another build stored the same entry first

    def publish(self, key: str, name: str, destination: Path):
        """Hard-link (or copy) a cached file into the output: no bytes re-written."""
        destination.parent.mkdir(parents=True, exist_ok=True)
        source = self.folder(key) / name
        try:
            os.link(source, destination)
        except OSError:
            shutil.copyfile(source, destination)


def _write_atomically(path: Path, data: bytes):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(data)
    os.replace(temporary, path)
