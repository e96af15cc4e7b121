"""Issue 13, a cache that cannot lie: after each of a dozen edits to data/
and content/, a warm build (with the previous builds' caches) and a cold
build of the same tree give the same exit status, the same report and
byte-identical output."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil

from conftest import ONE_LAB, FixtureSite, news, run_site_build

EVENTS = """\
# yaml-language-server: $schema=./schemas/events.schema.json
- id: serata
  title: {it: Serata}
  start: 2027-03-01 18:00
  venue: Sala
  url: https://example.org/serata
  lab: officina
"""
CALL = ("---\ntitle: Bando\nsummary: Sommario.\ndate: 2026-12-01\ndeadline: 2027-03-31\n"
        "apply_url: https://www.comune.milano.it/domanda\naudience: [pmi, startup]\ntags: [bandi]\n---\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n")
PLAIN_MARKDOWN = {"MARKDOWN": {"extension_configs": {}, "output_format": "html5"}}


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def report(result):
    return [line for line in result.stderr.splitlines() if not line.startswith("Built ")]


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def tree_digest(*folders):
    """One digest of every file's path and bytes under ``folders``: equal for equal trees."""
    digest = hashlib.sha256()
    for folder in folders:
        for path, data in sorted(files(folder).items()):
            digest.update(f"{folder.name}/{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


def test_warm_and_cold_builds_agree_after_each_edit(tmp_path):
    site = FixtureSite(tmp_path / "warm")
    site.write_data("labs.yaml", ONE_LAB)
    site.write_data("events.yaml", EVENTS)
    site.write("opportunities/bando.it.md", CALL)
    site.write("news/uno.it.md", news("uno", "it", "Uno", extra="tags: [bandi]\n"))
    site.write("news/due.it.md", news("due", "it", "Due", body="[uno]({filename}uno.it.md)"))
    first = site.build_ok()
    # A build's output is a function of its tree's bytes (test_reproducible.py): the edits that mend
    # what the one before broke bring back a tree already built cold, whose cold build is not repeated.
    # The first build is a cold one.
    colds = {tree_digest(site.content, site.data): (first.returncode, report(first), files(site.output))}
    codes = site.data / "codes.yaml"
    schema = site.data / "schemas" / "labs.schema.json"
    schema_text = schema.read_text(encoding="utf-8")

    def require_website():
        data = json.loads(schema_text)
        data["items"]["required"].append("website")
        schema.write_text(json.dumps(data), encoding="utf-8")

    edits = [
        ("a code an item uses leaves codes.yaml", lambda: edit(codes, "startup, pmi,", "startup,")),
        ("the code comes back", lambda: edit(codes, "startup,", "startup, pmi,")),
        ("a tag changes", lambda: edit(site.content / "opportunities/bando.it.md", "[bandi]", "[bandi, spazi]")),
        ("a linked item becomes a draft", lambda: edit(site.content / "news/uno.it.md", "tags:", "status: draft\ntags:")),
        ("the draft is published", lambda: edit(site.content / "news/uno.it.md", "status: draft\n", "")),
        ("a lab breaks its schema", lambda: edit(site.data / "labs.yaml", "municipio: 5", "municipio: 12")),
        ("the lab is mended", lambda: edit(site.data / "labs.yaml", "municipio: 12", "municipio: 5")),
        ("a schema asks for a field the lab lacks", require_website),
        ("the schema is restored", lambda: schema.write_text(schema_text, encoding="utf-8")),
        ("an event names a lab that does not exist", lambda: edit(site.data / "events.yaml", "lab: officina", "lab: x")),
        ("the event is mended", lambda: edit(site.data / "events.yaml", "lab: x", "lab: officina")),
        ("raw HTML is added", lambda: edit(site.content / "news/due.it.md", "[uno]", "<script>x()</script>[uno]")),
        ("an item is deleted", lambda: (site.content / "news/due.it.md").unlink()),
        ("a lab kind leaves codes.yaml", lambda: edit(codes, "lab_kind: [fablab, ", "lab_kind: [")),
    ]
    verdicts = []
    for number, (what, change) in enumerate(edits):
        change()
        warm = site.build()
        tree = tree_digest(site.content, site.data)
        if tree not in colds:
            cold_base = tmp_path / f"cold-{number}"
            shutil.copytree(site.content, cold_base / "content")
            shutil.copytree(site.data, cold_base / "data")
            cold = run_site_build(cold_base / "content", cold_base / "output", data=cold_base / "data")
            colds[tree] = (cold.returncode, report(cold), files(cold_base / "output") if cold.returncode == 0 else None)
            shutil.rmtree(cold_base)
        cold_code, cold_report, cold_files = colds[tree]
        assert (warm.returncode, report(warm)) == (cold_code, cold_report), what
        if warm.returncode == 0:
            assert files(site.output) == cold_files, what
        verdicts.append(warm.returncode)
    # The edits meant to be refused were refused (the test can fail both ways).
    assert verdicts == [2, 0, 0, 2, 0, 2, 0, 2, 0, 2, 0, 0, 0, 2]
    # Pelican's content cache keeps each item without the build's shared context (which holds every
    # item): the context of the build that cached an item is never read again.
    cached = [item for path in (tmp_path / "warm" / ".cache").rglob("*Generator")
              for _, item in pickle.loads(path.read_bytes()).values()]
    assert {type(item).__name__ for item in cached} == {"Article", "Page"}
    assert [item.source_path for item in cached if "_context" in vars(item)] == []


def test_a_settings_change_is_a_cold_read(tmp_path):
    site = FixtureSite(tmp_path / "warm")
    site.write("opportunities/bando.it.md", CALL)
    site.build_ok()
    site.build_ok()
    caches = site.base / ".cache"
    assert len(list(caches.glob("inputs-*"))) == 1, "two builds of one tree must share their cache"
    warm = site.build_ok(extra=PLAIN_MARKDOWN)
    assert len(list(caches.glob("inputs-*"))) == 2
    cold = run_site_build(site.content, tmp_path / "cold" / "output", data=site.data, extra=PLAIN_MARKDOWN)
    assert cold.returncode == 0
    page = "it/opportunita/bando/index.html"
    assert "<table>" not in warm.read(page)
    assert warm.read(page) == cold.read(page)


def test_an_item_s_path_relative_to_the_content_folder_is_pelican_s():
    """content_model replaces Content.get_relative_source_path by a prefix cut where it can: same answers."""
    from types import SimpleNamespace

    import content_model

    for root, path in (("/site/content", "/site/content/news/a.it.md"), ("/site/content", "/site/content/a.md"),
                       ("/site/content", "/site/content/news/../a.md"), ("/site/content", "/site/other/a.md"),
                       ("/site/content", "/site/contentx/a.md"), ("/site/content/", "/site/content/news/a.md"),
                       ("/site/content", "news/a.md"), ("content", "content/news/a.md"), ("/site/content", None)):
        item = SimpleNamespace(source_path=path, settings={"PATH": root})
        pelicans = content_model._pelicans_relative_source_path(item)
        assert content_model._relative_source_path(item) == pelicans, (root, path)
        assert content_model._relative_source_path(item, "/site/content/x.md") == \
            content_model._pelicans_relative_source_path(item, "/site/content/x.md")
