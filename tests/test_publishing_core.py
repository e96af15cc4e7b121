"""The pure core of production publishing: precompressed copies, CSS minification, targets."""

from __future__ import annotations

import gzip

import brotli
import pytest

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


def test_minified_page_keeps_closing_tags_quotes_where_needed_and_leaves_scripts_alone():
    page = ('<!DOCTYPE html>\n<html lang="it">\n<head>\n<title> T </title>\n<style>\na { color: #ff0000; }\n</style>\n'
            '</head>\n<body>\n<p class="a b" data-x="1">Uno &amp; <b>due</b></p>\n'
            '<script type="application/ld+json">{"a": 1}</script>\n<script>var  a = 1;</script>\n</body>\n</html>\n')
    assert core.minify_page(page) == (
        '<!doctype html><html lang=it><head><title> T </title><style>a{color:red}</style></head><body>'
        '<p class="a b" data-x=1>Uno & <b>due</b></p><script type=application/ld+json>{"a": 1}</script>'
        '<script>var  a = 1;</script></body></html>')


def test_gzip_copies_carry_no_timestamp_and_the_chosen_compression():
    data = b"Manifattura Milano " * 100
    packed = core.gzip_bytes(data)
    assert packed[4:8] == b"\0\0\0\0" and packed[8] == 0  # MTIME zero, XFL 0 = zlib's default level
    # gzip at zlib's default level: 9 took 40 % more CPU for copies 0.5 % smaller (core.GZIP_LEVEL).
    assert core.GZIP_LEVEL == 6 and packed == gzip.compress(data, compresslevel=6, mtime=0)
    # Brotli at quality 8: 11 took 156 CPU seconds for a 1,000-key site, 8 two (docs/performance.md).
    assert core.BROTLI_QUALITY == 8 and core.brotli_bytes(data) == brotli.compress(data, quality=8)
    assert core.brotli_bytes(data, quality=11) == brotli.compress(data, quality=11)


@pytest.mark.parametrize("name, size, suffixes", [
    ("a.html", 511, []), ("a.html", 512, [".br", ".gz"]), ("a.geojson", 600, [".br", ".gz"]),
    ("a.map", 600, [".br", ".gz"]), ("a.png", 600, []), ("a.html.bak", 600, []),
])
def test_side_files_by_name_and_size(name, size, suffixes):
    assert sorted(core.side_files(name, b"x" * size)) == suffixes


def test_no_side_file_when_compression_does_not_shrink_the_file():
    import random

    noise = random.Random(0).randbytes(2000)
    assert core.side_files("a.json", noise) == {}


def security_headers():
    """Called in each test, not at import: mutmut switches a mutant on per call, after the import."""
    return core.security_headers("default-src 'self'", "same-origin")


def test_every_response_carries_the_policy_the_referrer_policy_and_nosniff():
    assert security_headers() == {"Content-Security-Policy": "default-src 'self'", "Referrer-Policy": "same-origin",
                       "X-Content-Type-Options": "nosniff"}


def test_netlify_headers_give_the_policy_to_every_path_or_per_entry_when_a_folder_has_its_own():
    headers = security_headers()
    rest = "/*\n  Referrer-Policy: same-origin\n  X-Content-Type-Options: nosniff\n"
    assert core.netlify_headers(headers) == "/*\n  Content-Security-Policy: default-src 'self'\n" + rest[3:]
    assert core.netlify_headers(headers, [("index.html", False), ("it", True)], {}) == \
        core.netlify_headers(headers)
    site = "  Content-Security-Policy: default-src 'self'\n"
    assert core.netlify_headers(headers, [("index.html", False), ("admin", True), ("en", True)],
                                {"admin": "default-src 'self' https://cms.example", "beta": "B"}) == (
        rest + "/\n" + site + "/en/*\n" + site + "/index.html\n" + site
        + "/admin/*\n  Content-Security-Policy: default-src 'self' https://cms.example\n"
        + "/beta/*\n  Content-Security-Policy: B\n")


def test_nginx_headers_replace_every_header_in_a_folder_with_its_own_policy():
    headers = security_headers()
    head = ("# Security headers of the site (written by the publishing plugin):\n"
            "# include this file in the server block that serves output/.\n"
            "add_header Content-Security-Policy \"default-src 'self'\" always;\n"
            'add_header Referrer-Policy "same-origin" always;\n'
            'add_header X-Content-Type-Options "nosniff" always;\n')
    assert core.nginx_headers(headers) == head
    assert core.nginx_headers(headers, [("en", True)], {"zz": "Z", "admin": "A"}) == head + "".join(
        f"location ^~ /{folder}/ {{\n"
        '    add_header Referrer-Policy "same-origin" always;\n'
        '    add_header X-Content-Type-Options "nosniff" always;\n'
        f'    add_header Content-Security-Policy "{policy}" always;\n'
        "}\n" for folder, policy in (("admin", "A"), ("zz", "Z")))


def test_css_that_minifies_to_nothing_is_an_empty_string():
    assert core.minify_css("") == "" and core.minify_css("/* only a comment */") == ""


def test_the_brotli_quality_asked_for_is_the_one_used():
    data = ("<p>Manifattura Milano, la nuova manifattura</p>\n" * 200).encode()
    assert core.side_files("a.html", data, brotli_quality=1)[".br"] == brotli.compress(data, quality=1)
    assert core.side_files("a.html", data)[".br"] == brotli.compress(data, quality=core.BROTLI_QUALITY)


def test_a_minified_page_writes_every_character_reference_in_full():
    # "&LT" without its semicolon is shorter, and a validation error.
    minified = core.minify_page("<p>&lt;b&gt; 1 &lt; 2 &amp; 3</p>")
    assert "&lt;b" in minified and "1 &lt; 2" in minified and "&LT" not in minified
