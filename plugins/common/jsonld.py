"""The one way a page carries schema.org data: a <script type="application/ld+json"> block.

Every plugin builds plain dicts; this turns them into markup, so hostile
text in any value (a title such as '</script><script>…') stays data.
"""

from __future__ import annotations

import json

from markupsafe import Markup

# '<', '>' and '&' could end the script element or start a comment in it;
# U+2028/U+2029 end a line in older JavaScript parsers. JSON unicode escapes
# keep the value identical for any JSON-LD reader.
# One str.replace per character that is there: str.translate looked up every character of the text in a
# table, twice the time of the encoding itself.
_ESCAPES = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029"))
# One encoder for the build: json.dumps with any non-default option made a new JSONEncoder per call
# (half the time of a breadcrumb's block).
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def parent_organisation(strings) -> dict:
    """The City of Milan, of which the programme is part, as schema.org data.

    Its one definition is a language's string table (``parent_body``,
    ``parent_url``), the same name and link the page header shows."""
    return {"@type": "GovernmentOrganization", "name": strings["parent_body"], "url": strings["parent_url"]}


def jsonld_script(data) -> Markup:
    """The <script> block of ``data`` as compact JSON; empty markup when there is no data."""
    if not data:
        return Markup("")
    text = _ENCODER.encode(data)
    for character, escape in _ESCAPES:
        if character in text:
            text = text.replace(character, escape)
    return Markup(f'<script type="application/ld+json">{text}</script>')
