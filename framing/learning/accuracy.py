"""Accuracy of the rule packs against human-annotated sets (issue 6).

Runs the packs through the public API only (one `framing.Scorer`) over the development sets in a
data directory (see its README.md) and returns rows of one table, plus a per-rule report of how
often each rule fires and how often a firing agrees with the relevant labels. The data are read by
path and never copied. `benchmarks/accuracy.py` and `framing bench accuracy` are thin fronts.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

HEDGE_CATEGORIES = ("hedging", "speculation")
LOADED = "loaded_language"

# set name -> its files in the data directory. A set whose files are all missing is skipped with a note.
SETS = {
    "factbank": ("factbank_uncertainty_train.jsonl",),
    "wiki": ("wiki_uncertainty_train.jsonl",),
    "ptc": ("ptc_train.jsonl",),
    "babe": ("babe_train.jsonl",),
    "basil": ("basil_dev.jsonl",),
    "polnear": ("polnear_dev.jsonl",),
    # for studying errors (issue 15): run only when asked for (--only polnear-train)
    "polnear-train": ("polnear_train.jsonl",),
}
ON_REQUEST = frozenset({"polnear-train"})

# (set, measure) -> (target, published baseline) from the issue; shown beside the figures.
TARGETS = {
    ("factbank", "sentence F1 (uncertain)"): (">= 0.80", "hedge word list: 0.51"),
    ("ptc", "char F1 (Loaded_Language)"): (">= 0.35", "strong-subjective list: 0.14"),
    ("basil", "Spearman, authorial loaded rate vs lex outside quotes"): (">= 0.50", "strong-subjective list: 0.25"),
    ("basil", "pairwise order accuracy within triplets"): (">= 0.75", "strong-subjective list: 0.57"),
    ("voice", "in-quote annotated spans marked quoted"): (">= 0.95", ""),
    ("polnear", "named source recall"): (">= 0.85", "issue 15, held-out test: 0.705"),
    ("polnear", "named source precision (span overlaps an annotated source)"): (">= 0.93", "issue 15: 0.934"),
    ("polnear", "unnamed source recall (match on the source or its cue)"): (">= 0.70", "issue 15: 0.244"),
    ("polnear", "anonymous/vague precision (match overlaps an annotated source or cue)"): (">= 0.85", "issue 15: 0.852"),
}

_PRONOUNS = frozenset("""i me my we us our you your he him his she her it its they them their who whom
whose which that this these those one someone somebody anyone everyone""".split())
_CAP_WORD = re.compile(r"[A-Z][\w'’.-]*")


class BenchError(Exception):
    """A problem that stops the benchmark (missing data directory)."""


@dataclass(slots=True)
class Row:
    set: str
    measure: str
    value: float | None
    n: int
    note: str = ""

    def as_dict(self) -> dict:
        target, baseline = TARGETS.get((self.set, self.measure), ("", ""))
        return {"set": self.set, "measure": self.measure, "value": self.value, "n": self.n,
                "target": target, "baseline": baseline, "note": self.note}


@dataclass(slots=True)
class RuleStats:
    """Per set and rule: how often it fires and how many firings agree with the labels."""
    fires: Counter = field(default_factory=Counter)
    hits: Counter = field(default_factory=Counter)
    # A looser second label where the set has one (PTC: any propaganda technique, so that a
    # name-calling label is not mistaken for noise because PTC files it apart from loaded language).
    loose: Counter = field(default_factory=Counter)
    label: dict = field(default_factory=dict)  # set -> what a hit means

    def add(self, set_name: str, rule: str, hit: bool, loose: bool | None = None) -> None:
        self.fires[(set_name, rule)] += 1
        self.hits[(set_name, rule)] += bool(hit)
        if loose is not None:
            self.loose[(set_name, rule)] += bool(loose)

    def rows(self) -> list[dict]:
        out = []
        for (s, rule), n in sorted(self.fires.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1])):
            h = self.hits[(s, rule)]
            row = {"set": s, "rule": rule, "fires": n, "hits": h,
                   "precision": round(h / n, 4) if n else None, "label": self.label.get(s, "")}
            if (s, rule) in self.loose:
                row["precision_any_technique"] = round(self.loose[(s, rule)] / n, 4)
            out.append(row)
        return out


# ---------------------------------------------------------------- metrics (pure functions)

def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1; 0 where a denominator is 0."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def char_counts(gold: Iterable[tuple[int, int]], pred: Iterable[tuple[int, int]]) -> tuple[int, int, int]:
    """Character-level (true positive, false positive, false negative) of two span sets of one text;
    overlapping spans within a set count each character once."""
    g = set().union(*(range(s, e) for s, e in gold)) if gold else set()
    p = set().union(*(range(s, e) for s, e in pred)) if pred else set()
    return len(g & p), len(p - g), len(g - p)


def overlaps(a: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def span_counts(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    """Any-overlap span matching: (predicted spans touching a gold span, predicted spans,
    gold spans touched by a prediction, gold spans)."""
    return (sum(overlaps(p, gold) for p in pred), len(pred), sum(overlaps(g, pred) for g in gold), len(gold))


def partial_counts(gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> tuple[float, int, float, int]:
    """Partial-overlap credit as in SemEval-2020 Task 11 span identification: each predicted span
    earns the share of its characters inside gold spans, each gold span the share covered by
    predictions. Returns (precision credit, predicted spans, recall credit, gold spans)."""
    def share(span, others):
        s, e = span
        covered = set().union(*(range(max(s, a), min(e, b)) for a, b in others if a < e and s < b)) if others else set()
        return len(covered) / (e - s)
    return (sum(share(p, gold) for p in pred), len(pred), sum(share(g, pred) for g in gold), len(gold))


def ranks(xs: list[float]) -> list[float]:
    """1-based ranks, ties getting the mean of their positions."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(x: list[float], y: list[float]) -> float | None:
    """Spearman's rho: Pearson correlation of the (tie-averaged) ranks; None if either side is constant."""
    if len(x) != len(y):
        raise ValueError("spearman: x and y differ in length")
    if len(x) < 2:
        return None
    rx, ry = ranks(x), ranks(y)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if not sxx or not syy:
        return None
    return sxy / (sxx * syy) ** 0.5


