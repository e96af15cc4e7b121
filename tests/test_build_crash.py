"""The crash path: a build that fails for an unexpected reason (a bug, a
dying worker) exits 1 and leaves the published output/ byte-identical, with
no staging folder behind; folders left by killed builds are cleaned up."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
import time

import pytest

from common import background, sitebuild
from conftest import ROOT, news

PLUGINS = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]
CRASHING = {"PLUGIN_PATHS": [str(ROOT / "plugins"), str(ROOT / "tests" / "fixture_plugins")],
            "PLUGINS": PLUGINS + ["crash_after_writing"]}


@pytest.fixture
def published(published_once, tmp_path):
    return published_once.copy_to(tmp_path)


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def being_deleted(site):
    """The replaced output/ folders that their detached process is still deleting (common.sitebuild.swap_in)."""
    return [p for p in site.base.glob(".output.retired-*") if sitebuild._alive(int(p.name.rpartition("-")[2]))]


def leftovers(site):
    """Folders left beside output/, but a replaced output/ still being deleted."""
    deleting = being_deleted(site)
    return sorted(p.name for p in site.base.iterdir() if p.name.startswith(".output.") and p not in deleting)


def wait_until_gone(folders, seconds=120):
    """Wait for detached processes to finish deleting ``folders`` (a bound, not a speed figure)."""
    deadline = time.monotonic() + seconds
    while any(folder.exists() for folder in folders) and time.monotonic() < deadline:
        time.sleep(0.1)
    return [folder.name for folder in folders if folder.exists()]


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


def test_a_job_still_running_when_the_build_fails_writes_nothing_after_it(published):
    """A failed or refused build stops its jobs before deleting its staging folder: a job that
    writes there later (a calendar's folder, a feed) would make that folder again."""
    before = snapshot(published.output)
    result = published.build(extra={**CRASHING, "CRASH_AFTER_WRITING": "late writer"})
    assert result.returncode == 1, result.stderr
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
    for name in (f".output.staging-{dead}", f".output.retired-{dead}", ".output.staging-1", ".output.retired-1"):
        (published.base / name / "it").mkdir(parents=True)
        (published.base / name / "it" / "index.html").write_text("half a site")
    published.write("news/nuovo.it.md", news("nuovo", "it", "Nuovo"))
    # The crash plugin is loaded but not asked to crash: it breaks nothing unless asked, so the
    # tests above fail because of the crash (this build is also their control).
    result = published.build_ok(extra=CRASHING)
    assert result.exists("it/notizie/nuovo/index.html")
    # pid 1 (init) is alive: a build or a deletion of another process may be working there.
    assert leftovers(published) == [".output.staging-1"]
    assert (published.base / ".output.retired-1" / "it" / "index.html").exists()
    # The replaced output/ is deleted after the build returned, by a process of its own.
    retired = [folder for folder in being_deleted(published) if folder.name != ".output.retired-1"]
    assert wait_until_gone(retired) == []


def test_a_worker_result_comes_back_and_a_dead_worker_is_an_error():
    assert background.BackgroundJob("Sum", sum, [1, 2, 3]).result() == 6
    with pytest.raises(RuntimeError, match="Exit failed:\nthe worker stopped without a result"):
        background.BackgroundJob("Exit", __import__("os")._exit, 3).result()
    with pytest.raises(RuntimeError, match="(?s)Divide failed:.*ZeroDivisionError"):
        background.BackgroundJob("Divide", divmod, 1, 0).result()


def test_a_reading_worker_that_dies_fails_the_build_the_same_way(published):
    """The worker that parses content files beside the main process (content_model.parallel_read)
    always takes the last file Pelican reads: here it dies converting it."""
    before = snapshot(published.output)
    dying = {"PLUGIN_PATHS": CRASHING["PLUGIN_PATHS"], "PLUGINS": PLUGINS + ["die_while_reading"]}
    result = published.build(extra=dying)
    assert result.returncode == 1, result.stderr
    assert "the content reading worker failed (exit code 9)" in result.stderr
    assert "The build failed; output/ is unchanged" in result.stderr
    assert "The site was not built" not in result.stderr  # no input error invented for the file it took
    assert snapshot(published.output) == before
    assert leftovers(published) == []


def _flags(folder, add=0):
    """The folder's inode flags (chattr's letters as bits) after adding ``add`` to them, or None where
    the file system keeps no flags or refuses that one."""
    import fcntl
    import os
    import struct

    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(handle, sitebuild.FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        if add:
            fcntl.ioctl(handle, sitebuild.FS_IOC_SETFLAGS, struct.pack("i", flags | add))
            flags = struct.unpack("i", fcntl.ioctl(handle, sitebuild.FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        return flags
    except OSError:
        return None
    finally:
        os.close(handle)


def test_the_published_output_is_marked_as_the_top_of_a_hierarchy_where_the_file_system_has_the_mark(published):
    """ext4 spreads the subfolders of a folder marked ``T`` (chattr) to groups of free inodes, away from
    those just freed by the output/ a build replaces (common.sitebuild.make_top_folder)."""
    probe = published.base / "probe"
    probe.mkdir()
    unmarked = _flags(probe)
    marked = _flags(probe, add=sitebuild.FS_TOPDIR_FL)  # whether this file system takes the mark at all
    published.write("news/nuovo.it.md", news("nuovo", "it", "Nuovo"))
    published.build_ok()
    # The language folders are made under a name of the build's, then renamed: none is left behind.
    assert (published.output / "it" / "index.html").exists() and (published.output / "en" / "index.html").exists()
    assert not [path.name for path in published.output.iterdir() if path.name.startswith(".")]
    if marked is None or not marked & sitebuild.FS_TOPDIR_FL:  # tmpfs, overlayfs...: published all the same
        assert not (_flags(published.output) or 0) & sitebuild.FS_TOPDIR_FL
    else:
        assert _flags(published.output) & sitebuild.FS_TOPDIR_FL
        assert not unmarked & sitebuild.FS_TOPDIR_FL  # a new folder is not marked unless asked
