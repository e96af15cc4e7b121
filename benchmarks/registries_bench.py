"""What the registries cost: a labs registry of 2,000 entries on the
synthetic corpus.

    python benchmarks/registries_bench.py --keys 1000 [--labs 2000] [--runs 2]

Prints (1) the build time of the site without the registries plugin, (2)
the time of the registries' data work (load and validate, exports, map
geometry and drawing) and its share of (1), target under 10 %; (3) the mean
time Pelican's writer spends on one lab page and on one article page,
target: a lab page costs no more than an article page.

No site builds without the registries (the images plugin reads their data
and the theme needs the images plugin; opportunities and search need them
too: benchmarks/plugin_sets.py), so (1) is one build with every plugin,
in this process, less the time spent inside the registries' generator
during that build (its context and its pages): both from the same build,
so that a change in the machine's load between builds cannot skew it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

from corpus import make_corpus, skeleton_data  # noqa: E402
from common.sitebuild import run_build  # noqa: E402

EPOCH = "1801483200"


def labs_yaml(count: int, codes: dict, seed: int = 11) -> str:
    rng = random.Random(seed)
    lines = ["# yaml-language-server: $schema=./schemas/labs.schema.json"]
    for index in range(count):
        services = sorted(rng.sample(codes["lab_services"], 3))
        lines += [
            f"- id: lab-{index}",
            f"  name: Laboratorio {index}",
            f"  kind: {rng.choice(codes['lab_kind'])}",
            f"  address: Via Esempio {index}, Milano",
            f"  municipio: {rng.randint(1, 9)}",
            f"  lat: {rng.uniform(45.40, 45.52):.5f}",
            f"  lon: {rng.uniform(9.08, 9.26):.5f}",
            f"  services: [{', '.join(services)}]",
            "  accessible: true",
            "  qualified_since: 2026-10-01",
            "  description:",
            f"    it: Descrizione del laboratorio {index}.",
            f"    en: Description of lab {index}.",
            "  example: true",
        ]
    return "\n".join(lines) + "\n"


def make_data(dest: Path, labs: int) -> Path:
    import yaml

    data = skeleton_data(dest)
    codes = yaml.safe_load((data / "codes.yaml").read_text(encoding="utf-8"))
    (data / "labs.yaml").write_text(labs_yaml(labs, codes), encoding="utf-8")
    return data


def build_with_every_plugin(content: Path, data: Path, output: Path, cache: Path) -> float:
    started = time.perf_counter()
    done = run_build(output, {"PATH": str(content), "CACHE_PATH": str(cache), "DATA_PATH": str(data),
                              "CONTENT_CODES_FILE": str(data / "codes.yaml")},
                     env={"SOURCE_DATE_EPOCH": EPOCH})
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed:\n{done.stderr[-3000:]}")
    return elapsed


def data_work(data: Path) -> dict:
    """Seconds of each step of the registries' data work, done as the plugin does it."""
    import yaml
    from jinja2 import Environment, FileSystemLoader

    import pelicanconf
    from registries import charts, svgmap
    from registries.catalogue import REGISTRIES
    from registries.core import load_registries
    from registries.exports import export_files
    from registries.translations import pick
    from registries.validation import Known

    codes = yaml.safe_load((data / "codes.yaml").read_text(encoding="utf-8"))
    from languages.strings import load_string_tables
    from site_model import model_from_file

    model = model_from_file()
    languages, paths = model.codes, pelicanconf.LOCALISED_PATHS
    tables = load_string_tables(ROOT / "theme" / "i18n", languages)
    timings = {}
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        load_registries(REGISTRIES, data, codes, Known(), languages, paths, cache_dir=cache)
        timings["_load and validate, first build (no cache)"] = time.perf_counter() - started
        started = time.perf_counter()
        loaded = load_registries(REGISTRIES, data, codes, Known(), languages, paths, cache_dir=cache)
        timings["load and validate (parsed YAML cached)"] = time.perf_counter() - started
    assert not loaded.errors, loaded.errors[:3]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        for registry in REGISTRIES:
            for name, text in export_files(registry.name, loaded.records[registry.name],
                                           loaded.schemas[registry.name], languages, registry.geographic).items():
                Path(folder, name).write_text(text, encoding="utf-8")
    timings["exports"] = time.perf_counter() - started
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme" / "templates")), autoescape=True)
    env.filters.update(pick=pick, map_pins=svgmap.pins_svg,
                       figure=lambda indicator, lang: charts.format_figure(
                           indicator, model.language(lang), tables[lang]["registries"]["rank"]))
    macro = env.get_template("registries/macros.html").module.municipi_map
    strings = {"municipio_n": "Municipio {n}", "not_to_scale": "."}
    started = time.perf_counter()
    pins, shapes = svgmap.pins(loaded.registries["labs"]), svgmap.municipio_shapes()
    for lang in languages:
        svg = str(macro(shapes, pins, lang, strings, "", "Map", "Desc", "labs-map"))
    timings["map"] = time.perf_counter() - started
    timings["_pins"] = svg.count("<a href")
    return timings


