"""Build the site into a staging folder and publish it only when it is whole.

``python -m common.sitebuild --settings pelicanconf.py --output output
[-e KEY=JSON ...]`` (or ``python plugins/common/sitebuild.py ...``): exit 0 and ``output/`` replaced on success; exit 2 and
``output/`` untouched when the input has errors (the report is on stderr);
exit 1 on any other failure.
"""

from __future__ import annotations

import argparse
import fcntl
import gc
import json
import logging
import os
import shutil
import struct
import subprocess
import sys
import time
import traceback
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]


def run_build(output, overrides=None, settings_file=ROOT / "pelicanconf.py", env=None, capture_output=True):
    """Build in a fresh interpreter and return the CompletedProcess.

    Tasks, tests and benchmarks all build this way: plugins connect to
    Pelican's process-wide signals, so one build per process keeps builds apart.
    ``overrides`` are settings (any JSON value); ``env`` adds to os.environ.
    """
    return subprocess.run(build_command(output, overrides, settings_file), cwd=ROOT, env=build_env(env),
                          capture_output=capture_output, text=True)


def build_command(output, overrides=None, settings_file=ROOT / "pelicanconf.py") -> list:
    """The command line of a build in a fresh interpreter (``run_build``, ``become_build``)."""
    return [sys.executable, "-m", "common.sitebuild", *build_arguments(output, overrides, settings_file)]


def build_arguments(output, overrides=None, settings_file=ROOT / "pelicanconf.py") -> list:
    """``main``'s arguments for a build of ``settings_file`` into ``output`` with ``overrides`` (any JSON value)."""
    arguments = ["--settings", str(settings_file), "--output", str(output)]
    for key, value in (overrides or {}).items():
        arguments += ["-e", f"{key}={json.dumps(value)}"]
    return arguments


def become_build(output, overrides=None, settings_file=ROOT / "pelicanconf.py"):
    """Replace this process by the build ``run_build`` would start (``os.execve``; never returns): ``invoke
    build`` then waits for no child, and ends with the build's exit code, without the invoke process's
    own teardown after it."""
    os.chdir(ROOT)
    become(build_command(output, overrides, settings_file))


