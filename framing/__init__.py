"""framing: rules-based media-framing scorer.

    import framing
    result = framing.score(text)          # ArticleScore, a frozen dataclass
    result.to_dict()                      # JSON-ready, with schema_version
"""
from __future__ import annotations

import threading

from .packs import Pack, PackError, Rule, load_pack, load_packs
from .results import SCHEMA_VERSION, ArticleScore, Excluded, Match, Quote, Sentence, SentenceScore
from .scoring.scorer import Scorer

__all__ = [
    "score", "Scorer", "load_packs", "load_pack", "Pack", "Rule", "PackError", "ArticleScore",
    "Match", "Sentence", "compare", "compare_all", "outlets", "Comparison", "Alignment", "SentenceScore", "Excluded", "Quote", "SCHEMA_VERSION",
]
__version__ = "0.1.0"

# The one module-level object of framing, by design: the shipped-packs Scorer behind
# framing.score(text). A call cannot be cheap on repeats unless the compiled packs and models
# outlive it, and a plain function has nowhere but its module to keep them. It is a constant,
# not a cache: built once, fully prepared before anyone can see it (under the lock, so threads
# meeting at first use build it once), never changed afterwards, and it holds no results; any
# other packs or parameters get a Scorer of their own per call. Callers who want to control its
# life hold a Scorer themselves.
_default_lock = threading.Lock()
_default_scorer: Scorer | None = None


def __getattr__(name: str):
    # The comparison's result types load on first use: `framing score` never needs them.
    if name in ("Alignment", "Comparison"):
        from .comparison import compare

        return getattr(compare, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _shipped_scorer() -> Scorer:
    global _default_scorer
    with _default_lock:
        if _default_scorer is None:
            scorer = Scorer()
            scorer._prepare()
            _default_scorer = scorer
        return _default_scorer


def score(text: str, packs: list[Pack] | None = None, *, source: str = "<text>", **scorer_params) -> ArticleScore:
    """Score one article. `packs` defaults to the shipped packs; other keyword arguments go to Scorer.
    With neither, one shipped-packs Scorer, built on the first call, serves every call."""
    if packs is None and not scorer_params:
        return _shipped_scorer().score(text, source=source)
    return Scorer(packs, **scorer_params).score(text, source=source)


def _distinct_sources(scores: list[ArticleScore]) -> list[ArticleScore]:
    """Different articles under one source name (framing.score's default "<text>") get "#2", "#3"...,
    so the comparison can tell them apart; the very same article keeps its name."""
    from dataclasses import replace

    seen: dict[str, list[ArticleScore]] = {}
    out = []
    for s in scores:
        same = seen.setdefault(s.source, [])
        if same and not any(s is o or s == o for o in same):
            out.append(replace(s, source=f"{s.source} #{len(same) + 1}"))
        else:
            out.append(s)
        same.append(s)
    return out


def _as_score(article, scorer: Scorer, n: int) -> ArticleScore:
    if isinstance(article, ArticleScore):
        return article
    if isinstance(article, tuple):
        source, text = article
        return scorer.score(text, source=source)
    return scorer.score(article, source=f"<text {n}>")


def outlets(records, **params):
    """Compare outlets across many stories: records are dicts ("id", "text", "source", optionally
    "story" and "date") or a corpus path; returns an OutletReport. See framing.comparison.outlets."""
    from .comparison.outlets import outlets as run

    return run(records, **params)


def compare(target, references, *, scorer: Scorer | None = None) -> Comparison:
    """Compare one article with reports of the same story.

    target and each reference: text (str), a (source, text) pair, or an ArticleScore.
    """
    from .comparison.compare import compare_scores

    if isinstance(references, (str, ArticleScore)) or (isinstance(references, tuple) and len(references) == 2
                                                      and all(isinstance(x, str) for x in references)):
        raise TypeError("references must be a list of articles (texts, (source, text) pairs or ArticleScores), "
                        "not a single article")
    scorer = scorer or Scorer()
    t, *refs = _distinct_sources([_as_score(target, scorer, 0)]
                                 + [_as_score(r, scorer, i + 1) for i, r in enumerate(references)])
    scorer._prepare()
    return compare_scores(t, refs, scorer.config_)


def compare_all(articles, *, scorer: Scorer | None = None) -> list[Comparison]:
    """Each article compared with all the others, most editorializing first."""
    from .comparison.compare import compare_all as _all

    scorer = scorer or Scorer()
    if isinstance(articles, str):
        raise TypeError("articles must be a list of articles, not a single text")
    scores = _distinct_sources([_as_score(a, scorer, i) for i, a in enumerate(articles)])
    scorer._prepare()
    return _all(scores, scorer.config_)
