"""Issue 14, the preview's pre-warmed build process (common.warmbuild, `invoke serve`):
each build forked from one long-lived process writes what a build in a fresh
interpreter writes, input errors still refuse it, and the process follows
the code it imported."""

from __future__ import annotations

import importlib
import os
import pickle
import re
import sys

import pytest

from common import warmbuild
from conftest import FIXED_EPOCH, ROOT, news


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(published_once, tmp_path_factory):
    """A copy of the small published site built in the warm process: refused first (an input
    error), then built once the error is gone, by a child forked after the first build's modules
    were imported ahead: {name: (exit code, report, output's files)}, and the published files."""
    site = published_once.copy_to(tmp_path_factory.mktemp("warm"))
    overrides = {"PATH": str(site.content), "CACHE_PATH": str(site.base / ".cache"), "DATA_PATH": str(site.data),
                 "CONTENT_CODES_FILE": str(site.data / "codes.yaml")}
    builder = warmbuild.WarmBuilder()
    results, stamps = {}, {}  # stamps: when Pelican's content cache of articles was written
    broken = site.content / "news/rotto.it.md"
    item = site.content / "news/buono.it.md"
    source = item.read_text(encoding="utf-8")
    try:
        for name, change in (("refused", lambda: site.write("news/rotto.it.md", "---\ntitle: Rotto\n---\nT\n")),
                             ("fixed", broken.unlink),
                             # A date edit: the held build declines it (tests/test_serve_held.py), so
                             # the whole build runs again, in a child of the warm process.
                             ("edited", lambda: item.write_text(source.replace("date: 2027-01-15", "date: 2027-01-16"))),
                             ("reverted", lambda: item.write_text(source))):
            change()
            code, report = builder.build(site.output, overrides, ROOT / "pelicanconf.py",
                                         env={"SOURCE_DATE_EPOCH": FIXED_EPOCH})
            results[name] = (code, report, files(site.output), builder.preloaded)
            stamps[name] = {path.name: (path.stat().st_mtime_ns, sorted(pickle.loads(path.read_bytes())))
                            for path in (site.base / ".cache").rglob("ArticlesGenerator*")}
        results["server"] = builder.process.pid
        results["content cache"] = stamps
    finally:
        builder.close()
    return results, files(published_once.output)


def test_an_input_error_in_the_warm_process_refuses_the_build_and_keeps_output(builds):
    results, published = builds
    code, report, output, _ = results["refused"]
    assert code == 2, report
    assert "content/news/rotto.it.md" in report and "how to fix:" in report
    assert output == published


def test_a_build_in_the_warmed_process_writes_what_a_fresh_interpreter_writes(builds):
    results, fresh = builds
    code, report, output, _ = results["fixed"]
    assert code == 0, report
    # The copy's pages are new files (other inodes): the render cache takes none, every page is rendered.
    assert re.search(r"\((\d+) of \1 pages rendered\)", report), report
    assert sorted(output) == sorted(fresh)
    assert [name for name in output if output[name] != fresh[name]] == []


def test_the_next_builds_take_the_caches_read_ahead_and_write_what_a_fresh_interpreter_writes(builds):
    """After a build the process reads the caches it loaded again; the next child takes them from memory,
    the edited file is read again, and undoing the edit gives the fresh interpreter's bytes."""
    results, fresh = builds
    code, report, output, preloaded = results["edited"]
    assert code == 0, report
    assert b"2027-01-16" in output["it/notizie/buono/index.html"]
    assert "ArticlesGenerator" in {os.path.basename(path) for path in preloaded}, preloaded
    code, report, output, preloaded = results["reverted"]
    assert code == 0, report
    assert "ArticlesGenerator" in {os.path.basename(path) for path in preloaded}, preloaded
    assert sorted(output) == sorted(fresh)
    assert [name for name in output if output[name] != fresh[name]] == []


def test_pelican_s_content_cache_is_written_again_only_when_a_file_was_read_again(builds):
    """{file name: (when written, the sources it holds)} of Pelican's content cache of articles after each build."""
    stamps = builds[0]["content cache"]
    assert "ArticlesGenerator" in stamps["refused"]
    assert stamps["fixed"] == stamps["refused"]  # a file deleted: none read again
    # The edited item read again: only its entry is written, beside the whole file (content_model._save_cache).
    assert stamps["edited"]["ArticlesGenerator"] == stamps["fixed"]["ArticlesGenerator"]
    assert stamps["edited"]["ArticlesGenerator.changes"][1] == ["news/buono.it.md"]
    assert stamps["reverted"]["ArticlesGenerator.changes"][0] > stamps["edited"]["ArticlesGenerator.changes"][0]


