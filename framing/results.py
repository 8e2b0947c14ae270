"""Result types: frozen dataclasses with exact offsets into the untouched text.

This module imports nothing from the rest of framing, so every layer can use it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# 2: a third voice, "reported" (indirect speech: the content of an attribution, outside quotation
# marks), in matches, sentences and each category's counts; ArticleScore.reported_words and
# .attributions (source, cue, content, type, name, role); attribution.documents, and
# named_spans[].name / .role.
# 3: `limits` (rule id -> "gave_up" or "too_long"): the rules whose search a limit stopped somewhere in
# the article, so their matches there may be missing.
SCHEMA_VERSION = 3

# Why a rule's search stopped (ArticleScore.limits): it gave up at the backtrack limit (or a regex
# form over the regex crate's size limit), or a look-around rule did not search a sentence longer
# than lookaround_max_bytes.
GAVE_UP = "gave_up"
TOO_LONG = "too_long"

AUTHORIAL = "authorial"
QUOTED = "quoted"
REPORTED = "reported"  # indirect speech: "Brandt said [the board should have sought grants first]"
VOICES = (AUTHORIAL, QUOTED, REPORTED)


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
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Attribution:
    """Who is reported as saying or thinking what. type: named, anonymous, vague, document,
    described ("the agency": a definite description) or pronoun (no plain antecedent). name: the
    normalised name (titles and possessive removed; for a pronoun, its antecedent's); role: titles
    and appositives ("Rep.", "a spokesman for the campaign"). source is None for an impersonal
    cue ("it is believed"); content is None when the finder cannot delimit it."""
    source: Span | None
    cue: Span
    content: Span | None
    type: str
    name: str
    role: str
    sentence: int
    name_span: Span | None = None  # the name inside the source, for named sources
    pronoun: bool = False  # the source is a pronoun tied to the earlier named source `name`


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
    reported_words: int = 0
    attributions: tuple[Attribution, ...] = ()
    packs: tuple[str, ...] = ()
    rates_reliable: bool = True
    # {model name: {"threshold", "mean", "share_above"}} over authorial sentences; empty when off.
    classifiers: dict = field(default_factory=dict)
    # {rule id: "gave_up" | "too_long"}: rules a limit stopped somewhere in this article
    limits: dict = field(default_factory=dict)
    schema_version: int = field(default=SCHEMA_VERSION)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def sentence_count(self) -> int:
        """Sentences scored (those outside publisher furniture)."""
        return len(self.sentences)

    @property
    def excluded_count(self) -> int:
        """Paragraphs of publisher furniture left out."""
        return len(self.excluded)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSummary:
    """The per-article numbers of an ArticleScore without its spans: what a corpus row holds
    (framing.report.flatten reads either). Built from the engine's tallies with no per-match
    objects (Scorer.summary). `attribution` holds the numbers only: the counts, rates and
    quoted_word_share, not named_sources or named_spans."""
    source: str
    words: int
    authorial_words: int
    quoted_words: int
    reported_words: int
    sentence_count: int
    excluded_count: int
    categories: dict
    attribution: dict
    sentiment: dict
    readability: dict
    index: float
    rates_reliable: bool
    classifiers: dict = field(default_factory=dict)
    limits: dict = field(default_factory=dict)
    schema_version: int = field(default=SCHEMA_VERSION)
