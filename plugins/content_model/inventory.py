"""One inventory of the inputs: every file under content/ and data/ is read
by a validating reader, published as a checked static asset, or refused
with an error naming it (docs/inputs.md). Plain data in and out.

Static assets (content/documents/, content/images/) must be regular files
inside the input folders (no symbolic link leading elsewhere), of an allowed
type recognised by their first bytes, not only by their name: a page or a
script renamed to .pdf, or left in documents/, would otherwise be served
from the site's own origin.
"""

from __future__ import annotations

import difflib
import io
import posixpath
import zipfile
from dataclasses import dataclass

from common.errors import SiteError

DOCUMENTS = "documents"
IMAGES = "images"
MAX_DOCUMENT_BYTES = 30 * 1024 * 1024

# extension -> type name shown to editors
DOCUMENT_TYPES = {".pdf": "PDF", ".odt": "ODT", ".docx": "DOCX", ".xlsx": "XLSX", ".csv": "CSV"}
IMAGE_TYPES = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WebP", ".gif": "GIF"}
# What a ZIP-based office file must contain to be what its name says.
_ZIP_MEMBERS = {"DOCX": "word/document.xml", "XLSX": "xl/workbook.xml"}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class InputFile:
    """A file found under content/ (``root`` "content") or data/ ("data")."""

    root: str
    relpath: str          # relative to its root, with '/'
    regular: bool         # a regular file (not a FIFO, device or dangling link)
    outside: bool         # a symbolic link (itself or a folder above it) leading out of content/ and data/

    @property
    def display(self) -> str:
        return f"{self.root}/{self.relpath}"


def sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The type of a file from its first bytes (``whole`` for ZIP-based files and CSV)."""
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"PK\x03\x04") and whole is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(whole)) as archive:
                names = set(archive.namelist())
                if "mimetype" in names and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                    return "ODT"
                for kind, member in _ZIP_MEMBERS.items():
                    if member in names:
                        return kind
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        return None
    if whole is not None and _is_csv(whole):
        return "CSV"
    return None


def _is_csv(data: bytes) -> bool:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    start = text.lstrip()[:1]
    # Markup or a script is never a table of values.
    return "\x00" not in text and start not in ("<", "{", "[") and "<script" not in text.lower()


def classify(files, sections, known_data, languages):
    """(assets {relpath: type}, errors) for the files found.

    ``sections``: content folders read as items; ``known_data``: names of the
    files data/ may hold (``codes.yaml``, ``labs.yaml``,
    ``schemas/labs.schema.json``...). Markdown files in a section folder are
    left to the reader, which validates them.
    """
    assets, errors = {}, []
    for file in files:
        if file.outside:
            errors.append(SiteError(file.display, None, None,
                                    "is a symbolic link (or inside a linked folder) that leads out of content/ and data/",
                                    "copy the file itself into the folder instead of linking it"))
            continue
        if not file.regular:
            if file.root == "content" and file.relpath.partition("/")[0] in sections and file.relpath.endswith(".md"):
                continue  # the reader, which opens it first, reports it
            errors.append(SiteError(file.display, None, None, "is not a regular file (a broken link, a pipe or a device)",
                                    "replace it with the file itself, or delete it"))
            continue
        if file.root == "data":
            errors += _data_errors(file, known_data)
            continue
        top, _, rest = file.relpath.partition("/")
        suffix = posixpath.splitext(file.relpath)[1]
        if rest and top in sections:
            if suffix != ".md":
                errors.append(_not_markdown(file, top, suffix, languages))
        elif rest and top == DOCUMENTS:
            if suffix.lower() not in DOCUMENT_TYPES:
                errors.append(SiteError(file.display, None, None, f"'{suffix or 'no extension'}' is not a document type "
                                        "the site publishes", "publish documents as PDF (or ODT, DOCX, XLSX, CSV); "
                                        "pages and scripts cannot be published as documents"))
            else:
                assets[file.relpath] = DOCUMENT_TYPES[suffix.lower()]
        elif rest and top == IMAGES:
            if suffix.lower() not in IMAGE_TYPES:
                errors.append(SiteError(file.display, None, None, f"'{suffix or 'no extension'}' is not an image type "
                                        "the site publishes", "save the picture as JPEG, PNG, WebP or GIF"))
            else:
                assets[file.relpath] = IMAGE_TYPES[suffix.lower()]
        else:
            folders = ", ".join(f"content/{name}/" for name in (*sections, DOCUMENTS, IMAGES))
            guess = difflib.get_close_matches(top, [*sections, DOCUMENTS, IMAGES], n=1) if rest else []
            hint = f"did you mean content/{guess[0]}/? " if guess else ""
            errors.append(SiteError(file.display, None, None,
                                    f"content/{top}/ is not a folder of the site" if rest else
                                    "files directly in content/ are not read",
                                    f"{hint}move it into one of {folders}"))
    return assets, errors


def _not_markdown(file, section, suffix, languages):
    stem = posixpath.basename(file.relpath)[: -len(suffix) or None]
    if suffix.lower() in (".md", ".markdown", ".mkd", ".mdown", ".txt"):
        langs = " or ".join(f"{stem.rpartition('.')[0] or stem}.{lang}.md" for lang in languages) \
            if stem.rpartition(".")[2] not in languages else f"{stem}.md"
        return SiteError(file.display, None, None, f"'{suffix}' files are not read: items end in '.md' (lowercase)",
                         f"rename it to {langs}")
    return SiteError(file.display, None, None, f"only items ('.md' files) go in content/{section}/",
                     f"put pictures in content/{IMAGES}/ and documents in content/{DOCUMENTS}/")


def _data_errors(file, known_data):
    if file.relpath in known_data:
        return []
    guess = difflib.get_close_matches(file.relpath, sorted(known_data), n=1, cutoff=0.7)
    hint = f"did you mean data/{guess[0]}? Rename it. " if guess else ""
    return [SiteError(file.display, None, None, "is not a file the site reads",
                      f"{hint}data/ holds {', '.join(sorted(n for n in known_data if '/' not in n))} "
                      "and their schemas; move other files out of data/")]


def check_asset_content(relpath: str, expected: str, size: int, head: bytes, whole: bytes | None):
    """A SiteError when the file is not what its name says (or too large), else None."""
    display = f"content/{relpath}"
    if size > MAX_DOCUMENT_BYTES:
        return SiteError(display, None, None, f"the file is {size:,} bytes, over the limit of {MAX_DOCUMENT_BYTES:,}",
                         "publish a smaller file (compress the PDF) or link the document where it is kept")
    found = sniff(head, whole)
    if found == expected:
        return None
    what = f"a {found} file" if found else "not a file of a type the site publishes"
    return SiteError(display, None, None, f"is named as {expected} but its content is {what}",
                     f"save it again as {expected} (e.g. 'Export as PDF'), or give it the right extension")
