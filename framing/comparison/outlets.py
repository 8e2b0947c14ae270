"""Outlets across many stories: which outlet editorializes more than the others reporting the same events.

    report = framing.outlets(records)                    # dicts: id, text, source[, story][, date]
    report.outlets[0].measures["loaded_language"]        # {"mean", "others_mean", "difference", "ci_low", "ci_high"}
    report.pair("fox", "nyt")                            # two outlets over the stories they share

Each article is scored (framing.comparison.corpus.score_partition), articles are grouped into stories (a given
story field, or StoryGrouper: TF-IDF cosine between sparse nearest neighbours, within a date window),
and every outlet is compared with the other outlets *on the same story*: its difference on a story is
its rate minus the mean rate of the other outlets there. An outlet's profile is the mean of those
differences over its stories, with a seeded bootstrap interval over stories. Outlets are never scored
against an absolute zero: what a story needs (quotes, sourcing) is the same for every outlet covering it.
"""
from __future__ import annotations

import datetime as _dt
import itertools
import os
import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from .compare import EDITORIAL_CATEGORIES
from .corpus import ERROR, ID, read_records, score_partition

# 2: ci_low and ci_high are null, and reliable false, for an outlet (or pair) with fewer than two
#    stories (a bootstrap over one story gives the point twice, not an interval).
OUTLETS_SCHEMA_VERSION = 2

# The measures the report leads with, in this order (the contract requires these six).
LEAD_MEASURES = ("loaded_language", "speculation", "hedging", "opinion",
                 "named_per_1000_words", "unnamed_per_1000_words")


class OutletsError(Exception):
    """A problem with the run as a whole (fewer than two outlets, a bad option): one line."""


# ---------------------------------------------------------------------------------------------
# Measures: what is compared, read from a flat score row (framing.results.flatten's columns)


@dataclass(frozen=True, slots=True)
class Measure:
    name: str
    label: str        # words for a sentence: "loaded language in its own voice"
    unit: str         # "per 1,000 words", "share of sentences", "points"


def _per_1000(count, words) -> float:
    return float(count) * 1000.0 / words if words else 0.0


# Score columns every article needs (framing.results.flatten's names); a row written by an older
# framing lacks the sourcing rates and is an error row, not a silent zero.
REQUIRED_COLUMNS = ("words", "authorial_words", "reported_words", "attribution.named_per_1000_words",
                    "attribution.unnamed_per_1000_words", "attribution.anonymous", "attribution.vague",
                    "attribution.direct_quotes", "attribution.quoted_word_share")


def measures_of(row: dict) -> dict[str, float]:
    """The comparable measures of one scored article (a flat row as score_partition yields it).
    Category rates and sourcing rates are the scorer's own: per 1,000 words in the author's own
    voice, which since schema 2 excludes reported (indirect) speech as well as quotation. Direct
    quotes are per 1,000 words of the whole article; the quoted and reported shares are of all its
    words. Raises ValueError (one line) for a row that
    lacks a column or was scored under another schema."""
    from ..results import SCHEMA_VERSION

    version = row.get("schema_version")
    # schema 2 gave the rates their meaning; 3 only added the `limits` column: both are read
    if version is not None and str(version) not in {str(v) for v in range(2, SCHEMA_VERSION + 1)}:
        raise ValueError(f"scored under schema {version}; this framing writes schema {SCHEMA_VERSION} (authorial "
                         "rates now leave out reported speech): score it again")
    missing = [k for k in REQUIRED_COLUMNS if row.get(k) is None]
    if missing:
        raise ValueError(f"its scores have no {missing[0]!r} (written by an older framing?): score it again")
    out: dict[str, float] = {}
    cats = sorted({k.split(".", 1)[0] for k in row if k.endswith(".authorial.per_1000_words")},
                  key=lambda c: (c not in EDITORIAL_CATEGORIES,
                                 EDITORIAL_CATEGORIES.index(c) if c in EDITORIAL_CATEGORIES else 0, c))
    for cat in cats:
        out[cat] = float(row[f"{cat}.authorial.per_1000_words"])
    out["named_per_1000_words"] = float(row["attribution.named_per_1000_words"])
    unnamed = float(row["attribution.unnamed_per_1000_words"])
    out["unnamed_per_1000_words"] = unnamed
    # The scorer rates anonymous and vague sources together; each takes its share of that rate.
    anon, vague = float(row["attribution.anonymous"]), float(row["attribution.vague"])
    out["anonymous_per_1000_words"] = unnamed * anon / (anon + vague) if anon + vague else 0.0
    out["vague_per_1000_words"] = unnamed * vague / (anon + vague) if anon + vague else 0.0
    out["direct_quotes_per_1000_words"] = _per_1000(row["attribution.direct_quotes"], row["words"])
    out["quoted_word_share"] = float(row["attribution.quoted_word_share"])
    # what sources are reported to say outside quotation marks: paraphrase where others quote
    out["reported_word_share"] = float(row["reported_words"]) / float(row["words"]) if float(row["words"]) else 0.0
    for k in sorted(row):
        if k.startswith("classifier.") and k.endswith(".share_above"):
            out[f"classifier_{k.split('.')[1]}_share"] = float(row[k])
    if "sentiment.mean" in row:
        out["sentiment_mean"] = float(row["sentiment.mean"])
    out["editorializing_index"] = float(row.get("index", 0.0) or 0.0)
    return out


def describe(name: str) -> Measure:
    """How a measure reads in a sentence."""
    per_k = "per 1,000 words"
    fixed = {
        "named_per_1000_words": Measure(name, "named sources", per_k),
        "unnamed_per_1000_words": Measure(name, "anonymous or vague sources", per_k),
        "anonymous_per_1000_words": Measure(name, "anonymous sources", per_k),
        "vague_per_1000_words": Measure(name, "vague sources", per_k),
        "direct_quotes_per_1000_words": Measure(name, "direct quotes", per_k),
        "quoted_word_share": Measure(name, "words in quotation", "share of words"),
        "reported_word_share": Measure(name, "words in reported speech", "share of words"),
        "sentiment_mean": Measure(name, "sentiment (VADER, own voice)", "compound"),
        "editorializing_index": Measure(name, "composite editorializing index", "index points"),
    }
    if name in fixed:
        return fixed[name]
    if name.startswith("classifier_") and name.endswith("_share"):
        model = name[len("classifier_"):-len("_share")]
        return Measure(name, f"own sentences above the '{model}' classifier's threshold", "share of sentences")
    return Measure(name, f"{name.replace('_', ' ')} in its own voice", per_k)