def timed_method(cls, name, spent, key):
    """Wrap ``cls.name`` so that each call adds its seconds to ``spent[key]``; returns the original."""
    original = getattr(cls, name)

    def timed(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - started

    setattr(cls, name, timed)
    return original


def build_with_registries_in_process(content: Path, data: Path, output: Path, cache: Path):
    """Build with every plugin, timing Pelican's writer per template and the registries' own generator."""
    from pelican.writers import Writer

    from common.sitebuild import build
    from registries.wiring import RegistriesGenerator

    spent, counts, own = defaultdict(float), defaultdict(int), defaultdict(float)
    original = Writer.write_file

    def timed(self, name, template, *args, **kwargs):
        started = time.perf_counter()
        result = original(self, name, template, *args, **kwargs)
        key = getattr(template, "name", str(template))
        spent[key] += time.perf_counter() - started
        counts[key] += 1
        return result

    Writer.write_file = timed
    originals = {step: timed_method(RegistriesGenerator, step, own, step)
                 for step in ("generate_context", "generate_output")}
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    overrides = {"PATH": str(content), "CACHE_PATH": str(cache), "DATA_PATH": str(data),
                 "CONTENT_CODES_FILE": str(data / "codes.yaml")}
    started = time.perf_counter()
    code = build(ROOT / "pelicanconf.py", output, overrides)
    elapsed = time.perf_counter() - started
    Writer.write_file = original
    for step, method in originals.items():
        setattr(RegistriesGenerator, step, method)
    if code:
        sys.exit("the build with registries failed")
    return elapsed, spent, counts, own


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keys", type=int, default=1000, help="synthetic content keys (each in it and en)")
    parser.add_argument("--labs", type=int, default=2000, help="entries in the labs registry")
    parser.add_argument("--runs", type=int, default=2, help="builds with every plugin (median taken)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        content = make_corpus(base / "content", args.keys)
        data = make_data(base, args.labs)
        cache = base / "cache"
        build_with_every_plugin(content, data, base / "warm", cache)  # fills the content cache
        whole = statistics.median(
            build_with_every_plugin(content, data, base / f"out-{run}", cache) for run in range(args.runs))
        work = data_work(data)
        total_work = sum(value for key, value in work.items() if not key.startswith("_"))
        cold_work = total_work - work["load and validate (parsed YAML cached)"] + work[
            "_load and validate, first build (no cache)"]
        in_process, spent, counts, own = build_with_registries_in_process(content, data, base / "with", cache)
    inside = sum(own.values())
    without = in_process - inside

    print(f"corpus: {args.keys} keys x 2 languages; labs registry: {args.labs} entries ({work['_pins']} map pins)")
    print(f"build with every plugin (median of {args.runs}): {whole:.2f} s")
    print(f"inside the registries' generator (one build in process, {in_process:.2f} s): "
          + ", ".join(f"{step} {value:.2f} s" for step, value in own.items()) + f" = {inside:.2f} s")
    print(f"build without the registries plugin (that build less that): {without:.2f} s")
    for key, value in work.items():
        if key != "_pins":
            print(f"  data work, {key.lstrip('_')}: {value * 1000:.0f} ms")
    share = 100 * total_work / without
    print(f"data work total: {total_work:.2f} s = {share:.1f} % of the build without it "
          f"(target < 10 %: {'met' if share < 10 else 'NOT met'})")
    print(f"data work on a first build (empty cache): {cold_work:.2f} s = {100 * cold_work / without:.1f} %")
    per_page = {name: spent[name] / counts[name] for name in spent if counts[name]}
    lab = per_page.get("registries/lab.html")
    article = per_page.get("article.html")
    for name in sorted(per_page, key=lambda n: -counts[n])[:8]:
        print(f"  writer, {name}: {counts[name]} pages, {per_page[name] * 1000:.2f} ms per page")
    if lab and article:
        print(f"lab page {lab * 1000:.2f} ms vs article page {article * 1000:.2f} ms "
              f"(target lab <= article: {'met' if lab <= article else 'NOT met'})")


if __name__ == "__main__":
    main()
