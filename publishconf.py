"""Production overrides: absolute URLs for feeds, sitemap and social cards."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", SITE_PUBLIC_URL).rstrip("/")  # noqa: F405
RELATIVE_URLS = False
LOAD_CONTENT_CACHE = False
# Production renders every page: publishing rewrites them in place (minified).
RENDER_CACHE = False
BUILD_INSTANT_SHARED = False  # a published status is computed at the build's own second
# Production publishes no example (items, registry entries, contact channels).
SITE_PUBLISH_EXAMPLES = False
# /admin/ is published only with a production backend (docs/cms.md), e.g.
# {"name": "github", "repo": "comune-di-milano/manifattura-milano", "branch": "main",
#  "base_url": "https://cms-auth.comune.milano.it"}; never with the local one.
CMS_LOCAL_BACKEND_URL = None
CMS_BACKEND = None
# Runs last: minifies HTML and CSS and writes .gz/.br copies of what every
# other plugin wrote.
PLUGINS = PLUGINS + ["publishing"]  # noqa: F405
# A social card per page (1200x630 PNG for link previews): drawn by production
# builds only, in the background on every core, and cached in .cache/images/.
IMAGE_SOCIAL_CARDS = True