# ---------------------------------------------------------------------------------------------
# Story grouping


_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]{2}")
# Runs of two or more capitalised words: a person, a place, an organisation ("Bob Etheridge").
_NAME = re.compile(r"\b[A-Z][\w'’.-]*[^\W_](?:\s+(?:of\s+|de\s+|van\s+)?[A-Z][\w'’.-]*[^\W_])+")


def _stop_words() -> frozenset:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "told", "according", "mr", "mrs", "ms"}


def content_terms(text: str, stop: frozenset) -> list[str]:
    """Content words (lower case, no stop words, three letters or more) and names ("n:bob etheridge"):
    the features that tell one event from another."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in stop]
    names = ["n:" + " ".join(m.lower().split()) for m in _NAME.findall(text)]
    return words + names


def parse_date(value) -> int | None:
    """Days since year 1 of an ISO date or date-time ("2019-01-04", "2019-01-04T10:00:00Z"); None
    when there is none or it cannot be read (that article is then grouped without a date window)."""
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().toordinal()
    if isinstance(value, _dt.date):
        return value.toordinal()
    s = str(value).strip()
    try:
        return _dt.date.fromisoformat(s[:10]).toordinal()
    except ValueError:
        return None


class StoryGrouper:
    """Groups articles that report the same event, without story labels.

    TF-IDF over content words and names; each article's candidate neighbours are the articles that
    share one of its `top_terms` heaviest terms, through terms found in at most `max_postings`
    articles (a sparse product, never all pairs: the work grows with the corpus, not its square);
    the `neighbours` best candidates get their exact cosine. Two articles are linked when the
    cosine is at least `threshold` and their dates (when both have one) are at most `window_days`
    apart; stories are the groups of linked articles, each split by average linkage at the same
    threshold so that a chain of loosely related reports does not merge distinct events.
    Like a scikit-learn estimator, the constructor stores parameters; fit_predict returns labels.
    """

    def __init__(self, *, threshold: float = 0.2, window_days: float = 3, top_terms: int = 30,
                 max_postings: int = 400, neighbours: int = 20, min_df: int = 2, max_df: float = 0.5,
                 link_check_size: int = 3000):
        self.threshold = threshold
        self.window_days = window_days
        self.top_terms = top_terms
        self.max_postings = max_postings
        self.neighbours = neighbours
        self.min_df = min_df
        self.max_df = max_df
        self.link_check_size = link_check_size

    def _check(self) -> None:
        if not 0 < self.threshold <= 1:
            raise OutletsError(f"the grouping threshold must be a cosine in (0, 1]; got {self.threshold}")
        if self.window_days is not None and not self.window_days >= 0:
            raise OutletsError(f"the date window must be 0 days or more; got {self.window_days}")
        for name in ("top_terms", "max_postings", "neighbours", "min_df"):
            if int(getattr(self, name)) < 1:
                raise OutletsError(f"the grouping parameter {name} must be 1 or more; got {getattr(self, name)}")

    # -- the stages. Each of terms, transform, index_rows, candidates and pair_cosines works on one
    # partition of the articles: on one machine the partition is the whole corpus; on Dask
    # (framing.comparison.dask.DaskStoryGrouper) it is a slice, and the document frequencies are summed over
    # slices before fit_vocabulary. Both run these same functions and find the same stories.

    def terms(self, texts: Iterable[str]) -> list[list[str]]:
        """The content terms of each text (content_terms), the features every later stage reads."""
        stop = _stop_words()
        return [content_terms(t if isinstance(t, str) else "", stop) for t in texts]

    @staticmethod
    def document_frequencies(term_lists: Iterable[list[str]]) -> Counter:
        """{term: number of texts containing it}; Counters of partitions add up to the corpus's."""
        df: Counter = Counter()
        for terms in term_lists:
            df.update(set(terms))
        return df

    def fit_vocabulary(self, df: Counter, n: int) -> TermModel | None:
        """The terms kept and their inverse document frequency, as scikit-learn's TfidfVectorizer
        (smooth_idf) fits them: a term in a single article cannot link two articles, and max_df drops
        the words of every story. None when no term is left."""
        import numpy as np

        min_df = self.min_df if n >= 2 * self.min_df else 1
        max_count = (self.max_df if n >= 10 else 1.0) * n
        kept = sorted(t for t, c in df.items() if min_df <= c <= max_count)
        if not kept:
            return None
        counts = np.array([df[t] for t in kept], dtype=np.int64)
        # scikit-learn's TfidfTransformer.fit in float32: log((1 + n) / (1 + df)) + 1
        idf = np.log((n + 1) / (counts.astype(np.float32) + 1.0)) + 1.0
        return TermModel(vocabulary={t: i for i, t in enumerate(kept)}, idf=idf, df=counts)

    @staticmethod
    def transform(term_lists: list[list[str]], model: TermModel):
        """L2-normalised TF-IDF rows (scipy CSR, float32, sublinear tf), one per text: scikit-learn's
        CountVectorizer and TfidfTransformer with the model's vocabulary and idf."""
        import numpy as np

        from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer

        counts = CountVectorizer(analyzer=_given_terms, vocabulary=model.vocabulary,
                                 dtype=np.float32).transform(term_lists)
        tfidf = TfidfTransformer(sublinear_tf=True)
        tfidf.idf_ = model.idf
        return tfidf.transform(counts).tocsr().astype(np.float32)

    def index_rows(self, X, df):
        """The rarer-term index of each row: its top_terms heaviest terms among those found in at most
        max_postings articles (df: each term's document frequency in the whole corpus)."""
        import numpy as np

        P = X.copy()
        P.data = np.where(df[P.indices] <= self.max_postings, P.data, 0).astype(np.float32)
        P.eliminate_zeros()
        keep = np.zeros(P.nnz, dtype=bool)
        for i in range(P.shape[0]):
            a, b = P.indptr[i], P.indptr[i + 1]
            if b - a <= self.top_terms:
                keep[a:b] = True
            else:
                top = np.argpartition(P.data[a:b], -self.top_terms)[-self.top_terms:]
                keep[a + top] = True
        P.data = np.where(keep, P.data, 0)
        P.eliminate_zeros()
        return P

    def candidates(self, P_part, P_all, offset: int = 0) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (lo < hi, indices into the corpus) of each row of P_part (the corpus's rows offset,
        offset + 1, ...) with its `neighbours` best candidates in P_all by the dot product over the
        indexed terms: one sparse product, never all pairs. Ties at the k-th place go to the lower
        index, so the choice does not depend on how the corpus is partitioned."""
        import numpy as np

        C = (P_part @ P_all.T).tocsr()
        k = self.neighbours
        rows, cols = [], []
        for i in range(C.shape[0]):
            a, b = C.indptr[i], C.indptr[i + 1]
            idx, vals = C.indices[a:b], C.data[a:b]
            mine = (idx != offset + i) & (vals != 0)
            idx, vals = idx[mine], vals[mine]
            if len(idx) > k:
                kth = np.partition(vals, -k)[-k]
                above = np.flatnonzero(vals > kth)
                tied = np.flatnonzero(vals == kth)
                tied = tied[np.argsort(idx[tied], kind="stable")][:k - len(above)]
                idx = idx[np.concatenate([above, tied])]
            rows.append(np.full(len(idx), offset + i, dtype=np.int64))
            cols.append(idx.astype(np.int64))
        if not rows:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        r, c = np.concatenate(rows), np.concatenate(cols)
        return np.minimum(r, c), np.maximum(r, c)

    @staticmethod
    def pair_cosines(XA, ra: np.ndarray, XB, rb: np.ndarray, batch: int = 50_000) -> np.ndarray:
        """Exact cosine of each pair, row ra[k] of XA with row rb[k] of XB (rows L2-normalised), in
        batches to bound memory."""
        import numpy as np

        out = np.empty(len(ra), dtype=np.float64)
        for s in range(0, len(ra), batch):
            a, b = ra[s:s + batch], rb[s:s + batch]
            out[s:s + batch] = np.asarray(XA[a].multiply(XB[b]).sum(axis=1)).ravel()
        return out

    def days(self, dates: list | None) -> np.ndarray | None:
        """Each date as days (float, NaN when unknown); None when there is no date window to keep."""
        import numpy as np

        if dates is None or self.window_days is None:
            return None
        return np.array([np.nan if d is None else float(d) for d in (parse_date(x) for x in dates)])

    def link(self, n: int, rows: np.ndarray, cols: np.ndarray, sims: np.ndarray, days: np.ndarray | None):
        """Pairs (possibly repeated) with their cosines -> (labels of the linked groups, whether
        each group is linked pairwise). Links need the threshold and, when both dates are known,
        the date window."""
        import numpy as np

        import scipy.sparse as sp
        from scipy.sparse.csgraph import connected_components

        key, first = np.unique(rows * n + cols, return_index=True)
        rows, cols, sims = key // n, key % n, sims[first]
        ok = sims >= self.threshold
        if days is not None:
            gap = np.abs(days[rows] - days[cols])
            ok &= np.isnan(gap) | (gap <= self.window_days)
        rows, cols, sims = rows[ok], cols[ok], sims[ok]
        graph = sp.coo_matrix((sims, (rows, cols)), shape=(n, n)).tocsr()
        _, comp = connected_components(graph, directed=False)
        labels = comp.astype(np.int64)
        # A group whose articles are all linked pairwise needs no check for chains.
        size = np.bincount(labels)
        links = np.bincount(labels[rows], minlength=len(size))
        return labels, links == size * (size - 1) // 2

    def to_split(self, labels: np.ndarray, complete: np.ndarray) -> list[np.ndarray]:
        """The linked groups average linkage must check: three articles or more, not all linked
        pairwise, at most link_check_size (larger ones are kept as they are)."""
        import numpy as np

        order = np.argsort(labels, kind="stable")
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        return [m for m in np.split(order, bounds)
                if 3 <= len(m) <= self.link_check_size and not complete[labels[m[0]]]]

    def fit_predict(self, texts: list[str], dates: list | None = None) -> np.ndarray:
        """A story label (0, 1, ... in order of first appearance) for every text."""
        import numpy as np

        self._check()
        n = len(texts)
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        terms = self.terms(texts)
        model = self.fit_vocabulary(self.document_frequencies(terms), n)
        if model is None or n == 1:
            return np.arange(n, dtype=np.int64)
        X = self.transform(terms, model)
        P = self.index_rows(X, model.df)
        rows, cols = self.candidates(P, P)
        days = self.days(dates)
        labels, complete = self.link(n, rows, cols, self.pair_cosines(X, rows, X, cols), days)
        groups = self.to_split(labels, complete)
        return _first_appearance(self.split_chains(labels, groups, [X[m] for m in groups], days))

    def split_chains(self, labels: np.ndarray, groups: list[np.ndarray], group_rows: list, days) -> np.ndarray:
        """Average linkage inside each group (to_split's), given its TF-IDF rows: two events joined
        by one loose link come apart again."""
        import numpy as np

        from scipy.cluster.hierarchy import fcluster, linkage
        from scipy.spatial.distance import squareform

        out = labels.copy()
        next_label = labels.max() + 1 if len(labels) else 0
        for members, sub in zip(groups, group_rows):
            sim = (sub @ sub.T).toarray().astype(np.float64)
            if days is not None:  # no link across the date window (an unknown date never blocks one)
                d = days[members]
                sim[np.abs(d[:, None] - d[None, :]) > self.window_days] = 0.0
            dist = np.clip(1.0 - sim, 0.0, 2.0)
            np.fill_diagonal(dist, 0.0)
            tree = linkage(squareform(dist, checks=False), method="average")
            parts = fcluster(tree, t=1.0 - self.threshold, criterion="distance")
            for p in np.unique(parts)[1:]:
                out[members[parts == p]] = next_label
                next_label += 1
        return out


@dataclass(frozen=True, slots=True, kw_only=True)
class TermModel:
    """What StoryGrouper.fit_vocabulary learns: each kept term's column, idf and document frequency."""
    vocabulary: dict
    idf: np.ndarray
    df: np.ndarray


def _given_terms(terms: list[str]) -> list[str]:
    """CountVectorizer's analyzer for texts already split into terms (a module function: it pickles)."""
    return terms


def _first_appearance(labels: np.ndarray) -> np.ndarray:
    """Relabel so that stories are numbered in the order their first article appears."""
    import numpy as np

    _, first = np.unique(labels, return_index=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first, kind="stable")] = np.arange(len(first))
    remap = dict(zip(np.unique(labels).tolist(), rank.tolist()))
    return np.array([remap[x] for x in labels.tolist()], dtype=np.int64)


