"""Production bytes as plain functions: minified HTML and CSS, precompressed copies."""

from __future__ import annotations

import functools
import gzip

import brotli
import minify_html

# Types a static host may serve precompressed (nginx gzip_static/brotli_static,
# Caddy precompressed, Netlify/Cloudflare do it themselves from the originals).
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".ics", ".geojson", ".csv",
                ".webmanifest", ".atom", ".rss", ".map")
# Below this size a compressed copy saves less than a network packet.
MIN_SIZE = 512
MINIFIED = (".html", ".css")
# zlib's default level: on the site's text at 1,000 keys (60 MB) level 9 took
# 40 % more CPU (2.0 s against 1.4 s) for copies 0.5 % smaller (11.42 against
# 11.48 MB); on the feeds and JSON files alone, twice to eight times as much.
GZIP_LEVEL = 6
# Brotli quality 8: on the site's pages at 1,000 keys (82 MB of text) it costs
# 2 s of CPU where 11 costs 156 s, for copies 11 % larger (11.9 MB against
# 10.7 MB; gzip -9 gives 13.1 MB). Qualities 9-11 switch to far slower matchers.
BROTLI_QUALITY = 8


def minify_page(html: str) -> str:
    """Minified HTML that stays valid HTML: closing tags and <html>/<head> kept,
    attribute values quoted where the HTML standard requires it, inline CSS
    minified, JSON-LD and comments-free markup left otherwise as written."""
    return minify_html.minify(
        html,
        keep_closing_tags=True,
        keep_html_and_head_opening_tags=True,
        minify_css=True,
        minify_js=False,
        minify_doctype=False,
        allow_noncompliant_unquoted_attribute_values=False,
        allow_removing_spaces_between_attributes=False,
        allow_optimal_entities=False,
    )


def minify_css(css: str) -> str:
    """CSS minified by the same engine (lightningcss inside minify-html)."""
    wrapped = minify_html.minify(f"<style>{css}</style>", minify_css=True, keep_closing_tags=True)
    if not (wrapped.startswith("<style>") and wrapped.endswith("</style>")):
        return css
    return wrapped[len("<style>"): -len("</style>")]


def gzip_bytes(data: bytes) -> bytes:
    """Gzip without a timestamp or file name, so two builds give the same bytes."""
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes, quality: int = BROTLI_QUALITY) -> bytes:
    return brotli.compress(data, quality=quality)


def needs_work(name: str, minify: bool = True, precompress: bool = True) -> bool:
    """Whether publishing changes or adds anything for a file of this name (images, PDFs: nothing)."""
    return (minify and name.endswith(MINIFIED)) or (precompress and name.endswith(COMPRESSIBLE))


def finished(name: str, data: bytes, minify: bool = True, precompress: bool = True,
             brotli_quality: int = BROTLI_QUALITY) -> dict[str, bytes]:
    """{suffix: bytes} to write for one file of the output: "" the file itself when
    minifying changed its bytes (else it is left as it is), ".gz" and ".br" its
    precompressed copies (of the minified bytes)."""
    files = {}
    if minify and name.endswith(MINIFIED):
        # Read as text files are: universal newlines.
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
        minified = (minify_page(text) if name.endswith(".html") else minify_css(text)).encode("utf-8")
        if minified != data:
            files[""] = data = minified
    if precompress:
        files.update(side_files(name, data, brotli_quality))
    return files


def side_files(name: str, data: bytes, brotli_quality: int = BROTLI_QUALITY):
    """{suffix: bytes} of the precompressed copies worth writing for one file."""
    if not name.endswith(COMPRESSIBLE) or len(data) < MIN_SIZE:
        return {}
    copies = {}
    for suffix, compress in ((".gz", gzip_bytes), (".br", functools.partial(brotli_bytes, quality=brotli_quality))):
        packed = compress(data)
        if len(packed) < len(data):
            copies[suffix] = packed
    return copies


def security_headers(csp: str, referrer_policy: str) -> dict:
    """The HTTP headers every response of the site carries. Served as headers
    they also cover files no template writes (documents, feeds, JSON), which
    a <meta> policy cannot reach."""
    return {
        "Content-Security-Policy": csp,
        "Referrer-Policy": referrer_policy,
        "X-Content-Type-Options": "nosniff",
    }


def _split(headers: dict):
    """(the Content-Security-Policy, every other header)."""
    rest = {name: value for name, value in headers.items() if name != "Content-Security-Policy"}
    return headers["Content-Security-Policy"], rest


def netlify_headers(headers: dict, entries=(), folder_csp=None) -> str:
    """``_headers`` for Netlify-style hosts (Netlify, Cloudflare Pages).

    ``folder_csp``: {top-level folder: its own policy} (e.g. the CMS at
    /admin/). Such hosts add every matching rule's headers together, and two
    policies are both enforced, so then the site's policy is given per
    top-level ``entries`` of the output (names of its files and folders)
    instead of to ``/*``."""
    if not folder_csp:
        return "/*\n" + "".join(f"  {name}: {value}\n" for name, value in headers.items())
    csp, rest = _split(headers)
    blocks = ["/*\n" + "".join(f"  {name}: {value}\n" for name, value in rest.items())]
    public = ["/"] + [f"/{name}/*" if folder else f"/{name}" for name, folder in sorted(entries)
                      if name not in folder_csp]
    blocks += [f"{path}\n  Content-Security-Policy: {csp}\n" for path in public]
    blocks += [f"/{folder}/*\n  Content-Security-Policy: {policy}\n" for folder, policy in sorted(folder_csp.items())]
    return "".join(blocks)


def nginx_headers(headers: dict, entries=(), folder_csp=None) -> str:
    """An nginx snippet to ``include`` in the site's ``server`` block; a folder
    with its own policy gets a ``location`` whose headers replace the server's."""
    lines = ["# Security headers of the site (written by the publishing plugin):",
             "# include this file in the server block that serves output/."]
    lines += [f'add_header {name} "{value}" always;' for name, value in headers.items()]
    _, rest = _split(headers)
    for folder, policy in sorted((folder_csp or {}).items()):
        lines.append(f"location ^~ /{folder}/ {{")
        lines += [f'    add_header {name} "{value}" always;' for name, value in {**rest, "Content-Security-Policy": policy}.items()]
        lines.append("}")
    return "\n".join(lines) + "\n"
