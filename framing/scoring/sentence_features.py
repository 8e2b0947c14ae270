"""Dense features of sentences taken one by one: what a model is trained and evaluated on.

A sentence alone has no article around it, so its rule hits come from running the rule matcher
over it (many sentences at once, each its own paragraph), its quotations from the quote finder
over it. `framing score` does not use this: there the rule hits and quotations come from the
article's own pass (framing.scoring.classify.ClassifierSet.article_probabilities).

Style features are computed natively (the same code that scores articles); rule hits and VADER
here. Neither NumPy nor scikit-learn is imported.
"""
from __future__ import annotations

import re

from ..engine.native import _core, boundary_text

FURNITURE = "furniture"  # the category of publisher furniture, which is never a feature (as in scoring)
STYLE = tuple(_core.STYLE_FEATURES)
VADER = ("neg", "neu", "pos", "compound", "abs_compound")
# Any quotation mark that is not an apostrophe inside a word; without one, a sentence has no quotes.
_MAYBE_QUOTE = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")


def style_features(sentences: list[str], quoted: list[int]) -> list[list[float]]:
    """The STYLE features of each sentence, given the characters of it inside quotations."""
    return _core.style_features([boundary_text(s) for s in sentences], list(quoted))


class SentenceFeaturizer:
    """Rule, style and VADER features of single sentences as {feature name: value} dicts.

    rules: "full" (every rule of the packs: lexicon terms and regexes), "lexicon" (only the
    lexicon/phrase rules: several times faster), or None; per_rule: also one count per rule;
    style, vader: include those blocks; scorer: a prepared framing.Scorer whose packs define the
    rules (None: the shipped packs). Compiled state is built on first use.
    """

    def __init__(self, *, rules: str | None = "full", per_rule: bool = True, style: bool = True,
                 vader: bool = True, scorer=None):
        if rules not in ("full", "lexicon", None):
            raise ValueError(f"rules must be 'full', 'lexicon' or None; got {rules!r}")
        self.rules = rules
        self.per_rule = per_rule
        self.style = style
        self.vader = vader
        self.scorer = scorer

    def _prepare(self) -> None:
        if getattr(self, "ready_", False):
            return
        from ..packs import load_config

        if self.scorer is not None:
            self.scorer._prepare()
            self.max_unclosed_ = self.scorer._whole_number("segmentation", "max_unclosed_quote_chars", 600, "characters")
        else:
            self.max_unclosed_ = load_config().get("segmentation", {}).get("max_unclosed_quote_chars", 600)
        if self.rules:
            from .matching import Matcher, longest_per_category
            from ..packs import load_packs

            lexicon_only = self.rules == "lexicon"
            if self.scorer is not None:
                packs, disabled, overlap = self.scorer.packs_, self.scorer.disabled_, self.scorer.overlap
            else:
                packs, disabled, overlap = load_packs(), set(), longest_per_category
            if self.scorer is not None and not lexicon_only:
                self.matcher_ = self.scorer.matcher_  # every non-furniture rule, compiled already
            else:
                self.matcher_ = Matcher(packs, disabled, overlap=overlap,
                                        only=lambda r: r.category != FURNITURE and (r.pattern is None or not lexicon_only))
            self.categories_ = sorted({r.category for p in packs for r in p.rules if r.category != FURNITURE})
        if self.vader:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            self.vader_ = SentimentIntensityAnalyzer()
        self.ready_ = True

    def feature_names(self) -> list[str]:
        """Names of every feature this featurizer can produce, in a fixed order."""
        self._prepare()
        names: list[str] = []
        if self.rules:
            names += [f"rule:{c}:{v}" for c in self.categories_ for v in ("authorial", "quoted")]
            if self.per_rule:
                names += [f"rule:{r.id}" for r in self.matcher_.rules]
        if self.style:
            names += [f"style:{n}" for n in STYLE]
        if self.vader:
            names += [f"vader:{n}" for n in VADER]
        return names

    def quotes(self, sentences: list[str]) -> list[list]:
        """The quotations found in each sentence alone."""
        self._prepare()
        from .segment import find_quotes

        return [find_quotes(s, [(0, len(s))], self.max_unclosed_) if _MAYBE_QUOTE.search(s) else []
                for s in sentences]

    def given(self, sentences: list[str], quotes: list[list] | None = None, chunk: int = 256) -> list[dict[str, float]]:
        """The rule and VADER features of each sentence (the ones the native scorer is given);
        quotes: each sentence's quotations (self.quotes(sentences) when None)."""
        self._prepare()
        outs: list[dict[str, float]] = [{} for _ in sentences]
        if self.rules:
            quotes = self.quotes(sentences) if quotes is None else quotes
            for at in range(0, len(sentences), chunk):
                self._rule_counts(sentences[at:at + chunk], quotes[at:at + chunk], outs[at:at + chunk])
        if self.vader:
            for s, out in zip(sentences, outs):
                v = self.vader_.polarity_scores(s)
                out["vader:neg"], out["vader:neu"], out["vader:pos"] = v["neg"], v["neu"], v["pos"]
                out["vader:compound"], out["vader:abs_compound"] = v["compound"], abs(v["compound"])
        return outs

    def features_batch(self, sentences: list[str]) -> list[dict[str, float]]:
        """Every feature of each sentence; features that are zero may be left out."""
        quotes = self.quotes(sentences) if self.rules or self.style else None
        outs = self.given(sentences, quotes)
        if self.style:
            quoted = [sum(q.end - q.start for q in qs) for qs in quotes]
            for out, values in zip(outs, style_features(sentences, quoted)):
                out.update(zip((f"style:{n}" for n in STYLE), values))
        return outs

    def features(self, sentence: str) -> dict[str, float]:
        return self.features_batch([sentence])[0]

    def _rule_counts(self, sentences: list[str], quotes: list, outs: list[dict]) -> None:
        """Rule hits by category and voice (and by rule): the matcher runs once over the sentences
        joined as paragraphs of one text, so its per-call set-up is shared."""
        from ..results import AUTHORIAL, Quote, Sentence
        from .segment import Segmented, Voice

        parts, spans, sents, all_quotes, at = [], [], [], [], 0
        for i, (s, qs) in enumerate(zip(sentences, quotes)):
            parts.append(s)
            spans.append((at, at + len(s)))
            sents.append(Sentence(index=i, start=at, end=at + len(s), text=s, paragraph=i, voice=AUTHORIAL))
            all_quotes += [Quote(start=q.start + at, end=q.end + at, text=q.text, words=q.words) for q in qs]
            at += len(s) + 2
        text = "\n\n".join(parts)  # each sentence its own paragraph: no rule crosses a blank line
        seg = Segmented(text, tuple(spans), tuple(sents), tuple(all_quotes), Voice(all_quotes))
        per_rule = self.per_rule
        for m in self.matcher_.match(seg):
            out = outs[m.sentence]
            k = f"rule:{m.category}:{m.voice}"
            out[k] = out.get(k, 0.0) + 1.0
            if per_rule:
                k = f"rule:{m.rule}"
                out[k] = out.get(k, 0.0) + 1.0
