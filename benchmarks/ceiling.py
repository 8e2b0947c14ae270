"""How far data-driven methods get on the two targets of issue 6 the rule packs miss.

    .venv/bin/python benchmarks/ceiling.py [--data ../shared/data] [--tagger] [--json]

The rule packs reach PTC char-level F1 0.268 (target 0.35) and BASIL Spearman 0.402 (target 0.50).
This script asks whether anything learned from the annotated data itself would do better. It
learns word lists, pruning, span widening and a token tagger from the labels. If such methods stay
far below the targets too, curated words cannot reach them either.

Each learned PTC variant is cross-validated. Articles are split into 5 folds by an MD5 hash of
their id, and each fold is scored with what was learned on the other four. The settings printed
were the best of a small grid tried on this same data, which flatters the learned variants; read
them as upper bounds. The BASIL variants learn nothing from BASIL: word lists come from PTC and
BABE, and the classifiers are the shipped ones.

Reads the data by path (nothing is copied) and uses the public scoring API. About 40 s, or 2-3
minutes with --tagger.
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import framing  # noqa: E402
from framing.learning.accuracy import (authorial_loaded_rate, basil_lex_rate, basil_spans, char_counts,  # noqa: E402
                                    labelled_spans, overlaps, pairwise_agreement, prf, read_jsonl, spearman)

LOADED = "loaded_language"
FOLDS = 5
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*|[^\sA-Za-z0-9]")


def fold_of(key: str, folds: int = FOLDS) -> int:
    return int(hashlib.md5(key.encode("utf-8")).hexdigest(), 16) % folds


# ---------------------------------------------------------------- data

class Doc:
    """One annotated text with its gold spans and the shipped packs' loaded-language matches."""

    __slots__ = ("key", "text", "gold", "matches", "rules", "tokens")

    def __init__(self, key: str, text: str, gold: list[tuple[int, int]], matches: list[tuple[int, int, str]]):
        self.key, self.text, self.gold = key, text, gold
        self.matches = [(s, e) for s, e, _ in matches]
        self.rules = [rule for *_, rule in matches]
        self.tokens = [(m.start(), m.end(), m.group().lower()) for m in TOKEN.finditer(text)]


def read_docs(path: Path, scorer, keep, warnings: list[str]) -> list[Doc]:
    docs = []
    for row in read_jsonl(path, warnings):
        text = row.get("text")
        if not isinstance(text, str):
            warnings.append(f"{path}: row {row.get('id')!r}: skipped: no text")
            continue
        gold = labelled_spans(row, "spans", path, warnings, keep)
        matches = [(m.start, m.end, m.rule) for m in scorer.score(text).matches if m.category == LOADED]
        docs.append(Doc(str(row.get("id", len(docs))), text, gold, matches))
    return docs


# ---------------------------------------------------------------- PTC variants
# Each variant is learn(train docs) -> model and predict(model, doc) -> spans.

def word_rates(docs: list[Doc]) -> tuple[collections.Counter, collections.Counter]:
    """How often each lower-cased word occurs, and how often inside a gold span."""
    seen, inside = collections.Counter(), collections.Counter()
    for d in docs:
        for m in WORD.finditer(d.text):
            w = m.group().lower()
            seen[w] += 1
            inside[w] += overlaps(m.span(), d.gold)
    return seen, inside


def learn_words(docs, min_count=3, min_rate=0.4) -> set[str]:
    seen, inside = word_rates(docs)
    return {w for w, n in seen.items() if n >= min_count and inside[w] / n >= min_rate}


def add_words(words: set[str], d: Doc) -> list[tuple[int, int]]:
    return d.matches + [(m.start(), m.end()) for m in WORD.finditer(d.text) if m.group().lower() in words]


def learn_pruning(docs, min_count=4, max_rate=0.15) -> set[str]:
    """Matched texts that fall inside a gold span less often than max_rate."""
    seen, hit = collections.Counter(), collections.Counter()
    for d in docs:
        for s, e in d.matches:
            t = d.text[s:e].lower()
            seen[t] += 1
            hit[t] += overlaps((s, e), d.gold)
    return {t for t, n in seen.items() if n >= min_count and hit[t] / n < max_rate}


