"""Issue 15 item 5, phase 1: what could a learned source tagger add to the rules' named-source recall?

The rules (core/src/attribution/) find a source at every cue they take; where they miss a named
source on PolNeAR it is because they take no attribution at its cue at all ("Lee agreed to",
"Roe knows", "Doe, who ..., to admit") or type the source they found unnamed. A cue the rules
take without a source ("it is believed") has no named source to find. So the tagger here works
where the rules are silent:

- candidate cues: tokens whose lower case is a cue form (the inflections of the finder's four cue
  lexicons; with --min-cue N also the cue head words seen N times in the TRAINING annotations),
  outside quoted sentences, not inside any cue or source the rules report;
- candidate sources: each run of capitalised word tokens in the cue's sentence (less leading
  function words: "The", "He", "In") that touches no source or cue the rules report (a named
  source is capitalised by the measure's definition);
- a linear model (scikit-learn LogisticRegression on binary string features: direction and
  distance, the cue word, the words beside cue and candidate, the project's lexicons, commas,
  quotation marks and verbs between them, the sentence's capitalisation) scores every
  (candidate, cue) pair; per cue the best candidate at or above a threshold becomes a named source
  (it would carry rule id `attribution.learned-source` if shipped). Positive pairs: the source and
  cue of an annotated relation whose cue is one of speech, thought or reporting (--labels speech,
  the measure's target) or of any relation (--labels all).

Trained on polnear_train only; the threshold is chosen by article-grouped cross-validation on
train (the highest recall whose cross-validated named precision stays >= --min-precision); dev
is used once, to report (its whole curve is printed for reference, not for choosing). The figures
are issue 15's measure (framing.learning.accuracy: named source recall over speech, thought and
reporting cues; named precision over every annotated source), with the tagger's spans added to
`attribution.named_spans`. "oracle" is the recall if every gold source among the candidates were
taken: the ceiling of this candidate generation.

    .venv/bin/python benchmarks/source_tagger.py --data ../shared/data [--cache /tmp/st.pkl] [--json]
"""
from __future__ import annotations

import argparse
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from framing import Scorer
from framing.learning.accuracy import overlaps, polnear_relations, source_kind, speech_thought_cue
from framing.packs import data_dir, read_lexicon
from framing.scoring.attribution import AttributionFinder

CUE_LEXICONS = ("attribution_speech", "attribution_thought", "attribution_acts", "attribution_evidence")
WORD_LEXICONS = ("source_titles", "source_nouns", "source_groups", "source_modifiers", "place_names",
                 "document_nouns")
# auxiliaries and adverbs before a cue's head word ("has also said"): the tagger's own list
AUX = frozenset("""has have had also is was were are would will be been not did does do could can may might
should to then later still just already never often even""".split())
PREPOSITIONS = frozenset("of by to from with for at in on about against into over under than as".split())
RELATIVES = frozenset("who which that whom whose".split())
QUOTE_MARKS = frozenset('"“”‘’\'')
# capitalised only by position ("The", "He", "In"): trimmed from the front of a candidate
FUNCTION_WORDS = frozenset("""the a an this that these those some other others one two each every all both many most
few several any no another such he she it they we i you his her its their our my your in on at by for from with to
of as but and or if when while after before since because though although so yet then there here what which who
how why where""".split())


def lexicon(name: str) -> frozenset[str]:
    return frozenset(t.lower() for t, _ in read_lexicon(data_dir("lexicons") / f"{name}.txt").terms)


def inflections(word: str) -> set[str]:
    """Forms of a verb given in one form: "noted" -> note, notes, noting, ... (over-generation is
    harmless: a non-word never occurs)."""
    bases = {word}
    for suf, rep in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ing", ""),
                     ("ing", "e")):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            bases.add(word[: -len(suf)] + rep)
    out = set()
    for b in bases:
        out |= {b, b + "s", b + "es", b + "ed", b + "d", b + "ing"}
        if b.endswith("e"):
            out.add(b[:-1] + "ing")
        if b.endswith("y"):
            out |= {b[:-1] + "ies", b[:-1] + "ied"}
    return out


def cue_head(cue_text: str) -> str | None:
    words = re.findall(r"[a-z]+", cue_text.lower())
    while words and words[0] in AUX:
        words.pop(0)
    return words[0] if words else None


