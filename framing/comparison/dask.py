"""framing on a Dask cluster (pip install 'framing[dask]'): the same per-partition function as local
corpus runs, `framing.comparison.corpus.score_partition`, mapped over partitions.

    import dask.bag as db
    from framing.comparison.dask import score_bag
    bag = db.read_text("s3://bucket/news-*.jsonl.gz").map(json.loads)
    rows = score_bag(bag, profile="rules").compute()

Every worker needs framing installed (same version); Scorer parameters travel with each task and a
worker keeps the Scorer of the latest parameters on its worker object between tasks
(corpus._worker_scorer: built once, with the pattern forms its first articles compile, instead of
once a partition). See docs/corpus.md for pointing it at a real cluster.
"""
from __future__ import annotations

from .corpus import _RESERVED, ERROR, ID, _freeze, _record, _with_classifiers, _worker_scorer, score_partition
from .outlets import StoryGrouper, _first_appearance


def _require(what: str = "dask.bag"):
    import importlib

    try:
        return importlib.import_module(what)
    except ImportError:
        raise ImportError(f"framing.comparison.dask needs {what.split('.')[0]}: pip install 'framing[dask]'") from None


def _score_list(records, spans: bool, params: tuple, classifiers: bool | None = None) -> list[dict]:
    scorer = _worker_scorer(_freeze(_with_classifiers(dict(params), classifiers)))
    return list(score_partition(records, spans=spans, scorer=scorer))


def score_bag(bag, *, spans: bool = False, classifiers: bool | None = None, **scorer_params):
    """A Dask bag of records ({"id", "text", ...} dicts) -> a bag of flat score rows, in order.
    Bad records become {"id", "error"} rows; scorer_params go to framing.Scorer (profile, disabled...);
    spans and classifiers as in framing.comparison.corpus.score_partition."""
    _require("dask.bag")
    return bag.map_partitions(_score_list, spans, _freeze(scorer_params), classifiers)


def _score_pandas(pdf, text_column: str, id_column: str, params: tuple, columns: list[str] | None):
    import pandas as pd

    # _record names the other columns as the corpus reader does; score_record reports a missing text.
    records = [_record(row.get(id_column), row.get(text_column),
                       {k: v for k, v in row.items() if k not in (id_column, text_column)})
               for row in pdf.to_dict("records")]
    rows = list(score_partition(records, scorer=_worker_scorer(params)))
    df = pd.DataFrame(rows)
    if columns is None:
        return df
    for c in columns:
        if c not in df:
            df[c] = None
    df = df[columns]
    return df


_TEXT_SCORES = ("limits",)  # score columns that are strings, not numbers


def score_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", **scorer_params):
    """A Dask DataFrame with an id and a text column -> a Dask DataFrame of score rows: id, error
    (None when scored), the other input columns, then the flattened scores as float64 (`limits`, the
    rules a limit stopped, stays a string)."""
    _require("dask.dataframe")
    import pandas as pd

    missing = [c for c in (text_column, id_column) if c not in ddf.columns]
    if missing:
        raise ValueError(f"the DataFrame has no column {missing[0]!r} (columns: {', '.join(map(str, ddf.columns))}); "
                         "name the right one with text_column= / id_column=")
    params = _freeze(scorer_params)
    probe = _score_pandas(pd.DataFrame({id_column: ["probe"], text_column: ["Probe."]}), text_column, id_column,
                          params, None)
    scores = [c for c in probe.columns if c not in (ID, ERROR)]
    # Input columns keep their names unless framing's output uses the name: then "input.<name>".
    inputs = {c: (f"input.{c}" if c in scores or c in _RESERVED else c)
              for c in ddf.columns if c not in (text_column, id_column)}
    columns = [ID, ERROR, *inputs.values(), *scores]
    meta = pd.DataFrame({ID: pd.Series([], dtype=ddf._meta[id_column].dtype),
                         ERROR: pd.Series([], dtype=object),
                         **{new: pd.Series([], dtype=ddf._meta[old].dtype) for old, new in inputs.items()},
                         **{c: pd.Series([], dtype=object if c in _TEXT_SCORES else "float64") for c in scores}})

    def run(pdf):
        df = _score_pandas(pdf, text_column, id_column, params, columns)
        for c in scores:
            if c in _TEXT_SCORES:
                df[c] = df[c].astype(object)
            else:
                df[c] = pd.to_numeric(df[c], errors="coerce").astype("float64")
        df[ERROR] = df[ERROR].astype(object).where(df[ERROR].notna(), None)
        return df

    return ddf.map_partitions(run, meta=meta)


