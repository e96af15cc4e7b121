"""Tasks for editors and developers: ``invoke --list`` shows them all."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from invoke import task

ROOT = Path(__file__).resolve().parent
PYTHON = sys.executable
sys.path.insert(0, str(ROOT / "plugins"))

from common import clock, sitebuild  # noqa: E402


def run_build(settings="pelicanconf.py", output="output", extra=None):
    """Build into a staging folder; output/ is replaced only by a whole site."""
    return sitebuild.run_build(ROOT / output, extra, ROOT / settings, capture_output=False).returncode


def error_block(report, width=72):
    """A failed preview build as one framed block, so it stands out in a scrolling terminal."""
    rule = "=" * width
    return "\n".join([
        rule, f"{time.strftime('%H:%M:%S')}  THE SITE WAS NOT REBUILT", rule, report.strip(), rule,
        "Fix the errors above and save again: the browser keeps showing the last good build.", rule,
    ])


@task(help={"settings": "settings file (publishconf.py for production)", "output": "output folder"})
def build(c, settings="pelicanconf.py", output="output"):
    """Build the site into output/ (kept intact when the content has errors)."""
    if last_task_asked("build"):
        # This process becomes the build run_build would start: invoke's own teardown after the build
        # took 0.1 s of its wall (1,000 keys, load 8).
        sitebuild.become_build(ROOT / output, None, ROOT / settings)
    code = run_build(settings, output)
    if code:
        sys.exit(code)


def last_task_asked(name):
    """Whether the command line asked invoke for task ``name`` last (``invoke build``, not ``invoke build check``)."""
    from invoke.main import program

    asked = getattr(program, "tasks", None) or []
    return bool(asked) and asked[-1].name == name


@task
def clean(c):
    """Remove output/ and the build caches."""
    for folder in ("output", ".cache"):
        shutil.rmtree(ROOT / folder, ignore_errors=True)


# What the editors' preview adds to the build (serve and edit): scheduled items, with their banner.
PREVIEW_SETTINGS = {"SITE_PREVIEW_SCHEDULED": True}


@task(help={"port": "port of the preview server (default 8000)"})
def serve(c, port=8000):
    """Preview on http://localhost:8000, rebuilding and reloading on every save.

    The preview also shows scheduled items (dated after now), each with a
    "Programmato: sarà pubblicato il ..." banner; no build publishes them."""
    live_preview(ROOT, port, extra=PREVIEW_SETTINGS)


def live_preview(site, port, host="localhost", extra=None):
    """Build ``site`` (a folder with content/ and data/) into its output/, serve it and rebuild on every save.

    Builds run in a pre-warmed process (common.warmbuild): Pelican and the plugins are imported
    once, not at every save. The last successful build is kept in memory (common.heldbuild): a save
    that changed only one item's body, title or summary updates it in place (that file read again, the pages
    that show it, search and feeds); any other save builds the whole site again."""
    from livereload import Server

    from common.warmbuild import WarmBuilder

    builder = WarmBuilder()

    def rebuild():
        started = time.perf_counter()
        code, report = builder.build(site / "output", extra, env=clock.preview_instant())
        if code:
            print("\a" + error_block(report), file=sys.stderr, flush=True)
        else:
            rendered = re.search(r"\((\d+ of \d+ pages rendered)\)", report)
            how = [rendered[1]] if rendered else []
            if builder.held:
                how.append("only the edited file read again")
            shown = f" ({', '.join(how)})" if how else ""
            print(f"{time.strftime('%H:%M:%S')} rebuilt in {time.perf_counter() - started:.1f} s{shown}: "
                  "the browser reloads", file=sys.stderr, flush=True)

    rebuild()
    server = Server(watcher=notified_watcher([site / "content", site / "data", ROOT / "theme", ROOT / "plugins",
                                              ROOT / "pelicanconf.py"]))
    watched = [site / "content/**/*", site / "data/*"]
    watched += [ROOT / pattern for pattern in ("theme/**/*", "plugins/**/*.py", "pelicanconf.py")]
    for pattern in watched:
        server.watch(str(pattern), rebuild, delay=0.3)
    try:
        server.serve(root=str(site / "output"), port=int(port), host=host, open_url_delay=None)
    finally:
        builder.close()


def notified_watcher(paths):
    """livereload's watcher, woken by the kernel's file notifications (watchfiles, which Pelican
    itself depends on) instead of polling: livereload scans every watched file every 0.8 s, so a
    save waited 0.4 s on average before its rebuild began; now about 50 ms. livereload still finds
    which of its watched patterns changed, and runs their task."""
    import threading

    import watchfiles
    from livereload.watcher import Watcher
    from tornado.ioloop import IOLoop

    class NotifiedWatcher(Watcher):
        def start(self, callback):
            loop = IOLoop.current()

            def follow():
                for _changes in watchfiles.watch(*paths):
                    loop.add_callback(callback)

            threading.Thread(target=follow, daemon=True, name="file notifications").start()
            loop.add_callback(callback)  # as livereload's first poll: the browser reloads once the server is up
            return True  # livereload's own polling is not started

    return NotifiedWatcher()


def site_overrides(site):
    """Settings that build another site folder (content/, data/) with this repository's theme and plugins."""
    if site == ROOT:
        return {}
    return {"PATH": str(site / "content"), "DATA_PATH": str(site / "data"),
            "CONTENT_CODES_FILE": str(site / "data" / "codes.yaml"), "CACHE_PATH": str(site / ".cache")}


