"""Cold and warm image processing in a real build of a synthetic site.

``python benchmarks/images_bench.py --keys 200``: writes ``keys`` items in
Italian and English (benchmarks/corpus.py), each with its own lead image (a
2400x1600 phone-like JPEG with EXIF), builds the site twice with an empty and
then a warm image cache, and prints for each build the main process's wait for
images and the CPU seconds of the images pool's jobs (each timed in its worker).

``python benchmarks/images_bench.py --own-content --runs 3``: the same figures
for cold builds of this checkout's own content/ (a harness clone's: issue 14),
each with an empty image cache (output and caches in a temporary folder).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus, skeleton_data  # noqa: E402
sys.path.insert(0, str(ROOT / "plugins"))
from common.sitebuild import build_arguments, build_env  # noqa: E402


def phone_photo(index: int) -> Image.Image:
    """Gradient plus grain: compresses like a photo, different for every index."""
    base = Image.linear_gradient("L").resize((2400, 1600)).rotate(index * 37 % 360)
    blobs = Image.effect_noise((600, 400), 40 + index % 30).resize((2400, 1600), Image.Resampling.BICUBIC)
    fine = Image.effect_noise((2400, 1600), 12)
    return Image.merge("RGB", (base, Image.blend(base, blobs, 0.5), Image.blend(blobs, fine, 0.3)))


def add_images(content: Path, keys: int):
    folder = content / "images" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    exif = Image.Exif()
    exif[0x0112] = 6
    for index in range(keys):
        phone_photo(index).save(folder / f"photo-{index}.jpg", quality=88, exif=exif)
    for path in content.glob("*/item-*.*.md"):
        index = int(path.name.split(".")[0].split("-")[1])
        lang = path.name.split(".")[1]
        text = path.read_text(encoding="utf-8")
        text = text.replace("\ntags: [", f"\ntags: [{'programma' if lang == 'it' else 'programme'}, ", 1)
        text = re.sub(r"^(title: .*)$", rf"\1\nimage: bench/photo-{index}.jpg\nimage_alt: Foto {index}", text,
                      count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")


# The build, with each job of the images pool timed in the worker that runs it (a job
# run inside another, the icons inside the brand job, counts in that one).
TIMED_BUILD = r"""
import functools, json, sys, time
import images.library as library, images.wiring as wiring
from common import sitebuild
log, running = sys.argv[1], []

def timed(module, name):
    function = getattr(module, name)
    @functools.wraps(function)  # pickled by name: the pool's workers find this one
    def job(*args, **kwargs):
        running.append(name)
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            running.pop()
            if not running:
                with open(log, "a") as out:
                    out.write(json.dumps([name, time.process_time() - started]) + "\n")
    setattr(module, name, job)

for module, name in ((library, "_derivatives_job"), (wiring, "draw_brand"), (library, "_drawings_job")):
    timed(module, name)
sys.exit(sitebuild.main(sys.argv[2:]))
"""
JOB_NAMES = {"_derivatives_job": "derivatives", "draw_brand": "mark and icons", "_drawings_job": "cards"}


def build(base: Path, overrides: dict, env=None) -> dict:
    """One build into ``base``/output; its wall, CPU of all its processes and the images' figures."""
    jobs, timings = base / "jobs.jsonl", base / "timings.json"
    jobs.unlink(missing_ok=True)
    command = [sys.executable, "-c", TIMED_BUILD, str(jobs),
               *build_arguments(base / "output", dict(overrides, IMAGE_TIMINGS_FILE=str(timings)))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=build_env(env), capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    cpu = {label: 0.0 for label in JOB_NAMES.values()}
    counts = dict.fromkeys(JOB_NAMES.values(), 0)
    for line in jobs.read_text().splitlines() if jobs.exists() else ():
        name, seconds = json.loads(line)
        cpu[JOB_NAMES[name]] += seconds
        counts[JOB_NAMES[name]] += 1
    return {"wall": elapsed, "cpu": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
            "jobs": cpu, "counts": counts, **json.loads(timings.read_text())}


def report(label: str, figures: dict):
    jobs = ", ".join(f"{name} {seconds:.2f} s ({figures['counts'][name]})" for name, seconds in figures["jobs"].items())
    print(f"{label}: build {figures['wall']:.2f} s wall, {figures['cpu']:.2f} CPU s; images pool jobs "
          f"{sum(figures['jobs'].values()):.2f} CPU s: {jobs}; main process in the images plugin "
          f"{figures['seconds']:.2f} s; made {figures['made']}, reused {figures['reused']} "
          f"(load {os.getloadavg()[0]:.1f})")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=200, help="items (each in it and en), one image each")
    parser.add_argument("--own-content", action="store_true", help="cold builds of this checkout's content/")
    parser.add_argument("--runs", type=int, default=1, help="cold builds of --own-content")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="images-bench-") as folder:
        base = Path(folder)
        if args.own_content:
            for run in range(args.runs):
                cache = base / f"cache-{run}"
                report(f"cold {run + 1}", build(base, {"CACHE_PATH": str(cache),
                                                       "IMAGE_CACHE_PATH": str(cache / "images")}))
            return
        content = make_corpus(base / "content", args.keys, words=120)
        started = time.perf_counter()
        add_images(content, args.keys)
        print(f"wrote {args.keys} source images (2400x1600 JPEG) in {time.perf_counter() - started:.1f} s")
        data = skeleton_data(base)
        overrides = {"PATH": str(content), "CACHE_PATH": str(base / ".cache"),
                     "DATA_PATH": str(data), "CONTENT_CODES_FILE": str(data / "codes.yaml"),
                     "IMAGE_CACHE_PATH": str(base / ".cache" / "images")}
        for label in ("cold", "warm"):
            report(label, build(base, overrides, env={"SOURCE_DATE_EPOCH": "1801483200"}))
        print(f"on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
