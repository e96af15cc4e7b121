"""Publication plugin: a build publishes only what is true now.

Examples (``example: true``) appear only in preview builds
(``SITE_PUBLISH_EXAMPLES``, True in pelicanconf.py, False in publishconf.py);
items dated after the build's instant are scheduled and published by no build
(``invoke serve`` sets ``SITE_PREVIEW_SCHEDULED`` to preview them). Items
left out are dropped where Pelican drops drafts, before tags, listings and
every other plugin see them; the registries plugin drops example entries
when it loads them. The pure decisions are in ``core``.
"""


def register():
    from . import wiring

    wiring.register()
