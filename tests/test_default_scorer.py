"""framing.score(text): one shipped-packs Scorer, prepared before it is shared, serves every call."""
from __future__ import annotations

import threading

import framing

TEXT = "The senator said the plan was a disaster. Critics claimed it would fail."


def test_repeated_calls_share_one_prepared_scorer(monkeypatch):
    monkeypatch.setattr(framing, "_default_scorer", None)
    first = framing.score(TEXT)
    scorer = framing._default_scorer
    assert scorer is not None and scorer.matcher_ is not None and scorer.article_ is not None
    assert framing.score(TEXT) == first
    assert framing._default_scorer is scorer


def test_threads_meeting_at_first_use_build_it_once(monkeypatch):
    monkeypatch.setattr(framing, "_default_scorer", None)
    built = []
    real = framing.Scorer

    class Counting(real):
        def __init__(self, *a, **k):
            built.append(1)
            super().__init__(*a, **k)

    monkeypatch.setattr(framing, "Scorer", Counting)
    results = [None] * 4
    start = threading.Barrier(4)

    def run(i):
        start.wait()
        results[i] = framing.score(TEXT)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(built) == 1
    assert all(r == results[0] for r in results)


def test_other_parameters_get_their_own_scorer(monkeypatch):
    monkeypatch.setattr(framing, "_default_scorer", None)
    framing.score(TEXT, profile="rules")
    assert framing._default_scorer is None
