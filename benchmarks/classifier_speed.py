"""Prediction speed of the sentence classifiers, on one core.

    .venv/bin/python benchmarks/classifier_speed.py                       # every shipped model
    .venv/bin/python benchmarks/classifier_speed.py --model biased --n 5000 --repeats 7

Sentences are read by path from the development data (BABE by default; never copied). Three
figures, each the median of the repeats (the machine may be shared: quote medians, and compare
runs made side by side):

* "given matches": the native featurisation and scores of every model, given each sentence's
  rule hits and quotations, which `framing score` takes from the article's own pass (computed
  once, untimed, here). This is the classifiers' own cost in `framing score`.
* "sentences alone": `ClassifierSet.scores` on bare sentences, which also runs the rule matcher
  and quote finder over them (what `predict_proba` and `evaluate` pay).
* "load": reading the model files and building the native models.

Each repeat builds the models afresh, so nothing carries over from the previous one. Times are
CPU time of this process (time.process_time), not wall-clock: on a shared, loaded machine the
wall clock mostly measures the wait for a core.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.scoring import classify  # noqa: E402
from framing.engine.native import boundary_text  # noqa: E402
from jsonl_texts import jsonl_texts  # noqa: E402  (benchmarks/, this script's folder)


def measure(names: list[str], sents: list[str], repeats: int) -> tuple[float, float, float]:
    given_rate, alone_rate, load = [], [], []
    texts = [boundary_text(s) for s in sents]
    for _ in range(repeats):
        t = time.process_time()
        cs = classify.ClassifierSet([classify.load_model(n) for n in names])
        load.append(time.process_time() - t)
        quoted, given = cs.sentence_inputs(sents)  # untimed: the article pass has these already
        t = time.process_time()
        cs.native_.scores(texts, quoted, given)
        given_rate.append(len(sents) / (time.process_time() - t))
        cs = classify.ClassifierSet(cs.models)  # fresh: its rule matcher is compiled before timing
        cs.scores(sents[:5])
        t = time.process_time()
        cs.scores(sents)
        alone_rate.append(len(sents) / (time.process_time() - t))
    return statistics.median(given_rate), statistics.median(alone_rate), statistics.median(load)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", action="append", help="model name or directory (default: every shipped model)")
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "babe_train.jsonl",
                    help="JSONL file with a 'text' field to take sentences from")
    ap.add_argument("--n", type=int, default=2000, help="sentences per timed call (default 2000)")
    ap.add_argument("--repeats", type=int, default=5, help="timed repeats; the median is reported (default 5)")
    args = ap.parse_args(argv)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    if not args.data.is_file():
        print(f"classifier_speed: error: {args.data}: no such file", file=sys.stderr)
        return 2
    if args.n < 1 or args.repeats < 1:
        print("classifier_speed: error: --n and --repeats must be at least 1", file=sys.stderr)
        return 2
    sents = jsonl_texts(args.data, args.n)
    chars = sum(map(len, sents)) / len(sents)
    print(f"{len(sents)} sentences (mean {chars:.0f} characters) from {args.data.name}; one core; "
          f"median of {args.repeats} repeats; CPU time")
    names = args.model or classify.shipped_models()
    groups = [[n] for n in names] + ([names] if len(names) > 1 else [])
    for group in groups:
        given, alone, load = measure(group, sents, args.repeats)
        label = group[0] if len(group) == 1 else f"all {len(group)}"
        print(f"{label:<12} given matches {given:>8,.0f} sentences/s   sentences alone {alone:>7,.0f}/s   "
              f"load {load * 1000:>5.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
