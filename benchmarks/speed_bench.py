"""Speed at scale (issue 14): the whole site beside plain Pelican, each target beside its figure.

``python benchmarks/speed_bench.py --keys 1000`` copies the site's content and
data, adds ``keys`` synthetic keys x (it, en) beside them (benchmarks/corpus.py),
and times, interleaved run by run so that machine noise hits all alike:

- plain Pelican 4.12 core (default settings and theme) on the same Markdown;
- the site's cold preview build (pelicanconf.py), every plugin on;
- the site's cold production build (publishconf.py: social cards, minify, gzip, brotli);
- warm preview builds after editing one item's body, then its title, at the
  same instant (SOURCE_DATE_EPOCH, as `invoke serve` within five minutes).

Medians of ``--runs`` runs; peak memory is the largest resident set of any
process of a build (``/usr/bin/time``); each site build also gives the CPU
seconds of its main process alone (the critical path of a warm build). ``--compare CHECKOUT`` also builds
the same corpus with another checkout's code (e.g. main's, for before/after
figures), each of its builds right after this checkout's, so that both meet
the same load. Then it builds ``--scale`` (4,000)
keys cold once and compares the milliseconds per page (``--scale 0`` skips it). The search
targets are in search_bench.py. On a shared machine wall times are noisy:
compare the ratios, and CPU seconds, rather than absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "plugins"))

from corpus import make_corpus  # noqa: E402
from common.sitebuild import build_env  # noqa: E402

TARGETS = {"preview": 1.0, "production": 2.0, "warm_body": 1.5, "reload_body": 1.0, "reload_title": 2.0,
           "scale": 0.10, "memory_mb": 300}
# livereload waits this long after a save before it rebuilds (tasks.py serve).

PLAIN_CHILD = r"""
import json, sys
from pelican import Pelican
from pelican.settings import read_settings
Pelican(read_settings(None, override=json.loads(sys.argv[1]))).run()
"""


# The site's build as `python -m common.sitebuild` runs it, reporting the CPU seconds of its main process:
# on a shared machine the best guide to a quiet machine's wall (the other core runs the forked jobs).
BUILD_CHILD = r"""
import resource, sys
from common import sitebuild
code = sitebuild.main(sys.argv[1:])
usage = resource.getrusage(resource.RUSAGE_SELF)
print(f"MAIN CPU {usage.ru_utime + usage.ru_stime:.3f}", file=sys.stderr)
sitebuild.exit_at_once(code)
"""


def timed(command, cwd=ROOT, env=None):
    """(wall s, CPU s of the build's processes, peak MB of its largest process, the load average
    (1 minute) when it started: other work on the machine slows the walls, not the CPU)."""
    load = os.getloadavg()[0]
    done = subprocess.run(["/usr/bin/time", "-f", "TIMED %e %U %S %M"] + command, cwd=cwd, env=env,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    wall, user, system, peak_kb = re.findall(r"TIMED (\S+) (\S+) (\S+) (\S+)", done.stderr)[-1]
    rendered = re.findall(r"\((\d+) of (\d+) pages rendered\)", done.stderr)
    main = re.findall(r"MAIN CPU (\S+)", done.stderr)
    return {"wall": float(wall), "cpu": float(user) + float(system), "peak_mb": int(peak_kb) / 1024,
            "rendered": "/".join(rendered[-1]) if rendered else "-", "load": load,
            "main": float(main[-1]) if main else None}  # plain Pelican's: None


class Site:
    """A copy of the site's content and data with the corpus beside them."""

    def __init__(self, work: Path, keys: int):
        self.work = work
        self.content = work / "content"
        shutil.copytree(ROOT / "content", self.content)
        make_corpus(work / "corpus", keys)
        for path in (work / "corpus").rglob("*.md"):
            target = self.content / path.relative_to(work / "corpus")
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(path), target)
        shutil.copytree(ROOT / "data", work / "data")
        self.edited = sorted((self.content / "news").glob("item-*.it.md"))[0]
        # One instant for every build of the run, as `invoke serve` has within five minutes
        # (common.clock.preview_instant): pages show it, so a new instant renders every page again.
        self.instant = str(int(time.time()))

    def build(self, settings="pelicanconf.py", output="output", cold=True, root=ROOT):
        """Build with the code of the checkout at ``root`` (its outputs and caches apart from another's)."""
        output = output if root == ROOT else f"{output}-{root.name}"
        cache = "cache" if root == ROOT else f"cache-{root.name}"
        if cold:
            for folder in (output, cache):
                shutil.rmtree(self.work / folder, ignore_errors=True)
        command = [sys.executable, "-c", BUILD_CHILD, "--settings", str(root / settings),
                   "--output", str(self.work / output)]
        for key, value in self.overrides(cache).items():
            command += ["-e", f"{key}={value}"]
        return timed(command, cwd=root,
                     env=build_env({"SOURCE_DATE_EPOCH": self.instant, "PYTHONPATH": str(root / "plugins")}))

    def overrides(self, cache="cache"):
        """The settings that build this copy ({key: JSON text}), its caches kept beside it in ``cache``."""
        settings = {"PATH": str(self.content), "DATA_PATH": str(self.work / "data"),
                    "CONTENT_CODES_FILE": str(self.work / "data" / "codes.yaml"),
                    "CACHE_PATH": str(self.work / cache / "pelican"),
                    "IMAGE_CACHE_PATH": str(self.work / cache / "images")}
        return {key: json.dumps(value) for key, value in settings.items()}

    def plain(self):
        output = self.work / "plain-output"
        shutil.rmtree(output, ignore_errors=True)
        overrides = {"PATH": str(self.content), "OUTPUT_PATH": str(output), "TIMEZONE": "Europe/Rome",
                     "PLUGINS": ["pelican.plugins.yaml_metadata"], "SLUGIFY_SOURCE": "basename",
                     "CACHE_PATH": str(self.work / "plain-cache"), "LOAD_CONTENT_CACHE": False}
        return timed([sys.executable, "-c", PLAIN_CHILD, json.dumps(overrides)])

    def edit(self, title=False):
        text = self.edited.read_text(encoding="utf-8")
        if title:
            text = re.sub(r"^title: (.*)$", r"title: \1 (rivisto)", text, count=1, flags=re.M)
        else:
            text += "\nUna riga aggiunta.\n"
        self.edited.write_text(text, encoding="utf-8")

    def undo_edits(self, original: str):
        self.edited.write_text(original, encoding="utf-8")

    def pages(self, output="output"):
        return sum(1 for _ in (self.work / output).rglob("*.html"))


