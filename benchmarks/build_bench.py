"""Foundation build benchmark: the bilingual site beside plain Pelican.

Generates N keys x 2 languages in the content contract (benchmarks/corpus.py)
and reports, for the project's build (content_model, languages and the theme's assets plugin, with
what the site model and the theme need of them: plugin_sets.smallest_site) and
for plain Pelican 4.12 (default settings and theme, pelican-yaml-metadata) on
the same Markdown: cold and warm (one file edited) wall time, reading and
writing time apart, pages written and peak memory.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import make_corpus, skeleton_data  # noqa: E402
from plugin_sets import smallest_site  # noqa: E402

# Runs one build in a fresh interpreter and prints its figures as JSON:
# reading = until every generator has its context; writing = the rest.
CHILD = r"""
import json, resource, sys, time
sys.path.insert(0, sys.argv[1] + "/plugins")
from pelican import Pelican, signals
from pelican.settings import read_settings
marks = {}
signals.all_generators_finalized.connect(lambda g: marks.setdefault("read", time.perf_counter()), weak=False)
settings = read_settings(sys.argv[2] or None, override=json.loads(sys.argv[3]))
start = time.perf_counter()
Pelican(settings).run()
end = time.perf_counter()
print(json.dumps({"total": end - start, "read": marks["read"] - start, "write": end - marks["read"],
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run_child(settings_file, overrides):
    done = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), settings_file, json.dumps(overrides)],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        raise SystemExit(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(label, settings_file, overrides, content, output, runs):
    """Median of ``runs`` cold builds (empty output and cache) and of the warm
    rebuild (empty output, cache kept) that follows each after one edited file."""
    colds, warms = [], []
    edited = next(iter(sorted((content / "news").glob("*.it.md"))))
    for _ in range(runs):
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(overrides["CACHE_PATH"], ignore_errors=True)
        colds.append(run_child(settings_file, overrides))
        edited.write_text(edited.read_text(encoding="utf-8") + "\nUna riga aggiunta.\n", encoding="utf-8")
        # Into an empty folder, as the project's build writes a fresh staging folder every time (the
        # images plugin hard-links its cached files into the output); the reader caches stay.
        shutil.rmtree(output, ignore_errors=True)
        warms.append(run_child(settings_file, overrides))
    pages = sum(1 for _ in Path(output).rglob("*.html"))
    median = lambda rows: sorted(rows, key=lambda row: row["total"])[len(rows) // 2]  # noqa: E731
    return {"label": label, "cold": median(colds), "warm": median(warms), "pages": pages}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind; the median is shown")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-build-"))
    content = make_corpus(work / "content", args.keys)
    data = skeleton_data(work)
    project = measure("project (it+en)", str(ROOT / "pelicanconf.py"), {
        "PATH": str(content), "OUTPUT_PATH": str(work / "out-project"), "CACHE_PATH": str(work / "cache-project"),
        "DATA_PATH": str(data), "CONTENT_CODES_FILE": str(data / "codes.yaml"),
        "PLUGINS": smallest_site("content_model", "languages", "assets"),
    }, content, work / "out-project", args.runs)
    baseline = measure("plain Pelican", "", {
        "PATH": str(content), "OUTPUT_PATH": str(work / "out-plain"), "CACHE_PATH": str(work / "cache-plain"),
        "PLUGINS": ["pelican.plugins.yaml_metadata"], "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True,
        "TIMEZONE": "Europe/Rome",
        # Plain Pelican slugs titles, and the two "Privacy" pages would collide.
        "SLUGIFY_SOURCE": "basename",
    }, content, work / "out-plain", args.runs)
    print(f"Synthetic corpus: {args.keys} keys x 2 languages ({2 * args.keys} Markdown files, ~300 words each);"
          f" median of {args.runs} runs")
    print(f"{'build':18} {'cold s':>7} {'read s':>7} {'write s':>8} {'warm s':>7} {'read s':>7} {'write s':>8}"
          f" {'warm/cold':>9} {'pages':>6} {'peak MB':>8}")
    for row in (project, baseline):
        cold, warm = row["cold"], row["warm"]
        print(f"{row['label']:18} {cold['total']:7.2f} {cold['read']:7.2f} {cold['write']:8.2f} {warm['total']:7.2f}"
              f" {warm['read']:7.2f} {warm['write']:8.2f} {warm['total'] / cold['total']:9.0%} {row['pages']:6d}"
              f" {max(cold['peak_mb'], warm['peak_mb']):8.0f}")
    ratio = project["cold"]["total"] / baseline["cold"]["total"]
    print(f"bilingual cold build / plain Pelican: {ratio:.2f}x (target <= 1.3x)")
    print(f"warm rebuild after one edit: {project['warm']['total'] / project['cold']['total']:.0%} of cold (target <= 50%)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
