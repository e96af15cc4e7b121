"""search plugin: a prebuilt lunr index per language that understands Italian.

- ``analysis``: words, stop words and stems, mirroring the browser's lunr;
- ``documents``: content items and registry entries as plain documents;
- ``indexing``: one language's lunr index and document store as JSON;
- ``wiring``: Pelican signals, the search pages, lunr's browser files.

See docs/search.md.
"""

from .wiring import register

__all__ = ["register"]
