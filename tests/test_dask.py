"""framing.comparison.dask on a local Dask cluster of processes gives exactly the single-process output."""
import json

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

from framing.comparison.corpus import run_corpus, score_partition  # noqa: E402
from framing.comparison.dask import LOCAL_CLUSTER, score_bag, score_dataframe  # noqa: E402

from test_corpus import article  # noqa: E402  (rootdir-relative, like the other test modules)


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, **LOCAL_CLUSTER)
    c = distributed.Client(cluster)
    yield c
    c.close()
    cluster.close()


RECORDS = [{"id": f"d{i}", "text": article(i), "title": f"T{i}"} for i in range(24)] + [
    {"id": "bad", "error": "not JSON"}, {"id": "none", "text": None}]


def test_score_bag_equals_single_process(client):
    bag = db.from_sequence(RECORDS, npartitions=5)
    got = score_bag(bag, profile="full").compute()
    assert got == list(score_partition(RECORDS, profile="full"))
    assert got[-2] == {"id": "bad", "error": "not JSON"}
    assert len(client.scheduler_info()["workers"]) == 2


def test_score_dataframe_equals_single_process(client):
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    df = pd.DataFrame([r for r in RECORDS if r.get("text")]).rename(columns={"text": "body"})
    ddf = dd.from_pandas(df, npartitions=3)
    got = score_dataframe(ddf, text_column="body", profile="rules").compute()
    want = list(score_partition([{**r} for r in RECORDS if r.get("text")], profile="rules"))
    assert list(got["id"]) == [w["id"] for w in want]
    assert list(got.columns[:3]) == ["id", "error", "title"]
    for (_, row), w in zip(got.iterrows(), want):
        assert row["error"] is None
        assert row["limits"] == w["limits"]  # a string column: the rules a limit stopped
        assert all(row[k] == pytest.approx(float(v)) for k, v in w.items() if k not in ("id", "title", "limits"))


def test_corpus_run_on_the_cluster_executor_equals_local(client, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS[:24]) + "oops\n", encoding="utf-8")
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_corpus(str(src), str(local), workers=1, profile="rules")
    run_corpus(str(src), str(remote), executor=client.get_executor(), workers=2, profile="rules", chunk_articles=4)
    assert remote.read_bytes() == local.read_bytes()


def test_a_dask_worker_keeps_one_scorer_between_chunks(tmp_path, monkeypatch):
    """A corpus run's chunks on a Dask worker share the worker's Scorer (built once a worker and
    settings, replaced when the settings change), not one a chunk."""
    import framing.comparison.corpus as corpus

    built = []
    real = corpus.build_scorer
    monkeypatch.setattr(corpus, "build_scorer", lambda key: built.append(key) or real(key))
    cluster = distributed.LocalCluster(n_workers=1, processes=False, threads_per_worker=1, **LOCAL_CLUSTER)
    with cluster, distributed.Client(cluster) as c:
        src = tmp_path / "in.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in RECORDS[:24]), encoding="utf-8")
        run_corpus(str(src), str(tmp_path / "a.jsonl"), executor=c.get_executor(), workers=1, profile="rules",
                   chunk_articles=3)
        # the run's own Scorer (its settings checked before any chunk) and the worker's
        assert len(built) == 2 and built[0] == built[1]
        run_corpus(str(src), str(tmp_path / "b.jsonl"), executor=c.get_executor(), workers=1, profile="full",
                   chunk_articles=3)
        assert len(built) == 4 and built[3] != built[1]  # new settings: the worker's Scorer replaced
        worker = next(iter(cluster.workers.values()))
        assert worker.framing_scorer[0] == built[3]
    run_corpus(str(src), str(tmp_path / "local.jsonl"), workers=1, profile="rules")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "local.jsonl").read_bytes()


def test_dataframe_input_columns_named_like_scores_are_kept_as_input_columns():
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    from framing.comparison.dask import score_dataframe

    pdf = pd.DataFrame({"id": ["a", "b"], "text": ["Officials said the reckless plan may fail.", "The council met."],
                        "index": ["x", "y"], "error": ["e", None], "lang": ["en", "fr"]})
    out = score_dataframe(dd.from_pandas(pdf, npartitions=1), profile="rules").compute(scheduler="synchronous")
    assert list(out["input.index"]) == ["x", "y"] and list(out["input.error"])[0] == "e"
    assert list(out["lang"]) == ["en", "fr"] and out["error"].isna().all() and out["index"].dtype == "float64"
    with pytest.raises(ValueError, match="no column 'body'"):
        score_dataframe(dd.from_pandas(pdf, npartitions=1), text_column="body")


def test_a_local_cluster_leaves_port_8787_alone():
    """Two overlapping `--engine dask` runs: the second's local cluster warned "Port 8787 is
    already in use" (its scheduler's HTTP server took the dashboard's default port)."""
    import socket
    import warnings

    from framing.comparison.dask import executor_for

    held = socket.socket()
    try:
        held.bind(("127.0.0.1", 8787))  # as another run's scheduler would
        held.listen()
    except OSError:
        pass  # already taken by something else: the same condition
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            executor, close = executor_for(None, 1)
            try:
                assert list(executor.map(len, ["ab", "c"])) == [2, 1]
            finally:
                close()
    finally:
        held.close()
