"""Shared fixtures: real Pelican builds of fixture sites and of the real
site, a static server on localhost and Debian's Chromium via Playwright."""

from __future__ import annotations

import fcntl
import functools
import json
import http.server
import pickle
import shutil
import socketserver
import sys
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The longest test files, longest first (CPU seconds of each file alone, Chromium's and the builds' included:
# docs/testing.md, "Session 7"): pytest-xdist (--dist loadfile --no-loadscope-reorder, as `invoke test` runs
# it) hands out files in collection order, and these coming last left one core idle for minutes at the end
# of the suite. Without --no-loadscope-reorder xdist orders files by their number of tests instead, and
# this order is lost. The first two are on different sites (visitors' fixture site, its own), so neither
# worker starts by waiting for the other's shared build.
LONGEST_FIRST = ("test_visitors_axe.py", "test_speed_incremental.py", "test_theme_browser.py",
                 "test_visitors_cards.py", "test_inputs_cache.py", "test_cms_browser.py", "test_check.py",
                 "test_visitors_small.py",
                 "test_visitors_labs.py", "test_visitors_language.py", "test_search_browser.py",
                 "test_inputs_property.py", "test_publish.py", "test_visitors_figures.py", "test_visitors_home.py",
                 "test_reproducible.py", "test_visitors_follow.py", "test_truth_publication.py",
                 "test_opportunities_browser.py", "test_images_build.py")


def pytest_collection_modifyitems(items):
    rank = {name: index for index, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "tests"))

# A fixed instant (2027-02-01 12:00 UTC) so that builds are reproducible.
FIXED_EPOCH = "1801483200"

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]

from conftest_pages import MINIMAL_PAGES  # noqa: E402


@dataclass
class BuildResult:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    def read(self, relpath: str) -> str:
        return (self.output / relpath).read_text(encoding="utf-8")

    def exists(self, relpath: str) -> bool:
        return (self.output / relpath).exists()


# Every build draws the brand mark (1024 px, drawn four times larger and reduced: about 0.75 s of CPU,
# a quarter of a small site's build) only to make the icons from it. Test builds take it from
# ICON_SOURCE instead: the same PNG, drawn once per session by its first build (brand_mark below), so
# they write the same icons. The builds that check the drawing itself pass DRAWN_MARK: the real site,
# the reproducibility builds and the images plugin's site.
BRAND_MARK: dict = {}  # {"ICON_SOURCE": a function drawing the mark (once) and returning its path}
DRAWN_MARK = {"ICON_SOURCE": None}


def run_site_build(content: Path, output: Path, data: Path | None = None, settings: str = "pelicanconf.py",
                   extra: dict | None = None, env: dict | None = None, cache: Path | None = None) -> BuildResult:
    """Build a site with the project's real build command (Pelican and all plugins)."""
    from common.sitebuild import run_build

    overrides = {name: get() for name, get in BRAND_MARK.items()}
    overrides.update({"PATH": str(content), "CACHE_PATH": str(cache or output.parent / ".cache")})
    if data is not None:
        overrides["DATA_PATH"] = str(data)
        overrides["CONTENT_CODES_FILE"] = str(data / "codes.yaml")
    overrides.update(extra or {})
    done = run_build(output, overrides, ROOT / settings, env={"SOURCE_DATE_EPOCH": FIXED_EPOCH, **(env or {})})
    return BuildResult(done.returncode, done.stdout, done.stderr, output)


