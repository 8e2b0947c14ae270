"""Training sentence classifiers with scikit-learn, and their model cards.

The fitted pipeline (TF-IDF blocks, scaled dense features, logistic regression) is exported to the
stored form (settings + float arrays) that framing.scoring.classify scores natively; Platt calibration and
the threshold are chosen on out-of-fold scores. scikit-learn is imported inside the functions.
"""
from __future__ import annotations

from array import array
from functools import partial

import numpy as np

from ..scoring.classify import SentenceModel, char_ngrams, word_ngrams
from .evaluation import bool_labels, metrics, roc_auc, _texts
from ..scoring.model_files import FORMAT, FORMAT_VERSION


def _sigmoid(z) -> np.ndarray:
    """1 / (1 + e^-z) without overflow: extreme scores saturate at 0 or 1."""
    return np.exp(-np.logaddexp(0.0, -np.asarray(z, dtype=float)))


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
    """Train a SentenceModel (see train_with_pipeline, which also returns the fitted pipeline)."""
    return train_with_pipeline(texts, labels, name=name, positive_label=positive_label,
                               negative_label=negative_label, sample_weight=sample_weight, **params)[0]


def train_with_pipeline(texts, labels, *, name: str = "model", positive_label: str = "1", negative_label: str = "0",
                        sample_weight=None, **params):
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
    Returns (the model, the fitted scikit-learn pipeline whose decision_function the model's
    uncalibrated scores reproduce).
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
    stored = {k: array("d", np.asarray(v, dtype=float).tolist()) for k, v in arrays.items()}
    return SentenceModel(name=name, settings=settings, arrays=stored), pipe


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
              "Stored as JSON + float arrays (`model.json`, `weights.npz`: `.npy` float arrays, read without pickles or NumPy); "
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
