"""The Decap CMS configuration, derived from the site's model (pure core).

Plain data in (the content contract's sections, fields and required fields,
the site's languages, the code lists, the registries' JSON Schemas, the
backend settings), one plain dict out: what ``admin/config.yml`` holds.
Nothing here is written by hand per field list: a field added to
``content_model.fields`` or to a schema appears in the editor by itself.
"""

from __future__ import annotations

from urllib.parse import urlparse

from content_model.fields import COMMON_FIELDS, DECLARED_SECTIONS

# Stored form of every instant: "2027-03-31 12:00", a form of the contract
# without an offset, so it is Europe/Rome time (dayjs tokens, as Decap's
# datetime widget takes them).
DATETIME_FORMAT = "YYYY-MM-DD HH:mm"
MEDIA_FOLDER = "content/images"
URL_PATTERN = ["^https?://\\S+$", "a full web address, starting with https://"]
SLUG_PATTERN = ["^[a-z0-9]+(-[a-z0-9]+)*$", "lowercase letters, digits and hyphens"]

# Text a reader reads in one language is written once per language; every
# other field is the same in both files (Decap copies it: i18n duplicate),
# because each file of the contract carries all its fields.
TRANSLATED = {"title", "summary", "tags", "slug", "image_alt", "contact", "documents", "body"}

# Editor-facing order: what an item is first, then what it needs, then the
# optional rest. Fields not listed here (new ones) follow, by name.
ORDER = ("title", "summary", "date", "company", "sector", "municipio", "website", "opens", "deadline",
         "amount", "audience", "apply_url", "results_url", "documents", "contact", "image", "image_alt",
         "tags", "sources", "slug", "modified", "status", "example")


def _datetime():
    return {"widget": "datetime", "format": DATETIME_FORMAT, "date_format": "DD/MM/YYYY", "time_format": "HH:mm",
            "picker_utc": False}


def _select(codes, vocabulary, multiple=False):
    return {"widget": "select", "options": list(codes.get(vocabulary, ())), "multiple": multiple}


def field_widget(name, codes):
    """The widget of one front-matter field (a field the table does not know is a line of text)."""
    table = {
        "title": {"widget": "string"},
        "summary": {"widget": "text", "hint": "Plain text, one or two sentences (never Markdown)."},
        "date": _datetime(),
        "modified": _datetime(),
        "opens": {**_datetime(), "hint": "Europe/Rome time."},
        "deadline": {**_datetime(), "hint": "Europe/Rome time; the call is open up to and including this minute."},
        "tags": {"widget": "list", "hint": "Words separated by commas."},
        "status": {"widget": "select", "options": ["published", "draft"], "default": "published",
                   "hint": "A draft is never published (nor previewed): the build leaves it out."},
        "image": {"widget": "image", "choose_url": False,
                  "hint": "A picture from content/images/; the site publishes processed copies only."},
        "image_alt": {"widget": "string",
                      "hint": "Required when there is an image: describe it for people who cannot see it."},
        "slug": {"widget": "string", "pattern": SLUG_PATTERN, "hint": "Leave empty to use the file's key."},
        "example": {"widget": "boolean", "default": False, "hint": "Invented placeholder content."},
        "company": {"widget": "string"},
        "sector": _select(codes, "sector"),
        "municipio": {"widget": "number", "value_type": "int", "min": 1, "max": 9},
        "website": {"widget": "string", "pattern": URL_PATTERN},
        "apply_url": {"widget": "string", "pattern": URL_PATTERN},
        "results_url": {"widget": "string", "pattern": URL_PATTERN},
        "amount": {"widget": "object", "collapsed": False, "hint": "In euro, numbers only.", "fields": [
            {"name": part, "label": part, "widget": "number", "value_type": "float", "min": 0, "required": False}
            for part in ("min", "max", "total")]},
        "audience": _select(codes, "audience", multiple=True),
        "documents": {"widget": "list", "fields": [
            {"name": "title", "label": "title", "widget": "string"},
            {"name": "file", "label": "file", "widget": "string", "hint": "A path inside content/documents/."}]},
        "contact": {"widget": "string"},
        "sources": {"widget": "list", "hint": "Ids of data/sources.yaml entries."},
    }
    return dict(table.get(name, {"widget": "string"}))


