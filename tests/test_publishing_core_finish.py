"""What publishing writes for one file: minified only when that changes its
bytes, precompressed copies of the minified bytes, nothing for images."""

from __future__ import annotations

import gzip

import brotli

from publishing import core

PAGE = ("<!DOCTYPE html>\n<html lang=\"it\">\n<head>\n  <title>Uno</title>\n</head>\n<body>\n"
        + "  <p class=\"lead\">Manifattura Milano, testo di prova.</p>\n" * 40 + "</body>\n</html>\n").encode()


def test_a_page_is_replaced_by_its_minified_bytes_and_its_copies_hold_them():
    files = core.finished("index.html", PAGE)
    assert set(files) == {"", ".gz", ".br"}
    assert files[""] == core.minify_page(PAGE.decode()).encode() and len(files[""]) < len(PAGE)
    assert gzip.decompress(files[".gz"]) == files[""] and brotli.decompress(files[".br"]) == files[""]


def test_a_page_minify_leaves_as_it_is_is_not_written_again():
    minified = core.minify_page(PAGE.decode()).encode()
    files = core.finished("index.html", minified)
    assert set(files) == {".gz", ".br"}
    assert gzip.decompress(files[".gz"]) == minified


def test_pages_are_read_with_universal_newlines_as_text_files_are():
    files = core.finished("index.html", b"<pre>a\r\nb\rc</pre>", precompress=False)
    assert files == {"": b"<pre>a\nb\nc</pre>"}


def test_each_step_can_be_turned_off():
    assert set(core.finished("index.html", PAGE, minify=False)) == {".gz", ".br"}
    assert gzip.decompress(core.finished("index.html", PAGE, minify=False)[".gz"]) == PAGE
    assert set(core.finished("index.html", PAGE, precompress=False)) == {""}
    assert core.finished("style.css", b"a {\n  color: #ff0000;\n}\n", precompress=False) == {"": b"a{color:red}"}


def test_other_text_is_precompressed_as_it_is_and_images_are_not_opened():
    feed = b"<?xml version='1.0'?><feed>" + b"<entry><title>Uno</title></entry>" * 40 + b"</feed>"
    files = core.finished("feed.xml", feed)
    assert set(files) == {".gz", ".br"} and brotli.decompress(files[".br"]) == feed
    assert core.needs_work("feed.xml") and core.needs_work("index.html") and core.needs_work("site.css")
    assert not core.needs_work("card.png") and not core.needs_work("bando.pdf")
    assert not core.needs_work("feed.xml", precompress=False) and core.needs_work("index.html", precompress=False)
    assert not core.needs_work("index.html", minify=False, precompress=False)


def test_the_brotli_quality_asked_for_is_the_one_used():
    # PUBLISH_BROTLI_QUALITY chooses it (default 8).
    for quality in (1, 11):
        files = core.finished("feed.xml", PAGE, brotli_quality=quality)
        assert files[".br"] == brotli.compress(PAGE, quality=quality)
    assert core.finished("feed.xml", PAGE)[".br"] == brotli.compress(PAGE, quality=8)
    assert brotli.compress(PAGE, quality=1) != brotli.compress(PAGE, quality=8) != brotli.compress(PAGE, quality=11)