class FixtureSite:
    """A throwaway site: content files written by the test, built with the
    real build command. Its data/ holds the repo's code lists and schemas but
    no registry (the real registries point at the real content); a test adds
    registries with write_data(), or all the real ones with real_data=True."""

    def __init__(self, base: Path, real_data: bool = False):
        self.base = base
        self.content = base / "content"
        self.data = base / "data"
        self.output = base / "output"
        self.content.mkdir(parents=True, exist_ok=True)
        if real_data:
            shutil.copytree(ROOT / "data", self.data, dirs_exist_ok=True)
        else:
            self.data.mkdir(parents=True, exist_ok=True)
            shutil.copy(ROOT / "data" / "codes.yaml", self.data / "codes.yaml")
            if (ROOT / "data" / "schemas").is_dir():
                shutil.copytree(ROOT / "data" / "schemas", self.data / "schemas", dirs_exist_ok=True)
        self.write_many(MINIMAL_PAGES)

    def copy_to(self, base: Path) -> "FixtureSite":
        """A copy of this site (content, data, output, cache) under ``base``; not a replaced
        output/ that a detached process may be deleting meanwhile (common.sitebuild.swap_in)."""
        shutil.copytree(self.base, base, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".output.retired-*"))
        copy = FixtureSite.__new__(FixtureSite)
        copy.base, copy.content, copy.data, copy.output = base, base / "content", base / "data", base / "output"
        return copy

    def write(self, relpath: str, text: str) -> Path:
        path = self.content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_many(self, files: dict):
        for relpath, text in files.items():
            self.write(relpath, text)

    def write_data(self, name: str, text: str) -> Path:
        path = self.data / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def build(self, **kwargs) -> BuildResult:
        return run_site_build(self.content, self.output, data=self.data, **kwargs)

    def build_ok(self, **kwargs) -> BuildResult:
        """build(), failing the test with the build's own report unless it succeeded."""
        result = self.build(**kwargs)
        assert result.returncode == 0, result.stdout + result.stderr
        return result


@pytest.fixture
def fixture_site(tmp_path) -> FixtureSite:
    return FixtureSite(tmp_path)


# A labs registry of one lab, for fixture sites that need a registry entry to edit.
ONE_LAB = """\
# yaml-language-server: $schema=./schemas/labs.schema.json
- id: officina
  name: Officina
  kind: fablab
  address: Via Ripamonti 1, 20141 Milano
  municipio: 5
  lat: 45.44
  lon: 9.20
"""


def news(key, lang, title, date="2027-01-15", extra="", body="Testo."):
    """Front matter + body of a minimal valid news item."""
    return f"---\ntitle: {title}\nsummary: Sommario di {title}.\ndate: {date}\n{extra}---\n{body}\n"


