"""The site model: languages, sections, registries, paths and the public URL
as one checked, typed object. Plain data in (settings values, string tables),
``SiteModel`` and ``SiteError``s out; no Pelican here.

A language needs only its code in SITE_LANGUAGES and its URL segments in
LOCALISED_PATHS: its locale, number format, Open Graph locale, stemmer and
stop words are derived from the code (Babel's CLDR data, snowballstemmer,
lunr-languages), and LANGUAGE_SETTINGS[code] overrides any of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import snowballstemmer
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.numbers import format_decimal

from common.errors import SiteError

from . import declarations

SETTINGS_FILE = "pelicanconf.py"
# lunr.js has English built in; every other language needs lunr-languages'
# lunr.<code>.js in the browser, whose stop words the index must share.
LUNR_BUILT_IN = "en"


@dataclass(frozen=True)
class Language:
    code: str
    locale: str  # CLDR locale, e.g. "it_IT", "en_GB"
    og_locale: str  # Open Graph's language_TERRITORY
    english_name: str
    stemmer: str  # snowballstemmer's algorithm, or "lunr" (lunr's own Porter stemmer, English)
    stop_words: frozenset
    paths: dict  # LOCALISED_PATHS[code] less "filters"
    filters: dict  # LOCALISED_PATHS[code]["filters"]
    default: bool = False

    def number(self, value, decimals=0) -> str:
        """``value`` with the language's digit grouping and decimal sign: '36.000' / '36,000'."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    @property
    def browser_scripts(self) -> tuple:
        """lunr-languages files the search page of this language loads after lunr.js."""
        if self.stemmer == "lunr":
            return ()
        return ("lunr.stemmer.support.min.js", f"lunr.{self.code}.min.js")


@dataclass(frozen=True)
class Section:
    name: str
    fields: tuple = ()
    required: tuple = ("title", "summary")
    dated: bool = True
    listed: bool = True
    feeds: bool = True
    search: bool = True
    schema_type: str | None = None
    located: bool = True  # has a folder LOCALISED_PATHS[lang][name]

    @property
    def templates(self) -> tuple:
        """Templates a listed section's items use beside the shared ones (card, article, listing)."""
        return (f"partials/card_{self.name}.html", f"partials/article_{self.name}.html")


