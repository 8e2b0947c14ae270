"""Segmentation and voice: paragraphs, sentences, words and quotations.

Every span is (start, end) into the original text; nothing is normalised in place. The work runs
in the native engine (core/src/segment.rs and quotes.rs), one call per text; this module keeps the
Python API and builds the result objects.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from ..engine.native import _core, boundary_text
from ..results import AUTHORIAL, QUOTED, Quote, Sentence

# The word pattern Python-side code still matches with (attribution, readability windows); the
# engine's words are the same (tests/test_native_segment.py holds them equal).
WORD_RE = re.compile(r"\w+(?:['’.-]\w+)*")

# Answers whether a character offset stands in quoted speech: quoted_at(pos), of_span(start, end)
# ("quoted" or "authorial"), quoted_chars(start, end). Built from quotations sorted by start.
Voice = _core.Voice


@dataclass(frozen=True, slots=True)
class Abbreviations:
    """Abbreviations that do not end a sentence (never) or only before a sentence starter (ambiguous)."""

    never: frozenset[str]
    ambiguous: frozenset[str]
    starters: frozenset[str]
    # the lexicon as the engine holds it, compiled once
    native: object = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        lists = [sorted(boundary_text(w) for w in group) for group in (self.never, self.ambiguous, self.starters)]
        object.__setattr__(self, "native", _core.Abbreviations(*lists))


def _bounds(text: str, start: int, end: int | None) -> tuple[int, int]:
    """start and end clamped to the text, as re's pos and endpos are."""
    n = len(text)
    end = n if end is None else min(max(end, 0), n)
    return min(max(start, 0), n), end


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of the words in text[start:end] (WORD_RE's)."""
    start, end = _bounds(text, start, end)
    return _core.words(boundary_text(text), start, end)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Lines are paragraphs, except a line whose successor starts lowercase (hard wrap)."""
    return _core.paragraphs(boundary_text(text))


def _limit(max_unclosed_chars: int) -> int:
    if max_unclosed_chars < 0:
        raise ValueError(f"max_unclosed_chars must be 0 or more; got {max_unclosed_chars}")
    return min(max_unclosed_chars, sys.maxsize)


def find_quotes(text: str, paras: list[tuple[int, int]], max_unclosed_chars: int) -> list[Quote]:
    """Quotations, double quotes first, then single quotes used as quotation marks.

    A quotation may run over paragraphs when each new paragraph reopens it. Nested quotations count
    only when their closing marks are there; an opening mark never closed is quoted to its paragraph's
    end (or to the next opening mark), and only when that is short: never the rest of the article.
    """
    found = _core.find_quotes(boundary_text(text), list(paras), _limit(max_unclosed_chars))
    return [Quote(start=s, end=e, text=text[s:e], words=n) for s, e, n in found]


@dataclass(frozen=True, slots=True)
class Segmented:
    text: str
    paragraphs: tuple[tuple[int, int], ...]
    sentences: tuple[Sentence, ...]
    quotes: tuple[Quote, ...]
    voice: Voice
    # per sentence, by index: (words, words that start inside a quotation); what scoring's
    # words-by-voice tallies sum. Empty when a caller assembled the Segmented itself.
    sentence_words: tuple[tuple[int, int], ...] = ()


def segment(text: str, abbr: Abbreviations, max_unclosed_chars: int = 600) -> Segmented:
    return segmented(text, _core.segment(boundary_text(text), abbr.native, _limit(max_unclosed_chars)))


def segmented(text: str, parts) -> Segmented:
    """The Segmented of `text` from the engine's plain data: (paragraphs, sentences as (start,
    end, paragraph, quoted), quotations as (start, end, words), words per sentence, Voice), as
    _core.segment and ArticleResult.segmentation give them."""
    paras, sents, quotes, counts, voice = parts
    sentences = tuple(Sentence(index=i, start=s, end=e, text=text[s:e], paragraph=p, voice=QUOTED if q else AUTHORIAL)
                      for i, (s, e, p, q) in enumerate(sents))
    return Segmented(text, tuple(paras), sentences,
                     tuple(Quote(start=s, end=e, text=text[s:e], words=n) for s, e, n in quotes), voice, tuple(counts))
