"""Checks of single pages: alternative text, JSON-LD, breadcrumb data."""

from __future__ import annotations

import json

from .report import WARNING, Finding


def image_findings(page, facts):
    """An image needs an alt attribute; inside editors' text it needs words too.

    The theme may mark decorative images with alt="" (their meaning is in the
    text beside them); an image an editor puts in an article never is.
    """
    findings = []
    for src, alt, line, editor_content, decorative in facts.images:
        if alt is None:
            findings.append(Finding("images", page, line, f"<img src='{src}'> has no alt attribute"))
        elif not alt.strip() and editor_content and not decorative:
            findings.append(Finding("images", page, line,
                                    f"image '{src}' in the text has an empty description: write it as ![what the image shows]({src})"))
    return findings


def jsonld_findings(page, facts):
    findings = []
    types = set()
    for text, line in facts.jsonld:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            findings.append(Finding("jsonld", page, line + exc.lineno - 1, f"JSON-LD does not parse: {exc.msg}"))
            continue
        for node in data if isinstance(data, list) else [data]:
            if not isinstance(node, dict) or "@type" not in node:
                findings.append(Finding("jsonld", page, line, "JSON-LD block without @type"))
                continue
            if "@context" not in node:
                findings.append(Finding("jsonld", page, line, f"JSON-LD {node['@type']} without @context"))
            types.add(node["@type"] if isinstance(node["@type"], str) else tuple(node["@type"]))
    return findings, types


def page_findings(page, facts, require_breadcrumb=True):
    findings = image_findings(page, facts)
    jsonld, types = jsonld_findings(page, facts)
    findings += jsonld
    if require_breadcrumb and "BreadcrumbList" not in types:
        findings.append(Finding("breadcrumb", page, None, "no BreadcrumbList JSON-LD", WARNING))
    return findings