def start_decap_server(site, port):
    """decap-server (npm) on 127.0.0.1: Decap's local backend, reading and writing the files of ``site``.

    MODE=fs writes each saved item straight into the working copy, so the
    preview rebuilds at once and the editor reviews and commits with Git.
    """
    env = dict(os.environ, PORT=str(port), BIND_HOST="127.0.0.1", GIT_REPO_DIRECTORY=str(site), MODE="fs")
    script = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"
    return subprocess.Popen(["node", str(script)], cwd=site, env=env)


@task(help={"port": "port of the preview (default 8000)", "cms_port": "port of decap-server (default 8081)",
            "site": "the site folder to edit (default: this repository)"})
def edit(c, port=8000, cms_port=8081, site=""):
    """Edit in the browser at http://127.0.0.1:8000/admin/ with the live preview (decap-server + serve)."""
    site_root = Path(site).resolve() if site else ROOT
    extra = {**PREVIEW_SETTINGS, **site_overrides(site_root),
             "CMS_LOCAL_BACKEND_URL": f"http://127.0.0.1:{cms_port}/api/v1"}
    decap = start_decap_server(site_root, cms_port)
    print(f"Edit at http://127.0.0.1:{port}/admin/ ; the site is at http://127.0.0.1:{port}/", file=sys.stderr)
    try:
        live_preview(site_root, port, host="127.0.0.1", extra=extra)
    finally:
        decap.terminate()
        decap.wait()


@task(help={"path": "where to write the configuration (default output/admin/config.yml)",
            "settings": "settings file (publishconf.py for production)"})
def cms_config(c, path="output/admin/config.yml", settings="pelicanconf.py"):
    """Write the Decap CMS configuration derived from the content contract, codes and registry schemas."""
    from cms.wiring import config_for, config_yaml
    from pelican.settings import read_settings

    target = ROOT / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(config_yaml(config_for(read_settings(str(ROOT / settings)))), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


@task(help={"section": "news, cases, opportunities or pages", "title": "the Italian title"})
def new(c, section, title):
    """Scaffold an item in both languages: invoke new news "Titolo"."""
    from pelican.settings import read_settings

    from content_model.scaffold import scaffold_item
    from site_model import model_of, strings_of

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    for path in scaffold_item(ROOT / "content", section, title, model_of(settings), strings_of(settings)):
        print(f"created {path.relative_to(ROOT)}")


def run_check(output, site_urls=(), html=True):
    command = [PYTHON, "-m", "quality", str(ROOT / output), "--content", str(ROOT / "content"),
               "--data", str(ROOT / "data")]
    for url in site_urls:
        command += ["--site-url", url]
    if not html:
        command.append("--no-html-validation")
    return subprocess.run(command, cwd=ROOT, env=sitebuild.plugins_env()).returncode


@task(help={"output": "the built site to check (default output/)", "build": "build first (default yes)",
            "html": "validate every page with the Nu Html Checker (default yes)"})
def check(c, output="output", build=True, html=True):
    """Check the built site: valid HTML, links and anchors, alt text, translations, summaries, JSON-LD."""
    if build and run_build(output=output):
        sys.exit(2)
    code = run_check(output, html=html)
    if code:
        sys.exit(code)


@task(help={"target": "a folder (public/) or an rsync target (user@host:/var/www/site)",
            "check": "run invoke check on the production build first (default yes)"})
def publish(c, target, check=True):
    """Build for production (publishconf.py) and copy the site to TARGET with rsync."""
    from publishing.deliver import deliver

    output = "output-publish"
    if run_build("publishconf.py", output):
        sys.exit(2)
    from site_model import model_from_file

    siteurl = model_from_file(ROOT / "publishconf.py").public_url
    if check and run_check(output, site_urls=[siteurl]):
        print("Not published: fix the errors of the check above.", file=sys.stderr)
        sys.exit(1)
    deliver(ROOT / output, target)
    print(f"Published {output}/ to {target}")


@task(help={"args": "extra pytest arguments, e.g. -k feeds"})
def test(c, args=""):
    """Run the whole test suite (unit, fixture builds, browser)."""
    # Files are handed to the two workers in the order of tests/conftest.py's LONGEST_FIRST: xdist's
    # default reorders them by their number of tests, which put the two longest files (a single
    # fixture each) last, one core idling through them.
    command = f"{PYTHON} -m pytest -n 2 --dist loadfile --no-loadscope-reorder {args}"
    c.run(command, env={"PYTHONPATH": str(ROOT / "plugins")}, pty=False)


MUTATION_COLUMNS = ("killed", "survived", "timeout", "no tests", "not checked", "other")


def pure_core_modules():
    """The modules of pyproject.toml's [tool.mutmut] only_mutate, as "opportunities/lifecycle.py"."""
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]
    return [path.removeprefix("src/") for path in settings["only_mutate"]]


