"""Where a preview build's seconds go (issue 14): cProfile of a cold and a warm build.

``python benchmarks/profile_build.py --keys 1000`` makes the speed benchmark's
site (benchmarks/speed_bench.py), builds it cold, then warm after a body edit,
each under cProfile in the main process, and prints for each: wall seconds,
CPU seconds of the main process and of its forked jobs (background jobs,
image and render workers), then the functions with most cumulative and own time.

``--timeline`` builds without cProfile and prints instead, at each of
Pelican's signals and as each forked job is collected, the wall seconds
since the start, the main process's CPU seconds and those of the forked
processes collected so far: where the main process works alone (the other
core idle on a quiet machine) and what each job cost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

from speed_bench import Site  # noqa: E402
from common.sitebuild import build_env  # noqa: E402

CHILD = r"""
import cProfile, pstats, resource, sys, time
from common import sitebuild
profile_path, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
profiler = cProfile.Profile()
code = profiler.runcall(sitebuild.main, argv)
wall = time.perf_counter() - started
profiler.dump_stats(profile_path)
own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"PROFILED exit {code}: wall {wall:.2f} s, main process CPU {own.ru_utime + own.ru_stime:.2f} s, "
      f"forked jobs CPU {children.ru_utime + children.ru_stime:.2f} s", file=sys.stderr)
"""


TIMELINE_CHILD = r"""
import resource, sys, time
from pelican import signals
from common import background, sitebuild
started = time.perf_counter()

def stamp(label):
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"TIMELINE {time.perf_counter() - started:7.2f} s wall  main {own.ru_utime + own.ru_stime:6.2f} s CPU  "
          f"forked {children.ru_utime + children.ru_stime:6.2f} s CPU  {label}", file=sys.stderr)

for name in ("initialized", "article_generator_finalized", "page_generator_finalized", "all_generators_finalized",
             "get_writer", "finalized"):
    getattr(signals, name).connect(lambda *args, name=name, **kwargs: stamp(name), weak=False)
result = background.BackgroundJob.result

def collected(job):
    value = result(job)
    stamp(f"collected: {job.name}")
    return value

background.BackgroundJob.result = collected
code = sitebuild.main(sys.argv[1:])
stamp(f"end (exit {code})")
"""


def _instrumented_build(site: Site, cold: bool, child: list, marker: str) -> list:
    """The lines beginning with ``marker`` that a build run by ``child`` (python's arguments before the
    build's own) printed; the build's end of output when it failed or printed none."""
    if cold:
        for folder in ("output", "cache"):
            shutil.rmtree(site.work / folder, ignore_errors=True)
    command = [sys.executable, *child, "--settings", str(ROOT / "pelicanconf.py"), "--output", str(site.work / "output")]
    for key, value in site.overrides().items():
        command += ["-e", f"{key}={value}"]
    done = subprocess.run(command, cwd=ROOT, env=build_env({"SOURCE_DATE_EPOCH": site.instant}), capture_output=True,
                          text=True)
    lines = [line for line in done.stderr.splitlines() if line.startswith(marker)]
    if done.returncode or not lines:
        raise SystemExit(done.stderr[-3000:])
    return lines


def timeline_build(site: Site, cold: bool):
    return _instrumented_build(site, cold, ["-c", TIMELINE_CHILD], "TIMELINE")


def profiled_build(site: Site, profile: Path, cold: bool):
    return _instrumented_build(site, cold, ["-c", CHILD, str(profile)], "PROFILED")[0]


def main(argv=None):
    import pstats

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--keep", help="keep the .prof files in this folder")
    parser.add_argument("--timeline", action="store_true", help="no profile: CPU seconds at each signal and job")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    keep = Path(args.keep) if args.keep else work
    keep.mkdir(parents=True, exist_ok=True)
    try:
        site = Site(work / "site", args.keys)
        for name, cold in (("cold", True), ("warm-body", False)):
            if not cold:
                site.edit()
            load = os.getloadavg()[0]  # other work on the machine slows the walls
            if args.timeline:
                print(f"\n=== {name}, load average {load:.1f} at the start")
                print("\n".join(timeline_build(site, cold)), flush=True)
                continue
            profile = keep / f"{name}.prof"
            print(f"\n=== {name}: {profiled_build(site, profile, cold)}, load average {load:.1f} at the start",
                  flush=True)
            stats = pstats.Stats(str(profile))
            stats.sort_stats("cumulative").print_stats(args.top)
            stats.sort_stats("tottime").print_stats(args.top)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
