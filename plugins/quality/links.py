"""Internal links and anchors over a whole site: {path: PageFacts} in, findings out."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from .report import Finding

EXTERNAL_SCHEMES = ("mailto:", "tel:", "data:", "javascript:", "webcal:", "sms:", "geo:")


def resolve(page: str, url: str, site_urls=()):
    """(site-relative path, fragment) of an internal URL, or None for external ones.

    ``page`` is the output-relative path of the page holding the link;
    ``site_urls`` the absolute bases that count as this site.
    """
    if url.startswith(EXTERNAL_SCHEMES):
        return None
    for base in site_urls:
        base = base.rstrip("/")
        if base and (url == base or url.startswith(base + "/") or url.startswith(base + "#")):
            # "https://site#top" is the home page's anchor, not one of the linking page.
            url = "/" + url[len(base):].lstrip("/")
            break
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, parts.fragment
    if path.startswith("/"):
        joined = path.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(page), path)
    trailing = path.endswith("/")
    target = posixpath.normpath(joined) if joined else ""
    if target in (".", ""):
        target = ""
    if target.startswith(".."):
        return "..", parts.fragment
    if trailing or target == "":
        target = posixpath.join(target, "index.html") if target else "index.html"
    return target, parts.fragment


def broken_links(pages: dict, files: set, site_urls=()):
    """Findings for links to missing files, and to missing ids in existing pages.

    ``pages``: {path: PageFacts}; ``files``: every output-relative file path.
    Returns (findings, number of internal links checked).
    """
    findings = []
    checked = 0
    for page, facts in pages.items():
        for url, line in facts.links:
            resolved = resolve(page, url, site_urls)
            if resolved is None:
                continue
            checked += 1
            target, fragment = resolved
            if target not in files and posixpath.join(target, "index.html") in files:
                target = posixpath.join(target, "index.html")
            if target not in files:
                findings.append(Finding("links", page, line, f"'{url}' points to no file of the site"))
                continue
            if fragment and target in pages and fragment not in pages[target].ids:
                findings.append(Finding("links", page, line, f"'{url}': no element with id '{fragment}' on {target}"))
    return findings, checked
