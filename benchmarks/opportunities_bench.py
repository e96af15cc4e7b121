"""Opportunities benchmark: what the capability adds to a build.

Builds the synthetic corpus (benchmarks/corpus.py, one key in three is a
call) twice with the project's build command, with and without the
opportunities plugin (both without the feeds, which need it: see
plugin_sets.with_and_without), at a fixed SOURCE_DATE_EPOCH, and reports wall time,
the pages and calendars it writes, the size of the calendars, and the time
of the pure core (status and listing order) for every call.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "plugins"))

from corpus import make_corpus, skeleton_data  # noqa: E402
from plugin_sets import with_and_without  # noqa: E402
from common.sitebuild import run_build  # noqa: E402

EPOCH = "1801483200"


def build(content: Path, data: Path, output: Path, plugins) -> float:
    started = time.perf_counter()
    done = run_build(output, {"PATH": str(content), "DATA_PATH": str(data), "CONTENT_CODES_FILE": str(data / "codes.yaml"),
                              "CACHE_PATH": str(output.parent / (".cache-" + output.name)), "PLUGINS": plugins},
                     env={"SOURCE_DATE_EPOCH": EPOCH})
    if done.returncode:
        sys.exit(done.stderr)
    return time.perf_counter() - started


def core_time(keys: int) -> tuple[int, float]:
    from datetime import datetime, timedelta, timezone

    from opportunities.lifecycle import listing_order, status

    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    calls = [{"key": f"k{i}", "opens": start + timedelta(days=i % 700),
              "deadline": start + timedelta(days=i % 700 + 60)} for i in range(keys)]
    instant = datetime.fromtimestamp(int(EPOCH), tz=timezone.utc)
    began = time.perf_counter()
    for call in calls:
        status(call, instant)
    listing_order(calls, instant)
    return len(calls), time.perf_counter() - began


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000)
    args = parser.parse_args()
    plugins, without = with_and_without("opportunities")
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        content = make_corpus(base / "content", args.keys)
        # The repo's registries point at the repo's content: the corpus gets the code lists only.
        data = skeleton_data(base)
        calls = len(list((content / "opportunities").glob("*.md")))
        with_time = build(content, data, base / "with", plugins)
        without_time = build(content, data, base / "without", without)
        pages = lambda root: {p.relative_to(root) for p in root.rglob("*.html")}  # noqa: E731
        extra_pages = pages(base / "with") - pages(base / "without")
        calendars = list((base / "with").rglob("*.ics"))
        language_calendar = (base / "with" / "it" / "calendar.ics").stat().st_size
    count, seconds = core_time(args.keys * 10)
    print(f"calls (both languages): {calls}; plugins: {', '.join(plugins)}")
    print(f"cold build with opportunities: {with_time:.2f} s; without: {without_time:.2f} s; "
          f"difference: {with_time - without_time:+.2f} s")
    print(f"pages added: {len(extra_pages)} (filter pages); .ics files: {len(calendars)}; "
          f"it/calendar.ics: {language_calendar / 1024:.0f} KiB")
    print(f"core: status + listing order of {count} calls in {seconds * 1000:.1f} ms")


if __name__ == "__main__":
    main()
