"""What the feeds add to a build: the synthetic corpus built with and without
the feeds plugin (the rest of PLUGINS alike, see plugin_lists), alternating
runs so that caches and machine noise hit both sides alike.

    python benchmarks/feeds_bench.py --keys 2000 [--runs 2] [--minimal]

Prints each build's wall time and CPU time (user + system of the build and
its workers: steadier than wall time on a shared machine), the overhead in
percent between the fastest runs of each variant, the time spent inside the feeds plugin itself, and the feed files
written. The target (issue 5) is under 5 %.

``--minimal`` builds with only the plugins the feeds and the theme need
(plugin_sets.smallest_site: no search, no cms): that build is faster than the real one, so the
plugin's share of it is an upper bound of its share of the real build, at a fraction of the cost.
No plugin needs the feeds, so both variants are plugin lists the site model accepts.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

from corpus import make_corpus  # noqa: E402
from common.sitebuild import run_build  # noqa: E402
from plugin_sets import smallest_site, with_and_without  # noqa: E402


def plugin_lists(minimal=False):
    """(with feeds, without feeds): the site's PLUGINS (or the smallest site with the feeds), and the same minus feeds."""
    return with_and_without("feeds", smallest_site("feeds", "assets") if minimal else None)


def corpus_with_real_content(dest: Path, keys: int) -> Path:
    """The synthetic items plus the repo's own content.

    The registries check data/ against the content (an area names a tag, a
    space names a call); the real content satisfies them.
    """
    content = dest / "content"
    shutil.copytree(ROOT / "content", content)
    return make_corpus(content, keys)


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(content: Path, output: Path, cache: Path, plugins, timings_file=None):
    """(wall seconds, CPU seconds) of one build."""
    overrides = {"PATH": str(content), "CACHE_PATH": str(cache),
                 # Processed images are the same for both variants: one cache.
                 "IMAGE_CACHE_PATH": str(cache.parent / "image-cache"), "PLUGINS": plugins}
    if timings_file is not None:
        timings_file.unlink(missing_ok=True)  # the plugin adds each step's time to what the file holds
        overrides["FEEDS_TIMINGS_FILE"] = str(timings_file)
    started, cpu_started = time.perf_counter(), _children_cpu()
    done = run_build(output, overrides, env={"SOURCE_DATE_EPOCH": "1801483200"})
    elapsed, cpu = time.perf_counter() - started, _children_cpu() - cpu_started
    if done.returncode:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed, cpu


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1000, help="synthetic keys, each in it and en (default 1000: 2,000 items)")
    parser.add_argument("--runs", type=int, default=4, help="timed pairs of builds (default 4)")
    parser.add_argument("--minimal", action="store_true", help="only the plugins the feeds need (see above)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="feeds-bench-"))
    try:
        content = corpus_with_real_content(work, args.keys)
        with_feeds, without = plugin_lists(args.minimal)
        # One untimed build per variant fills its reader cache (Pelican's
        # cache is not reused across different settings) and the image cache.
        build(content, work / "out-with", work / "cache-with", with_feeds)
        build(content, work / "out-without", work / "cache-without", without)
        runs = {"without feeds": [], "with feeds": []}
        own = []
        for _ in range(args.runs):
            runs["without feeds"].append(build(content, work / "out-without", work / "cache-without", without))
            runs["with feeds"].append(build(content, work / "out-with", work / "cache-with", with_feeds,
                                            work / "feeds-timings.json"))
            own.append(sum(json.loads((work / "feeds-timings.json").read_text()).values()))
        feeds = [p for p in (work / "out-with").rglob("*.xml") if p.name in ("atom.xml", "rss.xml")]
        size = sum(p.stat().st_size for p in feeds)
        print(f"corpus: {args.keys} keys x 2 languages = {2 * args.keys} items; {args.runs} timed run(s) per "
              f"variant; plugins: {', '.join(with_feeds)}")
        medians = {}
        for name, values in runs.items():
            walls, cpus = [w for w, _ in values], [c for _, c in values]
            # The fastest run is the one least disturbed by other work on the machine.
            medians[name] = (min(walls), min(cpus))
            print(f"{name:>14}: wall " + ", ".join(f"{v:.2f} s" for v in walls)
                  + "; CPU " + ", ".join(f"{v:.2f} s" for v in cpus))
        print(f"feeds written: {len(feeds)} files, {size / 1e6:.1f} MB")
        for index, measure in enumerate(("wall", "CPU")):
            base = medians["without feeds"][index]
            extra = medians["with feeds"][index] - base
            print(f"feeds add {extra:+.2f} s = {100 * extra / base:+.1f} % of the build ({measure} time, fastest runs)")
        # Builds alternate without/with, so each pair shares the machine's
        # state; the median of the pairs' differences resists a disturbed run.
        pairs = sorted(w[0] - wo[0] for w, wo in zip(runs["with feeds"], runs["without feeds"]))
        paired = pairs[len(pairs) // 2]
        print(f"feeds add {paired:+.2f} s = {100 * paired / medians['without feeds'][0]:+.1f} % of the build "
              f"(wall time, median of {len(pairs)} paired runs; target: under 5 %)")
        spent = min(own)
        base = medians["without feeds"][0]
        print(f"time inside the feeds plugin: {spent:.2f} s = {100 * spent / base:.1f} % of the fastest build "
              f"without feeds (wall; target: under 5 %)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