def pairwise_agreement(pred: list[float], gold: list[float]) -> tuple[float, int]:
    """Over all pairs whose gold values differ: (agreeing pairs, such pairs). A pair the prediction
    ties counts one half, as a coin flip would."""
    agree, n = 0.0, 0
    for i in range(len(gold)):
        for j in range(i + 1, len(gold)):
            if gold[i] == gold[j]:
                continue
            n += 1
            dp = pred[i] - pred[j]
            if dp == 0:
                agree += 0.5
            elif (dp > 0) == (gold[i] > gold[j]):
                agree += 1
    return agree, n


# ---------------------------------------------------------------- data access

def read_jsonl(path: Path, warnings: list[str], limit: int | None = None) -> Iterator[dict]:
    """Objects of a JSONL file; a malformed line becomes a one-line warning and is skipped, and a
    file that cannot be read or decoded ends with a warning (the rows read so far still count)."""
    n = 0
    lineno = 0
    try:
        with path.open(encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    warnings.append(f"{path}:{lineno}: skipped: not valid JSON ({exc.msg})")
                    continue
                if not isinstance(obj, dict):
                    warnings.append(f"{path}:{lineno}: skipped: expected a JSON object")
                    continue
                yield obj
                n += 1
                if limit is not None and n >= limit:
                    return
    except (OSError, UnicodeDecodeError) as exc:
        warnings.append(f"{path}:{lineno + 1}: stopped reading: {exc}")


def labelled_spans(obj: dict, key: str, path: Path, warnings: list[str], keep=lambda label: True) -> list[tuple[int, int]]:
    text = obj.get("text") or ""
    out = []
    for sp in obj.get(key) or []:
        try:
            s, e = int(sp[0]), int(sp[1])
            label = sp[2] if len(sp) > 2 else None
        except (TypeError, ValueError, IndexError):
            warnings.append(f"{path}: row {obj.get('id')!r}: skipped a malformed span {sp!r}")
            continue
        if not (0 <= s < e <= len(text)):
            warnings.append(f"{path}: row {obj.get('id')!r}: skipped span {s}-{e} outside the text")
            continue
        if keep(label):
            out.append((s, e))
    return out


# ---------------------------------------------------------------- the benchmark

class AccuracyBench:
    """Measures the packs on the sets found in data_dir. Scorer built once (no sentiment or
    readability, which no measure uses); limit caps the rows (or articles) read per file."""

    def __init__(self, data_dir: str | Path, *, only: Iterable[str] = (), limit: int | None = None, scorer=None):
        self.data_dir = Path(data_dir)
        self.only = tuple(only)
        self.limit = limit
        self.scorer = scorer

    def run(self) -> dict:
        from ..scoring.scorer import Scorer

        if not self.data_dir.is_dir():
            raise BenchError(f"data directory not found: {self.data_dir}"
                             + (" (that is a file)" if self.data_dir.exists() else ""))
        unknown = sorted(set(self.only) - set(SETS) - {"voice"})
        if unknown:
            raise BenchError(f"unknown set {', '.join(unknown)} (known: {', '.join(SETS)})")
        self.scorer_ = self.scorer or Scorer(profile="rules")  # rules, voice and attribution: all it measures
        self.rows_: list[Row] = []
        self.rules_ = RuleStats()
        self.warnings_: list[str] = []
        wanted = self.only or tuple(s for s in SETS if s not in ON_REQUEST)
        for name in SETS:
            if name not in wanted and not (name == "basil" and "voice" in wanted):
                continue
            paths = [self.data_dir / f for f in SETS[name]]
            present = [p for p in paths if p.is_file()]
            if not present:
                self.rows_.append(Row(name, "skipped", None, 0, f"missing {', '.join(SETS[name])}"))
                continue
            getattr(self, "_" + name.replace("-", "_"))(present)
        return {"rows": [r.as_dict() for r in self.rows_], "per_rule": self.rules_.rows(),
                "warnings": self.warnings_}

    def _add(self, set_name: str, measure: str, value: float | None, n: int, note: str = "") -> None:
        # A measure over nothing (no usable rows) is undefined: n/a, not a misleading 0.000.
        self.rows_.append(Row(set_name, measure, None if value is None or not n else round(value, 4), n, note))

    def _score(self, text: str):
        return self.scorer_.score(text)

    # -- hedging and speculation: sentence level against `uncertain`, cue level against typed spans
    def _uncertainty(self, name: str, paths: list[Path]) -> None:
        self.rules_.label[name] = "sentence labelled uncertain"
        tp = fp = fn = 0
        cue_hit = Counter()
        cue_all = Counter()
        pred_on_cue = pred_n = 0
        for path in paths:
            for row in read_jsonl(path, self.warnings_, self.limit):
                text = row.get("text")
                if not isinstance(text, str) or row.get("label") not in ("certain", "uncertain"):
                    self.warnings_.append(f"{path}: row {row.get('id')!r}: skipped: needs text and label certain|uncertain")
                    continue
                gold = row["label"] == "uncertain"
                ms = [m for m in self._score(text).matches if m.category in HEDGE_CATEGORIES]
                pred = bool(ms)
                tp += gold and pred
                fp += pred and not gold
                fn += gold and not pred
                cues = []
                for sp in row.get("spans") or []:
                    try:
                        cues.append((int(sp[0]), int(sp[1]), str(sp[2])))
                    except (TypeError, ValueError, IndexError):
                        self.warnings_.append(f"{path}: row {row.get('id')!r}: skipped a malformed cue {sp!r}")
                mspans = [(m.start, m.end) for m in ms]
                for s, e, typ in cues:
                    cue_all[typ] += 1
                    cue_hit[typ] += overlaps((s, e), mspans)
                for m in ms:
                    on_cue = overlaps((m.start, m.end), [(s, e) for s, e, _ in cues])
                    pred_on_cue += on_cue
                    pred_n += 1
                    self.rules_.add(name, m.rule, gold)
        p, r, f = prf(tp, fp, fn)
        n = tp + fn
        self._add(name, "sentence precision (uncertain)", p, tp + fp)
        self._add(name, "sentence recall (uncertain)", r, n)
        self._add(name, "sentence F1 (uncertain)", f, n)
        cp = pred_on_cue / pred_n if pred_n else 0.0
        cr = sum(cue_hit.values()) / sum(cue_all.values()) if cue_all else 0.0
        self._add(name, "cue precision (match overlaps a cue)", cp, pred_n)
        self._add(name, "cue recall (any overlap)", cr, sum(cue_all.values()))
        self._add(name, "cue F1 (any overlap)", prf_from_pr(cp, cr), sum(cue_all.values()))
        for typ in sorted(cue_all):
            self._add(name, f"cue recall: {typ}", cue_hit[typ] / cue_all[typ], cue_all[typ])

    def _factbank(self, paths):
        self._uncertainty("factbank", paths)

    def _wiki(self, paths):
        self._uncertainty("wiki", paths)

    # -- loaded language against labelled spans
    def _span_set(self, name: str, paths: list[Path], key: str, keep, loose: bool = False) -> None:
        chars = [0, 0, 0]
        spans = [0, 0, 0, 0]
        partial = [0.0, 0, 0.0, 0]
        for path in paths:
            for row in read_jsonl(path, self.warnings_, self.limit):
                text = row.get("text")
                if not isinstance(text, str):
                    self.warnings_.append(f"{path}: row {row.get('id')!r}: skipped: no text")
                    continue
                gold = labelled_spans(row, key, path, self.warnings_, keep)
                pred = [m for m in self._score(text).matches if m.category == LOADED]
                pspans = [(m.start, m.end) for m in pred]
                for i, v in enumerate(char_counts(gold, pspans)):
                    chars[i] += v
                for i, v in enumerate(span_counts(gold, pspans)):
                    spans[i] += v
                for i, v in enumerate(partial_counts(gold, pspans)):
                    partial[i] += v
                every = labelled_spans(row, key, path, [], lambda label: True) if loose else []
                for m in pred:
                    self.rules_.add(name, m.rule, overlaps((m.start, m.end), gold),
                                    overlaps((m.start, m.end), every) if loose else None)
        label = "Loaded_Language" if name == "ptc" else "biased word"
        p, r, f = prf(*chars)
        self._add(name, f"char precision ({label})", p, chars[0] + chars[1])
        self._add(name, f"char recall ({label})", r, chars[0] + chars[2])
        self._add(name, f"char F1 ({label})", f, chars[0] + chars[2])
        sp = spans[0] / spans[1] if spans[1] else 0.0
        sr = spans[2] / spans[3] if spans[3] else 0.0
        self._add(name, f"span precision ({label}, any overlap)", sp, spans[1])
        self._add(name, f"span recall ({label}, any overlap)", sr, spans[3])
        self._add(name, f"span F1 ({label}, any overlap)", prf_from_pr(sp, sr), spans[3])
        pp = partial[0] / partial[1] if partial[1] else 0.0
        pr = partial[2] / partial[3] if partial[3] else 0.0
        self._add(name, f"partial-overlap F1 ({label}, SemEval-2020 T11 style)", prf_from_pr(pp, pr), partial[3],
                  f"P {pp:.3f}, R {pr:.3f}")

    def _ptc(self, paths):
        self.rules_.label["ptc"] = "overlaps a Loaded_Language span"
        self._span_set("ptc", paths, "spans", lambda label: label == "Loaded_Language", loose=True)

    def _babe(self, paths):
        self.rules_.label["babe"] = "overlaps a biased word"
        self._span_set("babe", paths, "spans", lambda label: True)

    # -- BASIL: article rates, triplet order, lex recall, and the voice check
    def _basil(self, paths: list[Path]) -> None:
        self.rules_.label["basil"] = "overlaps a lex span (any voice)"
        pred_rate, gold_rate, weighted_rate = [], [], []
        triplets: list[list[tuple[float, float, float]]] = []
        lex_hit = lex_n = 0
        auth_on_lex = auth_n = 0
        inq_quoted = inq_n = 0
        m_quoted = m_n = 0
        for path in paths:
            for trip in read_jsonl(path, self.warnings_, self.limit):
                group = []
                for art in trip.get("articles") or []:
                    text = art.get("text")
                    if not isinstance(text, str) or not isinstance(art.get("sentences"), list):
                        self.warnings_.append(f"{path}: article {art.get('id')!r}: skipped: needs text and sentences")
                        continue
                    gold = basil_spans(art, text)
                    res = self._score(text)
                    lex_out = [(s, e) for s, e, bias, q in gold if bias == "lex" and q == "no"]
                    lex_all = [(s, e) for s, e, bias, q in gold if bias == "lex"]
                    pr = authorial_loaded_rate(res)
                    gr = basil_lex_rate(gold, text)
                    # The same rate with each match counted at its weight (a check of the weights).
                    auth_words = getattr(res, "authorial_words", 0)
                    wr = (res.categories.get(LOADED, {}).get("authorial", {}).get("weighted", 0.0) * 1000.0 / auth_words
                          if auth_words else 0.0)
                    pred_rate.append(pr)
                    gold_rate.append(gr)
                    weighted_rate.append(wr)
                    group.append((pr, gr, wr))
                    loaded = [m for m in res.matches if m.category == LOADED]
                    auth = [(m.start, m.end) for m in loaded if m.voice == "authorial"]
                    lex_hit += sum(overlaps(g, auth) for g in lex_out)
                    lex_n += len(lex_out)
                    auth_on_lex += sum(overlaps(a, lex_all) for a in auth)
                    auth_n += len(auth)
                    for m in loaded:
                        self.rules_.add("basil", m.rule, overlaps((m.start, m.end), lex_all))
                    quotes = [(q.start, q.end) for q in res.quotes]
                    inq = [(s, e) for s, e, _, q in gold if q == "yes"]
                    for s, e in inq:
                        inq_n += 1
                        inq_quoted += _mostly_inside((s, e), quotes)
                    for m in res.matches:
                        if any(s <= m.start and m.end <= e for s, e in inq):
                            m_n += 1
                            m_quoted += m.voice == "quoted"
                if len(group) >= 2:
                    triplets.append(group)
        want = not self.only or "basil" in self.only
        if want:
            rho = spearman(pred_rate, gold_rate)
            self._add("basil", "Spearman, authorial loaded rate vs lex outside quotes", rho, len(pred_rate),
                      "" if rho is not None else "undefined: a constant side")
            agree = total = agree_w = 0.0
            for g in triplets:
                a, n = pairwise_agreement([x for x, _, _ in g], [y for _, y, _ in g])
                agree += a
                total += n
                agree_w += pairwise_agreement([w for _, _, w in g], [y for _, y, _ in g])[0]
            self._add("basil", "pairwise order accuracy within triplets", agree / total if total else None, int(total))
            rho_w = spearman(weighted_rate, gold_rate)
            self._add("basil", "Spearman, weighted authorial rate (matches at their weights)", rho_w, len(weighted_rate),
                      "" if rho_w is not None else "undefined: a constant side")
            self._add("basil", "pairwise order accuracy, weighted rate", agree_w / total if total else None, int(total))
            self._add("basil", "span recall of lex outside quotes (authorial matches)", lex_hit / lex_n if lex_n else 0.0, lex_n)
            self._add("basil", "span precision of authorial matches (any lex span)", auth_on_lex / auth_n if auth_n else 0.0, auth_n)
        if not self.only or "voice" in self.only or "basil" in self.only:
            self._add("voice", "in-quote annotated spans marked quoted", inq_quoted / inq_n if inq_n else None, inq_n)
            self._add("voice", "matches inside annotated quotes marked quoted", m_quoted / m_n if m_n else None, m_n)

    # -- PolNeAR: attribution sources (issue 15's measure)
    def _polnear(self, paths: list[Path]) -> None:
        self._polnear_set("polnear", paths)

    def _polnear_train(self, paths: list[Path]) -> None:
        self._polnear_set("polnear-train", paths)

    def _polnear_set(self, name: str, paths: list[Path]) -> None:
        """Issue 15's measure, through `to_dict()` only. Gold: the distinct sources of relations
        whose cue is one of speech, thought or reporting (`speech_thought_cue`); pronouns and
        definite descriptions are not scored. A named source is found when an
        `attribution.named_spans` span overlaps it; an unnamed one when an anonymous, vague,
        sourcing or speculation match overlaps the source or its cue."""
        self.rules_.label[name] = "overlaps an annotated source or cue"
        named_hit = named_n = named_as_unnamed = 0
        named_pred_hit = named_pred_n = 0
        unnamed_hit: Counter = Counter()
        unnamed_n: Counter = Counter()
        tagged_hit = tagged_n = 0
        content_hit = content_n = 0
        for path in paths:
            for art in read_jsonl(path, self.warnings_, self.limit):
                text = art.get("text")
                if not isinstance(text, str):
                    self.warnings_.append(f"{path}: article {art.get('id')!r}: skipped: no text")
                    continue
                res = self._score(text).to_dict()
                at = res["attribution"]
                named = [(d["start"], d["end"]) for d in at.get("named_spans", [])]
                sourcing = [(m["start"], m["end"]) for m in res["matches"]
                            if m.get("attribution") or m["category"] in ("sourcing", "speculation")]
                tagged = [m for m in res["matches"] if m.get("attribution") in ("anonymous", "vague")]
                relations = polnear_relations(art, text)
                any_src_or_cue = [sp for src, cue, _ in relations for sp in (src, cue) if sp]
                any_src = [src for src, _, _ in relations if src]
                seen: set[tuple[int, int]] = set()
                for src, cue, _ in relations:
                    if src is None or cue is None or src in seen or not speech_thought_cue(text[cue[0]:cue[1]]):
                        continue
                    seen.add(src)
                    kind = source_kind(text, *src)
                    if kind == "named":
                        named_n += 1
                        named_hit += overlaps(src, named)
                        # capitalised yet unnamed ("a Democratic senator", "GOP analysts"): found, typed unnamed
                        named_as_unnamed += not overlaps(src, named) and overlaps(src, sourcing)
                    elif kind == "unnamed":
                        typ = unnamed_type(text[src[0]:src[1]])
                        unnamed_n[typ] += 1
                        unnamed_hit[typ] += overlaps(src, sourcing) or overlaps(cue, sourcing)
                for sp in named:
                    named_pred_n += 1
                    named_pred_hit += overlaps(sp, any_src)
                    self.rules_.add(name, "attribution.named-source", overlaps(sp, any_src))
                for m in tagged:
                    hit = overlaps((m["start"], m["end"]), any_src_or_cue)
                    tagged_n += 1
                    tagged_hit += hit
                    self.rules_.add(name, m["rule"], hit)
                gold_content = [c for _, _, c in relations if c]
                for a in res.get("attributions", []):
                    if a.get("content"):
                        content_n += 1
                        content_hit += overlaps((a["content"]["start"], a["content"]["end"]), gold_content)
        un = sum(unnamed_n.values())
        self._add(name, "named source recall", named_hit / named_n if named_n else 0.0, named_n,
                  "speech, thought and reporting cues")
        self._add(name, "named sources missed but found as unnamed (capitalised groups and roles)",
                  named_as_unnamed / named_n if named_n else 0.0, named_n, "'a Democratic senator', 'GOP analysts'")
        self._add(name, "named source precision (span overlaps an annotated source)",
                  named_pred_hit / named_pred_n if named_pred_n else 0.0, named_pred_n)
        self._add(name, "unnamed source recall (match on the source or its cue)",
                  sum(unnamed_hit.values()) / un if un else 0.0, un)
        for typ in UNNAMED_TYPES:
            self._add(name, f"unnamed source recall: {typ}", unnamed_hit[typ] / unnamed_n[typ] if unnamed_n[typ] else 0.0,
                      unnamed_n[typ])
        self._add(name, "anonymous/vague precision (match overlaps an annotated source or cue)",
                  tagged_hit / tagged_n if tagged_n else 0.0, tagged_n)
        if content_n:
            self._add(name, "attribution content precision (overlaps an annotated content)",
                      content_hit / content_n, content_n)


def prf_from_pr(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _mostly_inside(span: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    """At least half of the span's characters lie inside detected quotations."""
    s, e = span
    inside = sum(max(0, min(e, qe) - max(s, qs)) for qs, qe in quotes)
    return inside * 2 >= (e - s)


def basil_lex_rate(gold: list[tuple[int, int, str, str]], text: str) -> float:
    """BASIL's gold side: `lex` spans outside quotes per 1,000 words of the article."""
    words = len(text.split())
    return sum(1 for *_, bias, q in gold if bias == "lex" and q == "no") * 1000.0 / words if words else 0.0


def authorial_loaded_rate(res) -> float:
    """The predicted side: loaded-language matches per 1,000 words of the author's own voice."""
    return res.categories.get(LOADED, {}).get("authorial", {}).get("per_1000_words", 0.0)


def basil_spans(art: dict, text: str) -> list[tuple[int, int, str, str]]:
    """BASIL spans as (start, end, bias, quote) offsets into the article text: span offsets are
    within `sentences[sent]` (or the title, which opens the text), so each sentence is located in
    the text in order."""
    starts = []
    pos = 0
    for sent in art["sentences"]:
        i = text.find(sent, pos) if isinstance(sent, str) else -1
        starts.append(i if i >= 0 else None)
        if i >= 0:
            pos = i + len(sent)
    title = art.get("title") or ""
    title_at = text.find(title) if title else -1
    out = []
    for sp in art.get("spans") or []:
        try:
            sent, s, e = sp["sent"], int(sp["start"]), int(sp["end"])
        except (KeyError, TypeError, ValueError):
            continue
        base = title_at if sent == "title" else (starts[sent] if isinstance(sent, int) and 0 <= sent < len(starts) else None)
        if base is None or base < 0:
            continue
        a, b = base + s, base + e
        if text[a:b] != sp.get("text", text[a:b]):
            continue
        out.append((a, b, str(sp.get("bias")), str(sp.get("quote"))))
    return out


def source_kind(text: str, start: int, end: int) -> str:
    """'pronoun'; 'named' (a capitalised word, not counting a sentence-initial common word);
    'described' (a definite description: "the agency", "his aides"); else 'unnamed'."""
    src = text[start:end]
    words = src.split()
    if not words or (len(words) == 1 and words[0].lower().strip(".,") in _PRONOUNS):
        return "pronoun"
    before = text[:start].rstrip(" \"“‘'(")
    at_sentence_start = not before or before[-1] in ".!?\n:—"
    caps = [m for m in _CAP_WORD.finditer(src)]
    # A sentence-initial capital is a name ("Trump said") unless the word is a common source noun or
    # determiner ("Experts say", "The agency said").
    if at_sentence_start and caps and caps[0].start() == 0 and caps[0].group().lower() in _COMMON_STARTS:
        caps = caps[1:]
    if caps:
        return "named"
    # "the president", "his campaign": a definite description points back to someone the article
    # identifies; only indefinite, bare or quantified sources ("sources", "a source", "some") are unnamed.
    first = words[0].lower().strip("\"“‘'(")
    return "described" if first in _DEFINITE else "unnamed"


_DEFINITE = frozenset("the this that these those his her its their our my your whose".split())
# Words that open a sentence without being a name ("Experts say", "The agency said"): the measure's
# own frozen list, so that editing the finder's lexicons (source_nouns.txt) cannot move the yardstick.
_COMMON_STARTS = frozenset("""officials official sources source people person insiders insider analysts analyst
critics critic experts expert observers observer lawmakers lawmaker reports report accounts diplomats diplomat
economists economist investors residents witnesses authorities police spokesperson spokesman spokeswoman aides aide
advisers adviser executives executive negotiators negotiator hawks supporters opponents reporters scientists
researchers doctors historians commentators pundits firefighters firefighter prosecutors prosecutor students student
neighbors neighbor neighbours neighbour protesters protester protestors protestor demonstrators relatives relative
villagers villager farmers farmer nurses nurse survivors survivor organizers organizer organisers organiser officers
officer lawyers lawyer attorneys attorney teachers teacher parents parent workers worker employees employee voters
voter volunteers volunteer rescuers rescuer investigators investigator detectives detective soldiers soldier troops
activists activist campaigners campaigner advocates advocate members member citizens locals fans patients passengers
customers shoppers families friends colleagues staff guards they he she we it i there
the a an some many most several other others another two three four five both all few no not any each every one its
their his her our my your this that these those such new former top senior local federal state""".split())


def polnear_relations(art: dict, text: str) -> list[tuple]:
    """Distinct (source, cue, content) span triples of a PolNeAR article, each (start, end) or None
    where missing or outside the text; articles annotated by several people repeat relations."""
    out: dict[tuple, None] = {}
    for rel in art.get("attributions") or []:
        if not isinstance(rel, dict):
            continue
        spans = []
        for key in ("source", "cue", "content"):
            sp = rel.get(key)
            try:
                s, e = int(sp["start"]), int(sp["end"])
            except (KeyError, TypeError, ValueError):
                spans.append(None)
                continue
            spans.append((s, e) if 0 <= s < e <= len(text) else None)
        out[tuple(spans)] = None
    return list(out)


# The cues the attribution measure scores: verbs of speech, thought and reporting (and "according
# to"), as the cue's first word after auxiliaries and adverbs. The measure's own list, kept apart
# from the finder's lexicons so that the finder cannot define what it is measured against.
_CUE_WORDS = frozenset("""say said says saying tell told tells telling add added adds adding note noted notes noting
write wrote writes writing written ask asked asks asking announce announced announces announcing report reported reports
reporting argue argued argues arguing claim claimed claims claiming state stated states explain explained explains
explaining describe described describes tweet tweeted tweets tweeting post posted posts respond responded responds reply
replied replies declare declared declares insist insisted insists warn warned warns warning acknowledge acknowledged
acknowledges admit admitted admits deny denied denies confirm confirmed confirms comment commented comments remark remarked
recall recalled recalls suggest suggested suggests suggesting point pointed points contend contended contends maintain
maintained maintains assert asserted asserts allege alleged alleges testify testified predict predicted predicts urge urged
urges continue continued continues concede conceded caution cautioned stress stressed stresses emphasize emphasized repeat
repeated reiterate reiterated speak spoke speaks talk talked according cite cited cites citing quote quoted disclose
disclosed reveal revealed reveals complain complained complains think thinks thought believe believes believed fear fears
feared expect expects expected hope hopes hoped worry worries worried feel feels felt know knows knew doubt doubts doubted
wonder wondered suspect suspected agree agreed agrees disagree disagreed estimate estimated estimates assume assumed
conclude concluded concludes show shows showed shown find finds found indicate indicated indicates""".split())
_CUE_SKIP = frozenset("""has have had also is was were are would will be been not did does do could can may might should
to repeatedly then later still recently just previously already never often even publicly long widely""".split())


def speech_thought_cue(cue: str) -> bool:
    """Whether an annotated cue is one of speech, thought or reporting ("has also said", "according
    to"), not an action ("imposed", "voted for")."""
    words = re.findall(r"[a-z]+", cue.lower())
    while words and words[0] in _CUE_SKIP:
        words.pop(0)
    return bool(words) and words[0] in _CUE_WORDS


UNNAMED_TYPES = ("individual", "group", "document")
_DOCUMENT_NOUNS = frozenset("""report reports poll polls polling survey surveys study studies data analysis analyses
document documents memo memos letter letters statement statements records record filing filings estimate estimates
figures statistics research review audit email emails tweet tweets post posts article articles story stories
editorial book books paper papers footnote slide transcript projections numbers results census""".split())
_INDIVIDUAL_OPENERS = frozenset("a an one another".split())


def unnamed_type(source: str) -> str:
    """The type of an unnamed gold source, for recall by type: 'document' (a report, poll or data),
    'individual' ("a spokesman", "one person familiar with"), else 'group' ("officials", "some
    Democrats", "critics")."""
    words = re.findall(r"[\w'’-]+", source.lower())
    head = words[:4]
    if any(w in _DOCUMENT_NOUNS for w in head):
        return "document"
    if words and words[0] in _INDIVIDUAL_OPENERS and not (len(words) > 1 and words[1] == "of"):
        return "individual"
    return "group"


# ---------------------------------------------------------------- rendering

def _fmt(v) -> str:
    return "n/a" if v is None else f"{v:.3f}"


def markdown(result: dict, per_rule: bool = False, min_fires: int = 1) -> str:
    lines = ["| set | measure | value | n | target | baseline | note |", "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        lines.append(f"| {r['set']} | {r['measure']} | {_fmt(r['value'])} | {r['n']} | {r['target']} | {r['baseline']} | {r['note']} |")
    if per_rule:
        lines += ["", "| set | rule | fires | precision | a hit means | precision, any PTC technique |",
                  "|---|---|---|---|---|---|"]
        for r in result["per_rule"]:
            if r["fires"] >= min_fires:
                loose = _fmt(r["precision_any_technique"]) if "precision_any_technique" in r else ""
                lines.append(f"| {r['set']} | `{r['rule']}` | {r['fires']} | {_fmt(r['precision'])} | {r['label']} | {loose} |")
    return "\n".join(lines) + "\n"


def run(data_dir: str | Path, *, only: Iterable[str] = (), limit: int | None = None) -> dict:
    return AccuracyBench(data_dir, only=only, limit=limit).run()


def default_data_dir() -> Path:
    """../shared/data relative to the project root (the checkout holding this package)."""
    return Path(__file__).resolve().parents[3] / "shared" / "data"
