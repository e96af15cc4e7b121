"""From text to index terms, the same way the browser does it.

The browser (theme/static/js/search.js) splits a query into runs of letters
and digits, drops stop words and stems each word with lunr.js (English) or
lunr-languages (Italian). The index must hold exactly the terms those steps
produce, so this module mirrors them:

- words are runs of Unicode letters and digits: "3D" stays "3d", and
  elisions split ("dell'università" gives "dell" and "università"), which
  lunr's own tokenizer would keep as one unsearchable token;
- a language's stop words are the list lunr-languages gives the browser
  (read from its lunr.<code>.js; nltk would download its own, different list
  at build time); English uses lunr's own, which lunr.js shares;
- a language's stemmer is snowballstemmer's (for Italian it agrees with
  lunr-languages' on the whole Debian Italian word list but one word; nltk's
  disagrees on hundreds, e.g. "consulenza"); English uses lunr's own Porter
  stemmer, which lunr.js shares.

Both come from the site model's languages (``site_model.model``): derived
from the code, or as LANGUAGE_SETTINGS overrides them once ``use`` is told.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache

import snowballstemmer
from lunr.stemmer import stemmer as lunr_english_stemmer
from lunr.token import Token

from site_model.model import LUNR_BUILT_IN, language_defaults

WORD = re.compile(r"[^\W_]+")
# The same runs in a text of Latin-1 characters (most Italian and English text), found in its bytes:
# every character but a letter or digit made a space (bytes.translate), the runs are what
# str.split() leaves. Half the time of a regular expression's findall, which builds each match
# (5 MB of text in a cold build of 1,000 keys: 0.05 s of CPU less).
_LATIN_1_SPACES = bytes(code if chr(code).isalnum() else ord(" ") for code in range(256))


@lru_cache(maxsize=200_000)
def _stem_lunr(word):
    return str(lunr_english_stemmer(Token(word)))


def stemmer_named(name):
    """A cached word -> stem function: lunr's Porter stemmer ("lunr") or a snowballstemmer algorithm."""
    if name == "lunr":
        return _stem_lunr
    return lru_cache(maxsize=200_000)(snowballstemmer.stemmer(name).stemWord)


class _PerLanguage(dict):
    """{code: value}, derived from the code on first use."""

    def __init__(self, derive):
        super().__init__()
        self._derive = derive

    def __missing__(self, code):
        value = self[code] = self._derive(code)
        return value


class _TermOf(dict):
    """{word: its term, or None for a stop word}: each distinct word of a language analysed once,
    whatever the document (most of a body's words are in other bodies too). Looked up in C by
    ``map(term_of.__getitem__, words)``; only a word not seen yet costs a Python call."""

    def __init__(self, stop_words, stemmer):
        super().__init__()
        self.stop_words = stop_words
        self.stemmer = stemmer

    def __missing__(self, word):
        term = self[word] = None if word in self.stop_words else self.stemmer(word)
        return term


STOP_WORDS = _PerLanguage(lambda code: language_defaults(code)["stop_words"])
STEMMERS = _PerLanguage(lambda code: stemmer_named(language_defaults(code)["stemmer"]))
TERM_OF = _PerLanguage(lambda code: _TermOf(STOP_WORDS[code], STEMMERS[code]))


def use(language):
    """Analyse ``language`` (a site model Language) with its own stop words and stemmer."""
    STOP_WORDS[language.code] = language.stop_words
    STEMMERS[language.code] = stemmer_named(language.stemmer)
    TERM_OF[language.code] = _TermOf(STOP_WORDS[language.code], STEMMERS[language.code])


def built_in(lang):
    """True for the language lunr.js analyses itself (no lunr-languages pipeline functions)."""
    return lang == LUNR_BUILT_IN


def words(text):
    """Lower-case words (letters and digits) of ``text``, in order."""
    text = unicodedata.normalize("NFC", text or "").lower()
    try:
        latin_1 = text.encode("latin-1")
    except UnicodeEncodeError:
        return WORD.findall(text)
    return latin_1.translate(_LATIN_1_SPACES).decode("latin-1").split()


def stem(word, lang):
    return STEMMERS[lang](word)


def terms(text, lang):
    """The index terms of ``text``: its words less stop words, stemmed."""
    return [term for term in map(TERM_OF[lang].__getitem__, words(text)) if term is not None]


def term_frequencies(text, lang):
    """``Counter(terms(text, lang))`` (the same terms, counts and order of first occurrence), made
    in C but for the words the language has not met yet. A plain dict: the terms cache
    (plugins/search/wiring.py) pickles a Counter and loads it back at half the speed."""
    frequencies = Counter(map(TERM_OF[lang].__getitem__, words(text)))
    del frequencies[None]  # the stop words (Counter's del ignores a missing key)
    return dict(frequencies)
