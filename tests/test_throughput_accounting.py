"""benchmarks/throughput.py's 2 workers / 1 from CPU accounting: the parent's CPU before its pool
starts runs alone, so work moved there from the workers (a warm-up before the fork) must not read
as a speed-up."""
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import throughput  # noqa: E402

C0 = 0.2  # start-up CPU, left out of both sides


def speedup(monkeypatch, tmp_path, parent: float, before_pool: float | None, workers: float,
            pool: str | None = "processes") -> float:
    """cpu_bound_speedup of a 1-process run of 1.0 s beyond start-up against a 2-worker run whose
    parent spent `parent` s beyond start-up (`before_pool` of it before its pool) and whose
    workers spent `workers` s together."""
    def run(path, n, profile):
        if n == 1:
            return {"mb_per_s": 1.0, "cpu_self": C0 + 1.0, "cpu_children": 0.0, "cpu_before_pool": None}
        if pool == "threads":  # the workers are threads: their CPU is the process's own
            return {"mb_per_s": 1.5, "cpu_self": C0 + parent + workers, "cpu_children": 0.0,
                    "cpu_before_pool": C0 + before_pool, "pool": pool}
        return {"mb_per_s": 1.5, "cpu_self": C0 + parent, "cpu_children": workers,
                "cpu_before_pool": None if before_pool is None else C0 + before_pool, "pool": pool}

    monkeypatch.setattr(throughput, "corpus_run", run)
    corpus = tmp_path / "x.jsonl"
    corpus.write_text("{}\n")
    return throughput._workers(corpus, 1, "full", C0)[0]["cpu_bound_speedup"]


def test_work_moved_before_the_pool_is_not_a_speed_up(monkeypatch, tmp_path):
    plain = speedup(monkeypatch, tmp_path, parent=0.05, before_pool=0.0, workers=1.2)
    assert plain == round(1.0 / 0.6, 3)
    # 0.3 s of the workers' work done by the parent before forking: the same total, now partly serial
    warmed = speedup(monkeypatch, tmp_path, parent=0.35, before_pool=0.3, workers=0.9)
    assert warmed == round(1.0 / (0.3 + 0.45), 3) and warmed < plain
    # the parent's work while the workers run overlaps them: only the larger side counts
    assert speedup(monkeypatch, tmp_path, parent=0.5, before_pool=0.0, workers=1.2) == plain
    assert speedup(monkeypatch, tmp_path, parent=0.8, before_pool=0.0, workers=1.2) == round(1.0 / 0.8, 3)


def test_a_run_without_a_pool_counts_no_serial_part(monkeypatch, tmp_path):
    # (a corpus run on another executor, or a tree whose run never made a ProcessPoolExecutor)
    assert speedup(monkeypatch, tmp_path, parent=0.05, before_pool=None, workers=1.2) == round(1.0 / 0.6, 3)


def test_measures_take_turns_within_each_repeat(monkeypatch):
    """A drift between two measures' blocks of repeats must not read as a ratio: each repeat runs
    every measure once, in turn, and the ratio is the median of each repeat's own ratio."""
    order = []
    clock = iter(x / 10 for x in range(100))
    monkeypatch.setattr(throughput.time, "process_time", lambda: next(clock))
    times = throughput._interleaved({"a": lambda: order.append("a"), "b": lambda: order.append("b")}, 3)
    assert order == ["a", "b", "a", "b", "a", "b"]
    assert list(times) == ["a", "b"] and all(len(v) == 3 for v in times.values())
    # VADER 2 s and full 1 s in a slow repeat, 1 s and 0.5 s in two fast ones: 2 x in each repeat
    assert throughput.paired_ratio([2.0, 1.0, 1.0], [1.0, 0.5, 0.5]) == 2.0
    # a slow minute that hit only one side of one repeat moves the median of ratios not at all
    assert throughput.paired_ratio([2.0, 2.0, 3.0], [1.0, 1.0, 1.0]) == 2.0


def test_a_thread_pools_cpu_is_the_processs_own(monkeypatch, tmp_path):
    # 1.2 s of work on two threads: 0.6 s on two cores, whatever part of it the main thread did
    assert speedup(monkeypatch, tmp_path, parent=0.0, before_pool=0.0, workers=1.2, pool="threads") \
        == round(1.0 / 0.6, 3)
    # 0.2 s before the pool started (start-up beyond C0, a probe) runs alone
    assert speedup(monkeypatch, tmp_path, parent=0.2, before_pool=0.2, workers=1.0, pool="threads") \
        == round(1.0 / (0.2 + 0.5), 3)
