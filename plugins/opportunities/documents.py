"""The documents of a call: where their files live, their type and size.

Files go in ``content/documents/`` (published as ``documents/``); a document
whose file is missing is an error, because a call without its notice is
useless to the reader.
"""

from __future__ import annotations

import posixpath

from common.errors import SiteError

FOLDER = "documents"


def document_facts(documents, size_of, source_display, line_of=lambda file: None):
    """Returns ([{title, file, url, type, size}], [SiteError]).

    ``size_of(relpath)`` gives the size in bytes of ``content/documents/<relpath>``
    or None when the file does not exist; ``line_of(file)`` the line of the
    front matter that names it.
    """
    facts, errors = [], []
    for document in documents or ():
        file = document["file"].strip()
        normal = posixpath.normpath(file) if file else ""
        if not file or file.startswith("/") or normal.startswith("..") or normal.startswith(FOLDER + "/"):
            errors.append(SiteError(source_display, line_of(file), "documents",
                                    f"'{file}' is not a path inside content/{FOLDER}/",
                                    f"write the path relative to content/{FOLDER}/, e.g. 'file: bando-2027.pdf'"))
            continue
        size = size_of(normal)
        if size is None:
            errors.append(SiteError(source_display, line_of(file), "documents",
                                    f"content/{FOLDER}/{normal} does not exist",
                                    f"add the file to content/{FOLDER}/ or correct its name"))
            continue
        extension = posixpath.splitext(normal)[1].lstrip(".").upper() or "FILE"
        facts.append({"title": document["title"].strip(), "file": normal, "url": f"{FOLDER}/{normal}",
                      "type": extension, "size": size})
    return facts, errors
