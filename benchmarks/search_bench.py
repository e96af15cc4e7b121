"""Search budgets on the synthetic corpus (benchmarks/corpus.py).

``python benchmarks/search_bench.py --keys 1000`` prints, per language:
index build time, index + store size gzipped (both per 1,000 documents),
and the time from a keystroke to painted results in Chromium on the real
search page (a small fixture site built with the real build command, its
index and store replaced by the corpus's).

Budgets (issue 6): build < 2 s and index + store < 300 KB gzipped per 1,000
documents per language; results < 100 ms after a keystroke once loaded.
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path

import markdown
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402
from search.documents import content_document  # noqa: E402
from search.indexing import search_files  # noqa: E402

BUILD_BUDGET_S = 2.0
SIZE_BUDGET_KB = 300
KEYSTROKE_BUDGET_MS = 100
SECTION_PATHS = {"it": {"news": "notizie", "cases": "casi", "opportunities": "opportunita"},
                 "en": {"news": "news", "cases": "case-studies", "opportunities": "opportunities"}}
QUERIES = {"it": ["stampanti", "bandi laser", "laboratori municipio", "città", "stampa 3d", "prototpo", "formazio"],
           "en": ["printers", "calls laser", "labs district", "city", "3d printing", "prototpye", "trainin"]}


def corpus_documents(content: Path):
    """Plain search documents of the corpus, per language, as the plugin makes them."""
    result = {"it": [], "en": []}
    for path in sorted(content.glob("*/*.md")):
        section = path.parent.name
        if section not in SECTION_PATHS["it"]:
            continue
        key, lang = path.stem.rsplit(".", 1)
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        result[lang].append(content_document(
            title=meta["title"], url=f"{lang}/{SECTION_PATHS[lang][section]}/{key}/", section_label=section,
            summary=meta["summary"], tags=meta.get("tags", []), body_html=markdown.markdown(body),
            date=str(meta["date"]), datetime=str(meta["date"]),
        ))
    return result


def measure_index(documents, lang):
    started, cpu_started = time.perf_counter(), time.process_time()
    files = search_files(documents, lang)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
    gzipped = sum(len(gzip.compress(data, 9)) for data in files.values())
    return files, seconds, cpu_seconds, gzipped


def keystroke_latencies(site_url, lang_path, queries):
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM_ARGS

    measure = """async (query) => {
        const input = document.getElementById('search-page-q');
        input.value = query.slice(0, -1);
        input.dispatchEvent(new Event('input'));
        await new Promise(done => requestAnimationFrame(() => setTimeout(done)));
        input.value = query;
        const started = performance.now();
        input.dispatchEvent(new Event('input'));
        await new Promise(done => requestAnimationFrame(() => setTimeout(done)));
        return [performance.now() - started, document.querySelectorAll('.search-result').length];
    }"""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(f"{site_url}/{lang_path}/")
        page.wait_for_function("() => document.getElementById('search').dataset.searchReady === 'true'",
                               timeout=60_000)
        load_ms = (time.perf_counter() - started) * 1000
        timings = [page.evaluate(measure, query) for query in queries * 3]
        browser.close()
    return load_ms, timings


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000, help="synthetic keys (each in it and en)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium keystroke timing")
    args = parser.parse_args(argv)

    from conftest import FixtureSite, serve_folder

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        documents = corpus_documents(make_corpus(base / "corpus", keys=args.keys, vocabulary="zipf"))
        site = None
        if not args.no_browser:
            site = FixtureSite(base / "site")
            result = site.build()
            if result.returncode:
                print(result.stderr, file=sys.stderr)
                return 1
        failures = 0
        for lang, lang_path in (("it", "it/cerca"), ("en", "en/search")):
            # CPU time too: on a shared machine the wall time also counts other processes.
            files, seconds, cpu_seconds, gzipped = measure_index(documents[lang], lang)
            per_thousand = 1000 / max(len(documents[lang]), 1)
            build_s, size_kb = seconds * per_thousand, gzipped / 1024 * per_thousand
            print(f"[{lang}] {len(documents[lang])} documents: index build {seconds:.2f} s "
                  f"({build_s:.2f} s per 1,000; budget {BUILD_BUDGET_S} s), CPU {cpu_seconds * per_thousand:.2f} s per 1,000")
            print(f"[{lang}] index {len(files['index.json']) / 1024:.0f} KB + store "
                  f"{len(files['store.json']) / 1024:.0f} KB raw, {gzipped / 1024:.0f} KB gzipped "
                  f"({size_kb:.0f} KB per 1,000; budget {SIZE_BUDGET_KB} KB)")
            failures += build_s > BUILD_BUDGET_S or size_kb > SIZE_BUDGET_KB
            if site is None:
                continue
            for name, data in files.items():
                (site.output / lang_path / name).write_bytes(data)
            url, server = serve_folder(site.output)
            try:
                load_ms, timings = keystroke_latencies(url, lang_path, QUERIES[lang])
            finally:
                server.shutdown()
            worst = max(ms for ms, _ in timings)
            worst_query = (QUERIES[lang] * 3)[[ms for ms, _ in timings].index(worst)]
            print(f"[{lang}] page to index ready {load_ms:.0f} ms; keystroke to painted results: median "
                  f"{statistics.median(ms for ms, _ in timings):.1f} ms, worst {worst:.1f} ms ({worst_query!r}) "
                  f"(budget {KEYSTROKE_BUDGET_MS} ms); results per query "
                  f"{[count for _, count in timings[:len(QUERIES[lang])]]}")
            failures += worst > KEYSTROKE_BUDGET_MS
        print("search budgets: " + ("all met" if not failures else f"{failures} over budget"))
        return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