def prune(dropped: set[str], d: Doc) -> list[tuple[int, int]]:
    return [(s, e) for s, e in d.matches if d.text[s:e].lower() not in dropped]


def learn_continuation(docs):
    """Per token, how often a gold span goes on over it (to the right, to the left) and how often
    it stops just before it: the rates that decide whether to widen a match by that token."""
    right, right_stop, left, left_stop = (collections.Counter() for _ in range(4))
    for d in docs:
        for s, e in d.gold:
            idx = [i for i, (a, b, _) in enumerate(d.tokens) if a >= s and b <= e]
            if not idx:
                continue
            for i in idx[1:]:
                right[d.tokens[i][2]] += 1
            for i in idx[:-1]:
                left[d.tokens[i][2]] += 1
            if idx[-1] + 1 < len(d.tokens):
                right_stop[d.tokens[idx[-1] + 1][2]] += 1
            if idx[0] > 0:
                left_stop[d.tokens[idx[0] - 1][2]] += 1
    return right, right_stop, left, left_stop


def widen(model, d: Doc, threshold=0.6, most=6) -> list[tuple[int, int]]:
    right, right_stop, left, left_stop = model

    def goes_on(tok, on, stop):  # smoothed towards stopping: an unseen token is not absorbed
        return (on[tok] + 1) / (on[tok] + stop[tok] + 4) > threshold

    out = []
    for s, e in d.matches:
        idx = [i for i, (a, b, _) in enumerate(d.tokens) if a >= s and b <= e]
        if not idx:
            out.append((s, e))
            continue
        lo, hi = idx[0], idx[-1]
        for _ in range(most):
            if hi + 1 < len(d.tokens) and goes_on(d.tokens[hi + 1][2], right, right_stop):
                hi += 1
        for _ in range(most):
            if lo > 0 and goes_on(d.tokens[lo - 1][2], left, left_stop):
                lo -= 1
        out.append((d.tokens[lo][0], d.tokens[hi][1]))
    return out


def token_features(d: Doc) -> list[list[str]]:
    """A window of words around each token, and which of the packs' rules matched around it."""
    toks = d.tokens
    in_match = [next((r for (s, e), r in zip(d.matches, d.rules) if s < b and a < e), "")
                for a, b, _ in toks]
    words = [t[2] for t in toks]

    def w(i):
        return words[i] if 0 <= i < len(words) else "<edge>"

    feats = []
    for i, (a, b, tok) in enumerate(toks):
        f = [f"w={tok}", f"p1={w(i - 1)}", f"n1={w(i + 1)}", f"p2={w(i - 2)}", f"n2={w(i + 2)}",
             f"bp={w(i - 1)}_{tok}", f"bn={tok}_{w(i + 1)}", f"cap={d.text[a].isupper()}",
             f"punct={not tok[0].isalnum()}", f"m={in_match[i]}"]
        for k in (1, 2, 3):
            if i - k >= 0 and in_match[i - k]:
                f += [f"mL{k}", f"mL{k}={in_match[i - k]}"]
            if i + k < len(toks) and in_match[i + k]:
                f += [f"mR{k}", f"mR{k}={in_match[i + k]}"]
        feats.append(f)
    return feats


def learn_tagger(docs, C=1.0):
    import numpy as np
    from sklearn.feature_extraction import FeatureHasher
    from sklearn.linear_model import LogisticRegression
    hasher = FeatureHasher(2 ** 20, input_type="string")
    X = hasher.transform(f for d in docs for f in token_features(d))
    y = np.array([overlaps((a, b), d.gold) for d in docs for a, b, _ in d.tokens], dtype=int)
    if len(set(y.tolist())) < 2:  # a tiny training part with one class: nothing to learn
        return None
    return hasher, LogisticRegression(C=C, max_iter=2000).fit(X, y)


