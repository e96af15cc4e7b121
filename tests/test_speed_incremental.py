"""Issue 14, render only what changed: after each of a dozen edits, a warm
preview build (the last build's output/ and render cache beside it) writes
the same bytes as a cold build of the same tree, and renders again only the
pages whose inputs changed (plugins/rendering).

One fixture site goes through the edits in turn; after each one it is built
warm, and a copy of its content, data and theme is built cold elsewhere,
unless that tree was built cold already (the first build; an edit that
undoes the one before).
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil

import pytest
from PIL import Image

from conftest import ONE_LAB, ROOT, FixtureSite, news, run_site_build

ITEM_PAGE = "it/notizie/uno/index.html"
SEARCH_PAGES = {"it/cerca/index.html", "en/search/index.html"}


def jpeg(width, height) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG", quality=90)
    return out.getvalue()


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def tree_digest(folders, settings):
    """One digest of every file's path and bytes under ``folders`` and of ``settings``: equal for equal trees."""
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for folder in folders:
        for path, data in sorted(files(folder).items()):
            digest.update(f"{folder.name}/{path}\0{len(data)}\0".encode() + data)
    return digest.hexdigest()


class Site(FixtureSite):
    """A fixture site with its own copy of the theme (templates and string tables to edit)."""

    def __init__(self, base):
        super().__init__(base)
        self.theme = base / "theme"
        shutil.copytree(ROOT / "theme", self.theme)
        self.report = base / "rendered.txt"
        # Its pages are checked by two processes, as a large site's are.
        self.settings = {"THEME": str(self.theme), "RENDER_REPORT_FILE": str(self.report),
                         "RENDER_PAGES_PER_CHECKER": 4}

    def build_warm(self):
        self.build_ok(extra=self.settings)
        return set(self.report.read_text(encoding="utf-8").split())

    def tree(self):
        """The digest of what a build reads: content, data, theme and the settings other than this site's paths."""
        settings = {key: value for key, value in self.settings.items() if key not in ("THEME", "RENDER_REPORT_FILE")}
        return tree_digest([self.content, self.data, self.theme], settings)

    def build_cold_copy(self, base):
        """The same tree (content, data, theme, settings) built cold in ``base``: (its output's files, pages rendered)."""
        shutil.rmtree(base, ignore_errors=True)
        for name in ("content", "data", "theme"):
            shutil.copytree(self.base / name, base / name)
        settings = {**self.settings, "THEME": str(base / "theme"), "RENDER_REPORT_FILE": str(base / "rendered.txt")}
        result = run_site_build(base / "content", base / "output", data=base / "data", extra=settings,
                                cache=base / ".cache")
        assert result.returncode == 0, result.stderr
        return files(base / "output"), set((base / "rendered.txt").read_text(encoding="utf-8").split())


def write_second_translation(site):
    site.write("news/due.en.md", news("due", "en", "Two", extra="tags: [spazi]\n"))


def change_setting(site):
    site.settings["SITENAME"] = "Manifattura Milano (prova)"


