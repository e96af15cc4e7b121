"""``invoke new``: one item in both languages with the front matter its section needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from common.clock import ROME

from .fields import SECTIONS, slugify

_EXTRA = {
    "news": "",
    "pages": "",
    "cases": "company: \nsector: \nmunicipio: \nwebsite: \n",
    "opportunities": "deadline: \nopens: \namount: \naudience: []\napply_url: \ndocuments: []\ncontact: \n",
}


def front_matter(section, title, lang, today):
    """Starts as a draft so that a half-written item is never published."""
    dated = "" if section == "pages" else f"date: {today}\n"
    summary = "Una frase che riassume il contenuto." if lang == "it" else "One sentence that sums it up."
    body = "Scrivi qui il testo." if lang == "it" else "Write the text here."
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    return f"---\n{title_line}summary: {summary}\n{dated}tags: []\n{_EXTRA[section]}status: draft\n---\n\n{body}\n"


def scaffold_item(content_root: Path, section: str, title: str, today=None):
    if section not in SECTIONS:
        raise SystemExit(f"Unknown section '{section}': use one of {', '.join(SECTIONS)}")
    key = slugify(title)
    if not key:
        raise SystemExit("The title must contain letters or digits")
    today = today or datetime.now(ROME).date().isoformat()
    created = []
    for lang in ("it", "en"):
        path = Path(content_root) / section / f"{key}.{lang}.md"
        if path.exists():
            raise SystemExit(f"{path} already exists: choose another title or edit that file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(section, title, lang, today), encoding="utf-8")
        created.append(path)
    return created