def become(command):
    """Replace this process by ``command`` in ``build_env()``'s environment, its streams flushed first."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, command, build_env())


def build_env(extra=None):
    """plugins_env() with one string hashing for every build: Pelican reads files in the order of
    a set, so the items' lists come in the same order build after build and the rendering plugin
    can tell that a page's inputs did not change.

    The plugins' modules are compiled once and kept in their ``__pycache__`` (ignored by git) even
    where the shell sets PYTHONDONTWRITEBYTECODE: with it, every build compiled some 80 modules
    from source again, 0.2-0.4 of a warm build's CPU seconds."""
    env = plugins_env({"PYTHONHASHSEED": "0", **(extra or {})})
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def plugins_env(extra=None):
    """os.environ with plugins/ importable (``python -m common.sitebuild``, ``-m quality``), plus ``extra``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT / "plugins"), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


# The detached process that deletes a replaced output/: it reads the folder's name on stdin,
# as the folder is named after its pid (remove_dead_leftovers keeps a live process's folders).
_DELETER = "import shutil, sys; folder = sys.stdin.read(); folder and shutil.rmtree(folder, ignore_errors=True)"


# ioctl requests and the flag of Linux's uapi/linux/fs.h (the ``T`` of chattr(1)).
FS_IOC_GETFLAGS, FS_IOC_SETFLAGS, FS_TOPDIR_FL = 0x80086601, 0x40086602, 0x00020000


def make_top_folder(folder: Path):
    """Make ``folder`` marked as the top of a hierarchy (chattr +T) where the file system knows the mark.

    ext4 places a new folder's inode near its parent's, and, mounted without a journal (as here),
    skips every free inode deleted in the last 1-6 minutes, checking each again at every creation:
    a build right after output/ was deleted (the benchmark's cold builds; the retired output/ of a
    warm build) spent 15-20 % of its CPU in that scan (``perf``: ``recently_deleted``,
    ``find_get_block_common``). Under a top folder ext4 spreads the subfolders (it/, en/, ...) to
    groups with many free inodes, away from those just freed. Elsewhere the mark is ignored."""
    folder.mkdir(parents=True)
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        flags = struct.unpack("i", fcntl.ioctl(handle, FS_IOC_GETFLAGS, struct.pack("i", 0)))[0]
        fcntl.ioctl(handle, FS_IOC_SETFLAGS, struct.pack("i", flags | FS_TOPDIR_FL))
    except OSError:  # a file system without these flags (tmpfs, overlayfs, ...): nothing to hint
        pass
    finally:
        os.close(handle)


def make_language_folders(staging: Path, settings):
    """Each language's folder (it/, en/, where most pages are) made in the staging folder under a name of
    this build's, then renamed: ext4 places a folder made in a top folder in a group found from a hash
    of its name, so ``it`` would land in the group where the last output's ``it`` was just deleted,
    build after build (a synthetic tree of 2,900 pages, deleted and made again 6 times: 0.37-0.94 CPU s
    with the staging folder marked alone, 0.07-0.30 s with these folders made so)."""
    from site_model import model_of

    model = model_of(settings)
    for code in model.codes:
        folder = staging / model.url_for("home", code)
        scratch = folder.with_name(f".{folder.name}.{os.getpid()}")
        scratch.mkdir(parents=True)
        scratch.rename(folder)


def swap_in(staging: Path, output: Path):
    """Replace ``output`` by ``staging`` with two renames.

    The replaced folder (a page per file, thousands of them) is deleted by a
    detached process, after this build has returned: an editor waits for the
    renames only. Until it is gone it is ``.<output>.retired-<pid of that process>``.
    """
    if not output.exists():
        staging.rename(output)
        return
    delete_detached(output, output, then=lambda: staging.rename(output))


def delete_detached(folder: Path, output: Path, then=None):
    """Rename ``folder`` to ``.<output>.retired-<pid>``, run ``then()``, and leave the folder's
    deletion to a detached process (``pid`` is that process's)."""
    # -I -S: no site-packages, no environment; stdio closed, so that whoever reads this build's
    # output (invoke serve, run_build) does not wait for the deletion.
    deleter = subprocess.Popen([sys.executable, "-I", "-S", "-c", _DELETER], stdin=subprocess.PIPE,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    retired = output.with_name(f".{output.name}.retired-{deleter.pid}")
    done = False
    try:
        folder.rename(retired)
        if then is not None:
            then()
        done = True
    finally:
        # After a failed rename it reads nothing and exits: the folders stay for remove_dead_leftovers.
        deleter.stdin.write(str(retired).encode() if done else b"")
        deleter.stdin.close()


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_dead_leftovers(output: Path):
    """Remove the staging and retired folders that killed builds left beside ``output``.

    Each is named after the process that works on it (the build that stages
    it, the process that deletes it); one killed outright (SIGKILL, power cut)
    cannot clean up after itself. The folders of processes still running are kept.
    """
    for pattern in (f".{output.name}.staging-*", f".{output.name}.retired-*"):
        for leftover in output.parent.glob(pattern):
            pid = leftover.name.rpartition("-")[2]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(leftover, ignore_errors=True)


# A build allocates millions of objects that live until it ends (items, caches, pages' contexts):
# with the default thresholds (700, 10, 10) the collector ran about 580 times in a warm build at
# 1,000 keys, four of them over the whole heap, 0.45 s of its 5 CPU seconds; with these, 40 times
# and never over the whole heap, 0.09 s, for 4 % more peak memory (6 MB).
GC_THRESHOLDS = (10_000, 50, 100)


def resume_collector(*_signal_args):
    """The collector, paused from the build's start (imports, caches read, contexts made), resumes once
    Pelican asks for its writer (``get_writer``), with everything made so far frozen (never scanned
    again, never freed: it lives until the build ends anyway). What the build made until then is nearly
    all alive: 1,339 unreachable objects in a warm build at 1,000 keys, the same peak memory in a cold
    one (106-107 MB at that point), while the young collections that scanned it took 0.1-0.16 CPU s.
    Pages are rendered after it, with the collector on (Jinja's contexts make cycles)."""
    if not gc.isenabled():
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        gc.enable()


def build(settings_file, output, overrides=None, verbose=False):
    # Before Pelican's and the plugins' imports as well (resume_collector).
    gc.disable()
    try:
        return _build(settings_file, output, overrides, verbose)
    finally:
        resume_collector()  # a build refused or failed before asking for its writer


def _build(settings_file, output, overrides, verbose):
    from pelican import Pelican
    from pelican.log import init as init_logging
    from pelican.plugins import signals
    from pelican.settings import read_settings

    from common.background import stop_all_jobs
    from common.clock import preview_instant
    from common.errors import BuildRefused

    signals.get_writer.connect(resume_collector)

    init_logging(level=logging.INFO if verbose else logging.WARNING)
    output = Path(output).resolve()
    staging = output.with_name(f".{output.name}.staging-{os.getpid()}")
    remove_dead_leftovers(output)
    shutil.rmtree(staging, ignore_errors=True)
    make_top_folder(staging)
    settings_overrides = dict(overrides or {})
    settings_overrides["OUTPUT_PATH"] = str(staging)
    # The rendering plugin takes unchanged pages from the output this build replaces.
    settings_overrides["RENDER_PREVIOUS_OUTPUT"] = str(output)
    started = time.perf_counter()
    try:
        settings = read_settings(str(settings_file), override=settings_overrides)
        make_language_folders(staging, settings)
        if settings.get("BUILD_INSTANT_SHARED"):
            # Before any plugin reads the build's "now" (common.clock): a preview build keeps the one of
            # the five minutes it runs in, so the next one renders only what an edit changed.
            os.environ.update(preview_instant())
        Pelican(settings).run()
    except BuildRefused:
        stop_all_jobs()
        shutil.rmtree(staging, ignore_errors=True)
        return 2
    except Exception:
        stop_all_jobs()
        shutil.rmtree(staging, ignore_errors=True)
        traceback.print_exc()
        print("The build failed; output/ is unchanged", file=sys.stderr)
        return 1
    swap_in(staging, output)
    rendered = settings.get("_RENDERED")  # set by the rendering plugin
    counts = f" ({rendered[0]} of {rendered[1]} pages rendered)" if rendered else ""
    print(f"Built {output} in {time.perf_counter() - started:.2f} s{counts}", file=sys.stderr)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--output", default="output")
    parser.add_argument("-e", "--extra", action="append", default=[], metavar="KEY=JSON")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    overrides = {}
    for item in args.extra:
        key, _, value = item.partition("=")
        try:
            overrides[key] = json.loads(value)
        except json.JSONDecodeError:
            overrides[key] = value
    return build(args.settings, args.output, overrides, args.verbose)


def exit_at_once(code):
    """End this process now, its output flushed, without tearing the interpreter down: freeing a
    build's millions of objects one by one took 0.4-0.9 s of wall after the build was out (1,000
    keys, load 10; 0.05 s without).

    os._exit runs no atexit handler: multiprocessing's, which ends daemonic jobs, neither. A refused
    build's jobs were never collected (the search index job would wait forever to send its result)."""
    from common.background import stop_all_jobs

    stop_all_jobs()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def become_the_build(argv):
    """Run by path (``python plugins/common/sitebuild.py ...``, as ``make build`` does): replace this
    process by ``python -m common.sitebuild ...`` in ``build_env()``'s environment, the build that
    ``run_build`` starts, without an invoke process before it (0.15-0.3 s of a cold build's start)."""
    become([sys.executable, "-m", "common.sitebuild", *argv])


if __name__ == "__main__":
    if not __package__:  # run by path: plugins/ is not importable yet, nor is the hashing the build's
        become_the_build(sys.argv[1:])
    exit_at_once(main())
