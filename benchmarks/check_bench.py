"""``invoke check`` on a generated site: pages validated, links checked, time taken.

``python benchmarks/check_bench.py [--keys N]`` (invoke bench passes --keys).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402
from common.sitebuild import run_build  # noqa: E402
from quality.report import format_report  # noqa: E402
from quality.run import check_site  # noqa: E402
from seo_fixtures import add_real_content  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000, help="synthetic keys, each in it and en")
    args = parser.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix="check-bench-"))
    try:
        content = make_corpus(base / "content", keys=args.keys)
        add_real_content(content)
        started = time.perf_counter()
        run_build(base / "output", {"PATH": str(content), "CACHE_PATH": str(base / "cache")},
                  env={"SOURCE_DATE_EPOCH": "1801483200"}, capture_output=False).check_returncode()
        build_seconds = time.perf_counter() - started
        outcome = check_site(base / "output", content, ROOT / "data")
        figures = outcome.figures
        print(format_report(outcome).splitlines()[-1])
        print(f"keys: {args.keys} ({figures['items']} content files), build: {build_seconds:.1f} s")
        print(f"pages validated: {figures['validated']}")
        print(f"links checked: {figures['links']}")
        print(f"images checked: {figures['images']}, JSON-LD blocks parsed: {figures['jsonld']}")
        print(f"check time: {figures['seconds']:.1f} s")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