@dataclass(frozen=True)
class RegistryKind:
    name: str
    noun: str
    own_pages: bool = False
    geographic: bool = False
    directory: bool = True
    navigation: bool = False
    search: bool = False
    dated_fields: tuple = ()
    filters: tuple = ()

    @property
    def filename(self) -> str:
        return f"{self.name}.yaml"

    @property
    def schema_filename(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def templates(self) -> tuple:
        """The directory page's template and, with own pages, the entry page's."""
        names = (f"registries/{self.name}",) if self.directory else ()
        return names + ((f"registries/{self.noun}",) if self.own_pages else ())


@dataclass(frozen=True)
class SiteModel:
    languages: tuple  # Language, the default one first
    sections: dict  # name -> Section, in declaration order
    registries: dict  # name -> RegistryKind
    pages: dict  # name -> plugin writing it (tags, search, data, follow)
    public_url: str  # absolute, no trailing slash
    plugin_needs: dict = field(default_factory=dict)

    # --- languages ---------------------------------------------------
    @property
    def codes(self) -> tuple:
        return tuple(language.code for language in self.languages)

    @property
    def default_lang(self) -> str:
        return self.languages[0].code

    def language(self, code) -> Language:
        return next(language for language in self.languages if language.code == code)

    def language_name(self, code, in_lang) -> str:
        """The name of language ``code`` as ``in_lang`` writes it in a sentence (CLDR): 'inglese', 'Italian'."""
        return Locale.parse(self.language(in_lang).locale).languages[code]

    # --- sections and registries ---------------------------------------
    def sections_where(self, **wanted) -> tuple:
        """Section names whose attributes have the wanted values, e.g. ``listed=True``."""
        return tuple(name for name, section in self.sections.items()
                     if all(getattr(section, key) == value for key, value in wanted.items()))

    def registries_where(self, **wanted) -> tuple:
        return tuple(name for name, registry in self.registries.items()
                     if all(getattr(registry, key) == value for key, value in wanted.items()))

    # --- paths -----------------------------------------------------------
    def segment(self, lang, name) -> str:
        """The localised folder of a section, registry or page, or a filter segment."""
        language = self.language(lang)
        return language.paths[name] if name in language.paths else language.filters[name]

    def url_for(self, kind, lang, *parts) -> str:
        """Site-relative URL (no leading slash, trailing slash): 'it/', 'it/notizie/', 'it/laboratori/x/'.

        ``kind``: "home", a section, a registry with a directory, or a page
        (tags, search, data, follow); ``parts``: segments below it, as they are."""
        base = f"{lang}/" if kind == "home" else f"{lang}/{self.language(lang).paths[kind]}/"
        return base + "".join(f"{part}/" for part in parts)

    def paths_of(self, lang) -> dict:
        """{kind: segment} of ``lang`` (the shape of LOCALISED_PATHS[lang])."""
        return dict(self.language(lang).paths)


# --- building ---------------------------------------------------------------

def declared_sections(extra=None) -> dict:
    """{name: Section} of declarations.SECTIONS, plus or replaced by ``extra`` ({name: entry})."""
    sections = {name: Section(name=name, **entry) for name, entry in declarations.SECTIONS.items()}
    for name, entry in (extra or {}).items():
        sections[name] = Section(name=name, **{key: tuple(v) if isinstance(v, list) else v
                                               for key, v in entry.items()})
    return sections


def language_defaults(code, node_modules=None) -> dict:
    """What a language needs beyond its code, derived from the code itself.

    Locale: CLDR's likely territory for the code ("fr" → fr_FR); stemmer:
    snowballstemmer's algorithm named after the language, English keeping
    lunr's own; stop words: those lunr-languages gives the browser."""
    likely = get_global("likely_subtags").get(code, code)
    parsed = Locale.parse(likely)
    locale = f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language
    stemmer = "lunr" if code == LUNR_BUILT_IN else Locale.parse(code).english_name.lower()
    return {"locale": locale, "stemmer": stemmer, "stop_words": lunr_stop_words(code, node_modules)}


def lunr_stop_words(code, node_modules=None) -> frozenset:
    """The stop words the browser's lunr drops for ``code`` (empty when none is known).

    Read from the browser's own files (lunr.js for English, lunr-languages for
    the others), not from lunr.py: importing lunr.py imports nltk, half a second
    of every build's start, and the browser's list is the one that must match."""
    if code == LUNR_BUILT_IN:
        source, pattern = _node_modules(node_modules) / "lunr" / "lunr.js", ENGLISH_STOP_WORDS
    else:
        source, pattern = _node_modules(node_modules) / "lunr-languages" / f"lunr.{code}.js", OTHER_STOP_WORDS
    if not source.exists():
        return frozenset()
    found = pattern.search(source.read_text(encoding="utf-8"))
    return frozenset(re.findall(r"[^\s',]+", found.group(1))) if found else frozenset()


# lunr.js: lunr.generateStopWordFilter(['a', 'able', ...]); lunr-languages: generateStopWordFilter('a b ...'.split(' ')).
ENGLISH_STOP_WORDS = re.compile(r"lunr\.stopWordFilter = lunr\.generateStopWordFilter\(\[([^\]]*)\]")
OTHER_STOP_WORDS = re.compile(r"generateStopWordFilter\(\s*'([^']*)'")


def _public_url(settings) -> str:
    """SITEURL when absolute, else SITE_PUBLIC_URL ('' when neither is: an error of the checks)."""
    siteurl = (settings.get("SITEURL") or "").rstrip("/")
    if siteurl.startswith(("http://", "https://")):
        return siteurl
    return (settings.get("SITE_PUBLIC_URL") or "").rstrip("/")


def build_model(settings) -> tuple[SiteModel | None, list[SiteError]]:
    """The model from settings (a mapping), and every problem found.

    Reads SITE_LANGUAGES, DEFAULT_LANG, LOCALISED_PATHS, LANGUAGE_SETTINGS,
    SITE_SECTIONS, SITE_REGISTRIES, SITEURL, SITE_PUBLIC_URL, PLUGINS."""
    errors = []
    codes = list(settings.get("SITE_LANGUAGES") or ())
    default = settings.get("DEFAULT_LANG") or (codes[0] if codes else None)
    if default in codes:
        codes.remove(default)
        codes.insert(0, default)
    else:
        errors.append(SiteError(SETTINGS_FILE, None, "DEFAULT_LANG", f"the default language '{default}' is not "
                                "in SITE_LANGUAGES", f"add '{default}' to SITE_LANGUAGES or change DEFAULT_LANG"))
    overrides = settings.get("LANGUAGE_SETTINGS") or {}
    all_paths = settings.get("LOCALISED_PATHS") or {}
    languages = []
    for code in codes:
        try:
            values = language_defaults(code, settings.get("SEARCH_NODE_MODULES"))
        except (UnknownLocaleError, ValueError):
            errors.append(SiteError(SETTINGS_FILE, None, "SITE_LANGUAGES", f"'{code}' is not a language code "
                                    "known to CLDR", "write a two-letter code such as 'fr', or set its locale in "
                                    f"LANGUAGE_SETTINGS['{code}']"))
            continue
        values.update(overrides.get(code) or {})
        values["stop_words"] = frozenset(values["stop_words"])
        locale = Locale.parse(values["locale"])
        values.setdefault("og_locale", f"{locale.language}_{locale.territory}" if locale.territory
                          else values["locale"])
        paths = dict(all_paths.get(code) or {})
        filters = paths.pop("filters", {})
        languages.append(Language(code=code, english_name=Locale.parse(code).english_name, paths=paths,
                                  filters=dict(filters), default=code == default, **values))
    sections = declared_sections(settings.get("SITE_SECTIONS"))
    registries = {name: RegistryKind(name=name, **entry) for name, entry in declarations.REGISTRIES.items()}
    for name, entry in (settings.get("SITE_REGISTRIES") or {}).items():
        registries[name] = RegistryKind(name=name, **{key: tuple(v) if isinstance(v, list) else v
                                                      for key, v in entry.items()})
    model = SiteModel(
        languages=tuple(languages),
        sections=sections,
        registries=registries,
        pages=dict(declarations.PAGES),
        public_url=_public_url(settings),
        plugin_needs=dict(declarations.PLUGIN_NEEDS),
    )
    if not model.public_url.startswith(("http://", "https://")):
        errors.append(SiteError(SETTINGS_FILE, None, "SITE_PUBLIC_URL", "the site has no absolute address: "
                                "feeds, calendars and sitemaps need one", "set SITE_PUBLIC_URL = "
                                "\"https://...\" (or an absolute SITEURL)"))
    errors += path_clashes(model) + plugin_order_errors(model, settings.get("PLUGINS") or ())
    errors += language_errors(model, settings.get("SEARCH_NODE_MODULES"))
    return model, errors


# --- checks ---------------------------------------------------------------

def _owners(model):
    """[(kind, description)] of everything that has a localised folder."""
    owners = [(name, f"section '{name}'") for name, s in model.sections.items() if s.located]
    owners += [(name, f"registry '{name}'") for name, r in model.registries.items() if r.directory]
    owners += [(name, f"the {name} page (plugin {plugin})") for name, plugin in model.pages.items()]
    return owners


def path_clashes(model) -> list[SiteError]:
    """Two things at one path, named both; a thing without its folder in a language."""
    errors = []
    owners = _owners(model)
    by_kind = {}
    for kind, description in owners:
        if kind in by_kind:
            errors.append(SiteError(SETTINGS_FILE, None, "SITE_SECTIONS", f"{by_kind[kind]} and {description} "
                                    f"both want the folder LOCALISED_PATHS[lang]['{kind}']",
                                    "rename the section (its content/ folder and its entry in SITE_SECTIONS)"))
        by_kind.setdefault(kind, description)
    for language in model.languages:
        taken = {}
        for kind, description in by_kind.items():
            segment = language.paths.get(kind)
            if not segment:
                errors.append(SiteError(SETTINGS_FILE, None, "LOCALISED_PATHS", f"{description} has no folder "
                                        f"in '{language.code}'", f"add \"{kind}\": \"...\" to "
                                        f"LOCALISED_PATHS['{language.code}']"))
                continue
            if segment in taken:
                errors.append(SiteError(SETTINGS_FILE, None, "LOCALISED_PATHS", f"{taken[segment]} and "
                                        f"{description} are both at {language.code}/{segment}/",
                                        f"give one of them another folder in LOCALISED_PATHS['{language.code}']"))
            taken.setdefault(segment, description)
        for name in declarations.FILTER_SEGMENTS:
            if not language.filters.get(name):
                errors.append(SiteError(SETTINGS_FILE, None, "LOCALISED_PATHS", f"the filter segment '{name}' "
                                        f"has no name in '{language.code}'", f"add \"{name}\": \"...\" to "
                                        f"LOCALISED_PATHS['{language.code}']['filters']"))
    return errors


def plugin_order_errors(model, plugins) -> list[SiteError]:
    """A plugin placed before one it needs, named both."""
    errors = []
    position = {name: index for index, name in enumerate(plugins)}
    if plugins and position.get("site_model") != 0:
        errors.append(SiteError(SETTINGS_FILE, None, "PLUGINS", "'site_model' must be the first plugin: every "
                                "other one reads the model", "move 'site_model' to the start of PLUGINS"))
    for plugin, needs in model.plugin_needs.items():
        if plugin not in position:
            continue
        for need in needs:
            if position.get(need, len(plugins)) > position[plugin]:
                errors.append(SiteError(SETTINGS_FILE, None, "PLUGINS", f"'{plugin}' needs '{need}' placed "
                                        "before it", f"move '{need}' before '{plugin}' in PLUGINS"))
    return errors


def _node_modules(node_modules):
    return Path(node_modules) if node_modules else Path(__file__).resolve().parents[2] / "node_modules"


def language_errors(model, node_modules=None) -> list[SiteError]:
    """A language without a stemmer, or whose search page would miss lunr-languages' file."""
    errors = []
    for language in model.languages:
        for name in language.browser_scripts:
            if not (_node_modules(node_modules) / "lunr-languages" / "min" / name).exists():
                errors.append(SiteError(SETTINGS_FILE, None, "SITE_LANGUAGES", f"the search page of "
                                        f"'{language.code}' needs lunr-languages' {name}, which has none",
                                        "run `npm ci`; if lunr-languages has no such language, search "
                                        "cannot stem it in the browser"))
        if language.stemmer != "lunr" and language.stemmer not in snowballstemmer.algorithms():
            errors.append(SiteError(SETTINGS_FILE, None, "LANGUAGE_SETTINGS", f"no stemmer for '{language.code}' "
                                    f"(snowballstemmer has no '{language.stemmer}')",
                                    f"set LANGUAGE_SETTINGS['{language.code}']['stemmer'] to one of "
                                    f"{', '.join(snowballstemmer.algorithms())}"))
    return errors


def string_errors(model, tables, folder="theme/i18n") -> list[SiteError]:
    """Every language has every string of every other one, and each section its names.

    ``tables``: {lang: merged string table}. A missing string names the
    language that has it."""
    # Imported here: the languages plugin's package reads the model from this one.
    from languages.strings import flatten_keys

    errors = []
    keys = {lang: flatten_keys(tables.get(lang) or {}) for lang in model.codes}
    for lang in model.codes:
        if not tables.get(lang):
            errors.append(SiteError(f"{folder}/{lang}.yaml", None, None, f"the language '{lang}' has no strings",
                                    f"copy {folder}/{model.default_lang}.yaml and each *.{model.default_lang}.yaml "
                                    f"to the same names with .{lang} and translate them"))
            continue
        for other in model.codes:
            for key in sorted(keys[other] - keys[lang]):
                errors.append(SiteError(f"{folder}/*.{lang}.yaml", None, key, f"the string '{key}' is in '{other}' "
                                        f"but missing in '{lang}'", f"add '{key}' to the {lang} strings "
                                        f"(see {folder}/*.{other}.yaml)"))
    for name in model.sections_where(listed=True):
        needed = [f"sections.{name}", f"section_intro.{name}"] + (
            [f"feeds.sections.{name}", f"feeds.section_subtitles.{name}"] if model.sections[name].feeds else [])
        for lang in model.codes:
            for key in needed:
                if tables.get(lang) and key not in keys[lang]:
                    errors.append(SiteError(f"{folder}/*.{lang}.yaml", None, key, f"section '{name}' has no string "
                                            f"'{key}' in '{lang}'", f"add '{key}' to the {lang} strings"))
    return sorted(set(errors), key=lambda e: (e.path, e.field or "", e.message))