class EngineError(Exception):
    """The --engine / --scheduler options cannot be honoured (Dask missing, scheduler unreachable): one line."""


def executor_from_options(engine: str, scheduler: str | None, workers: int | None):
    """The executor a command scores on, from its --engine, --scheduler and --workers options, and a
    function that closes it: (None, None) for the local engine (the command's own process pool).
    Shared by `framing corpus` and `framing outlets`; raises EngineError with one line."""
    if scheduler and engine != "dask":
        raise EngineError("--scheduler needs --engine dask")
    if engine != "dask":
        return None, None
    try:
        return executor_for(scheduler, workers)
    except ImportError as exc:
        raise EngineError(str(exc)) from None
    except OSError as exc:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


# A local cluster's scheduler without a dashboard, its HTTP server (health checks) on a free port of
# this machine only: the default port 8787 warned "already in use" whenever two runs overlapped.
LOCAL_CLUSTER = {"dashboard_address": "127.0.0.1:0", "scheduler_kwargs": {"dashboard": False}}


def executor_for(scheduler: str | None, workers: int | None):
    """A concurrent.futures-style executor on a Dask cluster (the scheduler at ADDRESS, or a local
    cluster of `workers` processes) and a function that closes it; used by `--engine dask`
    (through executor_from_options)."""
    _require("distributed")
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler, timeout=30)
        cluster = None
    else:
        from .corpus import _cpu_count

        cluster = LocalCluster(n_workers=workers or _cpu_count(), threads_per_worker=1, processes=True,
                               **LOCAL_CLUSTER)
        client = Client(cluster)

    def close():
        client.close()
        if cluster is not None:
            cluster.close()

    return client.get_executor(), close


# ---------------------------------------------------------------------------------------------
# Story grouping (framing outlets) over partitions: StoryGrouper's own stages, mapped and reduced


