"""Synthetic content in the content contract, for benchmarks.

``make_corpus(dest, keys)`` writes ``keys`` items in Italian and English
(news, cases and opportunities in turn) of about ``words`` words each, plus
the legal pages, and returns the content folder.

``vocabulary="small"`` (default) repeats about thirty words; ``"zipf"``
draws titles, summaries and bodies from Debian's word lists
(``/usr/share/dict/italian``, package witalian; ``american-english``,
package wamerican) with Zipf-distributed frequencies, as real text has: at
1,000 keys each language gets more than 15,000 distinct words. Search sizes
are measured on that.
"""

from __future__ import annotations

import bisect
import functools
import itertools
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


DICTIONARIES = {"it": "/usr/share/dict/italian", "en": "/usr/share/dict/american-english"}
DICTIONARY_PACKAGES = {"it": "witalian", "en": "wamerican"}
# Zipf's law: the r-th most frequent word has a frequency proportional to 1/r.
ZIPF_RANKS = 40_000


@functools.lru_cache(maxsize=2)
def zipf_vocabulary(lang: str):
    """(words, cumulative weights): a fixed shuffle of the word list, weighted 1/rank."""
    try:
        lines = Path(DICTIONARIES[lang]).read_text(encoding="utf-8").split()
    except OSError as missing:
        raise SystemExit(f"{DICTIONARIES[lang]} is missing: apt-get install -y {DICTIONARY_PACKAGES[lang]}") from missing
    words = sorted({line.lower() for line in lines if line.isalpha()})
    random.Random(lang).shuffle(words)
    words = words[:ZIPF_RANKS]
    return words, list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))


def zipf_words(rng, lang, count):
    words, cumulative = zipf_vocabulary(lang)
    total = cumulative[-1]
    return [words[min(bisect.bisect(cumulative, rng.random() * total), len(words) - 1)] for _ in range(count)]


def _body(rng, words, vocabulary):
    sentences = []
    remaining = words
    while remaining > 0:
        length = min(remaining, rng.randint(8, 20))
        sentence = " ".join(vocabulary(length) if callable(vocabulary) else
                            [rng.choice(vocabulary) for _ in range(length)])
        sentences.append(sentence.capitalize() + ".")
        remaining -= length
    paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, len(sentences), 5)]
    return "## Il progetto\n\n" + "\n\n".join(paragraphs) + "\n"


def _front_matter(section, index, lang, rng, start, zipf=False):
    day = start + timedelta(days=index % 700)
    if zipf:
        title = " ".join(zipf_words(rng, lang, rng.randint(4, 9))).capitalize()
        summary = " ".join(zipf_words(rng, lang, rng.randint(12, 24))).capitalize() + "."
    else:
        title = f"{'Notizia' if lang == 'it' else 'Item'} {index} {rng.choice(IT_WORDS if lang == 'it' else EN_WORDS)}"
        summary = f"{'Sommario' if lang == 'it' else 'Summary'} {index} del contenuto sintetico."
    lines = [
        "---",
        f"title: {title}",
        f"summary: {summary}",
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


def make_corpus(dest: Path, keys: int = 1000, words: int = 300, seed: int = 7, vocabulary: str = "small") -> Path:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from conftest_pages import MINIMAL_PAGES  # noqa: PLC0415

    rng = random.Random(seed)
    content = Path(dest)
    start = date(2025, 1, 1)
    for index in range(keys):
        section = SECTIONS[index % 3]
        folder = content / section
        folder.mkdir(parents=True, exist_ok=True)
        for lang, small in (("it", IT_WORDS), ("en", EN_WORDS)):
            zipf = vocabulary == "zipf"
            drawn = functools.partial(zipf_words, rng, lang) if zipf else small
            text = _front_matter(section, index, lang, rng, start, zipf) + "\n" + _body(rng, words, drawn)
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