# ---------------------------------------------------------------------------------------------
# Bootstrap


def bootstrap_means(values: np.ndarray, *, n_boot: int, rng: np.random.Generator, batch: int = 200) -> np.ndarray:
    """Means of n_boot resamples (with replacement) of the rows of values (n x m): an n_boot x m array.
    Resample counts per row (not index arrays), so memory stays n_boot x n, batch by batch."""
    import numpy as np

    n, m = values.shape
    out = np.empty((n_boot, m), dtype=np.float64)
    for s in range(0, n_boot, batch):
        b = min(batch, n_boot - s)
        idx = rng.integers(0, n, size=(b, n))
        # how often each row was drawn in each resample
        weights = np.bincount((idx + n * np.arange(b)[:, None]).ravel(), minlength=b * n).reshape(b, n)
        out[s:s + b] = weights @ values / n
    return out


def interval(values: np.ndarray, *, n_boot: int, confidence: float, rng: np.random.Generator):
    """(mean, low, high) per column of values (n x m): the mean over rows and its percentile bootstrap
    interval. The interval is widened to hold the mean where it would not (floating-point rounding,
    or a resample distribution skewed that far), so a reported difference always lies inside it."""
    import numpy as np

    mean = values.mean(axis=0)
    if len(values) == 1:
        return mean, mean.copy(), mean.copy()
    boots = bootstrap_means(values, n_boot=n_boot, rng=rng)
    alpha = (1.0 - confidence) / 2.0
    low = np.quantile(boots, alpha, axis=0, method="inverted_cdf")
    high = np.quantile(boots, 1.0 - alpha, axis=0, method="inverted_cdf")
    return mean, np.minimum(low, mean), np.maximum(high, mean)


