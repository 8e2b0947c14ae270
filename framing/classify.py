"""Sentence classifiers: light inference, safe model files, training and evaluation.

A model scores one sentence at a time with a calibrated linear model over four feature blocks:

* ``word``  TF-IDF over word uni- and bigrams (punctuation marks are tokens too),
* ``char``  TF-IDF over character n-grams inside word boundaries,
* ``dense`` rule-pack hits by category and voice and by rule (``rule:...``), VADER scores
  (``vader:...``) and simple style features (``style:...``), each divided by its largest
  training value (older files: standardised).

Training uses scikit-learn (imported only inside the training functions); prediction does not:
a model is stored as JSON (settings, vocabularies, feature names) plus a NumPy ``.npz`` of float
arrays read with ``allow_pickle=False``, and scored here with plain Python and NumPy, so loading a
model never executes code from the file and ``import framing.classify`` stays cheap.

Public API (stable)::

    shipped_models() -> list[str]
    load_model(name_or_dir) -> SentenceModel
    load_models(names=None) -> list[SentenceModel]      (cached per process)
    sentence_probabilities(sentences, models=None) -> {name: {threshold, probabilities, mean, share_above}}
    predict_proba_many(models, sentences) -> [np.ndarray of P(positive), one per model]
    SentenceModel.predict_proba(sentences) -> np.ndarray of P(positive)
    SentenceModel.predict(sentences) -> np.ndarray of bool (probability >= threshold)
    SentenceModel.explain(sentence, top=10) -> [(feature, contribution), ...]
    SentenceModel.name, .threshold, .positive_label, .card
    train(texts, labels, name=..., **params) -> SentenceModel
    evaluate(model, texts, labels) -> dict of metrics
    cross_validate(texts, labels, folds=5, **params) -> dict of metrics
    RuleFeatures, StyleFeatures (scikit-learn transformers, from framing.features)
"""
from __future__ import annotations

import bisect
import functools
import json
import math
import operator
import re
import weakref
from collections import Counter
from functools import partial
from itertools import chain, groupby, repeat
from pathlib import Path

import numpy as np

from .packs import as_list

FORMAT = "framing-sentence-model"
FORMAT_VERSION = 1
MODELS_DIR = Path(__file__).resolve().parent / "models"
SETTINGS_FILE = "model.json"
WEIGHTS_FILE = "weights.npz"
CARD_FILE = "MODEL_CARD.md"


def _sigmoid(z) -> np.ndarray:
    """1 / (1 + e^-z) without overflow: extreme scores (long emoji or RTL runs) saturate at 0 or 1."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


class ModelError(Exception):
    """A model file that cannot be used: names the file and the problem."""


# ---------------------------------------------------------------------------------------------
# Text features shared by training and prediction (so both tokenise identically).

_NORM = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("«", '"'), ("»", '"'))
_TOKEN_RE = re.compile(r"\w+(?:'\w+)*|[^\w\s]")


def normalise(text: str) -> str:
    """Lower case with typographic quotes made straight: the form both analyzers see."""
    text = text.lower()
    if not text.isascii():  # str.translate is slow; most sentences need at most a few replaces
        for a, b in _NORM:
            if a in text:
                text = text.replace(a, b)
    return text


def word_ngrams(text: str, lo: int = 1, hi: int = 2) -> list[str]:
    """Word n-grams (lo..hi) over tokens: words, contractions, and single punctuation marks."""
    toks = _TOKEN_RE.findall(normalise(text))
    out = toks[:] if lo <= 1 else []
    for n in range(max(lo, 2), hi + 1):
        if n == 2:  # the common case, without a join per bigram
            out.extend([f"{a} {b}" for a, b in zip(toks, toks[1:])])
        else:
            out.extend([" ".join(toks[i:i + n]) for i in range(len(toks) - n + 1)])
    return out


def char_ngrams(text: str, lo: int = 2, hi: int = 5) -> list[str]:
    """Character n-grams (lo..hi) of each whitespace-separated word padded with one space."""
    out: list[str] = []
    for w in normalise(text).split():
        w = f" {w} "
        k = len(w)
        for n in range(lo, min(hi, k) + 1):
            out += [w[i:i + n] for i in range(k - n + 1)]
    return out


_FIRST = frozenset("i me my mine myself we us our ours ourselves".split())
_SECOND = frozenset("you your yours yourself yourselves".split())
_MODALS = frozenset("may might could would should must can will shall ought".split())
_NEGATION = frozenset("not no never nor none nothing neither n't cannot".split())
_STYLE = ("words_log", "chars_per_word", "quote_share", "has_quote", "first_person", "second_person",
          "question", "exclamation", "modals", "negation", "digits", "capitalised_share", "all_caps")
# Any quotation mark that is not an apostrophe inside a word; without one, a sentence has no quotes.
_MAYBE_QUOTE = re.compile(r"[\"“”«»„]|(?<!\w)['‘’]|['‘’](?!\w)")
_STYLE_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")
_VADER = ("neg", "neu", "pos", "compound", "abs_compound")


_SHARED: dict = {}  # built once per process: the default Scorer and rule matchers (costly to compile)


def _default_scorer():
    if "scorer" not in _SHARED:
        from .scoring import Scorer

        scorer = Scorer(profile="rules")  # the compiled packs are all the features need
        scorer._prepare()
        _SHARED["scorer"] = scorer
    return _SHARED["scorer"]


def share_default_scorer(scorer) -> None:
    """Let the rule features use `scorer` (which must run the shipped packs with default settings)
    instead of compiling the packs a second time."""
    _SHARED.setdefault("scorer", scorer)


def _rule_matcher(scorer, rules: str):
    scorer._prepare()
    if rules == "full":  # the scorer's own matcher holds every non-furniture rule
        return scorer.matcher_
    key = (id(scorer), rules)
    if key not in _SHARED:
        from .matching import Matcher
        from .scoring import FURNITURE

        _SHARED[key] = (scorer, Matcher(scorer.packs_, scorer.disabled_, overlap=scorer.overlap,
                                        only=lambda r: r.category != FURNITURE and r.pattern is None))
    return _SHARED[key][1]


class DenseFeaturizer:
    """Rule, style and VADER features of single sentences as {feature name: value} dicts.

    rules: "full" (every rule of the packs: lexicon terms and regexes), "lexicon" (only
    the lexicon/phrase rules: several times faster), or None; per_rule: also one count per rule;
    style, vader: include those blocks; scorer: a framing.Scorer whose packs define the rules
    (None: the shipped packs).
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
        self._ready = False

    def _prepare(self):
        if self._ready:
            return
        if self.rules:
            scorer = self.scorer if self.scorer is not None else _default_scorer()
            self._matcher = _rule_matcher(scorer, self.rules)
            self._categories = list(scorer.categories_)
            self._max_unclosed = scorer._setting("segmentation", "max_unclosed_quote_chars", 600)
        if self.vader:
            from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

            self._vader = SentimentIntensityAnalyzer()
        self._ready = True

    def feature_names(self) -> list[str]:
        """Names of every feature this featurizer can produce, in a fixed order."""
        self._prepare()
        names: list[str] = []
        if self.rules:
            names += [f"rule:{c}:{v}" for c in self._categories for v in ("authorial", "quoted")]
            if self.per_rule:
                names += [f"rule:{r.id}" for r in self._matcher.rules]
        if self.style:
            names += [f"style:{n}" for n in _STYLE]
        if self.vader:
            names += [f"vader:{n}" for n in _VADER]
        return names

    def features(self, sentence: str) -> dict[str, float]:
        """{feature name: value} of one sentence; features that are zero may be left out."""
        return self.features_batch([sentence])[0]

    def features_batch(self, sentences: list[str], chunk: int = 256) -> list[dict[str, float]]:
        """features() of many sentences; the rule matcher runs once per `chunk` sentences (joined as
        paragraphs of one text, so its per-call set-up is shared), with the same matches."""
        self._prepare()
        from .segment import find_quotes

        limit = self._max_unclosed if self.rules else 600
        quotes = [find_quotes(s, [(0, len(s))], limit) if (self.rules or self.style) and _MAYBE_QUOTE.search(s)
                  else [] for s in sentences]
        outs: list[dict[str, float]] = [{} for _ in sentences]
        if self.rules:
            for at in range(0, len(sentences), chunk):
                self._rule_counts(sentences[at:at + chunk], quotes[at:at + chunk], outs[at:at + chunk])
        for sentence, qs, out in zip(sentences, quotes, outs):
            self._style_vader(sentence, sum(q.end - q.start for q in qs), out)
        return outs

    def _rule_counts(self, sentences: list[str], quotes: list, outs: list[dict]) -> None:
        from .results import AUTHORIAL, Quote, Sentence
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
        for m in self._matcher.match(seg):
            out = outs[m.sentence]
            k = f"rule:{m.category}:{m.voice}"
            out[k] = out.get(k, 0.0) + 1.0
            if per_rule:
                k = f"rule:{m.rule}"
                out[k] = out.get(k, 0.0) + 1.0

    def _style_vader(self, sentence: str, quoted_chars: int, out: dict) -> None:
        if self.style:
            words = _STYLE_WORD_RE.findall(sentence)
            nw = len(words) or 1
            chars = first = second = modals = neg = digits = capital = caps = 0
            for i, w in enumerate(words):
                lw = w.lower()
                chars += len(w)
                if lw in _FIRST:
                    first += 1
                elif lw in _SECOND:
                    second += 1
                elif lw in _MODALS:
                    modals += 1
                if lw in _NEGATION or lw.endswith("n't"):
                    neg += 1
                if w.isdigit():
                    digits += 1
                elif i and w[0].isupper():
                    capital += 1
                    if len(w) > 1 and w.isupper():
                        caps += 1
            out["style:words_log"] = math.log1p(len(words))
            out["style:chars_per_word"] = chars / nw
            out["style:quote_share"] = quoted_chars / (len(sentence) or 1)
            out["style:has_quote"] = float(bool(quoted_chars))
            out["style:first_person"] = float(first)
            out["style:second_person"] = float(second)
            out["style:question"] = float(sentence.count("?"))
            out["style:exclamation"] = float(sentence.count("!"))
            out["style:modals"] = float(modals)
            out["style:negation"] = float(neg)
            out["style:digits"] = float(digits)
            out["style:capitalised_share"] = capital / nw
            out["style:all_caps"] = float(caps)
        if self.vader:
            v = self._vader.polarity_scores(sentence)
            out["vader:neg"], out["vader:neu"], out["vader:pos"] = v["neg"], v["neu"], v["pos"]
            out["vader:compound"], out["vader:abs_compound"] = v["compound"], abs(v["compound"])

    def matrix(self, sentences, names: list[str], cache: dict | None = None) -> np.ndarray:
        """Features of each sentence in the columns `names` (a feature the packs no longer have is 0).

        cache: optional dict sentence -> features, filled and reused (training featurises the same
        sentences once per cross-validation fold)."""
        col = {n: j for j, n in enumerate(names)}
        x = np.zeros((len(sentences), len(names)))
        if cache is None:
            all_feats = self.features_batch(sentences)
        else:
            todo = list(dict.fromkeys(s for s in sentences if s not in cache))
            cache.update(zip(todo, self.features_batch(todo)))
            all_feats = [cache[s] for s in sentences]
        for i, feats in enumerate(all_feats):
            for k, v in feats.items():
                j = col.get(k)
                if j is not None:
                    x[i, j] = v
        return x


