"""Editing in the browser: Chromium drives Decap CMS served by `invoke edit`
on a temporary fixture site (never the repository's content). The editor's
saves go through decap-server into the site's files, and the preview build
runs on them as it does on files saved by hand."""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
import yaml

from conftest import ROOT, FixtureSite, news
from images_samples import noisy_jpeg

pytestmark = pytest.mark.browser

LAB = """
# yaml-language-server: $schema=./schemas/labs.schema.json
# Labs of the fixture site.
- id: officina-prova
  name: Officina Prova
  kind: fablab
  address: Via dell'Esempio 1, 20134 Milano
  municipio: 3
  lat: 45.484
  lon: 9.237
  services: [stampa-3d, taglio-laser]
  qualified_since: 2025-05-01
  example: true
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, what, limit=120):
    """Poll until ``condition()`` is true (builds run in the background); fail naming ``what``."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.25)
    raise AssertionError(f"never happened: {what}")


def answers(url, data=None):
    try:
        request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


class Editing:
    """`invoke edit --site <copy>` in its own process group, stopped by the test."""

    def __init__(self, base):
        self.site = FixtureSite(base / "site")
        self.site.write("news/primo.it.md", news("primo", "it", "Primo", date="2026-01-15"))
        self.site.write("news/primo.en.md", news("primo", "en", "First", date="2026-01-15"))
        self.site.write_data("labs.yaml", LAB)
        self.photo = base / "officina.jpg"
        self.photo.write_bytes(noisy_jpeg(640, 480))
        self.port, self.cms_port = free_port(), free_port()
        self.log = base / "edit.log"
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/invoke"), "edit", "--site", str(self.site.base), "--port", str(self.port),
             "--cms-port", str(self.cms_port)],
            cwd=ROOT, stdout=self.log.open("w"), stderr=subprocess.STDOUT, start_new_session=True)
        self.url = f"http://127.0.0.1:{self.port}"
        try:
            wait_for(lambda: self.process.poll() is not None or answers(f"{self.url}/admin/config.yml") and answers(
                f"http://127.0.0.1:{self.cms_port}/api/v1", b'{"action": "info"}'), "invoke edit serving the site")
            assert self.process.poll() is None, self.log.read_text()
        except AssertionError:
            self.stop()
            raise

    def output_digest(self):
        return {path.relative_to(self.site.output).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                for path in sorted(self.site.output.rglob("*")) if path.is_file()}

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait()


@pytest.fixture
def editing(tmp_path):
    session = Editing(tmp_path)
    yield session
    session.stop()


@pytest.fixture
def admin(browser, editing):
    context = browser.new_context(timezone_id="Europe/Rome", viewport={"width": 1400, "height": 1000})
    # The preview server answers only between two builds (livereload runs
    # them in its loop), and each save starts one: waits are long, not timed.
    context.set_default_timeout(120_000)
    tab = context.new_page()
    tab.goto(f"{editing.url}/admin/")
    # The local backend has no accounts: Decap's login button just enters.
    tab.get_by_role("button", name="Accedi").click()
    tab.get_by_text("news", exact=True).first.wait_for()
    yield tab
    context.close()


def publish(tab):
    tab.get_by_role("button", name="Pubblica", exact=True).click()
    tab.get_by_text("Pubblica ora", exact=True).click()


def fill_news(tab, editing, it_alt, en_alt):
    tab.goto(f"{editing.url}/admin/#/collections/news/new")
    tab.locator("#title-field-1").wait_for()
    inputs = {label: tab.locator(f"[id^='{label}-field-']") for label in ("title", "summary", "image_alt")}
    inputs["title"].nth(0).fill("Nuovo laboratorio alla Bovisa")
    inputs["summary"].nth(0).fill("Apre un laboratorio di fabbricazione digitale.")
    tab.locator("input[id^='date-field-']").first.fill("2026-11-20T10:00")
    tab.get_by_text("Scegli un'immagine").first.click()
    tab.locator("input[type=file]").set_input_files(str(editing.photo))
    tab.get_by_text(editing.photo.name).first.wait_for()  # uploaded, and selected
    tab.get_by_role("button", name="Prendi selezionato").click()
    if it_alt:
        inputs["image_alt"].nth(0).fill(it_alt)
    inputs["title"].nth(1).fill("New lab in Bovisa")
    inputs["summary"].nth(1).fill("A digital fabrication lab opens.")
    if en_alt:
        inputs["image_alt"].nth(1).fill(en_alt)