def _rng(seed: int, *names: str) -> np.random.Generator:
    """One generator per outlet (or pair), from the seed and its name: an outlet's interval does not
    depend on which other outlets are in the corpus or in which order they come."""
    import numpy as np

    return np.random.default_rng([int(seed) & 0xFFFFFFFF, *(zlib.crc32(n.encode("utf-8")) for n in names)])


# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    story: str
    articles: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletProfile:
    source: str
    articles: int          # its articles in the stories compared
    stories: int           # stories it shares with at least one other outlet
    singleton_articles: int
    reliable: bool         # stories >= min_stories and at least 2
    # {measure: {"mean", "others_mean", "difference", "ci_low", "ci_high"}}; the bounds None below 2 stories
    measures: dict


@dataclass(frozen=True, slots=True, kw_only=True)
class PairComparison:
    a: str
    b: str
    stories: int
    reliable: bool
    measures: dict         # {measure: {"a_mean", "b_mean", "difference", "ci_low", "ci_high"}}, a minus b


def _unmarked() -> dict:
    """OutletReport.marked when no compared article carried inline markers."""
    return {"articles": 0, "matches": 0, "warned": 0, "by_article": []}


def marked_of(entries: list[dict]) -> dict:
    """OutletReport.marked from its by_article entries ({"id", "source", "markers", "matches",
    "warnings"}: each compared article whose text held inline markers or gave a marker warning):
    how many articles carried markers, the matches they silenced, how many gave warnings."""
    return {"articles": sum(1 for e in entries if e["markers"]), "matches": sum(e["matches"] for e in entries),
            "warned": sum(1 for e in entries if e["warnings"]), "by_article": entries}


