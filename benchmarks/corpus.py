"""Synthetic content in the content contract, for benchmarks.

``make_corpus(dest, keys)`` writes ``keys`` items in Italian and English
(news, cases and opportunities in turn) of about ``words`` words each, plus
the legal pages, and returns the content folder.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, timedelta
from pathlib import Path

IT_WORDS = ("manifattura digitale artigiani stampante stampanti laboratorio laboratori bando bandi spazio spazi "
            "città periferia impresa imprese progetto progetti formazione lavoro municipio innovazione prototipo "
            "taglio laser legno tessile riciclo comunità scuola università attività produzione servizi").split()
EN_WORDS = ("digital manufacturing artisans printer printers lab labs call calls space spaces city outskirts firm "
            "firms project projects training work district innovation prototype laser cutting wood textile "
            "recycling community school university activity production services").split()
TAGS = ["stampa 3d", "bandi", "spazi", "formazione", "economia circolare", "design", "robotica", "tessile"]
SECTIONS = ("news", "cases", "opportunities")


def _body(rng, words, vocabulary):
    sentences = []
    remaining = words
    while remaining > 0:
        length = min(remaining, rng.randint(8, 20))
        sentence = " ".join(rng.choice(vocabulary) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
        remaining -= length
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "## Il progetto\n\n" + "\n\n".join(paragraphs) + "\n"


def _front_matter(section, index, lang, rng, start):
    day = start + timedelta(days=index % 700)
    title = f"{'Notizia' if lang == 'it' else 'Item'} {index} {rng.choice(IT_WORDS if lang == 'it' else EN_WORDS)}"
    lines = [
        "---",
        f"title: {title}",
        f"summary: {'Sommario' if lang == 'it' else 'Summary'} {index} del contenuto sintetico.",
        f"date: {day.isoformat()}",
        f"tags: [{rng.choice(TAGS)}, {rng.choice(TAGS)}]",
    ]
    if section == "cases":
        lines += [f"company: Impresa {index}", "sector: design", f"municipio: {index % 9 + 1}"]
    if section == "opportunities":
        lines += [f"deadline: {(day + timedelta(days=60)).isoformat()} 12:00", f"opens: {day.isoformat()}",
                  "amount: {min: 5000, max: 50000, total: 1000000}", "audience: [startup, pmi]",
                  "apply_url: https://www.comune.milano.it/bandi"]
    lines.append("---")
    return "\n".join(lines) + "\n"


def make_corpus(dest: Path, keys: int = 1000, words: int = 300, seed: int = 7) -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from conftest_pages import MINIMAL_PAGES  # noqa: PLC0415

    rng = random.Random(seed)
    content = Path(dest)
    start = date(2025, 1, 1)
    for index in range(keys):
        section = SECTIONS[index % 3]
        folder = content / section
        folder.mkdir(parents=True, exist_ok=True)
        for lang, vocabulary in (("it", IT_WORDS), ("en", EN_WORDS)):
            text = _front_matter(section, index, lang, rng, start) + "\n" + _body(rng, words, vocabulary)
            (folder / f"item-{index}.{lang}.md").write_text(text, encoding="utf-8")
    for relpath, text in MINIMAL_PAGES.items():
        path = content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def skeleton_data(dest: Path) -> Path:
    """A data/ folder with the repo's code lists and schemas but no registry:
    the real registries point at the real content (tags, opportunity keys)."""
    root = Path(__file__).resolve().parent.parent
    data = Path(dest) / "data"
    data.mkdir(parents=True, exist_ok=True)
    shutil.copy(root / "data" / "codes.yaml", data / "codes.yaml")
    shutil.copytree(root / "data" / "schemas", data / "schemas", dirs_exist_ok=True)
    return data
