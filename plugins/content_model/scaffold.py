"""``invoke new``: one item in every language with the front matter its section needs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import yaml

from common.clock import ROME

from .fields import slugify

# Fields an editor fills as lists.
LIST_FIELDS = ("audience", "documents")


def front_matter(section, title, today, strings):
    """Starts as a draft so that a half-written item is never published.

    ``section``: the site model's Section; ``strings``: the language's
    ``scaffold`` strings (placeholder summary and body)."""
    dated = f"date: {today}\n" if section.dated else ""
    extra = "".join(f"{name}: []\n" if name in LIST_FIELDS else f"{name}: \n" for name in section.fields)
    title_line = yaml.safe_dump({"title": title}, allow_unicode=True, width=1000)
    return (f"---\n{title_line}summary: {strings['summary']}\n{dated}tags: []\n{extra}status: draft\n---\n\n"
            f"{strings['body']}\n")


def scaffold_item(content_root: Path, section: str, title: str, model, strings, today=None):
    """Draft files of a new item of ``section`` in each of the model's languages; ``strings``: STRINGS."""
    if section not in model.sections:
        raise SystemExit(f"Unknown section '{section}': use one of {', '.join(model.sections)}")
    key = slugify(title)
    if not key:
        raise SystemExit("The title must contain letters or digits")
    today = today or datetime.now(ROME).date().isoformat()
    created = []
    for lang in model.codes:
        path = Path(content_root) / section / f"{key}.{lang}.md"
        if path.exists():
            raise SystemExit(f"{path} already exists: choose another title or edit that file")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(model.sections[section], title, today, strings[lang]["scaffold"]),
                        encoding="utf-8")
        created.append(path)
    return created