@dataclass(frozen=True, slots=True, kw_only=True)
class OutletReport:
    stories: tuple[Story, ...]
    singletons: tuple[str, ...]
    outlets: tuple[OutletProfile, ...]
    pairs: tuple[PairComparison, ...]
    measures: tuple[str, ...]
    summary: tuple[str, ...]
    errors: tuple[dict, ...]             # {"id", "error"}: records that could not be used
    grouping: dict                       # how stories were found
    settings: dict                       # seed, bootstrap, confidence, min_stories, profile
    schema_version: int = field(default=OUTLETS_SCHEMA_VERSION)
    # the compared articles whose text held inline markers, the matches those silenced, those
    # whose markers gave warnings and each such article (marked_of): an archive's texts may turn
    # rules off for themselves
    marked: dict = field(default_factory=_unmarked)
    # Per story and outlet: the outlet's mean value of every measure there ({story: {source: {...}}}).
    story_values: dict = field(default_factory=dict, repr=False)

    def to_dict(self, story_detail: bool = False) -> dict:
        """JSON-ready. story_detail adds "story_detail": every story's outlets with their values and
        differences (see story_detail()); it is large for a large corpus, so off by default."""
        d = asdict(self)
        d.pop("story_values")
        if story_detail:
            d["story_detail"] = self.story_detail()
        return d

    def story_detail(self) -> dict:
        """{story: {source: {measure: {"value", "difference"}}}}: each outlet's value on the story (the
        mean over its articles there) and its difference from the mean of the other outlets there."""
        out = {}
        for story, per in self.story_values.items():
            out[story] = {}
            for src, vals in per.items():
                others = [v for o, v in per.items() if o != src]
                out[story][src] = {m: {"value": _r(vals[m]),
                                       "difference": _r(vals[m] - sum(o[m] for o in others) / len(others))}
                                   for m in self.measures}
        return out

    def outlet(self, source: str) -> OutletProfile:
        for o in self.outlets:
            if o.source == source:
                return o
        raise KeyError(f"no outlet named {source!r}; the outlets are {', '.join(o.source for o in self.outlets)}")

    def pair(self, a: str, b: str, *, n_boot: int | None = None, confidence: float | None = None,
             seed: int | None = None, min_stories: int | None = None) -> PairComparison:
        """Outlet a against outlet b over the stories both report: the mean of a's value minus b's."""
        for p in self.pairs:
            if (p.a, p.b) == (a, b) and n_boot is None and confidence is None and seed is None:
                return p
        s = self.settings
        return compare_pair(self.story_values, a, b, self.measures,
                            n_boot=n_boot or s["bootstrap"], confidence=confidence or s["confidence"],
                            seed=s["seed"] if seed is None else seed,
                            min_stories=s["min_stories"] if min_stories is None else min_stories)


# ---------------------------------------------------------------------------------------------
# Within-story comparison


def compare_pair(story_values: dict, a: str, b: str, measures: tuple[str, ...], *, n_boot: int,
                 confidence: float, seed: int, min_stories: int) -> PairComparison:
    import numpy as np

    known = {src for per in story_values.values() for src in per}
    for name in (a, b):
        if name not in known:
            raise KeyError(f"no outlet named {name!r} in the compared stories; they are {', '.join(sorted(known))}")
    if a == b:
        raise ValueError("a pair needs two different outlets")
    shared = [per for per in story_values.values() if a in per and b in per]
    out = {}
    if shared:
        va = np.array([[per[a][m] for m in measures] for per in shared])
        vb = np.array([[per[b][m] for m in measures] for per in shared])
        mean, low, high = interval(va - vb, n_boot=n_boot, confidence=confidence, rng=_rng(seed, "pair", a, b))
        ci = has_interval(len(shared))
        for j, m in enumerate(measures):
            out[m] = {"a_mean": _r(va[:, j].mean()), "b_mean": _r(vb[:, j].mean()), "difference": _r(mean[j]),
                      "ci_low": _r(low[j]) if ci else None, "ci_high": _r(high[j]) if ci else None}
    return PairComparison(a=a, b=b, stories=len(shared), reliable=len(shared) >= min_stories and has_interval(len(shared)),
                          measures=out)


def _r(x: float) -> float:
    """Four decimals: rates are read to one or two; rounding is monotonic, so an interval that held
    its estimate before rounding still holds it after."""
    return round(float(x), 4)


