"""cms plugin: editing in the browser with Decap CMS, configured from the site's model.

- ``config.py`` (pure core) derives the Decap configuration from the content
  contract (``content_model.fields``), the languages, ``data/codes.yaml`` and
  the registries' JSON Schemas, and the CSP of ``/admin/``;
- ``wiring.py`` writes ``admin/`` into the output when the site is built:
  ``config.yml``, ``index.html``, Decap's files copied from node_modules (no
  CDN) and ``cms.js`` (registry formats, preview templates with the site's
  CSS and labels).

Settings: ``CMS_LOCAL_BACKEND_URL`` (the decap-server API, set in
pelicanconf.py: preview builds always have /admin/ with the local backend),
``CMS_BACKEND`` (the production Git host; publishconf.py writes /admin/ only
when it is set), ``CMS_NODE_MODULES`` (default: the repository's node_modules).
"""

from __future__ import annotations

from pelican import signals

from .wiring import write_admin


def register():
    signals.finalized.connect(write_admin)
