"""Issue 14, target 3: `invoke serve` keeps its last build in memory (common.heldbuild) and
applies a body edit to it in place: the output is what a cold build of the edited tree
writes, byte for byte; any other edit falls back to the whole build, and an error in the
edited file is reported as the whole build reports it, output/ kept.

One fixture site goes through the saves in turn, in one pre-warmed build process
(common.warmbuild, as `invoke serve` runs it); after the first body edit a copy of the
tree is built cold in a fresh interpreter.
"""

from __future__ import annotations

import io
import shutil
import time

import pytest
from PIL import Image

from common import warmbuild
from conftest import FIXED_EPOCH, ROOT, FixtureSite, news, run_site_build

ITEM = "news/uno.it.md"
ITEM_PAGE = "it/notizie/uno/index.html"
SEARCH_PAGES = {"it/cerca/index.html", "en/search/index.html"}
# A body with a picture (rewritten by the images plugin) and a link to another item.
BODY = "Primo paragrafo.\n\n![Una foto]({static}/images/foto.jpg)\n\nVedi [due]({filename}due.it.md).\n"


def jpeg(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, "JPEG", quality=85)
    return out.getvalue()


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def inodes(folder):
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def next_staging(output):
    """The inodes of each staging folder beside ``output`` (the held build's next one)."""
    return [inodes(folder) for folder in sorted(output.parent.glob(f".{output.name}.staging-*"))]


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (name, edit): applied in this order, each on top of the ones before. After "call title" (a whole
# build, whose items come from Pelican's content cache) the tree is built cold again.
SAVES = [
    ("body", lambda site: edit(site.content / ITEM, "Primo paragrafo.", "Primo paragrafo, riscritto.")),
    ("second body", lambda site: edit(site.content / "news/due.it.md", "Testo.", "Testo nuovo.")),
    ("call title", lambda site: edit(site.content / "opportunities/bando.it.md", "title: Bando", "title: Bando nuovo")),
    ("title", lambda site: (edit(site.content / ITEM, "title: Uno", "title: Uno rivisto"),
                            edit(site.content / ITEM, "summary: Sommario di Uno.", "summary: Sommario rivisto."))),
    ("tags", lambda site: edit(site.content / ITEM, "tags: [bandi]", "tags: [bandi, spazi]")),
    ("broken link", lambda site: edit(site.content / ITEM, "{filename}due.it.md", "{filename}manca.it.md")),
]
# The second body save is applied with the staging folder the first one left (its replaced output/).
COMPARED = {"second body", "title"}


@pytest.fixture(scope="module")
def saves(tmp_path_factory):
    """{save: (exit code, report, held: applied to the held build, why the held build declined it,
    pages rendered, output's files)}, and the files of the cold build of the tree after the first save."""
    base = tmp_path_factory.mktemp("held")
    site = FixtureSite(base / "site")
    (site.content / "images").mkdir()
    (site.content / "images/foto.jpg").write_bytes(jpeg(480, 240))
    site.write(ITEM, news("uno", "it", "Uno", body=BODY, extra="tags: [bandi]\nimage: foto.jpg\nimage_alt: Una foto\n"))
    site.write("news/uno.en.md", news("uno", "en", "One", extra="tags: [calls]\n"))
    site.write("news/due.it.md", news("due", "it", "Due", extra="tags: [bandi, spazi]\n"))
    # Its title is shown by its calendar and its status (the opportunities plugin): not a held save.
    site.write("opportunities/bando.it.md", "---\ntitle: Bando\nsummary: Sommario del bando.\ndate: 2026-12-01\n"
               "deadline: 2027-03-31 12:00\napply_url: https://www.comune.milano.it/domanda\n---\nTesto.\n")
    rendered = base / "rendered.txt"
    overrides = {"PATH": str(site.content), "CACHE_PATH": str(base / ".cache"), "DATA_PATH": str(site.data),
                 "CONTENT_CODES_FILE": str(site.data / "codes.yaml"), "RENDER_REPORT_FILE": str(rendered)}
    builder = warmbuild.WarmBuilder()
    results, colds, stagings = {}, {}, {}
    try:
        code, report = builder.build(site.output, overrides, ROOT / "pelicanconf.py", env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
        assert code == 0, report
        for name, change in SAVES:
            change(site)
            code, report = builder.build(site.output, overrides, ROOT / "pelicanconf.py",
                                         env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
            results[name] = (code, report, builder.held, builder.declined,
                             set(rendered.read_text(encoding="utf-8").split()), files(site.output))
            if builder.held:
                # Once the held child has made its next staging folder (after its reply).
                deadline = time.monotonic() + 60
                while next_staging(site.output) != [inodes(site.output)] and time.monotonic() < deadline:
                    time.sleep(0.1)
                stagings[name] = next_staging(site.output) == [inodes(site.output)]
            if name in COMPARED:
                copy = base / f"cold-{name}"
                for folder in ("content", "data"):
                    shutil.copytree(site.base / folder, copy / folder)
                done = run_site_build(copy / "content", copy / "output", data=copy / "data")
                assert done.returncode == 0, done.stderr
                colds[name] = files(copy / "output")
    finally:
        builder.close()
    results["next staging"] = stagings
    return results, colds


@pytest.mark.parametrize("name", sorted(COMPARED))
def test_a_save_applied_to_the_held_build_writes_what_a_cold_build_writes(saves, name):
    results, colds = saves
    code, report, held, declined, _, output = results[name]
    assert code == 0, report
    assert held, declined
    assert sorted(output) == sorted(colds[name])
    assert [page for page in output if output[page] != colds[name][page]] == []


def test_after_a_held_save_the_next_staging_folder_holds_what_output_holds_inode_for_inode(saves):
    """The replaced output/ is the next staging folder: the files the save wrote are linked into it."""
    results, _ = saves
    assert results["next staging"] == {"body": True, "second body": True, "title": True}


def test_a_body_edit_renders_the_item_and_the_search_pages_only(saves):
    results, _ = saves
    _, _, _, _, rendered, output = results["body"]
    assert rendered == {ITEM_PAGE} | SEARCH_PAGES
    assert b"Primo paragrafo, riscritto." in output[ITEM_PAGE]


def test_the_next_body_edit_is_applied_to_the_same_held_build(saves):
    results, _ = saves
    code, report, held, _, rendered, output = results["second body"]
    assert code == 0, report
    assert held
    assert rendered == {"it/notizie/due/index.html"} | SEARCH_PAGES
    assert b"Testo nuovo." in output["it/notizie/due/index.html"]
    assert b"Testo nuovo." in output["it/argomenti/bandi/atom.xml"]
    assert b"Primo paragrafo, riscritto." in output["it/argomenti/bandi/atom.xml"]


def test_a_title_and_summary_edit_renders_the_pages_that_show_them(saves):
    """Applied to the held build of a whole build whose items came from Pelican's content cache."""
    results, _ = saves
    _, _, held, _, rendered, output = results["title"]
    assert held
    assert {ITEM_PAGE, "it/notizie/index.html", "it/argomenti/bandi/index.html", "it/index.html"} <= rendered
    assert "it/notizie/due/index.html" not in rendered
    assert b"Uno rivisto" in output["it/argomenti/bandi/atom.xml"]
    assert b"Sommario rivisto." in output["it/argomenti/bandi/atom.xml"]


@pytest.mark.parametrize("name, why", [("call title", "opportunities"), ("tags", "metadata")])
def test_other_edits_fall_back_to_the_whole_build(saves, name, why):
    results, _ = saves
    code, report, held, declined, _, _ = results[name]
    assert code == 0, report
    assert not held
    assert why in declined


def test_an_error_in_the_edited_body_is_reported_as_the_whole_build_reports_it_and_output_is_kept(saves):
    results, _ = saves
    code, report, held, declined, _, output = results["broken link"]
    assert code == 2, report
    assert not held and declined
    assert "content/news/uno.it.md:13: field 'link': {filename}news/manca.it.md points to no published item" in report
    assert "how to fix:" in report
    assert output == results["tags"][5]
