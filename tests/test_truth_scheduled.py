"""Scheduled items (issue 12): an item dated after the build's instant is
published by no build until then. conftest fixes SOURCE_DATE_EPOCH at
2027-02-01 12:00 UTC; the item below is dated the next morning."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone

import pytest

from common.sitebuild import plugins_env
from conftest import FixtureSite, search_text
from truth_fixtures import news

TOMORROW = "2027-02-02 09:00"
AFTER = str(int(datetime(2027, 2, 2, 9, 1, tzinfo=timezone.utc).timestamp()))
TITLE = "Annuncio di domani kappa"


def every_text(output):
    for path in sorted(output.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".ics", ".csv", ".txt"):
            yield path.relative_to(output).as_posix(), path.read_text(encoding="utf-8", errors="replace")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = FixtureSite(tmp_path_factory.mktemp("scheduled"))
    site.write_many({
        "news/oggi.it.md": news("Notizia di oggi", extra="tags: [bandi]\nsources: [{title: Delibera, publisher: "
                                "Comune di Milano, year: 2027}]\n"),
        "news/domani.it.md": news(TITLE, date=TOMORROW, extra="tags: [bandi, domani]\n"),
        "news/domani.en.md": news("Tomorrow's kappa announcement", date=TOMORROW, extra="tags: [calls]\n"),
        "opportunities/bando-domani.it.md": "---\ntitle: Bando kappa annunciato domani\nsummary: Un bando.\n"
        f"date: {TOMORROW}\nopens: 2027-02-03\ndeadline: 2027-03-31\napply_url: https://www.comune.milano.it/kappa\n"
        "---\nTesto.\n",
    })
    return site


@pytest.fixture(scope="module")
def today(site, tmp_path_factory):
    """The site built today (before the item's date); tests only read it."""
    return site.copy_to(tmp_path_factory.mktemp("today")).build_ok()


def test_an_item_dated_tomorrow_is_absent_from_every_output_today(today):
    assert [relpath for relpath, text in every_text(today.output) if "kappa" in text or "domani/" in text] == []
    assert not today.exists("it/notizie/domani/index.html")
    assert not today.exists("it/argomenti/domani/index.html")
    assert "Notizia di oggi" in today.read("it/index.html")
    assert "scheduled  content/news/domani.it.md  (published on 2027-02-02 09:00)" in today.stderr
    assert "scheduled  content/opportunities/bando-domani.it.md" in today.stderr


def test_it_is_published_once_the_build_instant_passes_its_date(site, tmp_path):
    later = site.copy_to(tmp_path / "later").build_ok(env={"SOURCE_DATE_EPOCH": AFTER})
    assert TITLE in later.read("it/notizie/domani/index.html")
    for relpath in ("it/index.html", "it/notizie/index.html", "it/atom.xml", "it/argomenti/domani/index.html"):
        assert "kappa" in later.read(relpath), relpath
    assert "kappa" in search_text(later, "it/cerca")
    assert "/it/notizie/domani/" in later.read("sitemap.xml")
    assert "Programmato" not in later.read("it/notizie/domani/index.html")
    assert "Bando kappa" in later.read("it/calendar.ics")


def test_the_preview_of_invoke_serve_shows_it_with_a_banner(site, tmp_path):
    preview = site.copy_to(tmp_path / "serve").build_ok(extra={"SITE_PREVIEW_SCHEDULED": True})
    page = preview.read("it/notizie/domani/index.html")
    assert "Programmato: sarà pubblicato il 2 febbraio 2027" in page
    english = preview.read("en/news/domani/index.html")
    assert "Scheduled: published on 2 February 2027" in english or "Scheduled: published on February 2, 2027" \
        in english
    assert "Programmato" not in preview.read("it/notizie/oggi/index.html")


def test_invoke_check_lists_scheduled_items_and_items_without_sources(site, today):
    done = subprocess.run([sys.executable, "-m", "quality", str(today.output), "--content", str(site.content),
                           "--no-html-validation"], capture_output=True, text=True,
                          env=plugins_env({"SOURCE_DATE_EPOCH": "1801483200"}))
    report = done.stdout
    assert "content/news/domani.it.md:4: news/domani.it is scheduled: published on 2027-02-02 09:00" in report
    assert "content/opportunities/bando-domani.it.md:4: opportunities/bando-domani.it is scheduled" in report
    assert "news/oggi.it cites no source" not in report
    assert "pages/privacy.it cites no source" in report


def test_the_nightly_rebuild_runs_invoke_publish_shortly_after_midnight_in_rome():
    import yaml

    from conftest import ROOT

    workflow = yaml.safe_load((ROOT / ".github/workflows/daily-publish.yml").read_text())
    cron = workflow[True]["schedule"][0]["cron"]  # YAML 1.1 reads the key 'on' as True
    minute, hour = (int(part) for part in cron.split()[:2])
    for offset in (1, 2):  # CET and CEST
        assert 0 <= (hour + offset) % 24 <= 1 and minute < 60, cron
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["publish"]["steps"])
    assert "invoke publish" in steps
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text())
    assert any("invoke publish" in line for line in gitlab["pages"]["script"])
    service = (ROOT / "deploy/systemd/manifattura-publish.service").read_text()
    timer = (ROOT / "deploy/systemd/manifattura-publish.timer").read_text()
    assert "invoke publish" in service
    calendar = next(line.split("=", 1)[1] for line in timer.splitlines() if line.startswith("OnCalendar="))
    assert calendar.endswith("Europe/Rome") and calendar.startswith("*-*-* 00:")
    # systemd-analyze comes with systemd, which the publishing host runs the timer with.
    assert subprocess.run(["systemd-analyze", "calendar", calendar], capture_output=True).returncode == 0