# (name, edit): applied in this order, each one on top of the ones before.
EDITS = [
    ("nothing", lambda site: None),
    ("body", lambda site: edit(site.content / "news/uno.it.md", "Testo.", "Testo cambiato.")),
    ("title", lambda site: (edit(site.content / "news/uno.it.md", "title: Uno", "title: Uno rivisto"),
                            edit(site.content / "opportunities/bando.it.md", "title: Bando", "title: Bando rivisto"))),
    ("date", lambda site: edit(site.content / "news/due.it.md", "date: 2027-01-15", "date: 2027-01-10")),
    ("tags", lambda site: edit(site.content / "news/due.it.md", "tags: [spazi]", "tags: [spazi, formazione]")),
    ("translation added", write_second_translation),
    ("translation removed", lambda site: (site.content / "news/due.en.md").unlink()),
    ("registry entry", lambda site: edit(site.data / "labs.yaml", "name: Officina", "name: Officina Ripamonti")),
    ("image", lambda site: (site.content / "images/foto.jpg").write_bytes(jpeg(900, 600))),
    ("deleted item", lambda site: (site.content / "news/due.it.md").unlink()),
    ("template", lambda site: edit(site.theme / "templates/article.html", "{% block content %}",
                                   "{% block content %}<!-- rivisto -->")),
    ("string table", lambda site: edit(site.theme / "i18n/it.yaml", "skip_to_content: Vai al contenuto",
                                       "skip_to_content: Vai al testo")),
    ("settings", change_setting),
]


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """{edit name: (pages rendered by the warm build, its output's files, the cold build's files,
    the pages the cold build rendered: all of them)}."""
    base = tmp_path_factory.mktemp("incremental")
    site = Site(base / "site")
    site.write_data("labs.yaml", ONE_LAB)
    (site.content / "images").mkdir()
    (site.content / "images/foto.jpg").write_bytes(jpeg(1200, 600))
    site.write("news/uno.it.md", news("uno", "it", "Uno", extra="tags: [bandi]\nimage: foto.jpg\nimage_alt: Una foto\n"))
    site.write("news/uno.en.md", news("uno", "en", "One", extra="tags: [calls]\nimage: foto.jpg\nimage_alt: A photo\n"))
    site.write("news/due.it.md", news("due", "it", "Due", extra="tags: [spazi]\n"))
    # Its calendar (deadline.ics) is taken from the last build's calendars when its facts are the same.
    site.write("opportunities/bando.it.md", "---\ntitle: Bando\nsummary: Sommario del bando.\ndate: 2026-12-01\n"
               "deadline: 2027-03-31 12:00\napply_url: https://www.comune.milano.it/domanda\n---\nTesto.\n")
    # The first build is cold. A build's output is a function of what it reads (test_reproducible.py):
    # a tree built cold once is not built cold again.
    every_page = site.build_warm()
    colds = {site.tree(): (files(site.output), every_page)}
    steps = {}
    for name, change in EDITS:
        change(site)
        rendered = site.build_warm()
        warm = files(site.output)
        if site.tree() not in colds:
            colds[site.tree()] = site.build_cold_copy(base / "cold")
        steps[name] = (rendered, warm, *colds[site.tree()])
    return steps


@pytest.mark.parametrize("name", [name for name, _ in EDITS])
def test_a_warm_build_after_the_edit_writes_what_a_cold_build_writes(history, name):
    rendered, warm, cold, _ = history[name]
    assert sorted(warm) == sorted(cold)
    assert [page for page in warm if warm[page] != cold[page]] == []


def test_an_unchanged_tree_renders_nothing(history):
    rendered, *_ = history["nothing"]
    assert rendered == set()


def test_a_body_edit_renders_the_item_and_the_search_pages_only(history):
    rendered, *_ = history["body"]
    assert rendered == {ITEM_PAGE} | SEARCH_PAGES


def test_a_title_edit_renders_the_item_its_listings_and_tag_pages_but_not_the_other_items(history):
    rendered, *_ = history["title"]
    assert {ITEM_PAGE, "it/notizie/index.html", "it/index.html", "it/argomenti/bandi/index.html"} <= rendered
    assert "it/notizie/due/index.html" not in rendered


def test_a_date_edit_renders_the_item_and_the_listing(history):
    rendered, *_ = history["date"]
    assert {"it/notizie/due/index.html", "it/notizie/index.html"} <= rendered


def test_a_new_tag_gets_its_page(history):
    rendered, warm, *_ = history["tags"]
    assert "it/argomenti/formazione/index.html" in rendered
    assert "it/argomenti/formazione/index.html" not in history["date"][1]


def test_a_translation_added_is_rendered_with_the_other_language_s_page(history):
    rendered, *_ = history["translation added"]
    assert {"en/news/due/index.html", "it/notizie/due/index.html"} <= rendered


def test_a_translation_removed_leaves_no_page_behind(history):
    rendered, warm, *_ = history["translation removed"]
    assert "en/news/due/index.html" not in warm
    assert "it/notizie/due/index.html" in rendered


