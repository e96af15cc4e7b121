"""Editors' workflow: invoke new scaffolds both languages; a failed preview build is one readable block."""

from __future__ import annotations

import subprocess
import sys

from conftest import FixtureSite, ROOT
from content_model.scaffold import scaffold_item
from pelican.settings import read_settings
from site_model import model_of, strings_of
from seo_fixtures import write_area_news

sys.path.insert(0, str(ROOT))
import tasks  # noqa: E402

SETTINGS = read_settings(str(ROOT / "pelicanconf.py"))
SITE = (model_of(SETTINGS), strings_of(SETTINGS))


def test_new_scaffolds_both_languages_as_drafts_that_build(tmp_path):
    site = FixtureSite(tmp_path)
    write_area_news(site.content, site.data)
    created = scaffold_item(site.content, "cases", "Officina Ortica: la stampa 3D", *SITE, today="2027-01-12")
    assert [p.name for p in created] == ["officina-ortica-la-stampa-3d.it.md", "officina-ortica-la-stampa-3d.en.md"]
    assert "status: draft" in created[0].read_text() and "company:" in created[1].read_text()

    drafts = site.build_ok()
    assert not list(site.output.rglob("officina-ortica-la-stampa-3d"))

    for path in created:
        text = path.read_text().replace("status: draft\n", "").replace("company: \n", "company: Officina Ortica\n")
        path.write_text(text.replace("sector: \n", "").replace("municipio: \n", "").replace("website: \n", ""))
    published = site.build_ok()
    assert published.exists("it/casi/officina-ortica-la-stampa-3d/index.html")
    assert published.exists("en/case-studies/officina-ortica-la-stampa-3d/index.html")


def test_invoke_new_refuses_an_existing_item(tmp_path):
    scaffold_item(tmp_path, "news", "Bando spazi", *SITE, today="2027-01-12")
    try:
        scaffold_item(tmp_path, "news", "Bando spazi", *SITE, today="2027-01-12")
    except SystemExit as exc:
        assert "already exists" in str(exc)
    else:
        raise AssertionError("a second scaffold overwrote the first")


def test_a_failed_preview_build_is_one_block_naming_file_line_and_fix(tmp_path):
    site = FixtureSite(tmp_path)
    site.write("news/rotto.it.md", "---\ntitle: Rotto\nsummary: Manca la data di pubblicazione.\n---\nTesto.\n")
    result = site.build()
    assert result.returncode == 2
    block = tasks.error_block(result.stderr)
    lines = block.splitlines()
    assert lines[0] == lines[2] == lines[-1] == "=" * 72
    assert "THE SITE WAS NOT REBUILT" in lines[1]
    assert "content/news/rotto.it.md" in block and "date" in block and "how to fix" in block


def test_invoke_lists_the_editors_tasks():
    done = subprocess.run([str(ROOT / ".venv/bin/invoke"), "--list"], cwd=ROOT, capture_output=True, text=True)
    for name in ("build", "serve", "new", "check", "publish"):
        assert f"  {name} " in done.stdout
