"""Issue 13, one inventory of inputs: every file under content/ and data/ is
read by a validating reader, published as a checked asset, or refused with
an error naming it; documents are published only when a published item
links them; {static} links stay inside content/."""

from __future__ import annotations

import pytest

from conftest import FixtureSite, news, run_site_build
from test_inputs_reading import assert_refused, snapshot

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.4\n%fixture\n"


def call(title, extra="", body="Testo."):
    return (f"---\ntitle: {title}\nsummary: Sommario.\ndate: 2026-12-01\ndeadline: 2027-03-31\n"
            f"apply_url: https://www.comune.milano.it/domanda\n{extra}---\n{body}\n")


@pytest.fixture
def published(published_once, tmp_path):
    site = published_once.copy_to(tmp_path / "site")
    site.snapshot = snapshot(site)
    return site


def test_hostile_inputs_are_each_refused_by_name(published, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (outside / "photo.jpg").write_bytes(JPEG)
    docs = published.content / "documents"
    docs.mkdir()
    (docs / "passwd.pdf").symlink_to("/etc/passwd")
    (docs / "linked").symlink_to(outside)
    (docs / "login.html").write_text("<script>document.cookie</script>")
    (docs / "evil.js").write_text("alert(1)")
    (docs / "finto.pdf").write_text("<html><script>alert(1)</script></html>")
    images = published.content / "images"
    images.mkdir()
    (images / "fuori.jpg").symlink_to(outside / "photo.jpg")
    (images / "pagina.jpg").write_text("<svg onload=alert(1)>")
    published.write("blog/post.it.md", news("post", "it", "Post"))
    published.write("news/maiuscolo.it.MD", news("maiuscolo", "it", "Maiuscolo"))
    published.write("news/lungo.it.markdown", news("lungo", "it", "Lungo"))
    published.write_data("event.yaml", "- id: x\n")
    published.write("news/rinvii.it.md", news("rinvii", "it", "Rinvii", body=(
        "[a]({static}/../../../etc/passwd) [b]({static}/../pwn/x)\n"
        "[c]({static}/pages/privacy.it.md)\n<script src=\"/documents/evil.js\"></script>")))
    result = published.build()
    assert_refused(
        published, result,
        "content/documents/passwd.pdf: is a symbolic link (or inside a linked folder) that leads out of content/",
        "content/documents/linked: is a symbolic link",
        "content/images/fuori.jpg: is a symbolic link",
        "content/documents/login.html: '.html' is not a document type the site publishes",
        "content/documents/evil.js: '.js' is not a document type",
        "content/documents/finto.pdf: is named as PDF but its content is not a file of a type the site publishes",
        "content/images/pagina.jpg: is named as JPEG but its content is not",
        "content/blog/post.it.md: content/blog/ is not a folder of the site",
        "content/news/maiuscolo.it.MD: '.MD' files are not read", "rename it to maiuscolo.it.md",
        "content/news/lungo.it.markdown: '.markdown' files are not read", "rename it to lungo.it.md",
        "data/event.yaml: is not a file the site reads", "did you mean data/events.yaml?",
        "content/news/rinvii.it.md:6: field 'link': {static}../../../etc/passwd points outside content/",
        "content/news/rinvii.it.md:6: field 'link': {static}../pwn/x points outside content/",
        "content/news/rinvii.it.md:7: field 'link': {static}pages/privacy.it.md is not a document or an image",
    )


def test_a_static_link_out_of_content_writes_nothing_outside_the_output(tmp_path):
    site = FixtureSite(tmp_path / "site")
    (tmp_path / "site" / "pwn").mkdir()
    (tmp_path / "site" / "pwn" / "x").write_text("x")
    site.write("news/fuga.it.md", news("fuga", "it", "Fuga", body="[x]({static}/../pwn/x)"))
    output = tmp_path / "elsewhere" / "site"
    result = run_site_build(site.content, output, data=site.data)
    assert result.returncode == 2, result.stderr
    assert "{static}../pwn/x points outside content/" in result.stderr
    assert not (tmp_path / "elsewhere" / "pwn").exists()
    assert not output.exists()


def test_events_without_labs_name_the_missing_file(published):
    published.write_data("events.yaml", "# yaml-language-server: $schema=./schemas/events.schema.json\n"
                         "- id: serata\n  title: {it: Serata}\n  start: 2027-03-01 18:00\n  venue: Sala\n"
                         "  url: https://example.org/serata\n  lab: officina\n")
    assert_refused(published, published.build(), "data/labs.yaml: is missing, and data/events.yaml refers to",
                   "git checkout data/labs.yaml")


def test_documents_are_published_only_when_a_published_item_links_them(tmp_path):
    site = FixtureSite(tmp_path)
    docs = site.content / "documents"
    docs.mkdir()
    for name in ("avviso.pdf", "bozza.pdf", "orfano.pdf", "allegato.pdf"):
        (docs / name).write_bytes(PDF)
    site.write("opportunities/aperto.it.md", call("Aperto", "documents:\n  - title: Avviso\n    file: avviso.pdf\n",
                                                  body="[allegato]({static}/documents/allegato.pdf)"))
    site.write("opportunities/bozza.it.md", call("Bozza", "status: draft\ndocuments:\n  - title: B\n    file: bozza.pdf\n"))
    result = site.build_ok()
    assert result.exists("documents/avviso.pdf") and result.exists("documents/allegato.pdf")
    assert not result.exists("documents/bozza.pdf"), "the draft call's document was published"
    assert not result.exists("documents/orfano.pdf")
    assert "content/documents/orfano.pdf: no published item links this document" in result.stderr
    assert "content/documents/bozza.pdf: no published item links this document" in result.stderr


def test_office_documents_are_recognised_by_content(tmp_path):
    import io
    import zipfile

    def office(members):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    site = FixtureSite(tmp_path)
    docs = site.content / "documents"
    docs.mkdir()
    (docs / "testo.odt").write_bytes(office({"mimetype": "application/vnd.oasis.opendocument.text"}))
    (docs / "testo.docx").write_bytes(office({"word/document.xml": "<w/>"}))
    (docs / "dati.xlsx").write_bytes(office({"xl/workbook.xml": "<x/>"}))
    (docs / "dati.csv").write_text("a;b\n1;2\n")
    links = " ".join(f"[{n}]({{static}}/documents/{n})" for n in ("testo.odt", "testo.docx", "dati.xlsx", "dati.csv"))
    site.write("news/allegati.it.md", news("allegati", "it", "Allegati", body=links))
    result = site.build_ok()
    for name in ("testo.odt", "testo.docx", "dati.xlsx", "dati.csv"):
        assert result.exists(f"documents/{name}")
    (docs / "testo.docx").write_bytes(office({"xl/workbook.xml": "<x/>"}))
    refused = site.build()
    assert refused.returncode == 2
    assert "content/documents/testo.docx: is named as DOCX but its content is a XLSX file" in refused.stderr