def median(rows, key):
    return statistics.median(row[key] for row in rows)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3, help="runs of each build; medians are shown")
    parser.add_argument("--scale", type=int, default=4000,
                        help="also build this many keys once, cold (ms per page, memory); 0 skips it")
    parser.add_argument("--no-production", action="store_true",
                        help="skip the cold production build (e.g. when measuring warm builds only)")
    parser.add_argument("--compare", metavar="CHECKOUT",
                        help="also build with this checkout's code (e.g. main's), each build right after this one's")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-speed-"))
    roots = [ROOT] + ([Path(args.compare).resolve()] if args.compare else [])
    try:
        site = Site(work / "site", args.keys)
        original = site.edited.read_text(encoding="utf-8")
        names = ("plain", "preview", "production", "warm_body", "warm_title")
        every = {root: {name: [] for name in names} for root in roots}
        for _ in range(args.runs):
            plain = site.plain()
            for root in roots:
                runs = every[root]
                runs["plain"].append(plain)
                site.undo_edits(original)
                runs["preview"].append(site.build(root=root))
                site.edit()
                runs["warm_body"].append(site.build(cold=False, root=root))
                site.edit(title=True)
                runs["warm_title"].append(site.build(cold=False, root=root))
            if not args.no_production:
                for root in roots:
                    every[root]["production"].append(site.build("publishconf.py", "output-production", root=root))
        if args.compare:
            _report(f"{roots[1]} (--compare)", every[roots[1]], site.pages(f"output-{roots[1].name}"), args)
            print()
        _report(str(ROOT), every[ROOT], site.pages(), args, Site(work / "large", args.scale) if args.scale else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _report(title, runs, pages, args, large=None):
    """Print one checkout's figures and every target beside its figure (``large``: the --scale build's site)."""
    print(f"== {title}")
    plain = median(runs["plain"], "wall")
    print(f"{args.keys} keys x 2 languages beside the site's content; {pages} pages; median of {args.runs} "
          f"interleaved runs (wall s / CPU s of all the build's processes / peak MB)")
    runs = {name: rows for name, rows in runs.items() if rows}
    for name, rows in runs.items():
        print(f"  {name:11} {median(rows, 'wall'):7.2f} s {median(rows, 'cpu'):7.2f} s CPU "
              f"{max(row['peak_mb'] for row in rows):6.0f} MB   walls {[round(row['wall'], 2) for row in rows]}"
              f"   CPU {[round(row['cpu'], 2) for row in rows]}   pages rendered {[row.get('rendered', '-') for row in rows]}"
              f"   load at start {[round(row['load'], 1) for row in rows]}")
        if rows[0]["main"] is not None:
            print(f"  {'':11} main process {median(rows, 'main'):.2f} s CPU {[round(row['main'], 2) for row in rows]}")
    preview = median(runs["preview"], "wall") / plain
    warm_body = median(runs["warm_body"], "wall")
    peak = max(row["peak_mb"] for rows in runs.values() for row in rows if rows is not runs["plain"])
    lines = [("cold preview / plain Pelican", f"{preview:.2f}x", f"<= {TARGETS['preview']}x",
              preview <= TARGETS["preview"])]
    if "production" in runs:
        production = median(runs["production"], "wall") / plain
        lines.append(("cold production / plain Pelican", f"{production:.2f}x", f"<= {TARGETS['production']}x",
                      production <= TARGETS["production"]))
    lines += [
        ("warm build after a body edit", f"{warm_body:.2f} s", f"<= {TARGETS['warm_body']} s",
         warm_body <= TARGETS["warm_body"]),
        ("peak memory", f"{peak:.0f} MB", f"< {TARGETS['memory_mb']} MB", peak < TARGETS["memory_mb"]),
    ]
    if large is not None:
        row = large.build()
        for measure in ("wall", "cpu"):
            per_page_small = median(runs["preview"], measure) / pages * 1000
            per_page_large = row[measure] / large.pages() * 1000
            growth = per_page_large / per_page_small - 1
            # The target guards against a cost per page that grows with the site; a larger site
            # spreads the build's fixed costs (start, shared pages) over more pages and may be cheaper.
            lines.append((f"{measure} ms/page at {args.scale} keys vs {args.keys}",
                          f"{per_page_large:.1f} vs {per_page_small:.1f} ({growth:+.0%})",
                          f"at most {TARGETS['scale']:+.0%}", growth <= TARGETS["scale"]))
        lines.append((f"peak memory at {args.scale} keys", f"{row['peak_mb']:.0f} MB", f"< {TARGETS['memory_mb']} MB",
                      row["peak_mb"] < TARGETS["memory_mb"]))
    plain_cpu = median(runs["plain"], "cpu")
    print(f"CPU seconds / plain Pelican's (plain runs on one core, the site on two): "
          + ", ".join(f"{name} {median(runs[name], 'cpu') / plain_cpu:.2f}x"
                      for name in ("preview", "production") if name in runs))
    print("\nTargets (issue 14):")
    for label, figure, target, met in lines:
        print(f"  {label:38} {figure:>22}   target {target:10} {'met' if met else 'NOT met'}")
    # A save in invoke serve is applied to the held build (common.heldbuild), not a warm invoke build.
    print("  (save-to-reload: speed_reload_bench.py, measured in invoke serve; search targets: search_bench.py)")


if __name__ == "__main__":
    main()