# ---------------------------------------------------------------------------------------------
# Batch n-gram look-up (prediction only).

_LAST_TEXT: list = [None]  # [(sentences, {piece: value})] of the latest batch, shared by the models


def _batch_piece(sentences: list[str], piece, make):
    """make(sentences), kept while the models score the same batch: the shipped models cut the
    sentences into the same words and word n-grams, so each batch is cut once, not once per model."""
    key = tuple(sentences)
    last = _LAST_TEXT[0]  # one tuple, replaced whole: another thread never mixes its batch into ours
    if last is None or last[0] != key:
        last = _LAST_TEXT[0] = (key, {})
    pieces = last[1]
    if piece not in pieces:
        pieces[piece] = make(sentences)
    return pieces[piece]


def _forget() -> None:
    """Forget the latest batch's n-grams and dense features, so the next call on the same sentences
    computes them again (the speed benchmark's repeated calls)."""
    _LAST_TEXT[0] = None
    _LAST_DENSE[0] = None


def _words(sentences: list[str]) -> tuple:
    """(distinct words, the distinct word of each word occurrence, the sentence of each occurrence)
    of the normalised, whitespace-split sentences (the char analyzer's words)."""
    split = [normalise(s).split() for s in sentences]
    flat = list(chain.from_iterable(split))
    uniq = list(dict.fromkeys(flat))
    where = dict(zip(uniq, range(len(uniq))))
    return (uniq, np.fromiter(map(where.__getitem__, flat), np.int64, len(flat)),
            np.repeat(np.arange(len(sentences), dtype=np.int64), list(map(len, split))))


def _word_grams(lo: int, hi: int):
    def make(sentences: list[str]) -> tuple:
        """(every word n-gram occurrence, the sentence of each)."""
        per = [word_ngrams(s, lo, hi) for s in sentences]
        return (list(chain.from_iterable(per)),
                np.repeat(np.arange(len(sentences), dtype=np.int64), list(map(len, per))))
    return make