def test_a_registry_edit_renders_the_registry_s_pages(history):
    rendered, *_ = history["registry entry"]
    assert {"it/laboratori/officina/index.html", "it/laboratori/index.html"} <= rendered


def test_an_image_edit_renders_the_pages_that_show_it(history):
    rendered, *_ = history["image"]
    assert {ITEM_PAGE, "en/news/uno/index.html"} <= rendered


def test_a_deleted_item_leaves_no_page_behind(history):
    rendered, warm, *_ = history["deleted item"]
    assert "it/notizie/due/index.html" not in warm
    assert "it/notizie/index.html" in rendered


def test_a_template_edit_renders_the_pages_made_with_it(history):
    rendered, *_ = history["template"]
    assert {ITEM_PAGE, "en/news/uno/index.html"} <= rendered


@pytest.mark.parametrize("name", ["string table", "settings"])
def test_a_string_table_or_settings_edit_renders_every_page(history, name):
    rendered, _, _, every_page = history[name]
    assert rendered == every_page


# The pure core: digests of the values a page is rendered from (plugins/rendering/digest.py).

class Item:
    def __init__(self, path, title):
        self.path, self.title = path, title


def digester(view=None):
    from rendering.digest import Digester

    return Digester(lambda value: isinstance(value, Item), lambda item: item.path, view=view)


def test_equal_values_have_equal_digests_in_any_digester():
    value = {"a": [1, 2.5, "x", None, True], "b": (b"bytes", {3, 4})}
    assert digester().digest(value) == digester().digest({"a": [1, 2.5, "x", None, True], "b": (b"bytes", {4, 3})})


def test_order_of_lists_and_dicts_counts_but_not_of_sets():
    assert digester().digest([1, 2]) != digester().digest([2, 1])
    assert digester().digest({"a": 1, "b": 2}) != digester().digest({"b": 2, "a": 1})
    assert digester().digest({1, 2}) == digester().digest({2, 1})


def test_types_are_told_apart():
    assert len({digester().digest(value) for value in (1, 1.0, "1", True, [1], (1,), b"1")}) == 7


def test_plain_containers_are_told_apart_from_those_holding_a_subclass_or_an_item():
    """Plain dicts, lists and tuples are digested by their marshal bytes, the others node by node:
    a Markup is not the str it spells, and an item inside still counts by its identity only."""
    from markupsafe import Markup

    values = (["a"], [Markup("a")], ("a",), [b"a"], {"a": "a"}, {"a": Markup("a")}, [["a"]], [[Markup("a")]])
    assert len({digester().digest(value) for value in values}) == len(values)
    assert digester().digest({"items": [Item("news/a.md", "A")], "n": 1}) == digester().digest(
        {"items": [Item("news/a.md", "B")], "n": 1})


def test_an_item_counts_by_identity_and_is_remembered():
    first, renamed = Item("news/a.md", "A"), Item("news/a.md", "B")
    other = digester()
    assert digester().digest([first]) == other.digest([renamed])
    assert digester().digest([first]) != digester().digest([Item("news/b.md", "A")])
    assert other.items_met == {"news/a.md": renamed}


def test_functions_count_by_name_and_what_their_closure_holds():
    def make(table):
        return lambda key: table[key]

    assert digester().digest(make({"a": 1})) == digester().digest(make({"a": 1}))
    assert digester().digest(make({"a": 1})) != digester().digest(make({"a": 2}))


def test_objects_count_by_class_and_attributes_and_a_view_replaces_them():
    class Box:
        def __init__(self, content, timing):
            self.content, self.timing = content, timing

    assert digester().digest(Box(1, 0.1)) != digester().digest(Box(1, 0.2))
    only_content = digester(view=lambda value: {"content": value.content} if isinstance(value, Box) else value)
    assert only_content.digest(Box(1, 0.1)) == digester(view=only_content.view).digest(Box(1, 0.2))


def test_a_value_that_contains_itself_has_a_digest():
    loop = {"name": "a"}
    loop["self"] = loop
    assert digester().digest(loop) == digester().digest(loop)
    assert digester().digest(loop) != digester().digest({"name": "b", "self": {}})
