"""Result types: frozen dataclasses with exact offsets into the untouched text.

This module imports nothing from the rest of framing, so every layer can use it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

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
    # a scare quote: under attribution.min_quote_words words and spoken by no one, so its words
    # are the author's (README, "Voice"); False where no attribution was looked for (segment())
    scare: bool = False


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

    @classmethod
    def from_dict(cls, data: dict) -> Attribution:
        """The inverse of plain(attribution) (name_span and pronoun may be left out)."""
        return _ATTRIBUTION(_span(data["source"]), _span(data["cue"]), _span(data["content"]), data["type"],
                            data["name"], data["role"], data["sentence"], _span(data.get("name_span")),
                            data.get("pronoun", False))


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
        """The JSON contract's form: plain dicts, lists/tuples and values (as dataclasses.asdict)."""
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict) -> ArticleScore:
        """The inverse of to_dict: the result of its plain form (Scorer.score builds its result from
        the data of Scorer.score_data). The nested dicts (categories, attribution, ...) are taken,
        not copied; an attribution may be given as an Attribution already. Data with `suppressed`
        gives a MarkedArticleScore."""
        if cls is ArticleScore and "suppressed" in data:
            cls = MarkedArticleScore
        return cls(**{**data, "sentences": tuple(SentenceScore(**s) for s in data["sentences"]),
                      "matches": tuple(Match(**m) for m in data["matches"]),
                      "excluded": tuple(Excluded(**x) for x in data["excluded"]),
                      "quotes": tuple(Quote(**q) for q in data["quotes"]),
                      "attributions": tuple(a if isinstance(a, Attribution) else Attribution.from_dict(a)
                                            for a in data["attributions"]),
                      "packs": tuple(data["packs"])})

    @property
    def sentence_count(self) -> int:
        """Sentences scored (those outside publisher furniture)."""
        return len(self.sentences)

    @property
    def excluded_count(self) -> int:
        """Paragraphs of publisher furniture left out."""
        return len(self.excluded)


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkedArticleScore(ArticleScore):
    """The ArticleScore of a text holding inline markers (README, "Inline suppression"): one field
    more, `suppressed` ({"regions", "markers", "warnings"}). A subclass, not an optional field, so
    a text without markers keeps its JSON and its to_dict() stays dataclasses.asdict()."""
    suppressed: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleSummary:
    """The per-article numbers of an ArticleScore without its spans: what a corpus row holds
    (flatten reads either). Built from the engine's tallies with no per-match
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


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkedArticleSummary(ArticleSummary):
    """The ArticleSummary of a text holding inline markers (Scorer.summary): one field more,
    `suppressed`, their numbers as its corpus row has them ({"markers", "matches", "warnings"}:
    how many markers, the matches they silenced, their warnings)."""
    suppressed: dict = field(default_factory=dict)


def positional(cls, as_plain: bool = False):
    """A function of the field values of the dataclass `cls`, all of them in field order, giving
    what cls(**values) gives, or with as_plain its plain form (the dict plain() makes of it).
    Scorer.score builds thousands of results an article: the generated __init__ of a frozen
    dataclass binds keywords and sets each field through object.__setattr__ by name, about 2.5
    times the cost of setting each slot through its descriptor as this does. Generated from the
    fields, as dataclasses generates __init__, so it follows them; no defaults, no __post_init__
    (none of these classes has one)."""
    fields = tuple(cls.__dataclass_fields__)
    if as_plain:
        body = f"    return {{{', '.join(f'{f!r}: {f}' for f in fields)}}}"
        namespace = {}
    else:
        body = "\n".join(["    _o = _new(_cls)", *(f"    _set_{f}(_o, {f})" for f in fields), "    return _o"])
        namespace = {"_new": object.__new__, "_cls": cls, **{f"_set_{f}": getattr(cls, f).__set__ for f in fields}}
    exec(f"def {cls.__name__.lower()}({', '.join(fields)}):\n{body}\n", namespace)  # noqa: S102 - our own field names
    return namespace[cls.__name__.lower()]


_SPAN = positional(Span)
_ATTRIBUTION = positional(Attribution)


def _span(data: dict | None) -> Span | None:
    """The inverse of plain(span), None kept."""
    return None if data is None else _SPAN(data["start"], data["end"], data["text"])


def plain(value):
    """A result as plain data, as dataclasses.asdict converts it (dataclasses to dicts of their
    fields in order, lists and tuples kept as such, dicts copied), minus asdict's deep copy of each
    leaf: the values results hold (str, numbers, bool, None) are immutable."""
    cls = type(value)
    fields = getattr(cls, "__dataclass_fields__", None)
    if fields is not None:
        out = {}
        for f in fields:
            v = getattr(value, f)
            out[f] = v if type(v) in _LEAVES else plain(v)
        return out
    if cls is tuple or cls is list:
        return cls(v if type(v) in _LEAVES else plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return cls(plain(v) for v in value)
    if isinstance(value, dict):
        return {k: v if type(v) in _LEAVES else plain(v) for k, v in value.items()}
    return value


_LEAVES = frozenset({str, int, float, bool, type(None)})


# The flat row of an article's scores: the columns of corpus runs and CSV reports.

def format_limits(limits: dict) -> str:
    """ArticleScore.limits as one CSV cell: "rule:why" pairs apart by ";" (rule ids hold neither)."""
    return ";".join(f"{rule}:{why}" for rule, why in sorted(limits.items()))


def parse_limits(cell) -> dict:
    """The inverse of format_limits (a corpus row's `limits` cell back to {rule: why})."""
    return dict(part.rsplit(":", 1) for part in str(cell or "").split(";") if ":" in part)


def extra_columns(sentiment: dict, readability: dict, classifiers: dict) -> dict:
    """The full profile's columns of a row: sentiment, readability and each classifier's summary."""
    row = {}
    if sentiment.get("enabled", True):  # the rules profile computes none: no column, not a fake 0.0
        row["sentiment.mean"] = sentiment["mean"]
        row["sentiment.mean_abs"] = sentiment["mean_abs"]
    for k, v in readability.items():
        if k != "syllables":
            row[f"readability.{k}"] = v
    for name, v in classifiers.items():
        row[f"classifier.{name}.mean"] = v["mean"]
        row[f"classifier.{name}.share_above"] = v["share_above"]
    return row


def flatten(r: ArticleScore | ArticleSummary) -> dict:
    """An article's flat row (the columns of corpus runs and CSV reports). Scorer.row builds the
    same row natively from the engine's tallies (core/src/article.rs, RowBuilder.row); a test
    holds the two equal."""
    # rates_reliable beside the index: a one-word text scores 0.0 and must not pass for a calm article
    row = {"source": r.source, "words": r.words, "authorial_words": r.authorial_words,
           "quoted_words": r.quoted_words, "reported_words": r.reported_words, "sentences": r.sentence_count,
           "index": r.index,
           "rates_reliable": r.rates_reliable}
    for cat, entry in r.categories.items():
        for voice, vals in entry.items():
            for k in ("count", "per_1000_words", "sentence_share"):
                row[f"{cat}.{voice}.{k}"] = vals[k]
    # the sourcing rates as the scorer defines them (per 1,000 words in the author's own voice)
    for k in ("named", "anonymous", "vague", "direct_quotes", "quoted_word_share", "named_per_1000_words",
              "unnamed_per_1000_words"):
        row[f"attribution.{k}"] = r.attribution[k]
    row.update(extra_columns(r.sentiment, r.readability, r.classifiers))
    row["excluded"] = r.excluded_count
    # the rules a limit stopped in this article ("rule:gave_up;rule:too_long"; empty: none)
    row["limits"] = format_limits(r.limits)
    row["schema_version"] = r.schema_version
    return row
