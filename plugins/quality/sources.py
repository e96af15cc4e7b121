"""Read the content folder and the registries into the plain records the checks take."""

from __future__ import annotations

from pathlib import Path


def content_records(content_root: Path, model):
    """Published items (of the site ``model``'s sections and languages) as dicts: path, section, key, lang,
    summary, line, and for the publication notices slug, example, date (aware, None for an undated section
    or when unreadable), sources."""
    from content_model.dates import DateError, parse_instant
    from content_model.fields import parse_source_name
    from content_model.frontmatter import FrontMatterError, split_front_matter

    content_root = Path(content_root)
    records = []
    for path in sorted(content_root.glob("*/*.md")):
        relpath = path.relative_to(content_root).as_posix()
        name, errors = parse_source_name(relpath, model.codes, model.sections)
        display = f"content/{relpath}"
        if name is None:
            continue
        try:
            located, _, _ = split_front_matter(display, path.read_text(encoding="utf-8"))
        except FrontMatterError:
            continue
        meta = located.data if isinstance(located.data, dict) else {}
        if meta.get("status") == "draft":
            continue
        try:
            date = parse_instant(meta["date"]) if model.sections[name.section].dated and meta.get("date") else None
        except DateError:
            date = None
        records.append({"path": display, "section": name.section, "key": name.key, "lang": name.lang,
                        "summary": meta.get("summary"), "line": located.line_of("summary"),
                        "slug": meta.get("slug") or name.key, "example": meta.get("example") is True,
                        "example_line": located.line_of("example"), "date": date,
                        "date_line": located.line_of("date"), "sources": meta.get("sources")})
    return records


def registry_missing_translations(data_root: Path, model):
    """What the registries plugin reports as untranslated in the model's other languages, when it offers that."""
    try:
        import registries
    except ImportError:
        return None
    function = getattr(registries, "missing_translations", None)
    if function is None:
        return None
    import yaml

    loaded = {}
    for path in sorted(Path(data_root).glob("*.yaml")):
        if path.stem != "codes":
            loaded[path.stem] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return function(loaded, model.codes[1:])