def tag(model, d: Doc, threshold=0.15) -> list[tuple[int, int]]:
    if model is None or not d.tokens:
        return []
    hasher, clf = model
    p = clf.predict_proba(hasher.transform(token_features(d)))[:, 1]
    spans: list[tuple[int, int]] = []
    for (a, b, _), pi in zip(d.tokens, p):
        if pi >= threshold:
            if spans and a - spans[-1][1] <= 1:  # the next token of the same run
                spans[-1] = (spans[-1][0], b)
            else:
                spans.append((a, b))
    return spans


def oracle_extent(d: Doc) -> list[tuple[int, int]]:
    """Not learned: every gold span a match touches, at its exact extent, plus the matches that
    touch none. The most that perfect widening of today's matches could give."""
    hit = [g for g in d.gold if overlaps(g, d.matches)]
    return hit + [m for m in d.matches if not overlaps(m, d.gold)]


def cross_validate(docs: list[Doc], learn, predict) -> tuple[float, float, float]:
    counts = [0, 0, 0]
    for k in range(FOLDS):
        model = learn([d for d in docs if fold_of(d.key) != k])
        for d in docs:
            if fold_of(d.key) == k:
                for i, v in enumerate(char_counts(d.gold, predict(model, d))):
                    counts[i] += v
    return prf(*counts)


def ptc_rows(ptc: list[Doc], tagger: bool) -> list[dict]:
    def row(method, prf_, note=""):
        return {"set": "ptc", "method": method, "precision": prf_[0], "recall": prf_[1], "f1": prf_[2],
                "note": note}

    def pooled(predict):
        counts = [0, 0, 0]
        for d in ptc:
            for i, v in enumerate(char_counts(d.gold, predict(d))):
                counts[i] += v
        return prf(*counts)

    rows = [
        row("rule packs as shipped", pooled(lambda d: d.matches)),
        row("+ words learned from the labels", cross_validate(ptc, learn_words, add_words),
            "words in >= 3 places, >= 40% of them inside a span; CV"),
        row("- matched words the labels rarely agree with", cross_validate(ptc, learn_pruning, prune),
            "texts matched >= 4 times, < 15% inside a span; CV"),
        row("matches widened by learned span continuation", cross_validate(ptc, learn_continuation, widen),
            "per token, P(span goes on) > 0.6, at most 6 tokens each side; CV"),
    ]
    if tagger:
        rows.append(row("token tagger: logistic regression, word window + rule matches",
                        cross_validate(ptc, learn_tagger, tag), "C 1, token P >= 0.15; CV"))
    rows.append(row("oracle: touched gold spans at their exact extent", pooled(oracle_extent),
                    "not reachable; bounds what widening can give"))
    return rows


# ---------------------------------------------------------------- BASIL

def basil_articles(path: Path, scorer, warnings: list[str]) -> list[list[dict]]:
    """Triplets of articles: gold rate of lex spans outside quotes per 1,000 words, the packs'
    authorial loaded rate, quotations, and the mean `biased` probability of authorial sentences."""
    triplets = []
    for trip in read_jsonl(path, warnings):
        group = []
        for art in trip.get("articles") or []:
            text = art.get("text")
            if not isinstance(text, str) or not isinstance(art.get("sentences"), list):
                warnings.append(f"{path}: article {art.get('id')!r}: skipped: needs text and sentences")
                continue
            res = scorer.score(text)
            group.append({
                "text": text,
                "gold": basil_lex_rate(basil_spans(art, text), text),
                "rate": authorial_loaded_rate(res),
                "authorial_words": res.authorial_words,
                "authorial": [(m.start, m.end) for m in res.matches
                              if m.category == LOADED and m.voice == "authorial"],
                "quotes": [(q.start, q.end) for q in res.quotes],
                "biased": res.classifiers.get("biased", {}).get("mean"),
            })
        if len(group) >= 2:
            triplets.append(group)
    return triplets


def rank_figures(triplets, predict) -> tuple[float | None, float | None]:
    pred, gold, agree, pairs = [], [], 0.0, 0
    for group in triplets:
        p = [predict(a) for a in group]
        g = [a["gold"] for a in group]
        pred += p
        gold += g
        a, n = pairwise_agreement(p, g)
        agree += a
        pairs += n
    return spearman(pred, gold), (agree / pairs if pairs else None)


