"""Production build: absolute URLs, minified HTML and CSS, .gz/.br copies,
delivery with rsync, and no publishing when the check fails."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess

import brotli
import pytest

from conftest import FIXED_EPOCH, ROOT, FixtureSite, news
from publishing import core, deliver
from quality.run import check_site
from seo.core import head_facts
from seo_fixtures import write_area_news

SITEURL = "https://www.manifatturamilano.it"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    base = tmp_path_factory.mktemp("publish")
    fixture = FixtureSite(base)
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/uno.it.md", news("uno", "it", "Uno", body="Testo lungo. " * 80))
    fixture.write("news/uno.en.md", news("uno", "en", "One", body="Long text. " * 80))
    return fixture.build_ok(settings="publishconf.py").output


def test_production_urls_are_absolute(production):
    output = production
    facts = head_facts((output / "it/notizie/uno/index.html").read_text())
    assert facts["canonical"] == f"{SITEURL}/it/notizie/uno/"
    assert ("en", f"{SITEURL}/en/news/uno/") in facts["alternates"]
    assert f"<loc>{SITEURL}/it/notizie/uno/</loc>" in (output / "sitemap.xml").read_text()


def test_html_is_minified_and_still_valid(production):
    output = production
    html = (output / "it/notizie/uno/index.html").read_text()
    assert "\n" not in html.strip() and core.minify_page(html) == html
    outcome = check_site(output, site_urls=[SITEURL])
    assert outcome.ok, [f.format() for f in outcome.errors]
    assert outcome.figures["validated"] > 10


def test_every_text_file_has_precompressed_copies(production):
    output = production
    for path in list(output.rglob("*.html")) + list(output.rglob("*.css")) + [output / "sitemap.xml"]:
        data = path.read_bytes()
        if len(data) < core.MIN_SIZE:
            continue
        assert gzip.decompress((output / f"{path.relative_to(output)}.gz").read_bytes()) == data, path
        assert brotli.decompress((output / f"{path.relative_to(output)}.br").read_bytes()) == data, path


def test_deliver_mirrors_the_site_into_a_folder(production, tmp_path):
    output = production
    # Without rsync, deliver() would install it with apt-get: the machine's
    # setup (make system-packages) installs it, a test never does.
    assert shutil.which("rsync"), "rsync is missing: run make system-packages"
    target = tmp_path / "public"
    target.mkdir()
    (target / "stale.html").write_text("old")
    deliver.deliver(output, str(target))
    assert not (target / "stale.html").exists()
    assert (target / "it/notizie/uno/index.html").read_bytes() == (output / "it/notizie/uno/index.html").read_bytes()
    done = subprocess.run(["diff", "-r", str(output), str(target)], capture_output=True)
    assert done.returncode == 0, done.stdout


def test_publish_refuses_to_publish_when_the_check_fails(tmp_path):
    """invoke publish, run for real in a copy of the project whose content has a broken link."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("tasks.py", "pelicanconf.py", "publishconf.py"):
        shutil.copy(ROOT / name, project / name)
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # the HTML checker
    fixture = FixtureSite(project)
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/rotto.it.md", news("rotto", "it", "Rotto", body="[manca](/it/non-esiste/)"))
    target = tmp_path / "public"
    done = subprocess.run([str(ROOT / ".venv" / "bin" / "invoke"), "publish", "--target", str(target)], cwd=project,
                          capture_output=True, text=True, env={**os.environ, "SOURCE_DATE_EPOCH": FIXED_EPOCH})
    assert done.returncode == 1, done.stdout + done.stderr
    assert "/it/non-esiste/" in done.stdout, done.stdout
    assert "Not published: fix the errors of the check above." in done.stderr
    assert (project / "output-publish" / "it" / "notizie" / "rotto" / "index.html").exists()
    assert not target.exists()