class Features:
    """The pair features, as strings (the native port builds the same strings)."""

    def __init__(self, cue_words: frozenset[str], conjunctions: bool = False):
        self.cue_words = cue_words
        self.conjunctions = conjunctions
        self.cue_lex = {n: lexicon(n) for n in CUE_LEXICONS}
        self.word_lex = {n: lexicon(n) for n in WORD_LEXICONS}

    def chunks(self, toks: list[tuple], blocked) -> list[tuple[int, int]]:
        """Runs of capitalised word tokens (token index ranges, end exclusive) touching no blocked span."""
        out, i = [], 0
        while i < len(toks):
            if toks[i][4] and toks[i][5]:
                j = i
                while j < len(toks) and toks[j][4] and toks[j][5]:
                    j += 1
                k = i
                while k < j and toks[k][3] in FUNCTION_WORDS:
                    k += 1
                if k < j and not overlaps((toks[k][0], toks[j - 1][1]), blocked):
                    out.append((k, j))
                i = j
            else:
                i += 1
        return out

    def pair(self, toks, ci: int, ch: tuple[int, int], chunks: list[tuple[int, int]], caps_share: float) -> list[str]:
        i, j = ch
        left = j <= ci
        d = "L" if left else "R"
        lo, hi = (j, ci) if left else (ci + 1, i)
        between = toks[lo:hi]
        nwords = sum(1 for t in between if t[4])
        dist = nwords if nwords < 4 else (4 if nwords < 6 else (6 if nwords < 11 else (11 if nwords < 21 else 21)))
        side = [c for c in chunks if (c[1] <= ci) == left]
        side.sort(key=lambda c: -c[1] if left else c[0])
        rank = min(side.index(ch) + 1, 3)
        cue = toks[ci][3]
        f = ["bias", f"dir={d}", f"{d}dist={dist}", f"{d}rank={rank}", f"cue={cue}", f"{d}cue={cue}"]
        f += [f"cuelex={n}" for n, s in self.cue_lex.items() if cue in s]
        f.append("cuesuf=" + ("ing" if cue.endswith("ing") else "ed" if cue.endswith("ed") else
                              "s" if cue.endswith("s") else "other"))
        ncue = toks[ci + 1][3] if ci + 1 < len(toks) else "</s>"
        pch = toks[i - 1][3] if i > 0 else "<s>"
        f.append("pcue=" + (toks[ci - 1][3] if ci > 0 else "<s>"))
        f.append("ncue=" + ncue)
        f.append("pch=" + pch)
        f.append("nch=" + (toks[j][3] if j < len(toks) else "</s>"))
        if i > 0 and toks[i - 1][3] in PREPOSITIONS:
            f.append("pch_prep")
        f.append(f"chlen={min(j - i, 4)}")
        first, last = toks[i][3], toks[j - 1][3]
        f += [f"chfirst={n}" for n, s in self.word_lex.items() if first in s]
        f += [f"chlast={n}" for n, s in self.word_lex.items() if last.removesuffix("'s").removesuffix("’s") in s]
        if last.endswith("'s") or last.endswith("’s"):
            f.append("chposs")
        if all(t[2].isupper() for t in toks[i:j] if len(t[2]) > 1):
            f.append("chupper")
        if i == 0:
            f.append("chstart")
        commas = sum(1 for t in between if t[2] == ",")
        f.append(f"{d}commas={min(commas, 3)}")
        if any(t[2] in QUOTE_MARKS for t in between):
            f.append(f"{d}quote")
        if any(t[3] in self.cue_words for t in between):
            f.append(f"{d}verb")
        if any(t[3] in RELATIVES for t in between):
            f.append(f"{d}rel")
        if any(t[3] == "and" for t in between):
            f.append(f"{d}and")
        if caps_share >= 0.6:
            f.append("titlecase")
        if self.conjunctions:
            lex = [n for n, s in self.cue_lex.items() if cue in s] or ["none"]
            f += [f"{d}{dist}|{rank}|c{min(commas, 3)}"] + [f"{d}{dist}|lex={n}" for n in lex]
            f += [f"{d}{dist}|pch={pch}", f"{d}{dist}|ncue={ncue}"]
        return f


def article_pairs(art: dict, feats: Features):
    """Every candidate (cue token span, [(source chunk span, features)]) of one scored article."""
    blocked = art["blocked"]
    out = []
    for toks in art["sentences"]:
        cues = [k for k, t in enumerate(toks) if t[4] and t[3] in feats.cue_words
                and not overlaps((t[0], t[1]), blocked)]
        if not cues:
            continue
        chunks = feats.chunks(toks, blocked)
        if not chunks:
            continue
        words = [t for t in toks if t[4]]
        caps_share = sum(1 for t in words if t[5]) / len(words)
        for ci in cues:
            cands = []
            for ch in chunks:
                if ch[0] <= ci < ch[1]:
                    continue
                cands.append(((toks[ch[0]][0], toks[ch[1] - 1][1]),
                              feats.pair(toks, ci, ch, chunks, caps_share)))
            if cands:
                out.append(((toks[ci][0], toks[ci][1]), cands))
    return out


