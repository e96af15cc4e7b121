"""The documents of one language's search index, as plain dicts.

A document has ``title``, ``url`` (site-relative), ``section`` (its label in
the index's language), ``date`` (as written on the page, or ""),
``datetime`` (ISO 8601, or ""), ``summary``, ``tags`` (labels) and ``body``
(plain text). Registry entries become documents too, so "laser Municipio 9"
finds a lab by its service labels and municipio.
"""

from __future__ import annotations

from html.parser import HTMLParser

SKIPPED_ELEMENTS = {"script", "style", "template"}


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipping += 1
        # A tag boundary separates words ("<li>laser</li><li>legno</li>").
        self.parts.append(" ")
        alt = dict(attrs).get("alt") if tag == "img" else None
        if alt:
            self.parts.append(f" {alt} ")

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipping:
            self.skipping -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def plain_text(html):
    """The readable text of an HTML fragment (image alt texts included)."""
    collector = _TextCollector()
    collector.feed(html or "")
    collector.close()
    return " ".join("".join(collector.parts).split())


def content_document(*, title, url, section_label, summary, tags=(), body_html="", date="", datetime="",
                     text_of=plain_text):
    """``text_of``: plain_text, or a function that gives the same text (e.g. kept from the last build);
    None keeps the body's HTML as ``body_html``, for ``with_body_text`` to read later."""
    document = {
        "title": title,
        "url": url,
        "section": section_label,
        "date": date,
        "datetime": datetime,
        "summary": summary or "",
        "tags": list(tags),
    }
    if text_of is None:
        document["body_html"] = body_html or ""
    else:
        document["body"] = text_of(body_html)
    return document


def with_body_text(document, text_of=plain_text):
    """``document`` with its ``body_html`` read as ``body`` text by ``text_of``; one without as it is."""
    if "body_html" not in document:
        return document
    document = dict(document)
    document["body"] = text_of(document.pop("body_html"))
    return document


def _text(value, lang):
    """Reader text of a registry field: a ``{it, en}`` map or a plain string.

    A map without ``lang`` gives "" so that one language's words never enter
    the other language's index.
    """
    if isinstance(value, dict):
        return str(value.get(lang) or "")
    return "" if value is None else str(value)


def _entry_url(entry, lang, listing_url):
    url = entry.get("url")
    if isinstance(url, dict) and url.get(lang):
        return url[lang]
    if isinstance(url, str) and url:
        return url
    return f"{listing_url}#{entry.get('id', '')}" if entry.get("id") else listing_url


def lab_document(entry, lang, strings, listing_url, section_label):
    """A lab (FabLab, makerspace, hub...): found by name, kind, services and municipio."""
    codes = strings.get("codes", {})
    service_labels = [codes.get("lab_services", {}).get(code, code) for code in entry.get("services") or ()]
    kind = entry.get("kind")
    kind_label = codes.get("lab_kind", {}).get(kind, kind) if kind else ""
    municipio = entry.get("municipio")
    # "District 9" on English pages, as the lab pages say; "Municipio 9" stays
    # a tag in both languages, the name Milanese readers search for.
    municipio_label = (strings.get("registries", {}).get("municipio_n", "Municipio {n}").format(n=municipio)
                       if municipio else "")
    local_name = f"Municipio {municipio}" if municipio else ""
    description = _text(entry.get("description"), lang)
    summary_parts = [part for part in (kind_label, municipio_label, entry.get("address") or "") if part]
    return {
        "title": _text(entry.get("name"), lang),
        "url": _entry_url(entry, lang, listing_url),
        "section": section_label,
        "date": "",
        "datetime": "",
        "summary": " · ".join(summary_parts) + (f". {description}" if description else ""),
        "tags": service_labels + list(dict.fromkeys(label for label in (kind_label, municipio_label, local_name)
                                                    if label)),
        "body": " ".join(filter(None, [entry.get("address") or "", description])),
    }


def named_entry_document(entry, lang, listing_url, section_label, date="", datetime=""):
    """A partner, event or any registry entry with a name or title and a description."""
    title = _text(entry.get("title") or entry.get("name"), lang)
    description = _text(entry.get("description"), lang)
    venue = _text(entry.get("venue"), lang)
    return {
        "title": title,
        "url": _entry_url(entry, lang, listing_url),
        "section": section_label,
        "date": date,
        "datetime": datetime,
        "summary": description or venue,
        "tags": [],
        "body": " ".join(filter(None, [venue, description])),
    }