class Outlets:
    """The outlet comparison. Like a scikit-learn estimator, the constructor stores parameters and
    `run(records)` does the work.

    source_field / story_field / date_field: record fields (story_field None: group automatically
    with `grouper`, a StoryGrouper, or framing.comparison.dask.DaskStoryGrouper to group on Dask with the same
    stories). profile, workers and scorer_params go to the scoring
    (framing.comparison.corpus.score_partition). seed, n_boot and confidence define the bootstrap interval over
    stories; min_stories is the number of stories below which an outlet (or pair) is flagged
    unreliable. min_words: articles with fewer words in the author's own voice are left out (listed
    with the error rows). pairs: (a, b) outlet pairs to compare; all pairs are compared when there are at most
    all_pairs_up_to outlets. executor: any concurrent.futures-style executor to score on (e.g. a Dask
    client's get_executor()) instead of `workers` local threads (sharing one Scorer).
    """

    def __init__(self, *, source_field: str = "source", story_field: str | None = None,
                 date_field: str | None = "date", profile: str = "rules", workers: int = 1, seed: int = 0,
                 n_boot: int = 2000, confidence: float = 0.95, min_stories: int = 10, min_words: int = 0,
                 grouper: StoryGrouper | None = None, pairs: Iterable[tuple[str, str]] = (),
                 all_pairs_up_to: int = 8, chunk_articles: int = 16, executor=None, **scorer_params):
        self.source_field = source_field
        self.story_field = story_field
        self.date_field = date_field
        self.profile = profile
        self.workers = workers
        self.seed = seed
        self.n_boot = n_boot
        self.confidence = confidence
        self.min_stories = min_stories
        self.min_words = min_words
        self.grouper = grouper
        self.pairs = pairs
        self.all_pairs_up_to = all_pairs_up_to
        self.chunk_articles = chunk_articles
        self.executor = executor
        self.scorer_params = scorer_params

    def _check(self) -> None:
        if not 0 < self.confidence < 1:
            raise OutletsError(f"the confidence must lie between 0 and 1; got {self.confidence}")
        if int(self.n_boot) < 1:
            raise OutletsError(f"the number of bootstrap resamples must be 1 or more; got {self.n_boot}")
        if int(self.min_stories) < 1:
            raise OutletsError(f"min_stories must be 1 or more; got {self.min_stories}")
        if int(self.workers) < 1:
            raise OutletsError(f"workers must be 1 or more; got {self.workers}")

    # -- reading and scoring ------------------------------------------------------------------

    def _usable(self, records: Iterable[dict]) -> tuple[list[dict], list[dict]]:
        """Records with a source and either a text or scores; the others become error rows."""
        good, errors = [], []
        seen: set = set()
        for n, rec in enumerate(records, 1):
            if not isinstance(rec, dict):
                errors.append({ID: f"record:{n}", ERROR: f"record {n}: not a record (a {type(rec).__name__})"})
                continue
            rid = rec.get(ID)
            if rid is None or isinstance(rid, (dict, list)):
                rid = f"record:{n}"
            rid = str(rid)
            if rec.get(ERROR):
                errors.append({ID: rid, ERROR: str(rec[ERROR])})
                continue
            source = rec.get(self.source_field)
            if source is None or not str(source).strip():
                errors.append({ID: rid, ERROR: f"no source (field {self.source_field!r} missing or empty)"})
                continue
            text = rec.get("text")
            scored = "authorial_words" in rec and text is None
            if not scored and (not isinstance(text, str) or not text.strip()):
                errors.append({ID: rid, ERROR: "no text"})
                continue
            if self.story_field is not None:
                story = rec.get(self.story_field)
                if story is None or not str(story).strip():
                    errors.append({ID: rid, ERROR: f"no story (field {self.story_field!r} missing or empty)"})
                    continue
            elif scored:
                errors.append({ID: rid, ERROR: "scores without text: give a story field to group it"})
                continue
            if rid in seen:  # ids name articles in the report: a repeated id would be ambiguous
                errors.append({ID: rid, ERROR: "id repeated; the first record with it is used"})
                continue
            seen.add(rid)
            good.append({**rec, ID: rid, self.source_field: " ".join(str(source).split())})
        return good, errors

    def _score(self, records: list[dict]) -> list[dict]:
        """Flat score rows in input order; records already carrying scores pass through."""
        from .corpus import _chunks, _freeze, _rows_of, _score_chunk, build_scorer, local_pool

        params = {"profile": self.profile, **self.scorer_params}
        todo = [{ID: r[ID], "text": r["text"]} for r in records if "authorial_words" not in r or "text" in r]
        frozen = _freeze(params)
        chunks = list(_chunks(iter(todo), self.chunk_articles, 400_000))

        if self.executor is not None:  # e.g. a Dask client's get_executor()
            futures = [self.executor.submit(_score_chunk, chunk, False, frozen) for chunk in chunks]
            scored = [row for f in futures for row in f.result()]
        elif self.workers <= 1 or len(todo) <= self.chunk_articles:
            scored = list(score_partition(todo, **params))
        else:  # threads sharing one Scorer (corpus.local_pool)
            scorer = build_scorer(frozen)
            with local_pool(self.workers) as pool:
                futures = [pool.submit(_rows_of, chunk, False, scorer) for chunk in chunks]
                scored = [row for f in futures for row in f.result()]
        by_id = {row[ID]: row for row in scored}
        return [r if r[ID] not in by_id else by_id[r[ID]] for r in records]

    # -- the run ------------------------------------------------------------------------------

    def run(self, records: Iterable[dict]) -> OutletReport:
        self._check()
        usable, errors = self._usable(records)
        outlets_seen = sorted({r[self.source_field] for r in usable})
        if len(outlets_seen) < 2:
            why = f"; {len(errors):,} record{'' if len(errors) == 1 else 's'} could not be used (first: " \
                  f"{errors[0][ERROR]})" if errors else ""
            raise OutletsError(f"need articles from at least two outlets to compare; found "
                               f"{len(outlets_seen)}{' (' + outlets_seen[0] + ')' if outlets_seen else ''} "
                               f"in the field {self.source_field!r}{why}")
        rows = self._score(usable)
        kept, texts, dates, marked = [], [], [], []  # marked: each article with markers (marked_of)
        for rec, row in zip(usable, rows):
            if row.get(ERROR):
                errors.append({ID: rec[ID], ERROR: str(row[ERROR])})
                continue
            auth = row.get("authorial_words") or 0
            if not auth:
                errors.append({ID: rec[ID], ERROR: "no words in the author's own voice to rate"})
                continue
            if auth < self.min_words:  # a brief's rates swing widely: one loaded word in 40 is 25 per 1,000
                errors.append({ID: rec[ID], ERROR: f"only {auth} words in the author's own voice (fewer than "
                                                   f"min_words={self.min_words}); left out"})
                continue
            try:
                kept.append((rec, measures_of(row)))
            except ValueError as exc:
                errors.append({ID: rec[ID], ERROR: str(exc)})
                continue
            if row.get("suppressed.markers") or row.get("suppressed.warnings"):
                marked.append({"id": rec[ID], "source": rec[self.source_field],
                               **{k: int(row.get(f"suppressed.{k}") or 0) for k in ("markers", "matches", "warnings")}})
            texts.append(rec.get("text") or "")
            dates.append(rec.get(self.date_field) if self.date_field else None)
        if len({rec[self.source_field] for rec, _ in kept}) < 2:
            raise OutletsError("need scored articles from at least two outlets to compare; "
                               f"only {len({rec[self.source_field] for rec, _ in kept})} left after "
                               f"{len(errors)} error row{'' if len(errors) == 1 else 's'}")
        grouper = self.grouper if self.grouper is not None else StoryGrouper()
        if self.story_field is not None:
            labels = [str(rec[self.story_field]) for rec, _ in kept]
            grouping = {"method": "field", "field": self.story_field}
        else:
            read = [parse_date(d) for d in dates]
            with_dates = any(d is not None for d in read)
            ids = grouper.fit_predict(texts, dates if with_dates else None)
            labels = [f"story-{i + 1}" for i in ids.tolist()]
            grouping = {"method": "tfidf-cosine", "threshold": grouper.threshold,
                        "window_days": grouper.window_days if with_dates else None,
                        "neighbours": grouper.neighbours, "top_terms": grouper.top_terms,
                        "max_postings": grouper.max_postings}
            # a date given but not an ISO date: that article is grouped without its date, said, not silent
            unread = [d for d, r in zip(dates, read) if r is None and d is not None and str(d).strip()]
            if unread:
                grouping["dates_not_read"] = {"count": len(unread), "first": str(unread[0])}
        # measure names: those every article has (a classifier column only when all were scored with it)
        names = [m for m in kept[0][1] if all(m in v for _, v in kept)]
        lead = [m for m in LEAD_MEASURES if m in names]
        names = tuple(lead + [m for m in names if m not in lead])
        return within_story([(rec[ID], rec[self.source_field], label, vals) for (rec, vals), label
                             in zip(kept, labels)], names, errors=errors, grouping=grouping, seed=self.seed,
                            n_boot=self.n_boot, confidence=self.confidence, min_stories=self.min_stories,
                            pairs=self.pairs, all_pairs_up_to=self.all_pairs_up_to, profile=self.profile,
                            story_field=self.story_field, marked=marked_of(marked))

