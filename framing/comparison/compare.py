"""Comparison: how one source's editorializing differs from other reports of the same story.

Differences are reported against the references, never as absolute bias: wire copy is not
neutral ground.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..results import AUTHORIAL, QUOTED, SCHEMA_VERSION, ArticleScore

EDITORIAL_CATEGORIES = ("loaded_language", "speculation", "opinion", "certainty", "hedging")
ATTRIBUTION_KEYS = ("named", "anonymous", "vague", "direct_quotes", "quoted_word_share")


@dataclass(frozen=True, slots=True, kw_only=True)
class Alignment:
    sentence: int
    start: int
    end: int
    text: str
    label: str
    score: float
    reference: str | None
    reference_sentence: int | None
    reference_text: str | None
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    target: str
    references: tuple[str, ...]
    ranking: tuple[dict, ...]
    categories: dict
    attribution: dict
    sentiment: dict
    readability: dict
    length: dict
    alignment: tuple[Alignment, ...]
    new_share: dict
    omitted: dict
    summary: tuple[str, ...]
    warnings: tuple[str, ...] = ()
    scores: tuple[ArticleScore, ...] = ()
    # {model: {"mean": stats, "share_above": stats}} over authorial sentences, when classifiers ran
    classifiers: dict = field(default_factory=dict)
    # each compared article whose text held inline markers (marked()): its figures are those after
    # suppression; in the JSON only when one did, so a run without markers keeps its JSON
    markers: tuple[dict, ...] = ()
    schema_version: int = field(default=SCHEMA_VERSION)

    def to_dict(self, include_scores: bool = False) -> dict:
        d = asdict(self)
        if not include_scores:
            d.pop("scores")
        if not self.markers:
            d.pop("markers")
        return d


def _stats(target: float, refs: list[float], min_mean: float, ratio: bool = True) -> dict:
    """A measure of the target beside the references'. ratio False: a measure with no true zero
    (a signed mean such as sentiment's, a readability scale), whose ratio means nothing: None."""
    mean = sum(refs) / len(refs) if refs else 0.0
    return {
        "target": target,
        "references": refs,
        "reference_mean": round(mean, 4),
        "reference_range": [min(refs), max(refs)] if refs else [],
        "difference": round(target - mean, 4),
        "ratio": round(target / mean, 3) if ratio and mean >= min_mean else None,
    }


def align(target: ArticleScore, references: list[ArticleScore], shared: float, reworded: float) -> list[Alignment]:
    """Pair each target sentence with its closest reference sentence (TF-IDF cosine)."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    ref_sents = [(r, s) for r in references for s in r.sentences]
    cats_of = {}
    for m in target.matches:
        if m.voice == AUTHORIAL:
            cats_of.setdefault(m.sentence, set()).add(m.category)
    if not target.sentences:
        return []
    if not ref_sents:
        return [Alignment(sentence=s.index, start=s.start, end=s.end, text=s.text, label="new", score=0.0,
                          reference=None, reference_sentence=None, reference_text=None,
                          categories=tuple(sorted(cats_of.get(s.index, ())))) for s in target.sentences]
    corpus = [s.text for s in target.sentences] + [s.text for _, s in ref_sents]
    word = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
    char = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    try:
        mat = hstack([word.fit_transform(corpus), char.fit_transform(corpus)]).tocsr()
    except ValueError:  # no vocabulary at all (texts of punctuation only)
        mat = None
    n = len(target.sentences)
    out = []
    # Both blocks are L2-normalised, so the cosine of their concatenation is the mean of the two cosines.
    sims = cosine_similarity(mat[:n], mat[n:]) if mat is not None else None
    for i, s in enumerate(target.sentences):
        if sims is None:
            best, score = 0, 0.0
        else:
            best = int(sims[i].argmax())
            score = float(sims[i, best])
        label = "shared" if score >= shared else "reworded" if score >= reworded else "new"
        ref, rs = ref_sents[best]
        out.append(Alignment(sentence=s.index, start=s.start, end=s.end, text=s.text, label=label,
                             score=round(score, 4), reference=ref.source, reference_sentence=rs.index,
                             reference_text=rs.text, categories=tuple(sorted(cats_of.get(s.index, ())))))
    return out


def _omitted(target: ArticleScore, references: list[ArticleScore], alignment: list[Alignment], reworded: float) -> dict:
    used = {(a.reference, a.reference_sentence) for a in alignment if a.label != "new"}
    target_names = {n.lower() for n in target.attribution.get("named_sources", [])}
    target_text = " ".join(s.text for s in target.sentences).lower()
    names = []
    for r in references:
        for n in r.attribution.get("named_sources", []):
            if n.lower() not in target_names and n.split()[-1].lower() not in target_text and n not in names:
                names.append(n)
    # "Solvik" is the same person as "Anneke Solvik": keep the fullest form of each name.
    full = [n for n in names if " " in n]
    names = [n for n in names if not any(f != n and f.lower().endswith(" " + n.lower()) for f in full)]
    quotes = []
    for r in references:
        for q in r.quotes:
            if q.words >= 4 and not any(w in target_text for w in [q.text.strip("“”\"' ").lower()[:40]]):
                quotes.append({"source": r.source, "start": q.start, "end": q.end, "text": q.text})
    # A sentence two references share word for word is covered when either copy was aligned (which
    # copy the alignment picked depends on the order of the references; the answer must not).
    by_key = {(r.source, s.index): s.text for r in references for s in r.sentences}
    used_texts = {" ".join(by_key[k].split()) for k in used if k in by_key}
    sentences = [{"source": r.source, "sentence": s.index, "text": s.text}
                 for r in references for s in r.sentences
                 if (r.source, s.index) not in used and " ".join(s.text.split()) not in used_texts]
    return {"named_sources": names, "quotes": quotes, "sentences": sentences}


def classified(r: ArticleScore, model: str) -> bool:
    """Whether the model scored any sentence in the author's own voice. Without one, the mean and
    share of 0.0 in the JSON stand for no sentence at all (the contract keeps the numbers): the
    reports show n/a and the summary compares nothing."""
    return any(s.voice == AUTHORIAL and model in s.classifiers for s in r.sentences)


def _classifier_stats(target: ArticleScore, refs: list[ArticleScore], min_mean: float) -> dict:
    """Only the models every article was scored with can be compared."""
    names = [n for n in target.classifiers if all(n in r.classifiers for r in refs)]
    return {n: {k: _stats(target.classifiers[n][k], [r.classifiers[n][k] for r in refs], min_mean)
                for k in ("mean", "share_above")} | {"threshold": target.classifiers[n]["threshold"]}
            for n in names}


def _avg(x: float) -> str:
    """A mean for a sentence: one decimal at most ("1.7", "2")."""
    return f"{x:.1f}".removesuffix(".0")


def counted(n, noun: str, plural: str | None = None) -> str:
    """'1 word', '2 words', '1.5 direct quotes': a number and its noun, agreeing. n may be a number
    or an already formatted one."""
    one = str(n) in ("1", "1.0", "-1")
    return f"{n} {noun if one else plural or noun + 's'}"


def marked(scores) -> tuple[dict, ...]:
    """Each article of `scores` whose text held inline markers (or a marker's warning), in order:
    {"source", "markers": how many, "matches": how many they silenced, "warnings": [{"line",
    "column", "message"}]}."""
    from ..scoring.scorer import marker_counts

    out = []
    for s in scores:
        found = getattr(s, "suppressed", None)  # a MarkedArticleScore's
        if found:
            n = marker_counts(found)
            out.append({"source": s.source, "markers": n["markers"], "matches": n["matches"],
                        "warnings": [{k: w[k] for k in ("line", "column", "message")} for w in found["warnings"]]})
    return tuple(out)


def marker_note(entry: dict) -> str:
    """A summary's sentence on one article's inline markers (an entry of marked())."""
    src, n, silenced, warned = entry["source"], entry["markers"], entry["matches"], len(entry["warnings"])
    if silenced:
        line = (f"{src} turns rules off in its own text: {counted(n, 'inline marker')} "
                f"{'silences' if n == 1 else 'silence'} {counted(silenced, 'match', 'matches')}, which its "
                "figures here leave out (--no-inline-markers counts them).")
    elif n:
        line = f"{src} holds {counted(n, 'inline marker')} that {'silences' if n == 1 else 'silence'} no match."
    else:
        line = f"{src} holds an inline marker without its closing '-->', read as text."
    if warned:
        line += f" Its markers gave {counted(warned, 'warning')} (listed with line and column)."
    return line


def run_warnings(comps) -> list[str]:
    """The warnings of a run's comparisons, each once, in order: a ranked run (compare A B C)
    compares every article with the rest, so a short article is warned of in each comparison."""
    return list(dict.fromkeys(w for c in comps for w in c.warnings))


def _summary(target: ArticleScore, refs: list[ArticleScore], cats: dict, attrib: dict,
             alignment: list[Alignment], new_share: dict, classifiers: dict | None = None,
             min_share_gap: float = 0.15) -> list[str]:
    t = target.source
    lines = []
    a = attrib
    # A very short target (or only very short references) makes a rate per 1,000 words, and even
    # more a ratio of two, say little: the summary says so first and gives differences, flagged.
    if not target.rates_reliable:
        lines.append(f"Unreliable: {t} has only {counted(target.authorial_words, 'word')} in the author's own voice, "
                     "too few for rates per 1,000 words to mean much; this summary gives no ratios and flags "
                     "the differences below.")
    elif refs and not any(r.rates_reliable for r in refs):
        lines.append("Unreliable: every other report has too few words in the author's own voice for rates per "
                     "1,000 words to mean much; this summary gives no ratios and flags the differences below.")
    flag = "unreliable: short text" if lines else ""
    head = len(lines)  # the articles' own inline markers are said after these
    if a["named"]["target"] == 0 and a["named"]["reference_mean"] > 0:
        lines.append(f"{t} names no sources; the other reports name {_avg(a['named']['reference_mean'])} on average.")
    if a["direct_quotes"]["target"] == 0 and a["direct_quotes"]["reference_mean"] > 0:
        lines.append(f"{t} quotes nobody directly; the others carry "
                     f"{counted(_avg(a['direct_quotes']['reference_mean']), 'direct quote')} on average.")
    unnamed_t = a["anonymous"]["target"] + a["vague"]["target"]
    unnamed_r = a["anonymous"]["reference_mean"] + a["vague"]["reference_mean"]
    if unnamed_t > unnamed_r:
        lines.append(f"{t} cites {unnamed_t} anonymous or vague source{'' if unnamed_t == 1 else 's'}, against "
                     f"{_avg(unnamed_r)} on average in the others.")
    for cat in EDITORIAL_CATEGORIES:
        if cat not in cats:
            continue
        c = cats[cat]["authorial"]
        label = cat.replace("_", " ")
        if flag and c["target"] > 0 and (c["reference_mean"] == 0 or (c["ratio"] or 0) >= 1.5):
            lines.append(f"In its own voice, {t} uses {label} at {c['target']:.1f} per 1,000 words against "
                         f"{c['reference_mean']:.1f} in the others (difference {c['difference']:+.1f}; {flag}).")
        elif c["target"] > 0 and c["ratio"] is not None and c["ratio"] >= 1.5:
            lines.append(f"In its own voice, {t} uses {label} at {c['ratio']:.1f} times the others' rate "
                         f"({c['target']:.1f} vs {c['reference_mean']:.1f} per 1,000 words).")
        elif c["target"] > 0 and c["reference_mean"] == 0:
            lines.append(f"{t} uses {label} in its own voice ({c['target']:.1f} per 1,000 words); the others use none.")
    for name, st in (classifiers or {}).items():
        share = st["share_above"]
        if not all(classified(s, name) for s in (target, *refs)):
            continue  # a 0% that stands for no authorial sentence is no measurement
        if share["target"] - share["reference_mean"] >= min_share_gap:
            lines.append(f"The '{name}' sentence classifier puts {share['target']:.0%} of {t}'s own sentences above its "
                         f"threshold, against {share['reference_mean']:.0%} in the others{f' ({flag})' if flag else ''}.")
    new = [x for x in alignment if x.label == "new"]
    if new:
        one = len(new) == 1
        lines.append(f"{len(new)} of {counted(len(alignment), 'sentence')} of {t} {'has' if one else 'have'} no "
                     f"counterpart in the other reports; {new_share['share']:.0%} of its editorializing matches "
                     f"fall in {'it' if one else 'them'}.")
    if not lines:
        lines.append(f"{t} does not differ markedly from the other reports on these measures.")
    lines[head:head] = [marker_note(m) for m in marked([target, *refs])]
    return lines


def _same_text(a: ArticleScore, b: ArticleScore) -> bool:
    return [s.text for s in a.sentences] == [s.text for s in b.sentences]


def compare_scores(target: ArticleScore, references: list[ArticleScore], config: dict) -> Comparison:
    cfg = config.get("compare", {})
    shared, reworded = cfg.get("shared", 0.5), cfg.get("reworded", 0.14)
    min_mean = cfg.get("min_reference_mean_for_ratio", 0.05)
    warnings = []
    refs = []
    for r in references:
        if r is target or (r.source == target.source and _same_text(r, target)):
            warnings.append(f"{r.source}: the target itself given as a reference; left out")
        elif not r.sentences:
            warnings.append(f"{r.source}: empty reference; left out")
        else:
            refs.append(r)
    if not refs:
        warnings.append("no usable reference: differences cannot be computed")
    for r in [target, *refs]:
        if not r.rates_reliable:
            warnings.append(f"{r.source}: only {counted(r.authorial_words, 'word')} in the author's own voice; "
                            "rates are unreliable")
    categories = {}
    # authorial and quoted always; a further voice the scorer reports (reported speech) by its name
    voices = list(dict.fromkeys([AUTHORIAL, QUOTED, *(v for s in (target, *refs) for e in s.categories.values()
                                                       for v in e)]))
    for cat in sorted(set(target.categories) | {c for r in refs for c in r.categories}):
        categories[cat] = {}
        for voice in voices:
            def rate(s: ArticleScore) -> float:
                return s.categories.get(cat, {}).get(voice, {}).get("per_1000_words", 0.0)
            categories[cat][voice] = _stats(rate(target), [rate(r) for r in refs], min_mean)
            categories[cat][voice]["counts"] = {
                "target": target.categories.get(cat, {}).get(voice, {}).get("count", 0),
                "references": [r.categories.get(cat, {}).get(voice, {}).get("count", 0) for r in refs]}
    attribution = {k: _stats(target.attribution[k], [r.attribution[k] for r in refs], min_mean)
                   for k in ATTRIBUTION_KEYS}
    attribution["unnamed_per_1000_words"] = _stats(target.attribution["unnamed_per_1000_words"],
                                                   [r.attribution["unnamed_per_1000_words"] for r in refs], min_mean)
    attribution["named_per_1000_words"] = _stats(target.attribution["named_per_1000_words"],
                                                 [r.attribution["named_per_1000_words"] for r in refs], min_mean)
    # Only when every article had its sentiment computed (the rules profile skips it), like readability.
    with_sentiment = all(a.sentiment.get("enabled", True) for a in (target, *refs))
    # mean_abs (a size) has a ratio; mean (signed) and the readability scales have none
    sentiment = {k: _stats(target.sentiment[k], [r.sentiment[k] for r in refs], min_mean, ratio=k == "mean_abs")
                 for k in ("mean", "mean_abs")} if with_sentiment else {}
    readability = {k: _stats(target.readability[k], [r.readability[k] for r in refs], min_mean, ratio=False)
                   for k in ("flesch_reading_ease", "flesch_kincaid_grade")
                   if target.readability.get(k) is not None and all(r.readability.get(k) is not None for r in refs)}
    length = {"words": _stats(target.words, [r.words for r in refs], min_mean),
              "sentences": _stats(len(target.sentences), [len(r.sentences) for r in refs], min_mean)}
    alignment = align(target, refs, shared, reworded)
    label_of = {a.sentence: a.label for a in alignment}
    editorial = [m for m in target.matches if m.voice == AUTHORIAL and m.category in EDITORIAL_CATEGORIES[:4]]
    in_new = [m for m in editorial if label_of.get(m.sentence) == "new"]
    new_share = {"matches": len(editorial), "in_new": len(in_new),
                 "share": round(len(in_new) / len(editorial), 4) if editorial else 0.0,
                 "labels": {k: sum(1 for a in alignment if a.label == k) for k in ("shared", "reworded", "new")}}
    # rates_reliable false: too few authorial words for the index to mean much; the ranking says so
    ranking = tuple({"source": s.source, "index": s.index, "rank": i + 1, "rates_reliable": s.rates_reliable}
                    for i, s in enumerate(sorted([target, *refs], key=lambda s: (-s.index, s.source))))
    classifiers = _classifier_stats(target, refs, min_mean) if refs else {}
    summary = _summary(target, refs, categories, attribution, alignment, new_share, classifiers,
                       cfg.get("classifier_share_gap", 0.15)) if refs else []
    return Comparison(target=target.source, references=tuple(r.source for r in refs), ranking=ranking,
                      categories=categories, attribution=attribution, sentiment=sentiment,
                      readability=readability, length=length, alignment=tuple(alignment),
                      new_share=new_share, omitted=_omitted(target, refs, alignment, reworded),
                      summary=tuple(summary), warnings=tuple(warnings), scores=(target, *refs),
                      classifiers=classifiers, markers=marked([target, *refs]))


def compare_all(scores: list[ArticleScore], config: dict) -> list[Comparison]:
    """All-versus-rest: each source compared with the others, most editorializing first."""
    comps = [compare_scores(s, [r for r in scores if r is not s], config) for s in scores]
    return sorted(comps, key=lambda c: (-next(r["index"] for r in c.ranking if r["source"] == c.target), c.target))