def test_the_process_is_gone_once_closed(builds):
    results, _ = builds
    with pytest.raises(ProcessLookupError):
        os.kill(results["server"], 0)


# The pure parts: which modules are imported ahead, and when the process must start again.

def test_modules_a_build_imported_are_imported_ahead_and_the_others_skipped():
    for name in ("colorsys", "this_module_does_not_exist", "pelicanconf"):
        sys.modules.pop(name, None)
    warmbuild.import_ahead(["colorsys", "this_module_does_not_exist", "pelicanconf"], skip={"pelicanconf"})
    assert "colorsys" in sys.modules
    assert "this_module_does_not_exist" not in sys.modules
    assert "pelicanconf" not in sys.modules


def test_a_changed_or_removed_source_file_is_found(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("kept_probe", "edited_probe", "removed_probe"):
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n")
    modules = {name: importlib.import_module(name) for name in ("kept_probe", "edited_probe", "removed_probe")}
    sources = warmbuild.imported_sources(modules)
    assert sorted(sources) == sorted(str(tmp_path / f"{name}.py") for name in modules)
    assert warmbuild.changed_sources(sources) == []
    edited = tmp_path / "edited_probe.py"
    edited.write_text("VALUE = 2\n")
    os.utime(edited, ns=(sources[str(edited)] + 1_000_000, sources[str(edited)] + 1_000_000))
    (tmp_path / "removed_probe.py").unlink()
    assert sorted(warmbuild.changed_sources(sources)) == [str(edited), str(tmp_path / "removed_probe.py")]
    for name in modules:
        sys.modules.pop(name)


def test_a_pickle_read_ahead_is_taken_once_while_its_file_is_unchanged(tmp_path):
    kept, rewritten = tmp_path / "kept.pickle", tmp_path / "rewritten.pickle"
    for path in (kept, rewritten):
        path.write_bytes(pickle.dumps({"from": "the file"}))
    preloaded = warmbuild.PreloadedPickles()
    preloaded.read_ahead([str(kept), str(rewritten), str(tmp_path / "missing.pickle")])
    rewritten.write_bytes(pickle.dumps({"from": "the file, rewritten"}))
    ahead = preloaded.kept[str(kept)][1]
    with kept.open("rb") as first, kept.open("rb") as second, rewritten.open("rb") as third:
        assert preloaded.load(first) is ahead
        taken_again = preloaded.load(second)
        assert taken_again == ahead and taken_again is not ahead
        assert preloaded.load(third) == {"from": "the file, rewritten"}
    assert preloaded.taken == [str(kept)]
    assert preloaded.loaded == [str(kept), str(kept), str(rewritten)]


def test_every_module_of_a_plugin_the_build_imported_is_imported_ahead():
    """search imports lunr (and nltk) only in its forked index job: the child's modules do not name them."""
    import search  # noqa: F401

    ahead = warmbuild.with_plugin_modules(["search", "json"])
    assert {"search", "json", "search.indexing", "search.wiring"} <= set(ahead)
    assert not [name for name in ahead if name.startswith("json.")]


def test_a_refresh_reads_again_only_the_pickles_rewritten_since_they_were_read_ahead(tmp_path):
    """After a save the held build applied (it rewrote the search plugin's kept values), the warm process
    reads those files again, and keeps the others as read."""
    kept, rewritten = tmp_path / "kept.pickle", tmp_path / "rewritten.pickle"
    for path in (kept, rewritten):
        path.write_bytes(pickle.dumps({"from": "the file"}))
    preloaded = warmbuild.PreloadedPickles()
    preloaded.read_ahead([str(kept), str(rewritten)])
    untouched = preloaded.kept[str(kept)][1]
    rewritten.write_bytes(pickle.dumps({"from": "the file, rewritten by the held build"}))
    preloaded.refresh()
    assert preloaded.kept[str(kept)][1] is untouched
    with rewritten.open("rb") as file:
        assert preloaded.load(file) == {"from": "the file, rewritten by the held build"}
    assert preloaded.taken == [str(rewritten)]