def within_story(articles: list[tuple[str, str, str, dict]], measures: tuple[str, ...], *,
                 errors: Iterable[dict] = (), grouping: dict | None = None, seed: int = 0, n_boot: int = 2000,
                 confidence: float = 0.95, min_stories: int = 10, pairs: Iterable[tuple[str, str]] = (),
                 all_pairs_up_to: int = 8, profile: str | None = None,
                 story_field: str | None = "story", marked: dict | None = None) -> OutletReport:
    """The comparison itself, on articles already measured: (id, source, story, {measure: value}).
    An outlet's value on a story is the mean over its articles there; its difference is that value
    minus the mean of the other outlets' values on the story; its profile is the mean difference over
    its stories with a percentile bootstrap interval (resampling stories). Stories reported by one
    outlet only are singletons and take no part. marked: the compared articles that carried inline
    markers (marked_of; None: none did)."""
    import numpy as np

    by_story: dict[str, list[tuple[str, str, dict]]] = {}
    for rid, source, story, vals in articles:
        by_story.setdefault(story, []).append((rid, source, vals))
    stories, singletons, story_values = [], [], {}
    single_count: dict[str, int] = {}
    own_rows: dict[str, list] = {}      # per outlet: its value on each of its stories (one row a story)
    other_rows: dict[str, list] = {}    # per outlet: the mean of the other outlets' values there
    n_articles: dict[str, int] = {}
    for story, members in by_story.items():
        sources = sorted({s for _, s, _ in members})
        if len(sources) < 2:
            singletons.extend(rid for rid, _, _ in members)
            single_count[sources[0]] = single_count.get(sources[0], 0) + len(members)
            continue
        stories.append(Story(story=story, articles=tuple(r for r, _, _ in members), sources=tuple(sources)))
        at = {s: i for i, s in enumerate(sources)}
        total = np.zeros((len(sources), len(measures)))
        count = np.zeros(len(sources))
        for _, src, v in members:
            total[at[src]] += [v[m] for m in measures]
            count[at[src]] += 1
        V = total / count[:, None]                       # each outlet's mean over its articles here
        others = (V.sum(axis=0) - V) / (len(sources) - 1)  # the mean of the other outlets, row by row
        story_values[story] = {s: dict(zip(measures, V[i].tolist())) for s, i in at.items()}
        for s, i in at.items():
            own_rows.setdefault(s, []).append(V[i])
            other_rows.setdefault(s, []).append(others[i])
            n_articles[s] = n_articles.get(s, 0) + int(count[i])
    all_sources = sorted({s for _, s, _, _ in articles})
    compared = sorted(own_rows)
    profiles = []
    for src in all_sources:
        meas = {}
        if src in own_rows:
            own, oth = np.array(own_rows[src]), np.array(other_rows[src])
            mean, low, high = interval(own - oth, n_boot=n_boot, confidence=confidence, rng=_rng(seed, src))
            ci = has_interval(len(own))  # no interval from one story: None, not the point twice
            for j, m in enumerate(measures):
                meas[m] = {"mean": _r(own[:, j].mean()), "others_mean": _r(oth[:, j].mean()),
                           "difference": _r(mean[j]), "ci_low": _r(low[j]) if ci else None,
                           "ci_high": _r(high[j]) if ci else None}
        n_stories = len(own_rows.get(src, ()))
        profiles.append(OutletProfile(
            source=src, articles=n_articles.get(src, 0), stories=n_stories,
            singleton_articles=single_count.get(src, 0),
            reliable=n_stories >= min_stories and has_interval(n_stories), measures=meas))
    if len(compared) < 2:
        raise OutletsError(f"no story is reported by two outlets ({len(singletons)} articles, all in "
                           "single-outlet stories); nothing to compare"
                           + ("" if story_field else ": try a lower grouping threshold or a wider date window"))
    wanted = [tuple(p) for p in pairs]
    if len(compared) <= all_pairs_up_to:
        wanted += [p for p in itertools.combinations(compared, 2) if p not in wanted]
    pairs = tuple(compare_pair(story_values, a, b, measures, n_boot=n_boot, confidence=confidence,
                               seed=seed, min_stories=min_stories) for a, b in wanted)
    settings = {"seed": seed, "bootstrap": n_boot, "confidence": confidence,
                "min_stories": min_stories, "profile": profile}
    report = OutletReport(stories=tuple(stories), singletons=tuple(singletons), outlets=tuple(profiles),
                          pairs=pairs, measures=measures, summary=(), errors=tuple(errors),
                          grouping=grouping or {"method": "field", "field": story_field}, settings=settings,
                          story_values=story_values, marked=marked if marked is not None else _unmarked())
    from dataclasses import replace

    return replace(report, summary=tuple(summarise(report)))

# ---------------------------------------------------------------------------------------------
# Summary sentences, written from the numbers (the one implementation: OutletReport.summary, which
# every report format prints)


def counted(n: int, one: str, many: str | None = None) -> str:
    """"1 story", "2 stories", "1,000 articles": a count (thousands separated) with its noun in the
    right number (framing.comparison.compare.counted's rule)."""
    from .compare import counted as _counted

    return _counted(f"{n:,}", one, many)


def has_interval(stories: int) -> bool:
    """A bootstrap over one story resamples that story only: its 'interval' would be the point
    itself, so there is none (ci_low and ci_high are None)."""
    return stories >= 2


def _places(*values: float) -> int:
    """One precision for a measure's difference and both bounds: one decimal, more (up to four) while
    one of them would show as zero ("0.02 to 4.20", never "0.02 to 4.2"; "0.003 to 6.320", never
    "0.00 to 6.32" for an interval that excludes zero)."""
    places = 1
    while places < 4 and any(x != 0 and float(_num(x, places)) == 0 for x in values):
        places += 1
    return places


