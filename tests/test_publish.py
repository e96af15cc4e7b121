"""Production build: absolute URLs, minified HTML and CSS, .gz/.br copies, delivery with rsync."""

from __future__ import annotations

import gzip
import shutil
import subprocess

import brotli
import pytest

from conftest import FixtureSite, news
from publishing import core, deliver
from quality.run import check_site
from seo.core import head_facts
from seo_fixtures import write_area_news

SITEURL = "https://www.manifatturamilano.it"


def test_side_files_decompress_to_the_original_and_are_reproducible():
    data = ("<p>Manifattura Milano</p>\n" * 100).encode()
    copies = core.side_files("index.html", data)
    assert gzip.decompress(copies[".gz"]) == data and brotli.decompress(copies[".br"]) == data
    assert core.side_files("index.html", data) == copies
    assert core.side_files("photo.jpg", data) == {} and core.side_files("tiny.css", b"a{}") == {}


def test_css_minification_keeps_the_rules():
    assert core.minify_css("a {\n  color: #ff0000;\n}\n/* c */\nb { margin: 0px }\n") == "a{color:red}b{margin:0}"


def test_remote_targets_are_told_from_folders():
    assert deliver.is_remote("deploy@web1:/var/www/site") and deliver.is_remote("rsync://mirror/site")
    assert not deliver.is_remote("/srv/site") and not deliver.is_remote("public")


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    base = tmp_path_factory.mktemp("publish")
    fixture = FixtureSite(base)
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/uno.it.md", news("uno", "it", "Uno", body="Testo lungo. " * 80))
    fixture.write("news/uno.en.md", news("uno", "en", "One", body="Long text. " * 80))
    development = fixture.build_ok()
    shutil.move(str(fixture.output), str(base / "dev"))
    production = fixture.build_ok(settings="publishconf.py")
    return base / "dev", production.output


def test_production_urls_are_absolute(builds):
    _, output = builds
    facts = head_facts((output / "it/notizie/uno/index.html").read_text())
    assert facts["canonical"] == f"{SITEURL}/it/notizie/uno/"
    assert ("en", f"{SITEURL}/en/news/uno/") in facts["alternates"]
    assert f"<loc>{SITEURL}/it/notizie/uno/</loc>" in (output / "sitemap.xml").read_text()


def test_html_is_minified_and_still_valid(builds):
    _, output = builds
    html = (output / "it/notizie/uno/index.html").read_text()
    assert "\n" not in html.strip() and core.minify_page(html) == html
    outcome = check_site(output, site_urls=[SITEURL])
    assert outcome.ok, [f.format() for f in outcome.errors]
    assert outcome.figures["validated"] > 10


def test_every_text_file_has_precompressed_copies(builds):
    _, output = builds
    for path in list(output.rglob("*.html")) + list(output.rglob("*.css")) + [output / "sitemap.xml"]:
        data = path.read_bytes()
        if len(data) < core.MIN_SIZE:
            continue
        assert gzip.decompress((output / f"{path.relative_to(output)}.gz").read_bytes()) == data, path
        assert brotli.decompress((output / f"{path.relative_to(output)}.br").read_bytes()) == data, path


def test_deliver_mirrors_the_site_into_a_folder(builds, tmp_path):
    _, output = builds
    target = tmp_path / "public"
    target.mkdir()
    (target / "stale.html").write_text("old")
    deliver.deliver(output, str(target))
    assert not (target / "stale.html").exists()
    assert (target / "it/notizie/uno/index.html").read_bytes() == (output / "it/notizie/uno/index.html").read_bytes()
    done = subprocess.run(["diff", "-r", str(output), str(target)], capture_output=True)
    assert done.returncode == 0, done.stdout