def section_fields(section, codes):
    """Every field of the contract for ``section`` (a site model Section), in editor order, then the body."""
    names = COMMON_FIELDS | set(section.fields)
    if not section.dated:
        names = names - {"date"}
    rank = {name: index for index, name in enumerate(ORDER)}
    fields = []
    for name in sorted(names, key=lambda n: (rank.get(n, len(ORDER)), n)):
        field = {"name": name, "label": name, **field_widget(name, codes)}
        field["required"] = name in section.required
        field["i18n"] = True if name in TRANSLATED else "duplicate"
        if "fields" in field:
            # Decap takes only true/false on a field with sub-fields: the
            # sub-fields say whether they are copied.
            field["fields"] = [{**sub, "i18n": field["i18n"]} for sub in field["fields"]]
            field["i18n"] = True
        elif field["widget"] == "list":
            # ...and on any list (its config schema refuses "duplicate"):
            # a plain list such as `sources` is then written in each language.
            field["i18n"] = True
        fields.append(field)
    fields.append({"name": "body", "label": "body", "widget": "markdown", "required": False, "i18n": True})
    return fields


def section_collection(section, languages, codes):
    return {
        "name": section.name,
        "label": section.name,
        "folder": f"content/{section.name}",
        "create": True,
        "extension": "md",
        "format": "frontmatter",
        "slug": "{{slug}}",
        "identifier_field": "title",
        "summary": "{{title}}",
        "i18n": {"structure": "multiple_files", "locales": list(languages), "default_locale": languages[0]},
        "fields": section_fields(section, codes),
    }


# --- registries ------------------------------------------------------------

def _resolve(node, schema):
    ref = node.get("$ref", "")
    if ref.startswith("#/$defs/"):
        merged = dict(schema["$defs"][ref[len("#/$defs/"):]])
        merged.update({k: v for k, v in node.items() if k != "$ref"})
        return merged
    return node


def schema_widget(node, schema, codes):
    """A Decap widget for one JSON Schema property."""
    node = _resolve(node, schema)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if "x-codes" in node:
        return _select(codes, node["x-codes"])
    if "enum" in node:
        return {"widget": "select", "options": list(node["enum"]), "multiple": False}
    if kind == "array":
        items = _resolve(node.get("items", {}), schema)
        if "x-codes" in items:
            return _select(codes, items["x-codes"], multiple=True)
        if "enum" in items:
            return {"widget": "select", "options": list(items["enum"]), "multiple": True}
        if items.get("type") == "object":
            return {"widget": "list", "fields": schema_fields(items, schema, codes)}
        return {"widget": "list"}
    if kind == "object" and "properties" in node:
        return {"widget": "object", "collapsed": False, "fields": schema_fields(node, schema, codes)}
    if kind in ("integer", "number"):
        widget = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
        widget.update({key: node[key] for key in ("minimum", "maximum") if key in node})
        for key, short in (("minimum", "min"), ("maximum", "max")):
            if key in widget:
                widget[short] = widget.pop(key)
        return widget
    if kind == "boolean":
        return {"widget": "boolean"}
    widget = {"widget": "string"}
    if "pattern" in node:
        widget["pattern"] = [node["pattern"], node.get("x-description-en") or node.get("description", "")]
    return widget


def schema_fields(node, schema, codes):
    required = set(node.get("required", ()))
    fields = []
    for name, prop in node.get("properties", {}).items():
        widget = schema_widget(prop, schema, codes)
        resolved = _resolve(prop, schema)
        field = {"name": name, "label": name, **widget, "required": name in required}
        if widget["widget"] == "object" and not field["required"]:
            # Decap checks the parts of an object even when the whole is left
            # empty; the build's schema check still needs them when it is not.
            field["fields"] = [{**part, "required": False} for part in field["fields"]]
        hint = resolved.get("x-description-en") or resolved.get("description")
        if hint:
            field["hint"] = hint
        fields.append(field)
    return fields