class DaskStoryGrouper(StoryGrouper):
    """framing.comparison.outlets.StoryGrouper on Dask: the same stages on partitions of the corpus,
    so the same stories (labels identical to StoryGrouper().fit_predict) for a corpus larger than
    one machine should hold.

    Per partition: content terms, kept on the workers, and their document frequencies, summed in a
    tree reduction into the vocabulary and idf (fit_vocabulary: small, central). Per partition again:
    TF-IDF rows (kept on the workers) and each row's rarer-term index; each row's candidate
    neighbours against the index of the whole corpus (its partitions' index rows stacked: at most
    top_terms entries an article); the exact cosine of every candidate pair, the rows of the other
    partitions' articles fetched from them. Centrally: the links (a few per article), their groups,
    and average linkage inside the groups that need it, their rows fetched.

    partition_size: articles per partition when fit_predict is given lists. scheduler: as
    dask.compute's (None: Dask's default, e.g. the distributed Client made last; "synchronous",
    "threads", "processes", or a Client). Other parameters: StoryGrouper's.
        labels = DaskStoryGrouper(threshold=0.2).fit_predict(texts, dates)
        labels = DaskStoryGrouper().fit_predict_bag(db.read_text(...).map(json.loads))
    """

    def __init__(self, *, partition_size: int = 5000, scheduler=None, **params):
        super().__init__(**params)
        self.partition_size = partition_size
        self.scheduler = scheduler

    def local(self):
        """The plain StoryGrouper with the same parameters: what the tasks carry (a Client does not pickle)."""
        import inspect

        base = StoryGrouper
        names = [p for p in inspect.signature(base.__init__).parameters if p != "self"]
        return base(**{p: getattr(self, p) for p in names})

    def fit_predict(self, texts: list[str], dates: list | None = None):
        """As StoryGrouper.fit_predict, the lists cut into partitions of partition_size articles."""
        db = _require("dask.bag")
        if int(self.partition_size) < 1:
            raise ValueError(f"partition_size must be 1 or more; got {self.partition_size}")
        items = list(zip(texts, dates if dates is not None else [None] * len(texts)))
        if not items:
            return self.local().fit_predict([], None)
        bag = db.from_sequence(items, partition_size=int(self.partition_size))
        return self.fit_predict_partitions(bag.to_delayed(), dates is not None)

    def fit_predict_bag(self, bag, *, text_field: str = "text", date_field: str | None = "date"):
        """A Dask bag of records -> a story label for each, in the bag's order (the texts stay on the
        workers). Records without a date (or without date_field) are grouped on their text alone."""
        _require("dask.bag")
        pairs = bag.map(_text_and_date, text_field, date_field)
        return self.fit_predict_partitions(pairs.to_delayed(), date_field is not None)

    def fit_predict_partitions(self, parts: list, with_dates: bool = True):
        """parts: Dask delayed objects, each a list of (text, date) in corpus order."""
        dask = _require("dask")
        import numpy as np
        from dask import delayed

        g = self.local()
        g._check()
        run = {"scheduler": self.scheduler} if self.scheduler is not None else {}
        terms = dask.persist(*[delayed(_part_terms)(g, p) for p in parts], **run)
        level = [delayed(g.document_frequencies)(t) for t in terms]
        while len(level) > 1:  # a tree reduction: no task sums more than 8 partitions' counts
            level = [delayed(_add_counts)(*level[i:i + 8]) for i in range(0, len(level), 8)]
        df, sizes, days = dask.compute(level[0] if level else {}, [delayed(len)(t) for t in terms],
                                       [delayed(_part_days)(g, p, with_dates) for p in parts], **run)
        n = sum(sizes)
        offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64).tolist()
        days = None if not days or any(d is None for d in days) else np.concatenate(days)
        model = g.fit_vocabulary(df, n) if n else None
        if model is None or n <= 1:
            return np.arange(n, dtype=np.int64)
        model_d = delayed(model, pure=True)
        X = dask.persist(*[delayed(g.transform)(t, model_d) for t in terms], **run)
        P = [delayed(_index)(g, x, model_d) for x in X]
        P_all = delayed(_stack)(*P)
        m = len(parts)
        links = []
        for p in range(m):
            pairs = delayed(g.candidates)(P[p], P_all, offsets[p])
            taken = [delayed(_take)(X[q], pairs, offsets[q], sizes[q]) for q in range(m)]
            links.append(delayed(_cosines)(g, pairs, *taken))
        links = dask.compute(*links, **run)
        rows, cols, sims = (np.concatenate([lk[i] for lk in links]) for i in range(3))
        labels, complete = g.link(n, rows, cols, sims, days)
        groups = g.to_split(labels, complete)
        if groups:
            wanted = np.unique(np.concatenate(groups))
            taken = dask.compute(*[delayed(_take_ids)(X[q], wanted, offsets[q], sizes[q]) for q in range(m)], **run)
            ids, R = _gathered(taken)
            group_rows = [R[np.searchsorted(ids, members)] for members in groups]
        else:
            group_rows = []
        return _first_appearance(g.split_chains(labels, groups, group_rows, days))


# The tasks: module functions, so that they pickle to any worker.

def _text_and_date(record, text_field: str, date_field: str | None):
    if not isinstance(record, dict):
        return None, None
    return record.get(text_field), record.get(date_field) if date_field else None


def _part_terms(g, part) -> list:
    return g.terms(t for t, _ in part)


def _part_days(g, part, with_dates: bool):
    return g.days([d for _, d in part] if with_dates else None)


def _add_counts(*counts):
    from collections import Counter

    total: Counter = Counter()
    for c in counts:
        total.update(c)
    return total


def _index(g, X, model):
    return g.index_rows(X, model.df)


def _stack(*parts):
    import scipy.sparse as sp

    return sp.vstack(parts, format="csr")


def _take(X, pairs, offset: int, size: int):
    """The rows of this partition (corpus rows offset .. offset + size) that pairs name: (ids, rows)."""
    import numpy as np

    ids = np.unique(np.concatenate(pairs))
    return _take_ids(X, ids, offset, size)


def _take_ids(X, ids, offset: int, size: int):
    import numpy as np

    mine = ids[(ids >= offset) & (ids < offset + size)]
    return mine, X[(mine - offset).astype(np.int64)]


def _gathered(taken):
    """(sorted corpus ids, their rows) from the (ids, rows) of every partition, in partition order."""
    import numpy as np

    ids = np.concatenate([t[0] for t in taken])
    return ids, _stack(*[t[1] for t in taken])


def _cosines(g, pairs, *taken):
    import numpy as np

    lo, hi = pairs
    ids, R = _gathered(taken)
    return lo, hi, g.pair_cosines(R, np.searchsorted(ids, lo), R, np.searchsorted(ids, hi))
