"""Issue 14, a new instant renders only the pages that show it: the render
cache (plugins/rendering) follows the names each page looks up in its
template context, so a build at another instant renders again the pages
that show the instant or what is made of it (an opportunity's status, the
opportunities' filter pages, the homes), not the others; pages without a
date of their own show the build's day, so they are rendered again once a
day. The warm build writes the bytes a cold build at the same instant writes.

One small site, built at an instant, a minute later (warm, and cold
elsewhere), and a day later.
"""

from __future__ import annotations

import re
import shutil
import time
from datetime import datetime

import jinja2
import pytest

from common.clock import PREVIEW_INSTANT_SECONDS
from conftest import FIXED_EPOCH, FixtureSite, news, run_site_build

NEWS_PAGE = "it/notizie/uno/index.html"
NEWS_LISTING = "it/notizie/index.html"
CALL_PAGE = "it/opportunita/bando/index.html"
CALL = """\
---
title: Bando
summary: Un bando.
date: 2027-01-10
deadline: 2027-03-31 12:00
apply_url: https://example.org/domanda
---
Testo.
"""


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """{"minute": (pages rendered, output files), "cold minute": output files, "day": (pages rendered, output)}."""
    base = tmp_path_factory.mktemp("instant")
    site = FixtureSite(base / "site")
    site.write("news/uno.it.md", news("uno", "it", "Uno"))
    site.write("opportunities/bando.it.md", CALL)
    # Published by a build at today's clock as well (the other items are dated after it).
    site.write("opportunities/aperto.it.md", CALL.replace("title: Bando", "title: Aperto").replace("2027-01-10", "2026-01-10"))
    report = base / "rendered.txt"

    def build(folder, seconds_later, cache):
        result = run_site_build(site.content, folder, data=site.data, cache=cache,
                                extra={"RENDER_REPORT_FILE": str(report)},
                                env={"SOURCE_DATE_EPOCH": str(int(FIXED_EPOCH) + seconds_later)})
        assert result.returncode == 0, result.stdout + result.stderr
        return set(report.read_text(encoding="utf-8").split()), files(folder)

    build(site.output, 0, base / "cache")
    steps = {"minute": build(site.output, 60, base / "cache")}
    steps["cold minute"] = build(base / "cold", 60, base / "cold-cache")[1]
    shutil.rmtree(base / "cold")
    steps["day"] = build(site.output, 86400, base / "cache")
    # No instant given (as `invoke build` and `make build` run): the preview's five minutes, from the clock.
    result = run_site_build(site.content, base / "clock", data=site.data, cache=base / "clock-cache",
                            env={"SOURCE_DATE_EPOCH": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    steps["clock"] = files(base / "clock")
    return steps


def test_a_warm_build_at_a_new_instant_writes_what_a_cold_build_at_that_instant_writes(builds):
    _, warm = builds["minute"]
    cold = builds["cold minute"]
    assert sorted(warm) == sorted(cold)
    assert [page for page in warm if warm[page] != cold[page]] == []


def test_a_new_instant_renders_the_pages_that_show_it_and_no_other(builds):
    rendered, _ = builds["minute"]
    assert {CALL_PAGE, "it/index.html", "it/opportunita/index.html"} <= rendered
    assert NEWS_PAGE not in rendered
    assert NEWS_LISTING not in rendered


def test_a_new_day_renders_the_pages_that_show_the_build_s_date_but_not_a_dated_item(builds):
    rendered, output = builds["day"]
    assert NEWS_LISTING in rendered
    assert NEWS_PAGE not in rendered
    assert b'<time datetime="2027-02-02">' in output[NEWS_LISTING]
    assert b'<time datetime="2027-01-15' in output[NEWS_PAGE]


def test_a_preview_build_without_an_instant_takes_the_one_of_the_five_minutes_it_runs_in(builds):
    computed = re.search(rb'class="opportunity-computed".*?<time datetime="([^"]+)"', builds["clock"]["it/opportunita/aperto/index.html"], re.S)
    instant = datetime.fromisoformat(computed.group(1).decode()).timestamp()
    assert instant % PREVIEW_INSTANT_SECONDS == 0
    assert 0 <= time.time() - instant < 3600


# What a template looks up, followed (plugins/rendering/writer.py).

def test_names_looked_up_by_an_imported_template_count_for_every_page_that_imports_it():
    from rendering.writer import render_traced, tracing

    env = jinja2.Environment(loader=jinja2.DictLoader({
        "macros.html": "{% set top = AT_IMPORT %}{% macro shown() %}{{ top }}{{ IN_MACRO }}{% endmacro %}",
        "page.html": "{% from 'macros.html' import shown %}{{ shown() }}{{ title }}",
    }))
    env.globals.update(AT_IMPORT="a", IN_MACRO="b", UNUSED="c")
    with tracing():
        first = render_traced(env.get_template("page.html"), {"title": "t"})
        second = render_traced(env.get_template("page.html"), {"title": "u"})
    assert (first[0], second[0]) == ("abt", "abu")
    assert first[1] == second[1] == ("AT_IMPORT", "IN_MACRO", "title")