def registry_collection(name, schema, codes):
    """One file collection per registry: ``data/<name>.yaml``, a list of entries.

    Decap edits objects, and a registry file is a bare list: the list is the
    ``entries`` field, and the ``registry-<name>`` format (admin/cms.js)
    reads and writes the bare list.
    """
    items = schema.get("items", {})
    summary = next((f"{{{{fields.{key}}}}}" for key in ("name", "id") if key in items.get("properties", {})),
                   "{{fields.id}}")
    label = schema.get("x-title-en") or schema.get("title") or name
    return {
        "name": f"registry_{name}",
        "label": label,
        "format": registry_format(name),
        "extension": "yaml",
        "files": [{
            "name": name,
            "label": label,
            "file": f"data/{name}.yaml",
            "fields": [{"name": "entries", "label": label, "widget": "list", "summary": summary,
                        "fields": schema_fields(items, schema, codes)}],
        }],
    }


def registry_format(name):
    return f"registry-{name}"


# --- the whole configuration -----------------------------------------------

def decap_config(languages, codes, schemas, backend=None, local_backend_url=None, sections=DECLARED_SECTIONS):
    """The Decap configuration as a plain dict.

    ``schemas`` maps a registry name to its JSON Schema; ``backend`` is the
    production backend (``{"name": "github"|"gitlab", "repo": ..., "branch": ...}``
    plus optional keys such as ``base_url``, ``auth_type``, ``app_id``) or
    None; ``local_backend_url`` (the decap-server API on 127.0.0.1) enables
    the local backend. Without a production backend the local one is the
    backend itself.
    """
    config = {}
    if backend:
        config["backend"] = dict(backend)
    else:
        config["backend"] = {"name": "proxy", "proxy_url": local_backend_url, "branch": "main"}
    if local_backend_url:
        # decap-server writes the files into the working copy (the preview
        # rebuilds at once; the editor commits with Git): no workflow there.
        config["local_backend"] = {"url": local_backend_url}
    elif backend:
        # Every change becomes a pull/merge request that CI builds.
        config["publish_mode"] = "editorial_workflow"
    config.update({
        "locale": languages[0],
        "media_folder": MEDIA_FOLDER,
        "public_folder": "",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "i18n": {"structure": "multiple_files", "locales": list(languages), "default_locale": languages[0]},
        "collections": [section_collection(section, languages, codes) for section in sections.values()]
        + [registry_collection(name, schemas[name], codes) for name in sorted(schemas)],
    })
    return config


def admin_csp(backend=None, local_backend_url=None):
    """The Content-Security-Policy of /admin/ only: what Decap needs, nothing else.

    Decap validates config.yml with ajv, which compiles its schemas to
    functions ('unsafe-eval' in script-src; no inline script is allowed);
    its styles are injected at run time (emotion: 'unsafe-inline' in
    style-src only); uploaded pictures are blob: URLs (shown, and read back
    when saved); the preview pane is
    an iframe of the same page; the API is the Git host's (or decap-server).
    """
    connect = ["'self'", "blob:"]  # Decap reads an uploaded picture back from its blob: URL
    if local_backend_url:
        connect.append(_origin(local_backend_url))
    if backend:
        connect.append(_origin(backend.get("api_root") or API_ROOTS[backend["name"]]))
        if backend["name"] == "gitlab":
            connect.append(_origin(backend.get("base_url") or "https://gitlab.com"))
    return "; ".join([
        "default-src 'none'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:" + "".join(f" {origin}" for origin in IMAGE_ORIGINS.get((backend or {}).get("name"), ())),
        "font-src 'self'",
        "connect-src " + " ".join(dict.fromkeys(connect)),
        "frame-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ])


API_ROOTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}
# Avatars of the signed-in user in Decap's header.
IMAGE_ORIGINS = {"github": ("https://avatars.githubusercontent.com",), "gitlab": ("https://gitlab.com",)}


def _origin(url):
    parsed = urlparse(url)
    return f"{parsed.scheme}://{parsed.netloc}"