@pytest.fixture(scope="session")
def shared_build(tmp_path_factory, worker_id):
    """``shared_build(name, build)``: ``build(folder)`` run once for the whole
    session, even across xdist workers, for sites that tests only read.

    The first worker to ask builds under a lock in the folder the workers
    share and pickles what ``build`` returned; the others wait and load it.
    """
    shared = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        shared = shared.parent

    def get(name, build):
        with open(shared / f"{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            done = shared / f"{name}.pickle"
            if not done.exists():
                folder = shared / name
                shutil.rmtree(folder, ignore_errors=True)
                done.write_bytes(pickle.dumps(build(folder)))
            return pickle.loads(done.read_bytes())
    return get


@pytest.fixture(scope="session", autouse=True)
def brand_mark(shared_build):
    """The mark every build would draw (images.wiring._brand_source), drawn once for the session into
    the folder the workers share (one path: a build's settings name it) and set as BRAND_MARK.

    Drawn when a build first asks for it: a session of pure-core tests builds nothing, and mutmut
    runs one session per mutant (the 0.75 s of CPU was most of a mutant's cost)."""
    def draw(folder):
        from images.drawing import draw_mark, font_files
        from images.palette import brand_palette

        palette = brand_palette(str(ROOT / "theme"))
        bold = font_files(str(ROOT / "node_modules/@fontsource/titillium-web/files"))["bold"]
        folder.mkdir(parents=True)
        draw_mark(1024, palette["primary"], palette["on_primary"], bold).save(folder / "mark.png", "PNG")
        return folder / "mark.png"

    BRAND_MARK["ICON_SOURCE"] = lambda: str(shared_build("brand-mark", draw))
    yield
    BRAND_MARK.clear()


@pytest.fixture(scope="session")
def published_once(shared_build) -> FixtureSite:
    """A small site (one Italian news item) built once per session; the tests
    of refused, crashed and hostile builds each work on ``copy_to(tmp_path)``."""
    def build(base):
        site = FixtureSite(base)
        site.write("news/buono.it.md", news("buono", "it", "Buono"))
        site.build_ok()
        return site
    return shared_build("published-once", build)


@pytest.fixture(scope="session")
def real_site(shared_build) -> BuildResult:
    """The real content of the repo, built once per test session."""
    def build(base):
        result = run_site_build(ROOT / "content", base / "output", extra=DRAWN_MARK)
        assert result.returncode == 0, result.stderr
        return result
    return shared_build("real-site", build)


@pytest.fixture(scope="session")
def search_site(shared_build):
    """The search fixture site (tests/test_search_build.py), shared by the build and the browser tests."""
    from test_search_build import make_search_site

    def build(base):
        site = make_search_site(base)
        # Tiny term shards and store chunks: every query needs several of them.
        return site, site.build_ok(extra={"SEARCH_SHARD_BYTES": 200, "SEARCH_STORE_CHUNK": 3})
    return shared_build("search-site", build)


@pytest.fixture(scope="session")
def visitors_built(shared_build):
    """The visitors' fixture site (tests/visitors_site.py), built once for the session; tests only read it."""
    import visitors_site

    return shared_build("visitors-site", visitors_site.build)


@pytest.fixture(scope="module")
def visitors_url(visitors_built):
    """The visitors' fixture site served on 127.0.0.1 (its 404 pages answer unknown paths)."""
    import visitors_site

    url, server = visitors_site.serve(visitors_built.output)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def kept_tabs(browser):
    """{options: (context, tab)}: the tabs ``tab_at`` keeps for the next tests of the module.

    A new context costs Chromium about a second of CPU (a renderer process started, its caches cold:
    0.5-1 s per navigation), a navigation in a kept tab about a quarter of a second; some 200 browser
    tests open one or more each."""
    tabs = {}
    yield tabs
    for context, _tab in tabs.values():
        context.close()


@pytest.fixture
def tab_at(browser, kept_tabs):
    """``tab_at(width, clock=None, **context options)``: a tab of that viewport width.

    The tab is kept for the module's next tests with the same options and left at about:blank after
    the test (a new document: no script state, scroll position or focus carried over; the site keeps
    nothing in storage). Playwright's clock, once installed, stays with the context: a tab asked with
    ``clock`` (an instant) has it fixed there whenever it is handed out, one asked without never has
    it installed. A test asking twice for the same options gets a second tab of its own."""
    handed, own = [], []

    def open_tab(width, clock=None, **options):
        key = (width, clock is not None, json.dumps(options, sort_keys=True))
        if key in handed:
            context = browser.new_context(viewport={"width": width, "height": 800}, **options)
            own.append(context)
            tab = context.new_page()
        else:
            if key not in kept_tabs:
                context = browser.new_context(viewport={"width": width, "height": 800}, **options)
                kept_tabs[key] = (context, context.new_page())
            handed.append(key)
            tab = kept_tabs[key][1]
        if clock is not None:
            tab.clock.set_fixed_time(clock)
        return tab

    yield open_tab
    from playwright.sync_api import Error as PlaywrightError

    for context in own:
        context.close()
    for key in handed:
        context, tab = kept_tabs[key]
        try:
            tab.goto("about:blank")
        except PlaywrightError:  # a tab the test left unusable is not kept
            del kept_tabs[key]
            context.close()


@pytest.fixture(scope="module")
def search_url(search_site):
    """The search fixture site served on 127.0.0.1 (search and labs-directory browser tests)."""
    _, result = search_site
    url, server = serve_folder(result.output)
    yield url
    server.shutdown()


def search_store(result, lang_path):
    """Every entry of a language's search store (all its chunks), in ref order."""
    chunks = sorted((result.output / lang_path).glob("store-*.json"))
    return [entry for chunk in chunks for entry in json.loads(chunk.read_text(encoding="utf-8"))]


def search_text(result, lang_path):
    """Everything a language's search publishes (manifest, term shards, store chunks), as one text."""
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted((result.output / lang_path).glob("*.json")))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve_folder(folder: Path):
    """Serve ``folder`` on 127.0.0.1 in a thread; returns (base URL, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


@pytest.fixture(scope="session")
def real_site_url(real_site):
    url, server = serve_folder(real_site.output)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
