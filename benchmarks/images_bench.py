"""Cold and warm image processing in a real build of a synthetic site.

``python benchmarks/images_bench.py --keys 200``: writes ``keys`` items in
Italian and English (benchmarks/corpus.py), each with its own lead image (a
2400x1600 phone-like JPEG with EXIF), builds the site twice with an empty and
then a warm image cache, and prints the time spent on images in each build.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus, skeleton_data  # noqa: E402
sys.path.insert(0, str(ROOT / "plugins"))
from common.sitebuild import run_build  # noqa: E402


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


def build(base: Path, content: Path, timings: Path) -> float:
    data = skeleton_data(base)
    overrides = {"PATH": str(content), "CACHE_PATH": str(base / ".cache"),
                 "DATA_PATH": str(data), "CONTENT_CODES_FILE": str(data / "codes.yaml"),
                 "IMAGE_CACHE_PATH": str(base / ".cache" / "images"), "IMAGE_TIMINGS_FILE": str(timings)}
    started = time.perf_counter()
    done = run_build(base / "output", overrides, env={"SOURCE_DATE_EPOCH": "1801483200"})
    elapsed = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"build failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=200, help="items (each in it and en), one image each")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="images-bench-") as folder:
        base = Path(folder)
        content = make_corpus(base / "content", args.keys, words=120)
        started = time.perf_counter()
        add_images(content, args.keys)
        print(f"wrote {args.keys} source images (2400x1600 JPEG) in {time.perf_counter() - started:.1f} s")
        timings = base / "timings.json"
        for label in ("cold", "warm"):
            total = build(base, content, timings)
            images = json.loads(timings.read_text())
            share = 100 * images["seconds"] / total
            print(f"{label}: build {total:.2f} s, images {images['seconds']:.2f} s ({share:.1f} %), "
                  f"made {images['made']}, reused {images['reused']} (on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
