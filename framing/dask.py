"""framing on a Dask cluster (pip install 'framing[dask]'): the same per-partition function as local
corpus runs, `framing.corpus.score_partition`, mapped over partitions.

    import dask.bag as db
    from framing.dask import score_bag
    bag = db.read_text("s3://bucket/news-*.jsonl.gz").map(json.loads)
    rows = score_bag(bag, profile="rules").compute()

Every worker needs framing installed (same version); Scorer parameters travel with each task and a
worker builds its Scorer once per process. See docs/corpus.md for pointing it at a real cluster.
"""
from __future__ import annotations

from .corpus import _RESERVED, ERROR, ID, _freeze, _record, score_partition


def _require(what: str = "dask.bag"):
    import importlib

    try:
        return importlib.import_module(what)
    except ImportError:
        raise ImportError(f"framing.dask needs {what.split('.')[0]}: pip install 'framing[dask]'") from None


def _score_list(records, spans: bool, params: tuple, classifiers: bool | None = None) -> list[dict]:
    return list(score_partition(records, spans=spans, classifiers=classifiers, **dict(params)))


def score_bag(bag, *, spans: bool = False, classifiers: bool | None = None, **scorer_params):
    """A Dask bag of records ({"id", "text", ...} dicts) -> a bag of flat score rows, in order.
    Bad records become {"id", "error"} rows; scorer_params go to framing.Scorer (profile, disabled...);
    spans and classifiers as in framing.corpus.score_partition."""
    _require("dask.bag")
    return bag.map_partitions(_score_list, spans, _freeze(scorer_params), classifiers)


def _score_pandas(pdf, text_column: str, id_column: str, params: tuple, columns: list[str] | None):
    import pandas as pd

    # _record names the other columns as the corpus reader does; score_record reports a missing text.
    records = [_record(row.get(id_column), row.get(text_column),
                       {k: v for k, v in row.items() if k not in (id_column, text_column)})
               for row in pdf.to_dict("records")]
    rows = list(score_partition(records, **dict(params)))
    df = pd.DataFrame(rows)
    if columns is None:
        return df
    for c in columns:
        if c not in df:
            df[c] = None
    df = df[columns]
    return df


def score_dataframe(ddf, *, text_column: str = "text", id_column: str = "id", **scorer_params):
    """A Dask DataFrame with an id and a text column -> a Dask DataFrame of score rows: id, error
    (None when scored), the other input columns, then the flattened scores as float64."""
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
                         **{c: pd.Series([], dtype="float64") for c in scores}})

    def run(pdf):
        df = _score_pandas(pdf, text_column, id_column, params, columns)
        for c in scores:
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
                               dashboard_address=None)
        client = Client(cluster)

    def close():
        client.close()
        if cluster is not None:
            cluster.close()

    return client.get_executor(), close
