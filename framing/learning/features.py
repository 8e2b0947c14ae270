"""scikit-learn transformers over framing's rule packs, for use in your own pipelines.

    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from framing.learning.features import RuleFeatures

    pipe = make_pipeline(make_union(TfidfVectorizer(), RuleFeatures()), LogisticRegression())
    pipe.fit(sentences, labels)

Each transformer takes a list of sentences (str) and returns a dense float array, one row per
sentence; `get_feature_names_out()` names its columns. The features of each sentence are those of
framing.scoring.sentence_features (the sentence taken alone). This module imports scikit-learn; the
prediction path in framing.scoring.classify does not.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from ..scoring.sentence_features import SentenceFeaturizer


def feature_matrix(featurizer: SentenceFeaturizer, sentences: list[str], names: list[str]) -> np.ndarray:
    """Features of each sentence in the columns `names` (a feature the packs no longer have is 0)."""
    col = {n: j for j, n in enumerate(names)}
    x = np.zeros((len(sentences), len(names)))
    for i, feats in enumerate(featurizer.features_batch(sentences)):
        for k, v in feats.items():
            j = col.get(k)
            if j is not None:
                x[i, j] = v
    return x


class DenseFeatures(TransformerMixin, BaseEstimator):
    """Rule-pack hits, style and VADER features of each sentence (see SentenceFeaturizer).

    rules: "full" | "lexicon" | None; per_rule: one column per rule besides the per-category
    and voice counts; style, vader: include those columns; scorer: a framing.Scorer defining the
    packs (None: the shipped packs).
    """

    def __init__(self, rules="full", per_rule=True, style=True, vader=True, scorer=None):
        self.rules = rules
        self.per_rule = per_rule
        self.style = style
        self.vader = vader
        self.scorer = scorer

    def _featurizer(self):
        return SentenceFeaturizer(rules=self.rules, per_rule=self.per_rule, style=self.style, vader=self.vader,
                                  scorer=self.scorer)

    def fit(self, X, y=None):
        self.featurizer_ = self._featurizer()
        self.feature_names_out_ = np.array(self.featurizer_.feature_names(), dtype=object)
        self.n_features_in_ = 1
        return self

    def transform(self, X):
        if not hasattr(self, "featurizer_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"{type(self).__name__} is not fitted yet; call fit() first")
        if isinstance(X, str):
            raise TypeError("transform() takes a list of sentences, not one string")
        return feature_matrix(self.featurizer_, list(X), list(self.feature_names_out_))

    def get_feature_names_out(self, input_features=None):
        if not hasattr(self, "feature_names_out_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError(f"{type(self).__name__} is not fitted yet; call fit() first")
        return self.feature_names_out_.copy()


class RuleFeatures(DenseFeatures):
    """Rule-pack hits of each sentence: counts by category and voice ('rule:hedging:authorial',
    'rule:loaded_language:quoted', ...) and, with per_rule, by rule ('rule:hedging.modal-verbs').

    rules: "full" (lexicon and regex rules) or "lexicon" (lexicon/phrase rules only, faster);
    scorer: a framing.Scorer whose packs and disabled rules to use (None: the shipped packs).
    """

    def __init__(self, scorer=None, rules="full", per_rule=True):
        super().__init__(rules=rules, per_rule=per_rule, style=False, vader=False, scorer=scorer)


class StyleFeatures(DenseFeatures):
    """Style and sentiment of each sentence: length, word length, quoted share, first and second
    person, questions, exclamations, modals, negation, digits, capitals ('style:...'), and
    VADER neg/neu/pos/compound ('vader:...') when vader is true."""

    def __init__(self, vader=True):
        super().__init__(rules=None, per_rule=False, style=True, vader=vader, scorer=None)
