"""Content helpers shared by the seo, check, publish and reproducibility tests."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def area_tags(data: Path = ROOT / "data"):
    """{lang: [tags]} that the areas registry lists (the build wants content for each)."""
    path = Path(data) / "areas.yaml"
    tags = {"it": [], "en": []}
    if path.exists():
        for area in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            for lang, tag in (area.get("tag") or {}).items():
                tags.setdefault(lang, []).append(tag)
    return tags


def write_area_news(content: Path, data: Path = ROOT / "data"):
    """One news item per language tagged with every area's tag."""
    for lang, tags in area_tags(data).items():
        path = Path(content) / "news" / f"aree-programma.{lang}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        title = "Le aree del programma" if lang == "it" else "The areas of the programme"
        summary = ("Le sei aree di intervento del programma Manifattura Milano." if lang == "it"
                   else "The six areas of intervention of the Manifattura Milano programme.")
        path.write_text(f"---\ntitle: {title}\nsummary: {summary}\ndate: 2027-01-10\ntags: {tags!r}\n---\nTesto.\n",
                        encoding="utf-8")


def add_real_content(content: Path):
    """Copy the repo's own content beside generated items: the registries in
    data/ refer to real keys (a space's call, an area's tag), so a generated
    site built with the real data needs them."""
    import shutil

    for source in sorted((ROOT / "content").rglob("*")):
        target = Path(content) / source.relative_to(ROOT / "content")
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