def bootstrap_interval(triplets, predict, rounds=1000, seed=1) -> tuple[float, float]:
    """95% interval of Spearman when the triplets are resampled with replacement."""
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        sample = [rng.choice(triplets) for _ in triplets]
        rho = spearman([predict(a) for t in sample for a in t], [a["gold"] for t in sample for a in t])
        if rho is not None:
            values.append(rho)
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def with_words(words: set[str]):
    """The authorial rate when the words are matches too (outside quotations, counted once)."""
    def predict(a):
        spans = list(a["authorial"])
        for m in WORD.finditer(a["text"]):
            s, e = m.span()
            if (m.group().lower() in words and not any(qs <= s and e <= qe for qs, qe in a["quotes"])
                    and not overlaps((s, e), spans)):
                spans.append((s, e))
        return len(spans) * 1000.0 / a["authorial_words"] if a["authorial_words"] else 0.0
    return predict


def basil_rows(triplets, ptc: list[Doc], babe: list[Doc]) -> list[dict]:
    def row(method, predict, note=""):
        rho, pair = rank_figures(triplets, predict)
        return {"set": "basil", "method": method, "spearman": rho, "pairwise": pair, "note": note}

    lo, hi = bootstrap_interval(triplets, lambda a: a["rate"])
    rows = [row("rule packs as shipped: authorial loaded rate", lambda a: a["rate"],
                f"95% interval over triplets {lo:.2f}-{hi:.2f}")]
    for name, docs in (("PTC", ptc), ("BABE", babe)):
        if docs:
            rows.append(row(f"+ words learned from {name}", with_words(learn_words(docs, 5, 0.5)),
                            "words in >= 5 places, >= 50% of them inside a span"))
    if any(a["biased"] is not None for t in triplets for a in t):
        rows.append(row("mean `biased` probability, authorial sentences", lambda a: a["biased"] or 0.0,
                        "the shipped sentence classifier"))
        rows.append(row("rate + 10 x mean `biased` probability", lambda a: a["rate"] + 10 * (a["biased"] or 0.0)))
    return rows


# ---------------------------------------------------------------- report

def markdown(rows: list[dict]) -> str:
    def f(v):
        return "" if v is None else f"{v:.3f}"

    out = ["| set | method | precision | recall | char F1 | Spearman | pairwise | note |",
           "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {r['set']} | {r['method']} | {f(r.get('precision'))} | {f(r.get('recall'))} | "
                   f"{f(r.get('f1'))} | {f(r.get('spearman'))} | {f(r.get('pairwise'))} | {r['note']} |")
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(ROOT.parent / "shared" / "data"),
                    help="directory with ptc_train.jsonl, babe_train.jsonl and basil_dev.jsonl")
    ap.add_argument("--tagger", action="store_true", help="also cross-validate the token tagger (2-3 minutes)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = ap.parse_args(argv)
    data = Path(args.data)
    paths = {name: data / f"{name}.jsonl" for name in ("ptc_train", "babe_train", "basil_dev")}
    if not all(p.is_file() for p in paths.values()):
        missing = ", ".join(str(p) for p in paths.values() if not p.is_file())
        print(f"ceiling.py: error: missing {missing}", file=sys.stderr)
        return 2
    warnings: list[str] = []
    rules = framing.Scorer(profile="rules")
    ptc = read_docs(paths["ptc_train"], rules, lambda label: label == "Loaded_Language", warnings)
    babe = read_docs(paths["babe_train"], rules, lambda label: True, warnings)
    triplets = basil_articles(paths["basil_dev"], framing.Scorer(sentiment=False, readability=False), warnings)
    if not triplets:
        warnings.append(f"{paths['basil_dev']}: no triplet with two or more usable articles; BASIL rows left out")
    rows = ptc_rows(ptc, args.tagger) + (basil_rows(triplets, ptc, babe) if triplets else [])
    if args.json:
        print(json.dumps({"rows": rows, "warnings": warnings}, indent=2))
    else:
        print(markdown(rows))
        for w in warnings:
            print(f"warning: {w}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
