"""Pelican settings for the Manifattura Milano mini-site (settings only)."""

import hashlib
import sys
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

ROOT = Path(__file__).resolve().parent
if str(ROOT / "plugins") not in sys.path:
    sys.path.insert(0, str(ROOT / "plugins"))


def _jinja_cache_folder(options):
    digest = hashlib.sha256(repr((sorted(options.items()), jinja2.__version__)).encode()).hexdigest()[:12]
    folder = ROOT / ".cache" / f"jinja-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


SITENAME = "Manifattura Milano"
SITEURL = ""
PATH = str(ROOT / "content")
DATA_PATH = str(ROOT / "data")
THEME = str(ROOT / "theme")
TIMEZONE = "Europe/Rome"

# Languages: Italian first, English complete. Every localised URL segment
# lives here so that templates and plugins never spell a path themselves.
DEFAULT_LANG = "it"
SITE_LANGUAGES = ["it", "en"]
LOCALISED_PATHS = {
    "it": {
        "news": "notizie", "cases": "casi", "opportunities": "opportunita", "tags": "argomenti",
        "labs": "laboratori", "spaces": "spazi", "partners": "partner", "events": "eventi",
        "areas": "aree", "indicators": "numeri", "milestones": "tappe", "search": "cerca",
        "data": "dati", "follow": "segui",
        "filters": {"audience": "destinatari", "status": "stato", "open": "aperti", "closing": "in-scadenza",
                    "upcoming": "in-arrivo", "closed": "chiusi", "kind": "tipo", "municipio": "municipio",
                    "service": "servizio"},
    },
    "en": {
        "news": "news", "cases": "case-studies", "opportunities": "opportunities", "tags": "topics",
        "labs": "labs", "spaces": "spaces", "partners": "partners", "events": "events",
        "areas": "areas", "indicators": "figures", "milestones": "milestones", "search": "search",
        "data": "data", "follow": "follow",
        "filters": {"audience": "audience", "status": "status", "open": "open", "closing": "closing-soon",
                    "upcoming": "upcoming", "closed": "closed", "kind": "kind", "municipio": "municipio",
                    "service": "service"},
    },
}
# Whatever else a language needs (locale, number format, Open Graph locale,
# stemmer, stop words) the site_model plugin derives from its code; this
# entry overrides it: British English, not CLDR's likely en_US.
LANGUAGE_SETTINGS = {"en": {"locale": "en_GB"}}
# Absolute address of the public site, for feeds, sitemaps and structured
# data when SITEURL is relative (development builds).
SITE_PUBLIC_URL = "https://www.manifatturamilano.it"
CONTENT_CODES_FILE = str(ROOT / "data" / "codes.yaml")

# ARTICLE_PATHS and PAGE_PATHS come from the site model's sections (plugins/site_model).
# Content images are published only as processed copies by the images plugin
# (originals keep their metadata: GPS, camera serials), never copied as they are.
STATIC_PATHS = ["documents"]
IMAGE_CACHE_PATH = str(ROOT / ".cache" / "images")
THEME_STATIC_DIR = "theme"

# Translations are linked by the languages plugin through each file's key,
# so Pelican must not pair them (it would mix languages in its listings).
ARTICLE_TRANSLATION_ID = None
PAGE_TRANSLATION_ID = None

# Pelican's own listings and feeds mix languages: the languages and feeds
# plugins write per-language ones instead.
DIRECT_TEMPLATES = []
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
TAGS_SAVE_AS = CATEGORIES_SAVE_AS = AUTHORS_SAVE_AS = ARCHIVES_SAVE_AS = ""
DRAFT_SAVE_AS = DRAFT_LANG_SAVE_AS = DRAFT_PAGE_SAVE_AS = DRAFT_PAGE_LANG_SAVE_AS = ""
FEED_ALL_ATOM = FEED_ALL_RSS = FEED_ATOM = FEED_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = TAG_FEED_ATOM = TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None

# Summaries are plain text (DESIGN.md), never Markdown turned into HTML.
FORMATTED_FIELDS = []
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.sane_lists": {},
    },
    "output_format": "html5",
}

# Every value reaches the page escaped; only rendered Markdown (|safe in the
# templates) and HTML built by plugins as markupsafe.Markup are trusted.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
# Compiled templates are kept on disk: every Pelican generator has its own
# Jinja environment and compiled each template again (a tenth of a cold build,
# more of a warm one). Jinja checks each template's source checksum; the folder
# is named after the options that change the compiled code.
JINJA_ENVIRONMENT["bytecode_cache"] = FileSystemBytecodeCache(str(_jinja_cache_folder(JINJA_ENVIRONMENT)))
# Every build runs in a fresh interpreter: no template changes during one, so
# Jinja need not stat its file each time a page asks for it (50,000 times at 1,000 keys).
JINJA_ENVIRONMENT["auto_reload"] = False

DEFAULT_PAGINATION = 12
PAGINATED_TEMPLATES = {"listing": 12, "tag": 12}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{url}p/{number}/", "{base_name}/p/{number}/index.html"),
)

# Cached reads are only valid for the inputs that decided them: the
# content_model plugin keys the cache folder (a subfolder of CACHE_PATH) by
# the plugins' code, data/codes.yaml, the schemas and these settings.
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CONTENT_CACHING_LAYER = "generator"
# Pelican gzips its cache by default; on a warm build that was a sixth of the time.
GZIP_CACHE = False
CACHE_PATH = str(ROOT / ".cache" / "pelican")

# What a build publishes (plugins/publication): this preview build shows
# examples, marked; publishconf.py (production) leaves them out. Items dated
# after the build's instant are scheduled: only `invoke serve` previews them.
SITE_PUBLISH_EXAMPLES = True
SITE_PREVIEW_SCHEDULED = False

PLUGIN_PATHS = [str(ROOT / "plugins")]
# rendering stays last: it renders, once every other generator has written, the pages they recorded.
PLUGINS = [
    # The site model first: every other plugin reads it (it checks this order).
    "site_model",
    "content_model", "publication", "languages", "images", "registries", "opportunities", "feeds", "search", "seo", "assets", "cms",
    "rendering",
]
# Pages are rendered on every core; a preview build renders again only the
# pages whose inputs changed and takes the others from output/ (plugins/rendering).
RENDER_CACHE = True
# Preview builds share one "now" per five minutes (common.clock.preview_instant): pages show it, so
# a build with another instant would render every page again.
BUILD_INSTANT_SHARED = True

# Editing in the browser (plugins/cms, docs/cms.md): preview builds always
# have /admin/ talking to decap-server on this machine (`invoke edit`).
CMS_LOCAL_BACKEND_URL = "http://127.0.0.1:8081/api/v1"
CMS_BACKEND = None
