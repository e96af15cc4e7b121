"""What the feeds add to a build: the synthetic corpus built with and without
the feeds plugin (the rest of PLUGINS alike, see plugin_lists), alternating runs so that
caches and machine noise hit both sides alike.

    python benchmarks/feeds_bench.py --keys 2000 [--runs 2]

Prints each build's wall time, the medians, the overhead in percent and the
number of feed files written. The target (issue 5) is under 5 %.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

from corpus import make_corpus  # noqa: E402


def plugin_lists():
    """(with feeds, without feeds): the site's PLUGINS, and the same minus feeds."""
    sys.path.insert(0, str(ROOT))
    import pelicanconf  # noqa: PLC0415

    return list(pelicanconf.PLUGINS), [name for name in pelicanconf.PLUGINS if name != "feeds"]


def corpus_with_real_content(dest: Path, keys: int) -> Path:
    """The synthetic items plus the repo's own content.

    The registries check data/ against the content (an area names a tag, a
    space names a call); the real content satisfies them.
    """
    content = dest / "content"
    shutil.copytree(ROOT / "content", content)
    return make_corpus(content, keys)


def build(content: Path, output: Path, cache: Path, plugins=None, timings_file=None) -> float:
    command = [sys.executable, "-m", "common.sitebuild", "--settings", str(ROOT / "pelicanconf.py"),
               "--output", str(output), "-e", f"PATH={json.dumps(str(content))}",
               "-e", f"CACHE_PATH={json.dumps(str(cache))}",
               # Processed images are the same for both variants: one cache.
               "-e", f"IMAGE_CACHE_PATH={json.dumps(str(cache.parent / 'image-cache'))}"]
    if plugins is not None:
        command += ["-e", f"PLUGINS={json.dumps(plugins)}"]
    if timings_file is not None:
        command += ["-e", f"FEEDS_TIMINGS_FILE={json.dumps(str(timings_file))}"]
    env = dict(os.environ, PYTHONPATH=str(ROOT / "plugins"), SOURCE_DATE_EPOCH="1801483200")
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=2000, help="synthetic keys, each in it and en (default 2000)")
    parser.add_argument("--runs", type=int, default=2, help="timed builds per variant (default 2)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="feeds-bench-"))
    try:
        content = corpus_with_real_content(work, args.keys)
        with_feeds, without = plugin_lists()
        # One untimed build per variant fills its reader cache (Pelican's
        # cache is not reused across different settings) and the image cache.
        build(content, work / "out-with", work / "cache-with", with_feeds)
        build(content, work / "out-without", work / "cache-without", without)
        timings = {"with feeds": [], "without feeds": []}
        own = []
        for _ in range(args.runs):
            timings["without feeds"].append(build(content, work / "out-without", work / "cache-without", without))
            timings["with feeds"].append(build(content, work / "out-with", work / "cache-with", with_feeds,
                                               work / "feeds-timings.json"))
            own.append(sum(json.loads((work / "feeds-timings.json").read_text()).values()))
        feeds = [p for p in (work / "out-with").rglob("*.xml") if p.name in ("atom.xml", "rss.xml")]
        size = sum(p.stat().st_size for p in feeds)
        print(f"corpus: {args.keys} keys x 2 languages = {2 * args.keys} items; {args.runs} timed runs per variant")
        for name, values in timings.items():
            print(f"{name:>14}: " + ", ".join(f"{v:.2f} s" for v in values) + f"  (median {statistics.median(values):.2f} s)")
        base = statistics.median(timings["without feeds"])
        extra = statistics.median(timings["with feeds"]) - base
        print(f"feeds written: {len(feeds)} files, {size / 1e6:.1f} MB")
        print(f"feeds add {extra:+.2f} s = {100 * extra / base:+.1f} % of the build, by wall time (noisy on a shared machine)")
        spent = statistics.median(own)
        print(f"time spent in the feeds plugin itself: {spent:.2f} s = {100 * spent / base:.1f} % of the build "
              f"without feeds (target: under 5 %)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
