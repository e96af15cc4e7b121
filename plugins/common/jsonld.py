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
_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                          "\u2028": "\\u2028", "\u2029": "\\u2029"})


def parent_organisation(strings) -> dict:
    """The City of Milan, of which the programme is part, as schema.org data.

    Its one definition is a language's string table (``parent_body``,
    ``parent_url``), the same name and link the page header shows."""
    return {"@type": "GovernmentOrganization", "name": strings["parent_body"], "url": strings["parent_url"]}


def jsonld_script(data) -> Markup:
    """The <script> block of ``data`` as compact JSON; empty markup when there is no data."""
    if not data:
        return Markup("")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).translate(_ESCAPES)
    return Markup(f'<script type="application/ld+json">{text}</script>')
