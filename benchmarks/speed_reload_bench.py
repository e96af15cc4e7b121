"""Save-to-reload in `invoke serve` (issue 14): from saving a file to the rebuilt site.

``python benchmarks/speed_reload_bench.py --keys 1000`` makes the speed benchmark's
site (the site's content and data with ``keys`` synthetic keys beside them),
starts the preview server on it as ``invoke edit --site`` does (tasks.py
``live_preview``: livereload watching content/ and data/), waits for its
first build, then edits one item's body, then its title, ``--runs`` times
each, and prints the seconds from each save to the server's "rebuilt" line
(the watcher's noticing the save included; livereload's 0.3 s delay before
it tells the browser to reload comes after), beside the targets, and the CPU
seconds of each save's build: those of every process under the pre-warmed
build process (the child holding the last build, common.heldbuild, that
applied the save, or the child that built the whole site, with the jobs each
forked), its work after the reply included (the next staging folder); then
those of the pre-warmed process itself after its reply, off the editor's wait
(reading the caches ahead for the next save, importing ahead); not the
server's file watcher, nor the detached deletion of a replaced output/.
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

from speed_bench import TARGETS, Site  # noqa: E402
from common.sitebuild import plugins_env  # noqa: E402

SERVER = r"""
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
import tasks
site = Path(sys.argv[2])
tasks.live_preview(site, int(sys.argv[3]), host="127.0.0.1", extra={**tasks.PREVIEW_SETTINGS, **tasks.site_overrides(site)})
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def lines_of(stream, into):
    for line in stream:
        into.put((time.perf_counter(), line))


def warm_process(server_pid):
    """The pid of the preview's pre-warmed build process (common.warmbuild), a child of the server."""
    children = " ".join(path.read_text() for path in Path(f"/proc/{server_pid}/task").glob("*/children")).split()
    for child in children:
        if b"common.warmbuild" in Path(f"/proc/{child}/cmdline").read_bytes():
            return int(child)
    raise SystemExit("the preview's build process is not running")


def own_and_reaped_cpu(pid):
    """(CPU seconds of process ``pid`` itself, of its children it reaped, of its live descendants): the
    pre-warmed process's own work, and the builds it forked (each with the jobs it forked and waited for):
    those that ended, and the child holding the last build (common.heldbuild), alive between saves."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:  # a child that ended since it was listed: its parent reaped it, or will
        return 0.0, 0.0
    # utime, stime, cutime, cstime: fields 14-17 of stat, 12-15 after the command's closing parenthesis
    ticks = os.sysconf("SC_CLK_TCK")
    own, reaped = sum(int(value) for value in fields[11:13]) / ticks, sum(int(value) for value in fields[13:15]) / ticks
    return own, reaped + sum(sum(own_and_reaped_cpu(child)) for child in children_of(pid))


def children_of(pid):
    """The live children of ``pid`` (gone ones are skipped: they end between two reads)."""
    found = []
    for path in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(child) for child in path.read_text().split()]
        except OSError:
            continue
    return found


def settled_cpu(pid, quiet=0.5, longest=15):
    """own_and_reaped_cpu(pid) once the process and its descendants stopped using any CPU for ``quiet``
    seconds (their work after a reply is done), waiting ``longest`` seconds at most."""
    deadline = time.perf_counter() + longest
    last = own_and_reaped_cpu(pid)
    while time.perf_counter() < deadline:
        time.sleep(quiet)
        now = own_and_reaped_cpu(pid)
        if now == last:
            break
        last = now
    return last


def wait_for(lines, pattern, timeout):
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        try:
            moment, line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if re.search(pattern, line):
            return moment, line
    raise SystemExit(f"no line matching {pattern!r} within {timeout} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-reload-"))
    server = None
    try:
        site = Site(work / "site", args.keys)
        # The site's folder as `invoke edit --site` takes it: content/ and data/ side by side.
        # One instant for every build, as `invoke serve` has within five minutes (common.clock.preview_instant):
        # under load a run crosses a five-minute mark, and the save after it renders every page.
        server = subprocess.Popen([sys.executable, "-c", SERVER, str(ROOT), str(site.work), str(free_port())],
                                  cwd=ROOT, env=plugins_env({"SOURCE_DATE_EPOCH": site.instant}),
                                  stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        lines = queue.Queue()
        threading.Thread(target=lines_of, args=(server.stderr, lines), daemon=True).start()
        wait_for(lines, r"rebuilt in|NOT REBUILT", 1800)
        time.sleep(1)  # livereload starts watching once the first build is out
        figures = {"body": [], "title": []}
        loads = [os.getloadavg()[0]]
        warm = warm_process(server.pid)
        settled_cpu(warm)
        for _ in range(args.runs):
            for kind in ("body", "title"):
                own, builds = own_and_reaped_cpu(warm)
                saved = time.perf_counter()
                site.edit(title=kind == "title")
                moment, line = wait_for(lines, r"rebuilt in|NOT REBUILT", 600)
                own_after, builds_after = settled_cpu(warm)
                build, ahead = builds_after - builds, own_after - own
                figures[kind].append((moment - saved, (build, ahead), line.strip()))
                loads.append(os.getloadavg()[0])
                time.sleep(1)  # as before this measure: livereload's watcher sees each save on its own
        print(f"{args.keys} keys x 2 languages beside the site's content; {args.runs} saves of each kind; "
              f"load average {min(loads):.1f}-{max(loads):.1f}")
        for kind, target in (("body", TARGETS["reload_body"]), ("title", TARGETS["reload_title"])):
            seconds = statistics.median(figure for figure, _, _ in figures[kind])
            print(f"  save-to-reload, {kind} edit: median {seconds:.2f} s (target <= {target} s, "
                  f"{'met' if seconds <= target else 'NOT met'}); each: "
                  f"{[round(figure, 2) for figure, _, _ in figures[kind]]} s, CPU of each save's build "
                  f"{[round(build, 2) for _, (build, _), _ in figures[kind]]} s, then of the warm process "
                  f"after its reply {[round(ahead, 2) for _, (_, ahead), _ in figures[kind]]} s")
            for _, _, line in figures[kind]:
                print(f"    {line}")
    finally:
        if server is not None:
            server.terminate()
            server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