def mutant_verdicts(mutants):
    """{module: {mutant: (exit code, seconds)}} from mutmut's .meta files (a code of None: not checked)."""
    import json

    verdicts = {}
    for meta in sorted(Path(mutants, "src").rglob("*.py.meta")):
        module = meta.relative_to(Path(mutants, "src")).as_posix().removesuffix(".meta")
        data = json.loads(meta.read_text(encoding="utf-8"))
        verdicts[module] = {key: (code, data["durations_by_key"].get(key))
                            for key, code in data["exit_code_by_key"].items()}
    return verdicts


def mutation_figures(verdicts, modules):
    """{module: {status: count}} for each of ``modules`` (a module with no .meta yet has no row of counts)."""
    from mutmut.stats import status_by_exit_code

    figures = {}
    for module in modules:
        if module not in verdicts:
            figures[module] = None
            continue
        counts = figures[module] = dict.fromkeys(MUTATION_COLUMNS, 0)
        for code, _seconds in verdicts[module].values():
            status = status_by_exit_code[code]
            counts[status if status in counts else "other"] += 1
    return figures


def checked_in_run(before, after):
    """{module: number of mutants given a verdict between the two snapshots} (a verdict written again
    has a new duration, so a mutant checked again with the same result counts too)."""
    return {module: count for module, keys in after.items()
            if (count := sum(1 for key, verdict in keys.items()
                             if verdict[0] is not None and before.get(module, {}).get(key) != verdict))}


def mutation_report(figures, runs):
    """One line per pure-core module with when its mutants were last checked, the runs the cache holds,
    then ``Total: NN.N % killed``.

    As mutmut counts it, a timeout is a kill; unlike mutmut's own score, a
    mutant no fast test reaches ("no tests") counts as a survivor. Mutants not
    checked (an interrupted run) are left out of the figure and counted on the
    line before it, so a partial cache says so.
    """
    last_checked = {}
    for number, run in enumerate(runs, 1):
        for module in run["checked"]:
            last_checked[module] = f"run {number}"

    def row(name, counts, when=""):
        return f"{name:32}" + "".join(f"{counts[column]:>12}" for column in MUTATION_COLUMNS) + f"  {when}"

    lines = [f"{'module':32}" + "".join(f"{column:>12}" for column in MUTATION_COLUMNS) + "  last checked"]
    for module, counts in figures.items():
        if counts is None:
            lines.append(f"{module:32}  no mutants generated yet (run `invoke mutate`)")
        else:
            lines.append(row(module, counts, last_checked.get(module, "before the runs listed" if any(
                counts[column] for column in MUTATION_COLUMNS if column != "not checked") else "never")))
    present = [counts for counts in figures.values() if counts is not None]
    total = {column: sum(counts[column] for counts in present) for column in MUTATION_COLUMNS}
    lines.append(row("all", total))
    for number, run in enumerate(runs, 1):
        lines.append(f"run {number}: {run['started']} to {run['finished']} UTC, "
                     f"{run['what']}, --children {run['children']}: "
                     f"{sum(run['checked'].values())} mutants checked in {len(run['checked'])} modules")
    mutants = sum(total.values())
    checked = mutants - total["not checked"]
    missing = sum(1 for counts in figures.values() if counts is None)
    lines.append(f"Checked: {checked} of the {mutants} mutants of the {len(figures)} pure-core modules"
                 + (f" ({missing} modules with no mutants generated yet)" if missing else "")
                 + ("" if checked == mutants else f"; {total['not checked']} not checked, left out of the Total"))
    score = 100 * (total["killed"] + total["timeout"]) / checked if checked else 0.0
    lines.append(f"Total: {score:.1f} % killed")
    return "\n".join(lines)