def load(path: Path, scorer: Scorer, finder: AttributionFinder) -> list[dict]:
    """Each article scored by the rules: its annotated relations, the rules' named spans, the spans
    the rules report (sources and cues: no candidate may touch them) and the finder's tokens of
    each sentence outside quoted speech."""
    arts = []
    for line in path.open(encoding="utf-8"):
        art = json.loads(line)
        text = art["text"]
        res = scorer.score_data(text)
        arts.append({"id": art["id"], "text": text, "rel": polnear_relations(art, text),
                     "named": [(d["start"], d["end"]) for d in res["attribution"]["named_spans"]],
                     "blocked": [(a[k]["start"], a[k]["end"]) for a in res["attributions"]
                                 for k in ("source", "cue") if a.get(k)],
                     "sentences": [finder.tokens(text, s["start"], s["end"]) for s in res["sentences"]
                                   if s["voice"] != "quoted"]})
    return arts


def pair_label(cue, src, rel, text: str | None = None) -> int:
    """1 when the candidate overlaps the source of an annotated relation whose cue holds the cue
    token; with text, only relations whose cue is one of speech, thought or reporting."""
    return int(any(s and c and overlaps(cue, [c]) and overlaps(src, [s])
                   and (text is None or speech_thought_cue(text[c[0]:c[1]])) for s, c, _ in rel))


def measure(arts: list[dict], added: list[list[tuple[int, int]]]) -> dict:
    """Issue 15's named-source measure (framing.learning.accuracy._polnear_set) with `added`
    spans joined to each article's named spans."""
    hit = n = phit = pn = 0
    for art, extra in zip(arts, added):
        text, rel = art["text"], art["rel"]
        named = art["named"] + extra
        seen = set()
        for src, cue, _ in rel:
            if src is None or cue is None or src in seen or not speech_thought_cue(text[cue[0]:cue[1]]):
                continue
            seen.add(src)
            if source_kind(text, *src) == "named":
                n += 1
                hit += overlaps(src, named)
        any_src = [s for s, _, _ in rel if s]
        for sp in named:
            pn += 1
            phit += overlaps(sp, any_src)
    return {"recall": hit / n, "n": n, "hits": hit, "precision": phit / pn, "spans": pn}


def decode(arts, probs, threshold: float) -> list[list[tuple[int, int]]]:
    """Per cue, its best candidate at or above the threshold; a source span once."""
    out, k = [], 0
    for art in arts:
        spans: list[tuple[int, int]] = []
        for _, cands in art["pairs"]:
            p = probs[k:k + len(cands)]
            k += len(cands)
            b = int(np.argmax(p))
            if p[b] >= threshold and cands[b][0] not in spans:
                spans.append(cands[b][0])
        out.append(spans)
    return out


