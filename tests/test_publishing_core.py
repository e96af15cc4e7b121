"""The pure core of production publishing: precompressed copies, CSS minification, targets."""

from __future__ import annotations

import gzip

import brotli

from publishing import core, deliver


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
