"""Evaluation of sentence classifiers: labelled data files and metrics (NumPy, no scikit-learn)."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np

from ..scoring.classify import SentenceModel


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
