"""invoke check on real builds and on pages with known errors (the pure
checks are in test_quality_core.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import FixtureSite, ROOT, news, run_site_build
from quality.report import format_report
from quality.run import check_site
from seo_fixtures import add_real_content, write_area_news

sys.path.insert(0, str(ROOT / "benchmarks"))

PAGE = '<!DOCTYPE html><html lang="it"><head><title>{title}</title>{head}</head><body>{body}</body></html>'
# What vnu reports on every page built by the site, and must be ignored:
# the CSP meta tag blocks the JSON-LD block and the stylesheet of a file: URL.
CSP = ('<meta http-equiv="Content-Security-Policy" content="default-src \'self\'">'
       '<script type="application/ld+json">{"@type": "Thing"}</script><link rel="stylesheet" href="/s.css">')


def test_the_html_validator_reports_known_errors_ignores_only_csp_and_counts_what_it_checked(tmp_path):
    (tmp_path / "it" / "a").mkdir(parents=True)
    (tmp_path / "index.html").write_text(PAGE.format(title="Valida", head="", body="<p>Bene.</p>"))
    (tmp_path / "it" / "csp.html").write_text(PAGE.format(title="CSP", head=CSP, body="<p>Bene.</p>"))
    (tmp_path / "it" / "a" / "errori.html").write_text(
        PAGE.format(title="Errori", head="", body="<p>Uno</span>\n<foo>Due</foo></p>"))
    (tmp_path / "s.css").write_text("p{}")
    outcome = check_site(tmp_path)
    html = sorted((f.path, f.line, f.message) for f in outcome.findings if f.check == "html")
    assert html == [
        ("it/a/errori.html", 1, "Stray end tag “span”."),
        ("it/a/errori.html", 2, "Element “foo” not allowed as child of element “p” in this context. "
                                "(Suppressing further errors from this subtree.)"),
        ("it/a/errori.html", 2, "The “foo” element is a completely-unknown element that is not allowed anywhere "
                                "in any HTML content."),
    ]
    assert outcome.figures["validated"] == outcome.figures["pages"] == 3
    assert "3 pages checked (3 by the Nu Html Checker)" in format_report(outcome)
    assert check_site(tmp_path, validate_html=False).figures["validated"] == 0


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    fixture = FixtureSite(tmp_path_factory.mktemp("check-broken"))
    write_area_news(fixture.content, fixture.data)
    fixture.write("news/rotto.it.md", news("rotto", "it", "Link rotti", body=(
        "[manca](/it/non-esiste/) [ancora](#nessuna) ![](https://example.org/foto.png)")))
    fixture.write("news/solo.it.md", f"---\ntitle: Solo italiano\nsummary: {'lungo ' * 60}\ndate: 2027-01-15\n---\nTesto.\n")
    result = fixture.build_ok()
    return fixture


def test_check_reports_every_kind_of_error_on_a_broken_site(broken_site):
    outcome = check_site(broken_site.output, broken_site.content, broken_site.data, validate_html=False)
    errors = {(f.check, f.path) for f in outcome.errors}
    assert ("links", "it/notizie/rotto/index.html") in errors
    assert ("images", "it/notizie/rotto/index.html") in errors
    assert ("summary", "content/news/solo.it.md") in errors
    anchors = [f for f in outcome.errors if "nessuna" in f.message]
    assert anchors, outcome.errors
    assert any(f.check == "translations" and f.path == "content/news/solo.it.md" for f in outcome.findings)


def test_check_command_exits_non_zero_with_one_report(broken_site):
    done = subprocess.run([sys.executable, "-m", "quality", str(broken_site.output), "--content",
                           str(broken_site.content), "--no-html-validation"],
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 1
    assert done.stdout.startswith("Site check\n") and "/it/non-esiste/" in done.stdout
    assert done.stdout.rstrip().splitlines()[-1].startswith("FAILED:")


def test_real_site_passes_the_check(real_site):
    outcome = check_site(real_site.output, ROOT / "content", ROOT / "data")
    print(format_report(outcome))
    assert outcome.figures["validated"] > 20
    assert outcome.ok, format_report(outcome)


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory):
    from corpus import make_corpus

    base = tmp_path_factory.mktemp("check-corpus")
    content = make_corpus(base / "content", keys=50, words=120)
    add_real_content(content)
    result = run_site_build(content, base / "output")
    assert result.returncode == 0, result.stderr
    return content, result


def test_a_generated_site_of_400_pages_passes_the_check(corpus_site):
    content_root, result = corpus_site
    outcome = check_site(result.output, content_root, ROOT / "data")
    print(format_report(outcome))
    assert outcome.figures["validated"] >= 400
    assert outcome.figures["links"] > 10_000
    assert outcome.ok, format_report(outcome)