def _sorted_get(terms: list[str], term: str, default=None):
    """The index of term in a strictly sorted list (dict.get's answer for its enumerate)."""
    i = bisect.bisect_left(terms, term)
    return i if i < len(terms) and terms[i] == term else default


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _term_counts(rows: np.ndarray, ids: np.ndarray, size: int, sublinear: bool):
    """(sentence, column, tf) of each distinct (sentence, column) pair of term occurrences, ordered
    by sentence, then column; size: the number of columns."""
    if not len(ids):
        return None
    key = rows * size + ids
    key.sort(kind="stable")  # stable: fast on the runs that ascending rows leave
    first = np.empty(len(key), dtype=bool)
    first[0] = True
    np.not_equal(key[1:], key[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    counts = np.diff(starts, append=len(key))
    r, j = np.divmod(key[starts], size)
    return r, j, (1.0 + np.log(counts) if sublinear else counts.astype(float))


def _block_scores(counted, idf: np.ndarray, coef: np.ndarray, n: int) -> np.ndarray:
    """w.x per sentence, x the l2-normalised tf-idf vector of the counted terms (_term_counts)."""
    if counted is None:
        return np.zeros(n)
    r, j, tf = counted
    v = tf * idf[j]
    ss = np.bincount(r, v * v, minlength=n)
    num = np.bincount(r, v * coef[j], minlength=n)
    return np.divide(num, np.sqrt(ss), out=np.zeros(n), where=ss > 0)


def _score_blocks(terms, features: dict, weights: list[dict], n: int) -> list[np.ndarray]:
    """w.x summed over the TF-IDF blocks, per sentence, for each of several weight sets
    ({block: (idf, coef)}) over the same columns: the terms (SentenceModel._text_terms) are counted
    once for all of them."""
    zs = [np.zeros(n) for _ in weights]
    for block, rows, cols in terms:
        counted = _term_counts(rows, cols, len(weights[0][block][0]), features[block]["sublinear_tf"])
        for z, w in zip(zs, weights):
            z += _block_scores(counted, *w[block], n)
    return zs


class _CharKeys:
    """A char vocabulary as sorted integer keys, so the n-grams of many words are looked up with
    NumPy instead of one dict look-up per n-gram. An n-gram's key packs the 1-based positions of its
    characters in the vocabulary's alphabet, `bits` bits each: exact (distinct n-grams have distinct
    keys), and an n-gram with a character outside the alphabet is in no vocabulary entry.
    usable is False when the keys would not fit 63 bits (a huge alphabet or long n-grams)."""

    def __init__(self, vocab: list[str], lo: int, hi: int):
        self.lo, self.hi = lo, hi
        lengths = np.fromiter(map(len, vocab), np.int64, len(vocab))
        cps = _code_points("".join(vocab))
        # digit[code point]: 1-based rank in the alphabet, 0 for a character in no entry (the last
        # slot stands for every code point above the alphabet's largest).
        present = np.bincount(cps, minlength=1) > 0 if len(cps) else np.zeros(1, dtype=bool)
        self.digit = np.zeros(len(present) + 1, np.int64)
        self.digit[:-1] = np.where(present, np.cumsum(present), 0)
        self.bits = max(1, int(present.sum()).bit_length())
        self.usable = self.bits * hi <= 63
        if not self.usable:
            return
        digits = self.digit[cps]
        starts = np.cumsum(lengths) - lengths
        fits = (lengths >= lo) & (lengths <= hi)  # no other entry can match an n-gram of the range
        keys = np.zeros(len(vocab), np.int64)
        for k in range(hi):
            on = fits & (lengths > k)
            keys[on] += digits[starts[on] + k] << (self.bits * k)
        cols = np.flatnonzero(fits)
        keys = keys[cols]
        # A repeated entry: the dict look-up (dict(zip(vocab, range))) answers its last column,
        # the last of its run after a stable sort.
        order = np.argsort(keys, kind="stable")
        keys, cols = keys[order], cols[order]
        last = np.ones(len(keys), dtype=bool)
        last[:-1] = keys[1:] != keys[:-1]
        self.keys, self.cols = keys[last], cols[last]

    def lookup(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(the columns of the in-vocabulary character n-grams of each word (char_ngrams of the
        word, which must be normalised and hold no whitespace), the word of each column)."""
        lo, hi, bits = self.lo, self.hi, self.bits
        if not words:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        cps = _code_points(" " + "  ".join(words) + " ")  # every word padded with one space
        size = len(cps)
        digits = self.digit[np.minimum(cps, len(self.digit) - 1)]
        lengths = np.fromiter(map(len, words), np.int64, len(words)) + 2
        word_end = np.repeat(np.cumsum(lengths), lengths)  # end of the padded word holding each position
        pos = np.arange(size)
        width = hi - lo + 1
        keys = np.zeros((size, width), np.int64)
        ok = np.zeros((size, width), dtype=bool)
        key = np.zeros(size, np.int64)
        known = np.ones(size, dtype=bool)
        for n in range(1, hi + 1):  # key/known of the n-gram starting at each position
            m = max(size - n + 1, 0)
            key[:m] += digits[n - 1:] << (bits * (n - 1))
            known[:m] &= digits[n - 1:] > 0
            known[m:] = False
            if n >= lo:
                keys[:, n - lo] = key
                ok[:, n - lo] = known & (pos + n <= word_end)
        ok = ok.ravel()
        q = keys.ravel()[ok]
        word = np.repeat(np.repeat(np.arange(len(words), dtype=np.int64), lengths), width)[ok]
        if not len(self.keys):
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        at = np.minimum(np.searchsorted(self.keys, q), len(self.keys) - 1)
        hit = self.keys[at] == q
        return self.cols[at[hit]], word[hit]


# ---------------------------------------------------------------------------------------------
# The model: light inference from stored arrays.

_LAST_DENSE: list = [None]  # [(key, matrix)] of the latest call
_BATCH = 2000  # sentences scored at once: bounds the memory of the look-up arrays


def _dense_matrix(featurizer: DenseFeaturizer, sentences: list[str], names: list[str]) -> np.ndarray:
    """featurizer.matrix(), reused when the next model asks for the same features of the same
    sentences (the shipped models share them: scoring an article runs the rule matcher once, not
    once per model)."""
    if featurizer.scorer is not None:
        return featurizer.matrix(sentences, names)
    key = (featurizer.rules, featurizer.per_rule, featurizer.style, featurizer.vader, tuple(names), tuple(sentences))
    last = _LAST_DENSE[0]  # one tuple, replaced whole (threads)
    if last is None or last[0] != key:
        last = _LAST_DENSE[0] = (key, featurizer.matrix(sentences, names))
    return last[1]


class SentenceModel:
    """A trained sentence classifier. Build with `train()` or `load_model()`.

    name: short name ("biased"); positive_label / negative_label: the labels it was trained on;
    threshold: probability at or above which a sentence counts as positive (chosen on
    cross-validated training predictions); card: the model card text (may be empty).
    """

    def __init__(self, *, name: str, settings: dict, arrays: dict[str, np.ndarray], card: str = "",
                 source: str = "<memory>", char_keys_after_words: int = 4_000, char_cache_words: int = 20_000):
        """char_keys_after_words: terms are found by bisection in the stored (sorted) vocabulary until
        the model has seen this many distinct words, then in dicts and, for character n-grams, with
        sorted NumPy keys (building those takes ~60 ms, which one article does not repay; a corpus does). char_cache_words: the most words whose
        n-gram columns are kept (about 200 bytes each; the cache starts afresh when full)."""
        self.name = name
        self.settings = settings
        self.arrays = arrays
        self.card = card
        self.source = source
        self.threshold = float(settings["threshold"])
        self.positive_label = settings.get("positive_label")
        self.negative_label = settings.get("negative_label")
        fs = settings["features"]
        self._word = fs.get("word")
        self._char = fs.get("char")
        self._dense_names = list(fs.get("dense", {}).get("names", []))
        self._word_list = settings.get("word_vocabulary", [])
        self._char_list = settings.get("char_vocabulary", [])
        # scikit-learn stores a vocabulary sorted by term: then a term's column is found by bisection
        # until the dicts (40 ms for the shipped models, most of loading them) pay for themselves.
        self._sorted = all(map(operator.lt, self._word_list, self._word_list[1:])) and \
            all(map(operator.lt, self._char_list, self._char_list[1:]))
        self.char_keys_after_words = char_keys_after_words
        self.char_cache_words = char_cache_words
        self._char_cache: dict[str, np.ndarray] = {}
        self._char_keys: _CharKeys | None = None  # built once enough words have been looked up
        self._words_seen = 0
        self._dense = None
        if self._dense_names:
            d = fs["dense"]
            self._dense = DenseFeaturizer(rules=d.get("rules"), per_rule=d.get("per_rule", True),
                                          style=d.get("style", True), vader=d.get("vader", True))
        self._intercept = float(arrays["intercept"][0])
        self._platt = (float(arrays["calibration"][0]), float(arrays["calibration"][1]))

    def __repr__(self):
        return f"SentenceModel(name={self.name!r}, threshold={self.threshold:.3f}, source={self.source!r})"

    # -- scoring
    @staticmethod
    def _block(grams: list[str], vocab: dict, idf: list, coef: list, sublinear: bool, explain=None):
        """One TF-IDF block's contribution w.x of an l2-normalised tf-idf vector x."""
        num = ss = 0.0
        hits = []
        for g, c in Counter(grams).items():
            j = vocab.get(g)
            if j is None:
                continue
            v = (1.0 + math.log(c) if sublinear else float(c)) * idf[j]
            ss += v * v
            num += v * coef[j]
            if explain is not None:
                hits.append((g, v * coef[j]))
        if not ss:
            return 0.0
        norm = math.sqrt(ss)
        if explain is not None:
            explain.extend((g, w / norm) for g, w in hits)
        return num / norm

    @functools.cached_property
    def _word_vocab(self) -> dict[str, int]:
        return dict(zip(self._word_list, range(len(self._word_list))))  # faster than a comprehension

    @functools.cached_property
    def _char_vocab(self) -> dict[str, int]:
        return dict(zip(self._char_list, range(len(self._char_list))))

    def _vocab_get(self, block: str):
        """get(term, default) of a block's vocabulary: bisection while few words have been seen."""
        if self._sorted and self._words_seen <= self.char_keys_after_words:
            return partial(_sorted_get, self._word_list if block == "word" else self._char_list)
        return (self._word_vocab if block == "word" else self._char_vocab).get

    @functools.cached_property
    def _weight_lists(self) -> tuple[list, list, list, list]:
        """word idf, word coef, char idf, char coef as Python lists: scalar indexing is much faster
        than on NumPy arrays in the per-sentence loop of explanations (made on first use)."""
        a = self.arrays
        return (a["word_idf"].tolist() if self._word else [], a["word_coef"].tolist() if self._word else [],
                a["char_idf"].tolist() if self._char else [], a["char_coef"].tolist() if self._char else [])

    def _text_scores(self, sentence: str, explain=None) -> float:
        z = 0.0
        word_idf, word_coef, char_idf, char_coef = self._weight_lists
        if self._word:
            w = self._word
            ex = [] if explain is not None else None
            z += self._block(word_ngrams(sentence, *w["ngram_range"]), self._word_vocab, word_idf,
                             word_coef, w["sublinear_tf"], ex)
            if ex is not None:
                explain.extend((f"word:{g}", c) for g, c in ex)
        if self._char:
            c_ = self._char
            ex = [] if explain is not None else None
            z += self._block(char_ngrams(sentence, *c_["ngram_range"]), self._char_vocab, char_idf,
                             char_coef, c_["sublinear_tf"], ex)
            if ex is not None:
                # A character n-gram means little alone: credit each to the words it occurs in
                # (shared n-grams split by occurrences), so the parts still sum to the block's total.
                per_word: dict[str, Counter] = {}
                for word in normalise(sentence).split():
                    per_word.setdefault(word, Counter()).update(char_ngrams(word, *c_["ngram_range"]))
                total = Counter()
                for grams in per_word.values():
                    total.update(grams)
                credit: dict[str, float] = {}
                for g, c in ex:
                    for word, grams in per_word.items():
                        if g in grams:
                            credit[word] = credit.get(word, 0.0) + c * grams[g] / total[g]
                explain.extend((f"chars:{word}", c) for word, c in credit.items())
        return z

    def _char_columns(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """(columns of the in-vocabulary char n-grams of each word, the word of each column), from
        a bounded per-word cache: news repeats its words, so a corpus run looks up few new ones."""
        cache = self._char_cache
        got = {w: a for w in words if (a := cache.get(w)) is not None}
        miss = [w for w in words if w not in got]
        if miss:
            cols, col_word = self._char_columns_uncached(miss)
            # each word's columns are contiguous, in word order
            parts = np.split(cols.astype(np.int32), np.cumsum(np.bincount(col_word, minlength=len(miss)))[:-1])
            got.update(zip(miss, parts))
            if len(cache) + len(miss) > self.char_cache_words:
                cache.clear()
            if len(miss) <= self.char_cache_words:
                cache.update(zip(miss, parts))
        per = [got[w] for w in words]
        lengths = np.fromiter(map(len, per), np.int64, len(per))
        cols = np.concatenate(per).astype(np.int64) if per else np.zeros(0, np.int64)
        return cols, np.repeat(np.arange(len(words), dtype=np.int64), lengths)

    def _char_columns_uncached(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        if self._char_keys is None and self._words_seen > self.char_keys_after_words:
            self._char_keys = _CharKeys(self.settings.get("char_vocabulary", []), *self._char["ngram_range"])
        if self._char_keys is not None and self._char_keys.usable:
            return self._char_keys.lookup(words)
        get, lo, hi = self._vocab_get("char"), *self._char["ngram_range"]  # the general (slower) way
        per = [[j for j in map(get, char_ngrams(w, lo, hi)) if j is not None] for w in words]
        return (np.fromiter(chain.from_iterable(per), np.int64),
                np.repeat(np.arange(len(words), dtype=np.int64), list(map(len, per))))

    def _text_terms(self, sentences: list[str], count_words: bool = True) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(block, sentence, vocabulary column) of every in-vocabulary n-gram occurrence of the
        batch, per TF-IDF block: the look-up half of scoring, which needs no weights.
        count_words=False: the batch's words do not count towards building dicts and keys."""
        out = []
        words, word_of, rows = _batch_piece(sentences, "words", _words)
        # The batch's distinct words decide how its terms are looked up (see char_keys_after_words).
        if count_words:
            self._words_seen += len(words)
        if self._word:
            lo, hi = self._word["ngram_range"]
            grams, gram_rows = _batch_piece(sentences, ("word", lo, hi), _word_grams(lo, hi))
            cols = np.fromiter(map(self._vocab_get("word"), grams, repeat(-1)), np.int64, len(grams))
            keep = cols >= 0
            out.append(("word", gram_rows[keep], cols[keep]))
        if self._char:
            cols, col_word = self._char_columns(words)
            # The columns of each distinct word are contiguous (in word order): one run of them per
            # occurrence of the word.
            per_word = np.bincount(col_word, minlength=len(words))
            offset = np.cumsum(per_word) - per_word
            lengths = per_word[word_of]
            ends = np.cumsum(lengths)
            at = np.arange(int(ends[-1]) if len(ends) else 0) + np.repeat(offset[word_of] - (ends - lengths), lengths)
            out.append(("char", np.repeat(rows, lengths), cols[at]))
        return out

    def _text_batch(self, sentences: list[str], count_words: bool = True) -> np.ndarray:
        """The TF-IDF blocks' part of the decision function, per sentence."""
        weights = {b: (self.arrays[f"{b}_idf"], self.arrays[f"{b}_coef"]) for b in ("word", "char")
                   if self.settings["features"].get(b)}
        return _score_blocks(self._text_terms(sentences, count_words), self.settings["features"], [weights],
                             len(sentences))[0]

    def decision_function(self, sentences) -> np.ndarray:
        """Uncalibrated linear score of each sentence (log-odds before calibration)."""
        sentences = _as_list(sentences)
        z = np.zeros(len(sentences))
        for at in range(0, len(sentences), _BATCH):  # bounded memory for big batches
            z[at:at + _BATCH] = self._text_batch(sentences[at:at + _BATCH])
        return self._with_dense(sentences, z)

    def _with_dense(self, sentences: list[str], z: np.ndarray) -> np.ndarray:
        """The text blocks' scores z plus the dense block and the intercept."""
        if self._dense is not None and sentences:
            x = (_dense_matrix(self._dense, sentences, self._dense_names) - self.arrays["dense_mean"]) \
                / self.arrays["dense_scale"]
            z += x @ self.arrays["dense_coef"]
        return z + self._intercept

    def _calibrated(self, z: np.ndarray) -> np.ndarray:
        a, b = self._platt
        return _sigmoid(a * z + b)

    def predict_proba(self, sentences) -> np.ndarray:
        """Calibrated P(positive) of each sentence: a 1-D float array, one value per sentence."""
        return self._calibrated(self.decision_function(sentences))

    def predict(self, sentences) -> np.ndarray:
        """True where P(positive) >= threshold."""
        return self.predict_proba(sentences) >= self.threshold

    def contributions(self, sentence: str) -> tuple[list[tuple[str, float]], float]:
        """Every feature's contribution to the calibrated log-odds of `sentence`, and the bias.

        sum(contributions) + bias == logit(predict_proba([sentence])[0]) (up to rounding).
        """
        a, b = self._platt
        parts: list[tuple[str, float]] = []
        self._text_scores(sentence, explain=parts)
        if self._dense is not None:
            x = (self._dense.matrix([sentence], self._dense_names)[0] - self.arrays["dense_mean"]) / self.arrays["dense_scale"]
            parts.extend((n, float(v)) for n, v in zip(self._dense_names, x * self.arrays["dense_coef"]) if v)
        return [(n, a * c) for n, c in parts], a * self._intercept + b

    def explain(self, sentence: str, top: int = 10) -> list[tuple[str, float]]:
        """The `top` features that pushed this sentence's probability up (positive contribution,
        in log-odds) or down (negative), largest magnitude first. Feature names: 'word:<n-gram>',
        'chars:<word>' (the character n-grams of that word, summed), 'rule:...', 'style:...',
        'vader:...'. In older, standardised models a rule that does not fire can still push a
        little (contributions are relative to the average training sentence); in models scaled by
        the largest value (the default) an absent feature contributes nothing."""
        if not isinstance(sentence, str):
            raise TypeError(f"explain() takes one sentence (a string); got {type(sentence).__name__}")
        if not isinstance(top, int) or top < 1:
            raise ValueError(f"top must be a whole number >= 1; got {top!r}")
        parts, _ = self.contributions(sentence)
        parts.sort(key=lambda p: (-abs(p[1]), p[0]))
        return parts[:top]

    # -- files
    def save(self, directory: str | Path, card: str | None = None) -> Path:
        """Write model.json, weights.npz and MODEL_CARD.md into `directory` (created if needed)."""
        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        payload = {"format": FORMAT, "format_version": FORMAT_VERSION, "name": self.name, **self.settings}
        (d / SETTINGS_FILE).write_text(json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n",
                                       encoding="utf-8")
        with open(d / WEIGHTS_FILE, "wb") as fh:
            np.savez_compressed(fh, **{k: np.asarray(v, dtype=np.float64) for k, v in sorted(self.arrays.items())})
        if card is not None:
            self.card = card
        if self.card:
            (d / CARD_FILE).write_text(self.card, encoding="utf-8")
        return d


def _as_list(sentences) -> list[str]:
    if isinstance(sentences, str):
        raise TypeError("predict_proba() takes a list of sentences, not one string")
    out = list(sentences)
    for i, s in enumerate(out):
        if not isinstance(s, str):
            raise TypeError(f"sentence {i} is {type(s).__name__}, not str")
    return out


# ---------------------------------------------------------------------------------------------
# Loading, with every check a foreign or tampered file needs.

_REQUIRED = ("format", "format_version", "name", "threshold", "features", "positive_label")


def _check_settings(s, where: str) -> None:
    if not isinstance(s, dict):
        raise ModelError(f"{where}: expected a JSON object")
    missing = [k for k in _REQUIRED if k not in s]
    if missing:
        raise ModelError(f"{where}: missing key(s) {', '.join(missing)}")
    if s["format"] != FORMAT:
        raise ModelError(f"{where}: not a framing sentence model (format {s['format']!r})")
    if s["format_version"] != FORMAT_VERSION:
        raise ModelError(f"{where}: format version {s['format_version']!r} is not supported "
                         f"(this framing reads version {FORMAT_VERSION})")
    t = s["threshold"]
    if not isinstance(t, (int, float)) or isinstance(t, bool) or not 0.0 <= t <= 1.0:
        raise ModelError(f"{where}: threshold must be a number in [0, 1]; got {t!r}")
    fs = s["features"]
    if not isinstance(fs, dict) or not fs or set(fs) - {"word", "char", "dense"}:
        raise ModelError(f"{where}: 'features' must name some of the blocks word, char, dense")
    for block in ("word", "char"):
        b = fs.get(block)
        if b is None:
            continue
        rng = b.get("ngram_range") if isinstance(b, dict) else None
        if not (isinstance(rng, list) and len(rng) == 2 and all(isinstance(v, int) and 1 <= v <= 10 for v in rng)
                and rng[0] <= rng[1]) or not isinstance(b.get("sublinear_tf"), bool):
            raise ModelError(f"{where}: features.{block} needs ngram_range [lo, hi] and sublinear_tf")
        vocab = s.get(f"{block}_vocabulary")
        if not isinstance(vocab, list) or not set(map(type, vocab)) <= {str}:  # (C speed: 240k terms)
            raise ModelError(f"{where}: {block}_vocabulary must be a list of strings")
    d = fs.get("dense")
    if d is not None:
        if not isinstance(d, dict) or not isinstance(d.get("names"), list) \
                or not all(isinstance(n, str) for n in d["names"]) or d.get("rules") not in ("full", "lexicon", None):
            raise ModelError(f"{where}: features.dense needs a list of names and rules full|lexicon|null")
        if d.get("scaler", "standard") not in ("standard", "maxabs"):
            raise ModelError(f"{where}: features.dense.scaler must be standard or maxabs")


def _check_arrays(s: dict, arrays: dict, where: str) -> None:
    fs = s["features"]
    want = {"intercept": 1, "calibration": 2}
    for block in ("word", "char"):
        if block in fs:
            n = len(s[f"{block}_vocabulary"])
            want[f"{block}_idf"] = want[f"{block}_coef"] = n
    if "dense" in fs:
        n = len(fs["dense"]["names"])
        want["dense_mean"] = want["dense_scale"] = want["dense_coef"] = n
    for k, n in want.items():
        if k not in arrays:
            raise ModelError(f"{where}: missing array {k!r}")
        a = arrays[k]
        if a.dtype.kind != "f" or a.shape != (n,):
            raise ModelError(f"{where}: array {k!r} has shape {a.shape} and dtype {a.dtype}; expected ({n},) floats")
        if not np.all(np.isfinite(a)):
            raise ModelError(f"{where}: array {k!r} holds non-finite values")
    if "dense_scale" in want and np.any(arrays["dense_scale"] <= 0):
        raise ModelError(f"{where}: array 'dense_scale' must be positive")


def shipped_models() -> list[str]:
    """Names of the models shipped with framing (directories of framing/models/ with a model.json)."""
    if not MODELS_DIR.is_dir():
        return []
    return sorted(p.name for p in MODELS_DIR.iterdir() if (p / SETTINGS_FILE).is_file())


def load_model(name_or_dir: str | Path) -> SentenceModel:
    """Load a shipped model by name ("biased") or a model directory written by `save()`.

    Reads only JSON and a NumPy archive with allow_pickle=False; raises ModelError naming the file
    and the problem for anything missing, foreign, tampered or of another format version.
    """
    key = str(name_or_dir)
    d = Path(name_or_dir)
    # A shipped name always means the shipped model, even when the working directory holds a folder of
    # that name (a model trained with -o biased is loaded as ./biased).
    if key in shipped_models() and not isinstance(name_or_dir, Path):
        d = MODELS_DIR / key
    if d.is_file():
        if d.name not in (SETTINGS_FILE, WEIGHTS_FILE):
            raise ModelError(f"{d}: not a model directory or {SETTINGS_FILE}; framing models are directories "
                             f"holding {SETTINGS_FILE} and {WEIGHTS_FILE} (pickles are never loaded)")
        d = d.parent
    if not d.is_dir():
        names = ", ".join(shipped_models()) or "none"
        raise ModelError(f"{key}: no such model directory and no shipped model of that name (shipped: {names})")
    sp, wp = d / SETTINGS_FILE, d / WEIGHTS_FILE
    for p in (sp, wp):
        if not p.is_file():
            raise ModelError(f"{p}: missing (a model directory holds {SETTINGS_FILE} and {WEIGHTS_FILE})")
    try:
        settings = json.loads(sp.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{sp}: not valid JSON ({exc})") from None
    _check_settings(settings, str(sp))
    try:
        with np.load(wp, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except ValueError as exc:  # object arrays (pickles) are refused by allow_pickle=False
        raise ModelError(f"{wp}: refused: {exc}") from None
    except Exception as exc:  # zipfile.BadZipFile, OSError, EOFError ...
        raise ModelError(f"{wp}: not a NumPy .npz archive ({type(exc).__name__}: {exc})") from None
    _check_arrays(settings, arrays, str(wp))
    # The card is documentation: a damaged one must not stop a sound model from loading.
    card = (d / CARD_FILE).read_text(encoding="utf-8", errors="replace") if (d / CARD_FILE).is_file() else ""
    name = settings["name"] if isinstance(settings["name"], str) else d.name
    return SentenceModel(name=name, settings=settings, arrays=arrays, card=card, source=str(d))


def load_models(names=None) -> list[SentenceModel]:
    """Several models at once (default: every shipped model), each loaded once per process."""
    out = []
    for n in (shipped_models() if names is None else as_list(names)):
        key = str(n)
        if key not in _LOADED:
            _LOADED[key] = load_model(n)
        out.append(_LOADED[key])
    return out


_LOADED: dict[str, SentenceModel] = {}


class _SharedTerms:
    """Scores several models that cut text the same way (the shipped ones) with one vocabulary
    look-up: the union of their vocabularies, sorted, with each model's idf and coef spread over it
    (0 where a model lacks a term), so a batch's n-grams are looked up and counted once, not once
    per model. Every model's vocabulary is sorted too, so its terms keep their order in the union
    and each sum adds the same numbers in the same order (plus zeros): the same scores to the bit.
    Built once the models have seen char_keys_after_words distinct words together (until then each
    bisects its own list, as alone). Holds no reference to the models: it is dropped with them."""

    def __init__(self, models: list[SentenceModel]):
        self.after_words = min(m.char_keys_after_words for m in models)
        self.words_seen = 0
        self.lookup: SentenceModel | None = None
        self.weights: list[dict] = []

    @staticmethod
    def usable(models: list[SentenceModel]) -> bool:
        fs = models[0].settings["features"]
        return len(models) > 1 and bool(fs.get("word") or fs.get("char")) and all(
            m._sorted and m.settings["features"].get("word") == fs.get("word")
            and m.settings["features"].get("char") == fs.get("char") for m in models)

    def _build(self, models: list[SentenceModel]) -> None:
        first = models[0]
        fs = {b: first.settings["features"][b] for b in ("word", "char") if first.settings["features"].get(b)}
        settings: dict = {"features": fs, "threshold": 0.5}
        for block in fs:
            # Sorted lists chained are runs, which sorted() merges in linear time (4x faster than
            # sorting their set); groupby then drops the repeats.
            merged = sorted(chain.from_iterable(m.settings[f"{block}_vocabulary"] for m in models))
            settings[f"{block}_vocabulary"] = [term for term, _ in groupby(merged)]
        # A model without weights over the union: its look-up machinery (dicts, NumPy keys, word cache).
        lookup = SentenceModel(name="(shared look-up)", settings=settings,
                               arrays={"intercept": np.zeros(1), "calibration": np.array([1.0, 0.0])},
                               char_keys_after_words=-1, char_cache_words=first.char_cache_words)
        weights = []
        for m in models:
            per = {}
            for block in fs:
                index = lookup._word_vocab if block == "word" else lookup._char_vocab
                terms = m.settings[f"{block}_vocabulary"]
                at = np.fromiter(map(index.__getitem__, terms), np.int64, len(terms))
                idf, coef = np.zeros(len(index)), np.zeros(len(index))
                idf[at], coef[at] = m.arrays[f"{block}_idf"], m.arrays[f"{block}_coef"]
                per[block] = (idf, coef)
            weights.append(per)
        self.weights, self.lookup = weights, lookup  # lookup last: another thread tests it

    def text_scores(self, models: list[SentenceModel], sentences: list[str]) -> list[np.ndarray]:
        """Each model's _text_batch(sentences); models: those this was made for, in that order."""
        if self.lookup is None:
            self.words_seen += len(_batch_piece(sentences, "words", _words)[0])
            if self.words_seen <= self.after_words:  # few words yet: each model bisects its own list
                return [m._text_batch(sentences, count_words=False) for m in models]
            self._build(models)
        return _score_blocks(self.lookup._text_terms(sentences), self.lookup.settings["features"], self.weights,
                             len(sentences))


_SHARED_TERMS: dict[tuple, _SharedTerms] = {}  # by the models' ids; an entry goes when one of them does


def _shared_terms(models: list[SentenceModel]) -> _SharedTerms:
    key = tuple(map(id, models))
    shared = _SHARED_TERMS.get(key)
    if shared is None:
        shared = _SHARED_TERMS[key] = _SharedTerms(models)
        for m in set(models):  # an id is reused only after its model is gone, and the entry with it
            weakref.finalize(m, _SHARED_TERMS.pop, key, None).atexit = False
    return shared


def share_look_up(models) -> None:
    """Build now the shared look-up predict_proba_many would build once the models have seen enough
    words (and its NumPy keys): before forking worker processes, which then inherit it instead of
    each building its own (about 0.2 s of CPU a worker for the shipped models)."""
    models = list(models)
    if models and _SharedTerms.usable(models):
        shared = _shared_terms(models)
        if shared.lookup is None:
            shared._build(models)
            shared.lookup._text_terms(["Prepared."])  # the first look-up builds the NumPy keys


def predict_proba_many(models, sentences) -> list[np.ndarray]:
    """[m.predict_proba(sentences) for m in models], the same values, with one vocabulary look-up
    for all when they cut text the same way (see _SharedTerms)."""
    models = list(models)
    sentences = _as_list(sentences)
    if not sentences or not models or not _SharedTerms.usable(models):
        return [m.predict_proba(sentences) for m in models]
    shared = _shared_terms(models)
    zs = [np.zeros(len(sentences)) for _ in models]
    for at in range(0, len(sentences), _BATCH):
        for z, part in zip(zs, shared.text_scores(models, sentences[at:at + _BATCH])):
            z[at:at + _BATCH] = part
    return [m._calibrated(m._with_dense(sentences, z)) for m, z in zip(models, zs)]


def sentence_probabilities(sentences, models=None) -> dict[str, dict]:
    """Probabilities of every sentence under each model, with the article-level summary that
    `framing score`/`compare` report: {name: {"threshold", "probabilities" (list, one per sentence),
    "mean", "share_above" (share of sentences with probability >= threshold)}}.

    models: SentenceModel objects or names/directories (default: every shipped model).
    """
    sentences = _as_list(sentences)
    ms = [m if isinstance(m, SentenceModel) else load_models([m])[0] for m in models] \
        if models is not None else load_models()
    out = {}
    for m, p in zip(ms, predict_proba_many(ms, sentences)):
        out[m.name] = {
            "threshold": m.threshold,
            "probabilities": [round(float(v), 4) for v in p],
            "mean": round(float(p.mean()), 4) if len(p) else 0.0,
            "share_above": round(float((p >= m.threshold).mean()), 4) if len(p) else 0.0,
        }
    return out


# ---------------------------------------------------------------------------------------------
# Labelled data.

def _label_str(v) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (str, int)) or (isinstance(v, float) and v.is_integer()):
        return str(int(v)) if isinstance(v, float) else str(v)
    return None


def labelled_rows(path: str | Path, *, text_field: str = "text", label_field: str = "label"):
    """The (line, text, label) rows of a JSONL file of labelled sentences, and (line, reason) for
    each malformed one. Raises ValueError (one line) when the file cannot be read or decoded."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ValueError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ValueError(f"{p}: not UTF-8 text (byte {exc.start})") from None
    rows, bad = [], []  # bad: (line number, reason)
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            bad.append((n, f"not valid JSON ({exc.msg})"))
            continue
        if not isinstance(r, dict):
            bad.append((n, "not a JSON object"))
            continue
        text = r.get(text_field)
        if not isinstance(text, str) or not text.strip():
            bad.append((n, f"missing or empty {text_field!r}"))
            continue
        lab = _label_str(r.get(label_field)) if label_field in r else None
        if lab is None:
            bad.append((n, f"missing or non-scalar {label_field!r}"))
            continue
        rows.append((n, text, lab))
    return rows, bad


def read_labelled(path: str | Path, *, positive: str | None, negative: str | None = None,
                  text_field: str = "text", label_field: str = "label"):
    """Read a JSONL file of labelled sentences.

    Returns (texts, labels as a bool array, positive, negative, skipped) where skipped is a list of
    "path:line: reason" strings for malformed rows (bad JSON, missing or empty text, missing or
    unknown label): they are counted, never fatal. Without `negative`, the most common label other
    than `positive` is the negative class and any third label is unknown. Raises ValueError (one
    line) when the file cannot be read or holds no usable rows.
    """
    p = Path(path)
    if positive is None:
        raise ValueError(f"{p}: say which label is the positive class (--positive)")
    rows, bad = labelled_rows(p, text_field=text_field, label_field=label_field)
    if not rows:  # say why, with the first reason, instead of a bare "no usable rows"
        why = f"; line {bad[0][0]}: {bad[0][1]}" if bad else "; the file is empty"
        raise ValueError(f"{p}: no usable rows (text field {text_field!r}, label field {label_field!r}){why}")
    positive = str(positive)
    counts = Counter(lab for _, _, lab in rows)
    if positive not in counts and negative is None:
        raise ValueError(f"{p}: no row has label {positive!r} (labels seen: {', '.join(sorted(counts)) or 'none'})")
    if negative is None:
        others = [lab for lab, _ in counts.most_common() if lab != positive]
        if not others:
            raise ValueError(f"{p}: every row has label {positive!r}; need a second class")
        negative = others[0]
    negative = str(negative)
    texts, labels = [], []
    for n, text, lab in rows:
        if lab not in (positive, negative):
            bad.append((n, f"unknown label {lab!r} (expected {positive!r} or {negative!r})"))
            continue
        texts.append(text)
        labels.append(lab == positive)
    skipped = [f"{p}:{n}: {reason}" for n, reason in sorted(bad)]
    if not texts:
        raise ValueError(f"{p}: no usable rows ({len(skipped)} skipped)")
    return texts, np.array(labels, dtype=bool), positive, negative, skipped


# ---------------------------------------------------------------------------------------------
# Metrics (NumPy only, so evaluation needs no scikit-learn).

def roc_auc(y: np.ndarray, p: np.ndarray) -> float | None:
    """Area under the ROC curve (Mann-Whitney, ties counted half); None with one class only."""
    y = np.asarray(y, dtype=bool)
    n1, n0 = int(y.sum()), int((~y).sum())
    if not n1 or not n0:
        return None
    order = np.argsort(p, kind="mergesort")
    ranks = np.empty(len(p))
    sp = np.asarray(p)[order]
    i = 0
    while i < len(sp):  # average ranks over ties
        j = i
        while j + 1 < len(sp) and sp[j + 1] == sp[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2.0 + 1.0
        i = j + 1
    return float((ranks[y].sum() - n1 * (n1 + 1) / 2.0) / (n1 * n0))


def bool_labels(labels, n: int | None = None) -> np.ndarray:
    """Labels as a bool array: True/False or 1/0 only (a string such as "Biased" would silently count
    as True). n: the number of texts they belong to."""
    if isinstance(labels, str):
        raise TypeError("labels must be a list of booleans or 0/1, not one string")
    labels = list(labels)
    bad = [v for v in labels if not (isinstance(v, (bool, np.bool_)) or (isinstance(v, (int, np.integer, float))
                                                                         and v in (0, 1)))]
    if bad:
        raise ValueError(f"labels must be booleans or 0/1 (True = positive class); got {bad[0]!r}: map your "
                         "labels first (framing train and evaluate do it with --positive)")
    if n is not None and len(labels) != n:
        raise ValueError(f"{n} texts but {len(labels)} labels")
    return np.asarray(labels, dtype=bool)


def _texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise TypeError("texts must be a list of sentences, not one string")
    texts = list(texts)
    bad = [t for t in texts if not isinstance(t, str)]
    if bad:
        raise TypeError(f"every text must be a string; got {type(bad[0]).__name__}")
    return texts


def metrics(y, p, threshold: float) -> dict:
    """n, precision/recall/F1 of the positive class, macro-F1, ROC-AUC, accuracy and the
    confusion matrix [[TN, FP], [FN, TP]] of probabilities `p` against bool labels `y`."""
    y = np.asarray(y, dtype=bool)
    pred = np.asarray(p) >= threshold
    tp = int((pred & y).sum())
    fp = int((pred & ~y).sum())
    fn = int((~pred & y).sum())
    tn = int((~pred & ~y).sum())

    def prf(tp, fp, fn):
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    pr, rc, f1 = prf(tp, fp, fn)
    _, _, f1_neg = prf(tn, fn, fp)
    auc = roc_auc(y, p)
    return {
        "n": int(len(y)), "threshold": round(float(threshold), 4),
        "precision": round(pr, 4), "recall": round(rc, 4), "f1": round(f1, 4),
        "macro_f1": round((f1 + f1_neg) / 2.0, 4), "accuracy": round((tp + tn) / len(y), 4) if len(y) else 0.0,
        "roc_auc": None if auc is None else round(auc, 4),
        "confusion": [[tn, fp], [fn, tp]],
    }


def evaluate(model: SentenceModel, texts, labels, threshold: float | None = None) -> dict:
    """Metrics of `model` on labelled sentences (see `metrics`), at the model's threshold by default."""
    texts = _texts(texts)
    y = bool_labels(labels, len(texts))
    p = model.predict_proba(texts)
    return metrics(y, p, model.threshold if threshold is None else threshold)


# ---------------------------------------------------------------------------------------------
# Training (scikit-learn is imported here, never at module import).

DEFAULTS = {
    "word_ngrams": (1, 2), "char_ngrams": (2, 5), "min_df": 2, "sublinear_tf": True,
    "rules": "full", "per_rule": False, "style": True, "vader": False, "dense_weight": 1.0, "dense_scaler": "maxabs",
    "C": 4.0, "class_weight": "balanced", "calibration_folds": 5, "objective": "macro_f1",
    "random_state": 0,
}


def _params(params: dict) -> dict:
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"unknown training parameter(s): {', '.join(unknown)}")
    out = {**DEFAULTS, **params}
    if out["objective"] not in ("macro_f1", "f1"):
        raise ValueError(f"objective must be 'macro_f1' or 'f1'; got {out['objective']!r}")
    for key, top in (("word_ngrams", 10), ("char_ngrams", 10)):  # the bounds load_model accepts
        rng = out[key]
        if rng is not None and not (isinstance(rng, (tuple, list)) and len(rng) == 2
                                    and all(isinstance(v, int) and 1 <= v <= top for v in rng) and rng[0] <= rng[1]):
            raise ValueError(f"{key} must be None or (lo, hi) with 1 <= lo <= hi <= {top}; got {rng!r}")
    for key in ("C", "dense_weight"):
        if not (isinstance(out[key], (int, float)) and out[key] > 0):
            raise ValueError(f"{key} must be a positive number; got {out[key]!r}")
    if not (isinstance(out["calibration_folds"], int) and out["calibration_folds"] >= 0):
        raise ValueError(f"calibration_folds must be a whole number >= 0; got {out['calibration_folds']!r}")
    return out


def build_pipeline(**params):
    """The scikit-learn Pipeline a model is trained as: FeatureUnion(word TF-IDF, char TF-IDF,
    standardised dense rule/style/VADER features) -> LogisticRegression. Unfitted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import MaxAbsScaler, StandardScaler

    from .features import DenseFeatures

    p = _params(params)
    # Standardising divides a rule that fired on a handful of training sentences by a tiny standard
    # deviation, so one hit outweighs everything else (a loaded-language rule once drove P(uncertain)
    # to 1.0); scaling by the largest absolute value keeps a rare hit at about 1.
    scalers = {"maxabs": MaxAbsScaler, "standard": StandardScaler}
    if p["dense_scaler"] not in scalers:
        raise ValueError(f"dense_scaler must be one of {sorted(scalers)}, not {p['dense_scaler']!r}")
    blocks, weights = [], {}
    if p["word_ngrams"]:
        blocks.append(("word", TfidfVectorizer(analyzer=partial(word_ngrams, lo=p["word_ngrams"][0], hi=p["word_ngrams"][1]),
                                               min_df=p["min_df"], sublinear_tf=p["sublinear_tf"])))
    if p["char_ngrams"]:
        blocks.append(("char", TfidfVectorizer(analyzer=partial(char_ngrams, lo=p["char_ngrams"][0], hi=p["char_ngrams"][1]),
                                               min_df=p["min_df"], sublinear_tf=p["sublinear_tf"])))
    if p["rules"] or p["style"] or p["vader"]:
        blocks.append(("dense", Pipeline([
            ("features", DenseFeatures(rules=p["rules"], per_rule=p["per_rule"], style=p["style"], vader=p["vader"])),
            ("scale", scalers[p["dense_scaler"]]()),
        ])))
        weights["dense"] = p["dense_weight"]
    if not blocks:
        raise ValueError("no feature block enabled")
    return Pipeline([
        ("features", FeatureUnion(blocks, transformer_weights=weights or None)),
        ("clf", LogisticRegression(C=p["C"], class_weight=p["class_weight"], max_iter=5000)),
    ])


def _best_threshold(y, p, objective: str) -> float:
    """The threshold in [0.2, 0.8] maximising `objective`; among equals the one nearest 0.5
    (for calibrated probabilities 0.5 is the natural cut)."""
    grid = sorted(np.round(np.arange(0.2, 0.801, 0.01), 2), key=lambda t: abs(t - 0.5))
    return float(max(grid, key=lambda t: metrics(y, p, t)[objective]))  # max keeps the first best


def _export(pipe, params: dict) -> tuple[dict, dict]:
    """Settings and arrays of a fitted pipeline, in the stored format."""
    union = dict(pipe.named_steps["features"].transformer_list)
    weights = pipe.named_steps["features"].transformer_weights or {}
    coef = pipe.named_steps["clf"].coef_[0]
    settings: dict = {"features": {}}
    arrays: dict = {"intercept": np.array([pipe.named_steps["clf"].intercept_[0]])}
    at = 0
    for block in ("word", "char", "dense"):
        if block not in union:
            continue
        est = union[block]
        if block == "dense":
            feats, scale = est.named_steps["features"], est.named_steps["scale"]
            names = list(feats.get_feature_names_out())
            n = len(names)
            sd = np.where(scale.scale_ > 0, scale.scale_, 1.0)
            mean = getattr(scale, "mean_", None)
            mean = np.zeros(n) if mean is None else mean
            arrays["dense_mean"], arrays["dense_scale"] = mean.astype(float), sd.astype(float)
            arrays["dense_coef"] = coef[at:at + n] * weights.get("dense", 1.0)
            settings["features"]["dense"] = {"names": names, "rules": feats.rules, "per_rule": feats.per_rule,
                                             "style": feats.style, "vader": feats.vader,
                                             "scaler": params["dense_scaler"]}
        else:
            vocab = est.vocabulary_
            terms = sorted(vocab, key=vocab.get)
            n = len(terms)
            arrays[f"{block}_idf"] = est.idf_.astype(float)
            arrays[f"{block}_coef"] = coef[at:at + n] * weights.get(block, 1.0)
            settings[f"{block}_vocabulary"] = terms
            settings["features"][block] = {"ngram_range": list(params[f"{block}_ngrams"]),
                                           "sublinear_tf": bool(params["sublinear_tf"])}
        at += n
    if at != len(coef):
        raise RuntimeError(f"exported {at} coefficients of {len(coef)}")
    return settings, arrays


def train(texts, labels, *, name: str = "model", positive_label: str = "1", negative_label: str = "0",
          sample_weight=None, **params) -> SentenceModel:
    """Train a SentenceModel on sentences `texts` with bool `labels` (True = positive class).

    Probabilities are calibrated by Platt scaling on out-of-fold decision values
    (`calibration_folds`-fold stratified CV), and the threshold is chosen on those same out-of-fold
    probabilities to maximise `objective` ('macro_f1' or 'f1' of the positive class).
    Other parameters (see DEFAULTS): word_ngrams, char_ngrams (a (lo, hi) pair or None), min_df,
    sublinear_tf, rules ('full', 'lexicon' or None), per_rule, style, vader, dense_weight,
    dense_scaler ('maxabs' or 'standard'), C,
    class_weight, random_state.
    sample_weight: optional weight of each sentence in the logistic regression (e.g. below 1 for
    an auxiliary corpus); the Platt calibration is weighted the same way, the threshold choice is not.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    p = _params(params)
    texts = _texts(texts)
    y = bool_labels(labels, len(texts))
    if y.all() or not y.any():
        raise ValueError("training needs examples of both classes")
    fit = {}
    if sample_weight is not None:
        w = np.asarray(sample_weight, dtype=float)
        if w.shape != (len(texts),) or not np.all(np.isfinite(w)) or np.any(w < 0) or not np.any(w > 0):
            raise ValueError(f"sample_weight must hold one finite weight >= 0 per text ({len(texts)}), "
                             "not all zero")
        fit = {"clf__sample_weight": w}
    folds = min(p["calibration_folds"], int(y.sum()), int((~y).sum()))
    pipe = build_pipeline(**params)
    calibrated = False
    if folds >= 2:
        cv = StratifiedKFold(folds, shuffle=True, random_state=p["random_state"])
        # `params` (scikit-learn >= 1.4) only when there are weights to route to the model's fit
        z = cross_val_predict(pipe, texts, y, method="decision_function", cv=cv, **({"params": fit} if fit else {}))
        platt = LogisticRegression(C=1e4).fit(z.reshape(-1, 1), y, sample_weight=fit.get("clf__sample_weight"))
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        if a <= 0:  # a useless model; keep probabilities monotone in the score
            a, b = 1.0, 0.0
        else:
            calibrated = True
        threshold = _best_threshold(y, _sigmoid(a * z + b), p["objective"])
    else:
        a, b, threshold = 1.0, 0.0, 0.5
    pipe.fit(texts, y, **fit)
    settings, arrays = _export(pipe, p)
    arrays["calibration"] = np.array([a, b])
    settings.update({
        "threshold": threshold, "positive_label": str(positive_label), "negative_label": str(negative_label),
        "training": {"n": len(texts), "positive": int(y.sum()),
                     "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in p.items()},
                     # what was done, which may be less than asked: too few examples of a class
                     # for the folds, or scores with no signal to calibrate
                     "calibration_folds_run": folds if folds >= 2 else 0, "calibrated": calibrated},
    })
    return SentenceModel(name=name, settings=settings, arrays=arrays)


def cross_validate(texts, labels, *, folds: int = 5, random_state: int = 0, extra=None, **params) -> dict:
    """Honest development estimate: stratified `folds`-fold CV where each fold runs the whole
    `train()` (calibration and threshold choice included) on the other folds only.

    extra: optional (texts, labels) added to every training fold but never evaluated (e.g. a
    second corpus). Returns `metrics()` of the pooled out-of-fold predictions plus the per-fold
    macro-F1 and F1.
    """
    from sklearn.model_selection import StratifiedKFold

    texts = _texts(texts)
    y = bool_labels(labels, len(texts))
    if min(int(y.sum()), int((~y).sum())) < folds:
        raise ValueError(f"{folds}-fold cross-validation needs at least {folds} examples of each class; "
                         f"got {int(y.sum())} positive and {int((~y).sum())} negative")
    p = np.zeros(len(y))
    t = np.zeros(len(y))
    per_fold = []
    for tr, te in StratifiedKFold(folds, shuffle=True, random_state=random_state).split(texts, y):
        xs, ys = [texts[i] for i in tr], y[tr]
        if extra is not None:
            xs, ys = xs + list(extra[0]), np.r_[ys, np.asarray(extra[1], dtype=bool)]
        m = train(xs, ys, **params)
        p[te] = m.predict_proba([texts[i] for i in te])
        t[te] = m.threshold
        fm = metrics(y[te], p[te], m.threshold)
        per_fold.append({"macro_f1": fm["macro_f1"], "f1": fm["f1"], "threshold": m.threshold})
    # Pooled: each prediction judged at its own fold's threshold.
    pred_margin = p - t + 0.5
    out = metrics(y, pred_margin, 0.5)
    out["roc_auc"] = None if roc_auc(y, p) is None else round(roc_auc(y, p), 4)
    out["threshold"] = None
    out["folds"] = per_fold
    return out


def model_card(model: SentenceModel, *, data: list[str], cv_metrics: dict | None = None, folds: int = 0,
               description: str = "", licence: str = "not stated", intended_use: str = "", limits: str = "",
               extra_metrics: str = "") -> str:
    """Markdown model card: training data and licence terms, features, metrics, intended use, limits."""
    s = model.settings
    t = s.get("training", {})
    fs = s["features"]
    feats = []
    if "word" in fs:
        feats.append(f"word {tuple(fs['word']['ngram_range'])}-grams TF-IDF ({len(s['word_vocabulary']):,} terms)")
    if "char" in fs:
        feats.append(f"character {tuple(fs['char']['ngram_range'])}-grams within words, TF-IDF "
                     f"({len(s['char_vocabulary']):,} n-grams)")
    if "dense" in fs:
        d = fs["dense"]
        parts = []
        if d.get("rules"):
            parts.append(f"rule-pack hits by category and voice{' and by rule' if d.get('per_rule') else ''} "
                         f"({d['rules']} packs)")
        if d.get("style"):
            parts.append("style (length, quotes, first/second person, questions, modals, negation, digits, capitals)")
        if d.get("vader"):
            parts.append("VADER sentiment")
        how = "scaled by the largest training value" if d.get("scaler") == "maxabs" else "standardised"
        feats.append(", ".join(parts) + f", {how} ({len(d['names'])} features)")
    lines = [f"# Model card: `{model.name}`", ""]
    if description:
        lines += [description, ""]
    lines += ["## Training data", ""]
    lines += [f"- `{d}`" for d in data]
    lines += ["", f"{t.get('n', '?')} sentences, {t.get('positive', '?')} labelled `{model.positive_label}` "
              f"(positive) and the rest `{model.negative_label}`.", "", f"**Licence terms:** {licence}", "",
              "## Features and model", ""]
    lines += [f"- {f}" for f in feats]
    p = t.get("params", {})
    run = t.get("calibration_folds_run", p.get("calibration_folds"))  # older cards: as asked
    if t.get("calibrated", bool(run)):
        how_calibrated = f"probabilities calibrated by Platt scaling on {run}-fold out-of-fold scores"
    elif run:
        how_calibrated = f"probabilities not calibrated: the {run}-fold out-of-fold scores carried no signal"
    else:
        how_calibrated = (f"probabilities not calibrated: too few examples of a class for "
                          f"{p.get('calibration_folds')}-fold cross-validation")
    if run:
        how_threshold = f"chosen on the out-of-fold probabilities to maximise {p.get('objective')}"
    else:
        how_threshold = "fixed: no out-of-fold probabilities to choose it on"
    lines += [f"- logistic regression (C={p.get('C')}, class_weight={p.get('class_weight')}), {how_calibrated}",
              f"- decision threshold {model.threshold:.2f}, {how_threshold}", "",
              "Stored as JSON + NumPy arrays (`model.json`, `weights.npz`, read with `allow_pickle=False`); "
              f"format `{FORMAT}` version {FORMAT_VERSION}. Loading never executes code from the files.", "",
              "## Metrics", ""]
    if cv_metrics:
        m = cv_metrics
        auc = "n/a" if m.get("roc_auc") is None else f"{m['roc_auc']:.4f}"
        lines += [f"{folds}-fold stratified cross-validation on the training data, each fold running the whole "
                  "training (calibration and threshold included) on the other folds:", "",
                  "| n | precision | recall | F1 (positive) | macro-F1 | ROC-AUC |", "|---|---|---|---|---|---|",
                  f"| {m['n']} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} | {m['macro_f1']:.4f} | {auc} |",
                  ""]
    else:
        lines += ["No cross-validation was run when this model was trained (`framing train --cv 5`).", ""]
    if extra_metrics:
        lines += [extra_metrics, ""]
    lines += ["## Intended use", "", intended_use or "Sentence-level screening with the probabilities shown "
              "beside the rule matches they explain; not a verdict on an article or an outlet.", "",
              "## Limits", "", limits or "Trained on one labelled corpus; accuracy drops on text unlike it. "
              "Probabilities are calibrated on the training distribution only.", ""]
    return "\n".join(lines)


def __getattr__(name):  # the scikit-learn transformers, without importing sklearn at module import
    if name in ("RuleFeatures", "StyleFeatures", "DenseFeatures"):
        from . import features

        return getattr(features, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
