"""Bad input: every error reported in one run with file, line, field and fix;
exit status 2; the previously published output/ untouched."""

import pytest

from conftest import news

GOOD = news("buono", "it", "Buono")


@pytest.fixture
def published(published_once, tmp_path):
    site = published_once.copy_to(tmp_path)
    site.snapshot = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    return site


def assert_refused(site, result, *expected):
    assert result.returncode == 2, result.stdout + result.stderr
    for fragment in expected:
        assert fragment in result.stderr, result.stderr
    assert "how to fix:" in result.stderr
    now = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert now == site.snapshot, "the published output/ changed"
    assert not list(site.output.parent.glob(".output.staging-*"))


BAD_INPUTS = [
    ("news/rotto.it.md", "---\ntitle: Rotto\nsummary: [aperto\ndate: 2027-01-01\n---\nT\n",
     ["content/news/rotto.it.md:4: invalid YAML"]),
    ("news/doppio.it.md", "---\ntitle: Uno\nsummary: S\ndate: 2027-01-01\ntitle: Due\n---\nT\n",
     ["content/news/doppio.it.md:5: 'title' is written twice (lines 2 and 5)", "keep one 'title:' line"]),
    ("news/senza.it.md", "---\ntitle: Senza data\nsummary: S\n---\nT\n",
     ["content/news/senza.it.md:1: field 'date': is required and missing"]),
    ("news/tedesco.de.md", GOOD, ["content/news/tedesco.de.md: unknown language 'de'", "rename it to tedesco.it.md"]),
    ("news/senza-lingua.md", GOOD, ["content/news/senza-lingua.md: the file name has no language suffix"]),
    ("news/data.it.md", news("data", "it", "Data", "2027-02-30"),
     ["content/news/data.it.md:4: field 'date': '2027-02-30' is not a real date"]),
    ("news/ora.it.md", news("ora", "it", "Ora", "2027-03-28 02:30"),
     ["content/news/ora.it.md:4: field 'date': 2027-03-28 02:30 does not exist in Italy"]),
    ("news/link.it.md", news("link", "it", "Link", body="Intro\n\n[bando]({filename}../opportunities/nulla.it.md)"),
     ["content/news/link.it.md:8: field 'link': {filename}opportunities/nulla.it.md points to no published item"]),
    ("news/foto.it.md", news("foto", "it", "Foto", extra="image: 2027/manca.jpg\nimage_alt: Un laser\n"),
     ["content/news/foto.it.md:5: field 'image': content/images/2027/manca.jpg does not exist"]),
    ("news/slug.it.md", news("slug", "it", "Doppio", extra="slug: buono\n"),
     ["field 'slug': the it URL 'buono' is also used by content/news/buono.it.md"]),
    ("pages/notizie.it.md", "---\ntitle: Notizie\nsummary: S\n---\nT\n",
     ["content/pages/notizie.it.md: field 'slug': 'notizie' is already a section of the site"]),
]


@pytest.fixture(scope="module")
def all_bad(published_once, tmp_path_factory):
    """Every bad input of BAD_INPUTS written at once and built once: a run reports every error."""
    site = published_once.copy_to(tmp_path_factory.mktemp("all-bad"))
    site.snapshot = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    for relpath, text, _ in BAD_INPUTS:
        site.write(relpath, text)
    return site, site.build()


def test_every_bad_input_is_an_error_of_its_own_file(all_bad):
    site, result = all_bad
    assert_refused(site, result, f"{len(BAD_INPUTS) + 1} errors")
    named = {line.split(":", 1)[0] for line in result.stderr.splitlines() if line.startswith("content/")}
    # The slug taken twice is an error of both files.
    assert named == {f"content/{relpath}" for relpath, _, _ in BAD_INPUTS} | {"content/news/buono.it.md"}


@pytest.mark.parametrize("relpath, text, expected", BAD_INPUTS)
def test_bad_input_is_refused_and_output_kept(all_bad, relpath, text, expected):
    site, result = all_bad
    assert_refused(site, result, *expected)


def test_every_error_is_reported_in_one_run(published):
    """The three new files are the only ones parsed (the others come from the content cache), each
    with errors: the reading worker, which always takes the last file, found some of them."""
    published.write("news/uno.it.md", "---\ntitle: Uno\nsummary: S\n---\nT\n")
    published.write("cases/due.en.md", news("due", "en", "Two", extra="municipio: 12\n"))
    published.write("news/tre.fr.md", GOOD)
    result = published.build()
    assert_refused(published, result,
                   "content/news/uno.it.md:1: field 'date'",
                   "content/cases/due.en.md:1: field 'company': is required and missing",
                   "content/cases/due.en.md:5: field 'municipio': must be 1..9, got 12",
                   "content/news/tre.fr.md: unknown language 'fr'",
                   "4 errors")


def test_a_link_to_a_draft_is_broken(published):
    published.write("news/bozza.it.md", news("bozza", "it", "Bozza", extra="status: draft\n"))
    published.write("news/rinvio.it.md", news("rinvio", "it", "Rinvio", body="[b]({filename}bozza.it.md)"))
    assert_refused(published, published.build(), "{filename}news/bozza.it.md points to no published item")


def test_fixing_the_error_publishes_again(published):
    published.write("news/senza.it.md", "---\ntitle: Senza data\nsummary: S\n---\nT\n")
    assert published.build().returncode == 2
    published.write("news/senza.it.md", news("senza", "it", "Con data"))
    result = published.build_ok()
    assert "Con data" in result.read("it/notizie/senza/index.html")


def test_a_deleted_image_is_caught_on_a_cached_rebuild(published):
    (published.content / "images").mkdir()
    photo = published.content / "images" / "laser.png"
    from PIL import Image

    Image.new("RGB", (8, 8), "blue").save(photo)
    published.write("news/foto.it.md", news("foto", "it", "Foto", extra="image: laser.png\nimage_alt: Laser\n"))
    assert published.build().returncode == 0
    published.snapshot = {p: p.read_bytes() for p in published.output.rglob("*") if p.is_file()}
    photo.unlink()
    assert_refused(published, published.build(), "content/images/laser.png does not exist")
