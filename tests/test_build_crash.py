"""The crash path: a build that fails for an unexpected reason (a bug, a
dying worker) exits 1 and leaves the published output/ byte-identical, with
no staging folder behind; folders left by killed builds are cleaned up."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys

import pytest

from common import background
from conftest import ROOT, news

PLUGINS = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
CRASHING = {"PLUGIN_PATHS": [str(ROOT / "plugins"), str(ROOT / "tests" / "fixture_plugins")],
            "PLUGINS": PLUGINS + ["crash_after_writing"]}


@pytest.fixture
def published(published_once, tmp_path):
    return published_once.copy_to(tmp_path)


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leftovers(site):
    return sorted(p.name for p in site.base.iterdir() if p.name.startswith(".output."))


def test_an_unexpected_exception_after_writing_exits_1_and_keeps_output(published):
    before = snapshot(published.output)
    published.write("news/nuovo.it.md", news("nuovo", "it", "Nuovo"))
    result = published.build(extra={**CRASHING, "CRASH_AFTER_WRITING": "exception"})
    assert result.returncode == 1, result.stderr
    written = re.search(r"ZeroDivisionError: an unexpected bug after (\d+) pages were written", result.stderr)
    assert written and int(written[1]) > 0, result.stderr
    assert "The build failed; output/ is unchanged" in result.stderr
    assert snapshot(published.output) == before
    assert leftovers(published) == []


def test_a_background_worker_that_dies_fails_the_build_the_same_way(published):
    before = snapshot(published.output)
    published.write("news/nuovo.it.md", news("nuovo", "it", "Nuovo"))
    result = published.build(extra={**CRASHING, "CRASH_AFTER_WRITING": "worker"})
    assert result.returncode == 1, result.stderr
    assert "The dying worker failed:\nthe worker stopped without a result" in result.stderr
    assert snapshot(published.output) == before
    assert leftovers(published) == []


def test_a_render_worker_that_dies_fails_the_build_the_same_way(published):
    before = snapshot(published.output)
    dying = {"PLUGIN_PATHS": CRASHING["PLUGIN_PATHS"], "PLUGINS": PLUGINS[:1] + ["die_while_rendering"] + PLUGINS[1:],
             "RENDER_WORKERS": 2}
    result = published.build(extra=dying)
    assert result.returncode == 1, result.stderr
    assert "Rendering pages (worker 1) failed:\nthe worker stopped without a result" in result.stderr
    assert snapshot(published.output) == before
    assert leftovers(published) == []


def test_leftovers_of_killed_builds_are_removed_and_those_of_running_builds_kept(published):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(finished.stdout)
    for name in (f".output.staging-{dead}", f".output.retired-{dead}", ".output.staging-1"):
        (published.base / name / "it").mkdir(parents=True)
        (published.base / name / "it" / "index.html").write_text("half a site")
    published.write("news/nuovo.it.md", news("nuovo", "it", "Nuovo"))
    # The crash plugin is loaded but not asked to crash: it breaks nothing unless asked, so the
    # tests above fail because of the crash (this build is also their control).
    result = published.build_ok(extra=CRASHING)
    assert result.exists("it/notizie/nuovo/index.html")
    # pid 1 (init) is alive: a build of another process may be writing there.
    assert leftovers(published) == [".output.staging-1"]


def test_a_worker_result_comes_back_and_a_dead_worker_is_an_error():
    assert background.BackgroundJob("Sum", sum, [1, 2, 3]).result() == 6
    with pytest.raises(RuntimeError, match="Exit failed:\nthe worker stopped without a result"):
        background.BackgroundJob("Exit", __import__("os")._exit, 3).result()
    with pytest.raises(RuntimeError, match="(?s)Divide failed:.*ZeroDivisionError"):
        background.BackgroundJob("Divide", divmod, 1, 0).result()