@task(help={"only": "mutants whose names match these comma-separated patterns, e.g. 'opportunities.lifecycle.*' "
                    "(run again even if checked before)",
            "fresh": "forget the results of earlier runs (by default mutmut checks only what changed)",
            "children": "mutants checked at once (default 2, one per core; 1 when others share the cores)",
            "report": "print the report of the results kept in .mutation/ without running mutmut"})
def mutate(c, only="", fresh=False, children=2, report=False):
    """Mutation testing of the pure cores (pyproject.toml [tool.mutmut]) with the fast unit tests, on both cores."""
    import json
    from datetime import datetime, timezone

    work = ROOT / ".mutation"
    if fresh:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(exist_ok=True)
    # Which runs gave the results kept in .mutation/mutants, and which modules each checked:
    # the report says when each module's figures were made.
    runs_file = work / "runs.json"
    runs = json.loads(runs_file.read_text(encoding="utf-8")) if runs_file.exists() else []
    if not report:
        # mutmut reads its settings from the folder it runs in and names modules
        # after their path less "src/": plugins/ is linked there as src/.
        for name, target in (("pyproject.toml", "pyproject.toml"), ("src", "plugins"), ("tests", "tests"),
                             ("theme", "theme"), ("data", "data"), ("content", "content"),
                             ("pelicanconf.py", "pelicanconf.py"), ("node_modules", "node_modules")):
            link = work / name
            if not link.is_symlink():
                link.symlink_to(ROOT / target)
        # Without PYTHONPATH: the tests must import the mutated copy, never plugins/ itself.
        env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
        command = [str(Path(PYTHON).with_name("mutmut")), "run", "--max-children", str(children)]
        command += [p for p in only.split(",") if p]
        before = mutant_verdicts(work / "mutants")
        started = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M")
        subprocess.run(command, cwd=work, env=env)
        checked = checked_in_run(before, mutant_verdicts(work / "mutants"))
        if checked:
            runs.append({"started": started, "finished": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M"),
                         "what": f"--only {only}" if only else "every mutant not checked yet",
                         "children": children, "checked": checked})
            runs_file.write_text(json.dumps(runs, indent=1), encoding="utf-8")
    print(mutation_report(mutation_figures(mutant_verdicts(work / "mutants"), pure_core_modules()), runs))


@task(help={"keys": "synthetic keys (each in it and en) for every benchmark; default: each one's own size",
            "only": "run only the benchmarks whose name contains this, e.g. build"})
def bench(c, keys=None, only=""):
    """Print the figures of every benchmark in benchmarks/*_bench.py (each at the size its target names)."""
    for script in sorted((ROOT / "benchmarks").glob("*_bench.py")):
        if only not in script.stem:
            continue
        print(f"\n=== {script.stem} ===", flush=True)
        size = f" --keys {keys}" if keys else ""
        c.run(f"{PYTHON} {script}{size}", env={"PYTHONPATH": str(ROOT / "plugins")}, warn=True)


@task(help={"site": "a built site folder (default output/, built first when missing)",
            "folder": "where the PNG files go (default screenshots/)"})
def screenshots(c, site="output", folder="screenshots"):
    """PNG screenshots of one page of every kind, both languages, at 390 px and 1280 px."""
    sys.path.insert(0, str(ROOT / "tests"))
    from assets.page_kinds import scan_output
    from conftest import CHROMIUM_ARGS, serve_folder
    from playwright.sync_api import sync_playwright

    site_path = ROOT / site
    if not (site_path / "index.html").exists() and run_build(output=site):
        sys.exit(2)
    target = ROOT / folder
    target.mkdir(exist_ok=True)
    base_url, server = serve_folder(site_path)
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for width in (390, 1280):
                tab = chromium.new_page(viewport={"width": width, "height": 900})
                for (lang, kind), url in sorted(scan_output(site_path).items()):
                    tab.goto(f"{base_url}/{url}", wait_until="networkidle")
                    path = target / f"{kind}-{lang}-{width}.png"
                    tab.screenshot(path=str(path), full_page=True)
                    print(f"{path.relative_to(ROOT)}  <- /{url}")
                tab.close()
            chromium.close()
    finally:
        server.shutdown()