def test_an_item_in_two_languages_and_a_lab_edited_in_the_browser_reach_the_files_and_the_site(admin, editing):
    fill_news(admin, editing, "Una stampante 3D al lavoro", "A 3D printer at work")
    publish(admin)
    news_dir = editing.site.content / "news"
    it_file, en_file = news_dir / "nuovo-laboratorio-alla-bovisa.it.md", news_dir / "nuovo-laboratorio-alla-bovisa.en.md"
    photo = editing.site.content / "images" / "officina.jpg"
    # decap-server writes the entry's files and its media one request after another.
    wait_for(lambda: it_file.exists() and en_file.exists() and photo.exists(),
             "both files written into content/news/ and the photo into content/images/")

    it_meta = yaml.safe_load(it_file.read_text(encoding="utf-8").split("---")[1])
    en_meta = yaml.safe_load(en_file.read_text(encoding="utf-8").split("---")[1])
    assert it_meta["title"] == "Nuovo laboratorio alla Bovisa" and en_meta["title"] == "New lab in Bovisa"
    assert str(it_meta["date"]) == str(en_meta["date"]) == "2026-11-20 10:00"
    assert it_meta["image"] == en_meta["image"] == "officina.jpg"
    assert photo.read_bytes() == editing.photo.read_bytes()
    assert it_meta["image_alt"] == "Una stampante 3D al lavoro" and en_meta["image_alt"] == "A 3D printer at work"

    it_page = editing.site.output / "it/notizie/nuovo-laboratorio-alla-bovisa/index.html"
    en_page = editing.site.output / "en/news/nuovo-laboratorio-alla-bovisa/index.html"
    wait_for(lambda: it_page.exists() and en_page.exists(), "the new item's pages in both language sites")
    assert "Una stampante 3D al lavoro" in it_page.read_text() and "A 3D printer at work" in en_page.read_text()

    admin.goto(f"{editing.url}/admin/#/collections/registry_labs/entries/labs")
    admin.reload()  # a fresh start reads the registry file as it is now
    # Registry entries are folded: unfold the lab with the chevron of its bar.
    admin.locator("[class*='ListItem']").filter(has_text="Officina Prova").locator("button").first.click()
    name = admin.locator("[id^='name-field-']").first
    name.fill("Officina Prova Bovisa")
    publish(admin)
    labs_file = editing.site.data / "labs.yaml"
    wait_for(lambda: "Officina Prova Bovisa" in labs_file.read_text(), "data/labs.yaml rewritten")
    text = labs_file.read_text()
    assert text.startswith("# yaml-language-server: $schema=./schemas/labs.schema.json\n# Labs of the fixture site.\n")
    [lab] = yaml.safe_load(text)
    assert lab["services"] == ["stampa-3d", "taglio-laser"] and "qualified_since: 2025-05-01\n" in text
    assert list(lab)[:3] == ["id", "name", "kind"]  # the schema's order, as editors wrote it
    directory = editing.site.output / "it/laboratori/index.html"
    wait_for(lambda: "Officina Prova Bovisa" in directory.read_text(), "the labs directory rebuilt with the new name")


def test_an_invalid_item_saved_in_the_browser_is_reported_and_the_last_good_site_stays(admin, editing):
    before = editing.output_digest()
    fill_news(admin, editing, it_alt="", en_alt="")
    # The preview looks like the site's page, with its stylesheet and its words in each language.
    admin.get_by_role("button", name="Alterna i18n").click()
    admin.get_by_role("button", name="Alterna anteprima").click()
    preview = admin.frame_locator("#preview-pane")
    preview.get_by_text("Pubblicato il 20 novembre 2026").wait_for()
    assert preview.locator(".item-kicker").text_content() == "Notizie"
    # site.css sets the kicker in capitals: the stylesheet is applied in the preview.
    assert preview.locator(".item-kicker").inner_text() == "NOTIZIE"
    admin.get_by_text("Scrivendo in IT").click()
    admin.get_by_role("menuitem").filter(has_text="EN").first.click()
    preview.get_by_text("Published on 20 November 2026").wait_for()
    assert preview.locator("h1").inner_text() == "New lab in Bovisa"
    publish(admin)
    wait_for(lambda: "THE SITE WAS NOT REBUILT" in editing.log.read_text(), "the build's error block")
    report = editing.log.read_text().split("THE SITE WAS NOT REBUILT", 1)[1]
    assert "content/news/nuovo-laboratorio-alla-bovisa.it.md" in report and "image_alt" in report
    assert "describe the picture" in report
    assert editing.output_digest() == before