def matrix(arts, speech_only: bool):
    X, y, groups = [], [], []
    for g, art in enumerate(arts):
        for cue, cands in art["pairs"]:
            for src, f in cands:
                X.append({k: 1 for k in f})
                y.append(pair_label(cue, src, art["rel"], art["text"] if speech_only else None))
                groups.append(g)
    return X, np.array(y), np.array(groups)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--min-cue", type=int, default=0,
                    help="train cue head words seen this often join the cue forms (0: the lexicons' forms only)")
    ap.add_argument("--labels", choices=("all", "speech"), default="speech",
                    help="positive pairs: any annotated relation's, or only those whose cue is one of speech, "
                    "thought or reporting (the measure's)")
    ap.add_argument("--conjunctions", action="store_true",
                    help="also direction x distance conjunctions (with rank and commas, cue lexicon, the words beside)")
    ap.add_argument("--C", type=float, default=0.5, help="inverse L2 strength of the logistic regression")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--min-precision", type=float, default=0.935,
                    help="the threshold keeps cross-validated named precision at least this")
    ap.add_argument("--cache", help="keep the rules' scoring of train and dev in this file (not in the project) "
                    "and reuse it when it exists")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    data = Path(args.data)
    train_path, dev_path = data / "polnear_train.jsonl", data / "polnear_dev.jsonl"
    for p in (train_path, dev_path):
        if not p.is_file():
            print(f"source_tagger: {p}: no such file", file=sys.stderr)
            return 2
    # cue forms: the lexicons' inflections, and cue head words frequent in the training annotations
    forms: set[str] = set()
    for name in CUE_LEXICONS:
        for w in lexicon(name):
            if " " not in w:
                forms |= inflections(w)
    heads: Counter = Counter()
    for line in train_path.open(encoding="utf-8"):
        art = json.loads(line)
        for _, cue, _ in polnear_relations(art, art["text"]):
            if cue:
                h = cue_head(art["text"][cue[0]:cue[1]])
                if h:
                    heads[h] += 1
    learned_heads = {h for h, c in heads.items() if c >= args.min_cue} if args.min_cue else set()
    for h in learned_heads:
        forms |= inflections(h)
    feats = Features(frozenset(forms), args.conjunctions)
    if args.cache and Path(args.cache).is_file():
        with open(args.cache, "rb") as fh:
            train, dev = pickle.load(fh)
    else:
        scorer, finder = Scorer(profile="rules"), AttributionFinder()
        train, dev = load(train_path, scorer, finder), load(dev_path, scorer, finder)
        if args.cache:
            with open(args.cache, "wb") as fh:
                pickle.dump((train, dev), fh)
    for art in train + dev:
        art["pairs"] = article_pairs(art, feats)

    Xtr, ytr, gtr = matrix(train, args.labels == "speech")
    Xdv, ydv, _ = matrix(dev, args.labels == "speech")
    vec = DictVectorizer()
    A = vec.fit_transform(Xtr)
    model = lambda: LogisticRegression(C=args.C, max_iter=2000)
    # cross-validated probabilities on train, folds by article
    cv = np.zeros(len(ytr))
    for fit, held in GroupKFold(args.folds).split(A, ytr, gtr):
        cv[held] = model().fit(A[fit], ytr[fit]).predict_proba(A[held])[:, 1]
    base_tr = measure(train, [[] for _ in train])
    curve_tr = []
    for t in np.arange(0.30, 0.96, 0.05):
        m = measure(train, decode(train, cv, t))
        curve_tr.append({"threshold": round(float(t), 2), **m})
    ok = [c for c in curve_tr if c["precision"] >= args.min_precision]
    chosen = max(ok, key=lambda c: (c["recall"], c["threshold"]))["threshold"] if ok else 0.95

    clf = model().fit(A, ytr)
    pdv = clf.predict_proba(vec.transform(Xdv))[:, 1]
    base_dv = measure(dev, [[] for _ in dev])
    curve_dv = [{"threshold": round(float(t), 2), **measure(dev, decode(dev, pdv, t))}
                for t in np.arange(0.30, 0.96, 0.05)]
    at = measure(dev, decode(dev, pdv, chosen))
    # ceiling: a gold named source among the candidates of a candidate cue (an oracle tagger)
    oracle = []
    for art in dev:
        oracle.append([src for cue, cands in art["pairs"] for src, _ in cands if pair_label(cue, src, art["rel"])])
    ceil = measure(dev, oracle)
    out = {
        "cue_forms": len(forms), "learned_cue_heads": len(learned_heads), "features": len(vec.vocabulary_),
        "train_pairs": int(len(ytr)), "train_positive": int(ytr.sum()),
        "dev_pairs": int(len(ydv)), "dev_positive": int(ydv.sum()),
        "train_base": base_tr, "train_cv_curve": curve_tr, "threshold": chosen,
        "dev_base": base_dv, "dev_at_threshold": at, "dev_curve": curve_dv, "dev_ceiling": ceil,
    }
    if args.json:
        print(json.dumps(out, indent=1))
        return 0
    print(f"cue forms {len(forms)} ({len(learned_heads)} train cue heads); features {len(vec.vocabulary_)}; "
          f"pairs train {len(ytr)} ({int(ytr.sum())} positive), dev {len(ydv)} ({int(ydv.sum())} positive)")
    print("train, cross-validated by article: threshold, named recall, named precision, spans")
    print(f"  rules   {base_tr['recall']:.4f} {base_tr['precision']:.4f} {base_tr['spans']}")
    for c in curve_tr:
        print(f"  {c['threshold']:.2f}    {c['recall']:.4f} {c['precision']:.4f} {c['spans']}")
    print(f"chosen threshold {chosen:.2f} (cv precision >= {args.min_precision})")
    print("dev (model fit on all of train): threshold, named recall, named precision, spans")
    print(f"  rules   {base_dv['recall']:.4f} {base_dv['precision']:.4f} {base_dv['spans']} (n {base_dv['n']})")
    for c in curve_dv:
        mark = "  <- chosen" if c["threshold"] == chosen else ""
        print(f"  {c['threshold']:.2f}    {c['recall']:.4f} {c['precision']:.4f} {c['spans']}{mark}")
    print(f"  oracle  {ceil['recall']:.4f} (every gold source among the candidates)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
