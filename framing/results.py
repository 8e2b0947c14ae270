"""Result types: frozen dataclasses with exact offsets into the untouched text.

This module imports nothing from the rest of framing, so every layer can use it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

SCHEMA_VERSION = 1

AUTHORIAL = "authorial"
QUOTED = "quoted"


@dataclass(frozen=True, slots=True, kw_only=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    voice: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Quote:
    start: int
    end: int
    text: str
    words: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    start: int
    end: int
    text: str
    rule: str
    category: str
    voice: str
    sentence: int
    weight: float
    message: str
    attribution: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Excluded:
    start: int
    end: int
    text: str
    rule: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SentenceScore:
    index: int
    start: int
    end: int
    text: str
    voice: str
    sentiment: float
    classifiers: dict = field(default_factory=dict)  # {model name: probability of its positive class}


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleScore:
    source: str
    words: int
    authorial_words: int
    quoted_words: int
    sentences: tuple[SentenceScore, ...]
    matches: tuple[Match, ...]
    categories: dict
    attribution: dict
    sentiment: dict
    readability: dict
    excluded: tuple[Excluded, ...]
    index: float
    quotes: tuple[Quote, ...] = ()
    packs: tuple[str, ...] = ()
    rates_reliable: bool = True
    # {model name: {"threshold", "mean", "share_above"}} over authorial sentences; empty when off.
    classifiers: dict = field(default_factory=dict)
    schema_version: int = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict:
        return asdict(self)