def _num(x: float, places: int) -> str:
    """Halves rounded away from zero, as a reader would (1.25 -> 1.3)."""
    from decimal import ROUND_HALF_UP, Decimal

    out = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return str(abs(out) if out == 0 else out)


def measure_sentence(subject: str, name: str, m: dict, stories: int, confidence: float, against: str) -> str:
    """One sentence: "On the same stories, X cites 6.4 fewer named sources per 1,000 words than the
    other outlets (95% interval 2.8 to 9.9 fewer, 55 stories)." The interval is stated in the
    direction of the words (sizes, not signed bounds), all three numbers at one precision. A rate
    per 1,000 words counts things, so "more"/"fewer"; a share is "higher"/"lower" by percentage points."""
    d = describe(name)
    diff = m["difference"]
    up = diff > 0
    # the bounds as sizes in the sentence's direction: "-9.9 to -2.8" under "fewer" is "2.8 to 9.9 fewer"
    lo, hi = (m["ci_low"], m["ci_high"]) if up else (-m["ci_high"], -m["ci_low"])
    scale = 100 if d.unit.startswith("share") else 1  # shares read as percentage points
    size, lo, hi = abs(diff) * scale, lo * scale, hi * scale
    p = _places(size, lo, hi)
    n = counted(stories, "story", "stories")
    conf = f"{round(confidence * 100):d}%"
    if scale == 100:
        theirs = against + ("'" if against.endswith("s") else "'s")
        way = "higher" if up else "lower"
        return (f"On the same stories, the share of {subject}'s {d.label} is {_num(size, p)} percentage points "
                f"{way} than {theirs} ({conf} interval {_num(lo, p)} to {_num(hi, p)} points {way}, {n}).")
    if d.unit == "per 1,000 words":
        way = "more" if up else "fewer"
        ci = f"({conf} interval {_num(lo, p)} to {_num(hi, p)} {way}, {n})"
        if name in ("named_per_1000_words", "unnamed_per_1000_words", "anonymous_per_1000_words",
                    "vague_per_1000_words", "direct_quotes_per_1000_words"):
            verb = "carries" if name.startswith("direct") else "cites"
            return (f"On the same stories, {subject} {verb} {_num(size, p)} {way} {d.label} per 1,000 words than "
                    f"{against} {ci}.")
        return (f"On the same stories, {subject} uses {d.label} {_num(size, p)} {way} times per 1,000 words "
                f"than {against} {ci}.")
    way = "higher" if up else "lower"
    return (f"On the same stories, {subject} scores {_num(size, p)} {d.unit} {way} on {d.label} than {against} "
            f"({conf} interval {_num(lo, p)} to {_num(hi, p)} {way}, {n}).")


def unreliable_line(o: OutletProfile, min_stories: int) -> str:
    """One line for an outlet with too few shared stories, in place of a sentence per measure."""
    if o.stories == 0:
        return f"{o.source}: no story shared with another outlet, so nothing to compare."
    why = (f"no interval: {counted(o.stories, 'story')}" if not has_interval(o.stories)
           else f"only {counted(o.stories, 'story', 'stories')}")
    return (f"{o.source}: {why} shared with another outlet (fewer than {max(min_stories, 2)}), too few to rely "
            "on; its differences are in the table, not summarised here.")


def summarise(report: OutletReport) -> list[str]:
    """Sentences for the reliable outlets' differences whose interval excludes zero, lead measures
    first; a lead measure on which no reliable outlet clearly differs says so once; each unreliable
    outlet is named once with its reason."""
    conf = report.settings["confidence"]
    compared = [o for o in report.outlets if o.measures]
    against = "the other outlet" if len(compared) == 2 else "the other outlets"
    reliable = [o for o in compared if o.reliable]
    lines = []
    for name in report.measures:
        if name == "editorializing_index" or not reliable:
            continue
        clear = [o for o in reliable if o.measures[name]["ci_low"] > 0 or o.measures[name]["ci_high"] < 0]
        for o in sorted(clear, key=lambda o: (-abs(o.measures[name]["difference"]), o.source)):
            lines.append(measure_sentence(o.source, name, o.measures[name], o.stories, conf, against))
        if not clear and name in LEAD_MEASURES:
            lines.append(f"No outlet clearly differs from the others in {describe(name).label}: every "
                         f"{round(conf * 100):d}% interval includes zero.")
    lines += [unreliable_line(o, report.settings["min_stories"]) for o in report.outlets if not o.reliable]
    lines += marked_lines(report.marked)
    return lines


def marked_lines(marked: dict) -> list[str]:
    """The summary's sentences on the compared articles' own inline markers (OutletReport.marked):
    their figures leave out what the markers silenced; a misspelt marker silences nothing."""
    lines = []
    n, warned = marked["articles"], marked["warned"]
    if n:
        lines.append(f"{counted(n, 'compared article')} {'carries' if n == 1 else 'carry'} inline markers in "
                     f"{'its' if n == 1 else 'their'} own text, silencing "
                     f"{counted(marked['matches'], 'match', 'matches')} that the figures leave out "
                     "(--no-inline-markers counts them).")
    if warned:
        first = next(e for e in marked["by_article"] if e["warnings"])
        lines.append(f"{counted(warned, 'compared article')} gave inline marker warnings (first: {first['id']}; "
                     "`framing score` on its text shows each with its line and column).")
    return lines


# ---------------------------------------------------------------------------------------------
# Entry points


def outlets(records: Iterable[dict] | str | os.PathLike, **params) -> OutletReport:
    """Compare outlets across many stories. records: dicts with "id", "text", a source field and
    optionally a story and a date field, or a path read as `framing corpus` reads its input
    (JSONL, CSV, a folder, .gz, '-'). params go to Outlets (and the scorer)."""
    if isinstance(records, (str, os.PathLike)):
        records = read_records(os.fspath(records))
    return Outlets(**params).run(records)
