"""From text to index terms, the same way the browser does it.

The browser (theme/static/js/search.js) splits a query into runs of letters
and digits, drops stop words and stems each word with lunr.js (English) or
lunr-languages (Italian). The index must hold exactly the terms those steps
produce, so this module mirrors them:

- words are runs of Unicode letters and digits: "3D" stays "3d", and
  elisions split ("dell'università" gives "dell" and "università"), which
  lunr's own tokenizer would keep as one unsearchable token;
- Italian stop words are the list lunr-languages uses, shipped in this
  folder (nltk would download its own, different list at build time);
- the Italian stemmer is snowballstemmer's, which agrees with
  lunr-languages' on the whole Debian Italian word list but one word; nltk's
  disagrees on hundreds (e.g. "consulenza"). English uses lunr's own Porter
  stemmer and stop words, which lunr.js shares.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer
from lunr.stemmer import stemmer as lunr_english_stemmer
from lunr.stop_word_filter import WORDS as ENGLISH_STOP_WORDS
from lunr.token import Token

LANGUAGES = ("it", "en")
WORD = re.compile(r"[^\W_]+")


def _shipped_stop_words(name):
    lines = (Path(__file__).with_name(name).read_text(encoding="utf-8")).splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


STOP_WORDS = {"it": _shipped_stop_words("stopwords_it.txt"), "en": frozenset(ENGLISH_STOP_WORDS)}

_italian = snowballstemmer.stemmer("italian")


@lru_cache(maxsize=200_000)
def _stem_it(word):
    return _italian.stemWord(word)


@lru_cache(maxsize=200_000)
def _stem_en(word):
    return str(lunr_english_stemmer(Token(word)))


STEMMERS = {"it": _stem_it, "en": _stem_en}


def words(text):
    """Lower-case words (letters and digits) of ``text``, in order."""
    return WORD.findall(unicodedata.normalize("NFC", text or "").lower())


def stem(word, lang):
    return STEMMERS[lang](word)


def terms(text, lang):
    """The index terms of ``text``: its words less stop words, stemmed."""
    stop_words = STOP_WORDS[lang]
    stemmer = STEMMERS[lang]
    return [stemmer(word) for word in words(text) if word not in stop_words]
