"""Every image of one build: references in, published entries and errors out.

References are gathered first (lead images, Markdown images, registry logos,
social cards, icons); then everything the cache does not hold yet is made in
a process pool using all cores; then entries give templates their URLs.
The derivatives of every image under the images folder are started before
that, when the build starts (``start_early``): the pool makes them while
Pelican reads the content, and ``resolve`` only waits for those it wants.
Drawings (social cards, icons) are named by their spec alone, so pages can
link them before they exist: they are drawn in the background while Pelican
writes pages, and awaited only when the files are published (``write_to``).
"""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import DerivativeCache, HashIndex
from .drawing import DRAWING_VERSION, draw_social_card, make_icons
from .options import ImageOptions
from .process import ImageProblem, check_size, make_derivatives


@dataclass(frozen=True, order=True)
class Origin:
    """Where a reference to an image was written: what an error must name."""

    path: str
    line: int | None
    field: str
    missing_reported_elsewhere: bool = False


@functools.lru_cache(maxsize=16)
def _file_digest(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def _derivatives_job(source: str, key: str, cache_root: str, options: ImageOptions):
    """Runs in a worker process: make, then cache, one image's derivatives."""
    try:
        data = Path(source).read_bytes()
        described, outputs = make_derivatives(data, options)
    except ImageProblem as problem:
        return key, (str(problem), problem.fix)
    except MemoryError:
        return key, ("the image is too large to decode", "resize it before committing it")
    files = {derivative.file_name: payload for derivative, payload in outputs}
    manifest = dict(described, derivatives=[
        {"file": d.file_name, "format": d.format, "width": d.width, "height": d.height, "bytes": len(payload)}
        for d, payload in outputs
    ])
    DerivativeCache(cache_root).store(key, manifest, files)
    return key, None


# Drawings go to the pool in batches of up to this many: sent one by one, a
# card's spec and the 40 KB mark were pickled and piped for each of them,
# which cost a third as much as drawing the card.
DRAWING_BATCH = 32


def _drawings_job(batch: list[tuple[str, dict, str, bytes]], cache_root: str):
    """Runs in a worker process: draw, then cache, each (kind, spec, key, source png) of a batch."""
    cache = DerivativeCache(cache_root)
    for kind, spec, key, source_png in batch:
        files = {"card.png": draw_social_card(spec, source_png)} if kind == "card" else make_icons(source_png)
        stored = {name.replace("/", "__"): data for name, data in files.items()}
        manifest = {"files": {name: {"stored": stored_name, "bytes": len(files[name])}
                              for name, stored_name in zip(files, stored)}}
        cache.store(key, manifest, stored)


def entry_from_manifest(relpath: str, key: str, manifest: dict) -> dict:
    """What templates and feeds need from one processed image."""
    folder, name = posixpath.split(relpath)
    stem = name.rsplit(".", 1)[0]
    base = posixpath.join("images", folder, f"{stem}.{key[:10]}")
    by_format = {"webp": [], "fallback": []}
    for derivative in sorted(manifest["derivatives"], key=lambda d: d["width"]):
        extension = "jpg" if derivative["format"] == "jpeg" else derivative["format"]
        item = dict(derivative, url=f"{base}-{derivative['width']}.{extension}",
                    type=f"image/{derivative['format']}")
        by_format["webp" if derivative["format"] == "webp" else "fallback"].append(item)
    largest = by_format["fallback"][-1]
    return {
        "relpath": relpath,
        "key": key,
        "width": largest["width"],
        "height": largest["height"],
        "webp": by_format["webp"],
        "fallback": by_format["fallback"],
        "enclosure": {"url": largest["url"], "type": largest["type"], "length": largest["bytes"],
                      "width": largest["width"], "height": largest["height"]},
    }


class ImageLibrary:
    def __init__(self, images_root: Path, cache_root: Path, options: ImageOptions):
        self.images_root = Path(images_root)
        self.cache = DerivativeCache(cache_root)
        self.hashes = HashIndex(Path(cache_root) / "hashes.json")
        self.options = options
        self.references: dict[str, set[Origin]] = {}
        self.entries: dict[str, dict] = {}
        self.drawings: dict[str, tuple[str, dict, bytes]] = {}  # key -> (kind, spec, source png)
        self.published: dict[str, tuple[str, str]] = {}  # output path -> (cache key, stored name)
        self.drawings_pending = None  # (pool, futures) of drawings made in the background
        self.drawn_published: list[tuple[str, str | None, str | None]] = []  # (key, name, url) once drawn
        self.timings = {"seconds": 0.0, "made": 0, "reused": 0}
        self.pool = None  # the pool start_early made, until start_drawings uses it or shuts it down
        self.early = {}  # key -> future of the derivatives start_early is making
        self.early_jobs = []  # futures of start_early's other jobs
        self.drawn_early = set()  # keys of the drawings they drew

    def __getstate__(self):
        """Pickled (items hold the settings, which hold the library, in Pelican's content cache)
        without the pools and futures of this build's process."""
        return dict(self.__dict__, pool=None, early={}, early_jobs=[], drawings_pending=None)

    def want(self, relpath: str, origin: Origin):
        self.references.setdefault(relpath, set()).add(origin)

    def want_drawing(self, kind: str, spec: dict, source_png: bytes) -> str:
        """Key of a social card or icon set; the spec says everything it depends on."""
        key = self.drawing_key(kind, spec, source_png)
        self.drawings[key] = (kind, spec, source_png)
        return key

    def drawing_key(self, kind: str, spec: dict, source_png: bytes) -> str:
        # Fonts by content, not path: two checkouts in different folders must
        # name their cards alike.
        portable = dict(spec, fonts={style: _file_digest(path) for style, path in spec.get("fonts", {}).items()})
        fingerprint = json.dumps([kind, portable, hashlib.sha256(source_png).hexdigest(), self.options.fingerprint(),
                                  DRAWING_VERSION], sort_keys=True)
        return hashlib.sha256(fingerprint.encode()).hexdigest()

    def kept_drawing(self, spec: dict, draw) -> bytes:
        """The bytes ``draw()`` returns, kept in the cache under ``spec`` (everything they depend on):
        the programme mark (drawn at 4,096 px and reduced: 0.1 s of CPU, 0.6 s before session 8) was
        drawn by every build."""
        kept = self.kept(spec)
        if kept is not None:
            return kept
        data = draw()
        self.cache.store(self._kept_key(spec), {"files": {"drawing.png": {"stored": "drawing.png", "bytes": len(data)}}},
                         {"drawing.png": data})
        return data

    def kept(self, spec: dict) -> bytes | None:
        """The bytes kept under ``spec`` by ``kept_drawing``, or None."""
        try:
            return (self.cache.folder(self._kept_key(spec)) / "drawing.png").read_bytes()
        except OSError:
            return None

    def _kept_key(self, spec: dict) -> str:
        portable = dict(spec, fonts={style: _file_digest(path) for style, path in spec.get("fonts", {}).items()})
        return hashlib.sha256(json.dumps(["kept", portable, DRAWING_VERSION, self.options.fingerprint()],
                                         sort_keys=True).encode()).hexdigest()

    def _key_of(self, source: Path) -> str:
        return hashlib.sha256(f"{self.hashes.hash_of(source)}:{self.options.fingerprint()}".encode()).hexdigest()

    def start_early(self, extra_jobs=()):
        """Start making what the cache lacks of what this build will want whatever the content says, in
        a pool on every core, while Pelican reads the content: the derivatives of every image under the
        images folder (within the size limit; ``resolve`` reports the others), and ``extra_jobs``
        ((function, args), e.g. the icons). A cold build's main process waited for the derivatives
        after reading every file, the other core idle meanwhile. The pool's workers are forked now,
        while this process is small; drawings reuse them (``start_drawings``)."""
        sources = {}
        files = sorted((path for path in self.images_root.rglob("*")
                        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(self.images_root).parts)),
                       key=lambda path: (-path.stat().st_size, str(path)))  # the largest first
        for source in files:
            if source.stat().st_size <= self.options.max_bytes:
                key = self._key_of(source)
                if self.cache.manifest(key) is None:
                    sources.setdefault(key, source)
        if not sources and not extra_jobs:
            return
        self.pool = ProcessPoolExecutor(max_workers=self.options.worker_count)
        self.early_jobs = [self.pool.submit(function, *args) for function, args in extra_jobs]
        self.early = {key: self.pool.submit(_derivatives_job, str(source), key, str(self.cache.root), self.options)
                      for key, source in sources.items()}

    def wait_early_jobs(self):
        """Wait for the ``extra_jobs`` of ``start_early`` (a failed one raises); each returns the keys of
        the drawings it drew (counted as made by ``start_drawings``)."""
        jobs, self.early_jobs = self.early_jobs, []
        for job in jobs:
            self.drawn_early.update(job.result())

    def shutdown_pool(self):
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown()

    def resolve(self) -> list[tuple[Origin, str, str]]:
        """Make whatever is missing from the cache; returns (origin, message, fix) errors."""
        started = time.perf_counter()
        errors, keys, jobs, made_early = [], {}, [], 0
        for relpath, origins in sorted(self.references.items()):
            if relpath in self.entries:
                continue
            source = self.images_root / relpath
            if not source.is_file():
                errors += [(o, f"content/images/{relpath} does not exist",
                            "add the file to content/images/ or correct the path (relative to content/images/)")
                           for o in origins if not o.missing_reported_elsewhere]
                continue
            try:
                check_size(source.stat().st_size, self.options.max_bytes)
            except ImageProblem as problem:
                errors += [(o, f"content/images/{relpath}: {problem}", problem.fix) for o in origins]
                continue
            key = self._key_of(source)
            keys[relpath] = key
            if key in self.early:
                made_early += 1
            elif self.cache.manifest(key) is None:
                jobs.append((_derivatives_job, (str(source), key, str(self.cache.root), self.options)))
        problems = dict(self._run(jobs))
        # Every image start_early began (an unwanted one too: its pool is shut down after this).
        early, self.early = self.early, {}
        problems.update(future.result() for future in early.values())
        self.hashes.save()
        for relpath, key in keys.items():
            problem = problems.get(key)
            if problem:
                errors += [(o, f"content/images/{relpath}: {problem[0]}", problem[1])
                           for o in self.references[relpath]]
                continue
            entry = entry_from_manifest(relpath, key, self.cache.manifest(key))
            self.entries[relpath] = entry
            for item in entry["webp"] + entry["fallback"]:
                self.published[item["url"]] = (key, item["file"])
        self.timings["made"] += len(jobs) + made_early
        self.timings["reused"] += len(keys) - len(jobs) - made_early
        self.timings["seconds"] += time.perf_counter() - started
        return errors

    def start_drawings(self):
        """Draw the wanted drawings missing from the cache in a background pool (not awaited here)."""
        missing = [(kind, spec, key, source_png) for key, (kind, spec, source_png) in sorted(self.drawings.items())
                   if self.cache.manifest(key) is None]
        made = len(missing) + len(self.drawn_early & set(self.drawings))
        self.timings["made"] += made
        self.timings["reused"] += len(self.drawings) - made
        workers = self.options.worker_count
        # Four batches per worker at least, so that the workers finish together.
        size = max(1, min(DRAWING_BATCH, -(-len(missing) // (workers * 4))))
        jobs = [(_drawings_job, (missing[start:start + size], str(self.cache.root)))
                for start in range(0, len(missing), size)]
        if len(jobs) <= 1 or workers <= 1:
            self.shutdown_pool()
            self._run(jobs)
            return
        pool, self.pool = self.pool or ProcessPoolExecutor(max_workers=min(workers, len(jobs))), None
        self.drawings_pending = (pool, [pool.submit(function, *args) for function, args in jobs])

    def finish_drawings(self):
        """Wait for the background drawings (a failed one raises)."""
        if self.drawings_pending is None:
            return
        pool, futures = self.drawings_pending
        self.drawings_pending = None
        try:
            for future in futures:
                future.result()
        finally:
            pool.shutdown(cancel_futures=True)

    def _run(self, jobs):
        workers = min(self.options.worker_count, len(jobs))
        if workers <= 1:
            return [function(*args) for function, args in jobs]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(function, *args) for function, args in jobs]
            return [future.result() for future in futures]

    def drawing_files(self, key: str) -> dict[str, str]:
        """{published name: stored name} of a drawing once drawn."""
        return {name: info["stored"] for name, info in self.cache.manifest(key)["files"].items()}

    def publish_drawing(self, key: str, name: str | None = None, url: str | None = None):
        """Publish file ``name`` of a drawing at ``url`` (every file under its own name when
        ``name`` is None) once it is drawn."""
        self.drawn_published.append((key, name, url))

    def write_to(self, output: Path):
        started = time.perf_counter()
        self.finish_drawings()
        for key, name, url in self.drawn_published:
            files = self.drawing_files(key)
            for published_name in ([name] if name else files):
                self.published[url or published_name] = (key, files[published_name])
        for url, (key, stored) in sorted(self.published.items()):
            self.cache.publish(key, stored, Path(output) / url)
        self.timings["seconds"] += time.perf_counter() - started
