"""Prediction speed of the sentence classifiers, on one core.

    .venv/bin/python benchmarks/classifier_speed.py                       # every shipped model
    .venv/bin/python benchmarks/classifier_speed.py --model biased --n 5000 --repeats 7

Sentences are read by path from the development data (BABE by default; never copied). Each repeat
loads the model afresh and times one predict_proba call over all N sentences ("cold"), then a
second call on the same model ("warm"; older versions kept a per-word n-gram cache, which this
filled). Before each call the features of the latest batch are forgotten, so the rule/style
features and the n-grams are computed again, as for new sentences. The median of the repeats is
reported, with the time spent in the rule/style/VADER features alone, and the same figures for all
the models scoring one batch together (what `framing score` does: they share the features and
the n-gram cutting).
"""
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one core: no BLAS threads
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import classify  # noqa: E402


def sentences(path: Path, n: int) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            t = json.loads(line).get("text")
            if isinstance(t, str) and t.strip():
                out.append(t)
            if len(out) >= n:
                break
    return out


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
    sents = sentences(args.data, args.n)
    chars = sum(map(len, sents)) / len(sents)
    print(f"{len(sents)} sentences (mean {chars:.0f} characters) from {args.data.name}; one core; "
          f"median of {args.repeats} repeats")
    def clear(words: bool) -> None:
        """Forget the latest batch (its features are computed again) and, with words, any per-word cache.
        (Also runs against older versions of classify, for before/after figures.)"""
        if hasattr(classify, "_forget"):
            classify._forget()
        else:
            classify._LAST_DENSE[:] = [None, None]

    names = args.model or classify.shipped_models()
    for name in names:
        cold, warm, dense = [], [], []
        for _ in range(args.repeats):
            m = classify.load_model(name)
            m.predict_proba(sents[:5])  # lazy set-up (packs, VADER) is not per-sentence cost
            clear(words=True)
            if hasattr(m, "_char_cache"):
                m._char_cache.clear()
            t = time.perf_counter()
            m.predict_proba(sents)
            cold.append(len(sents) / (time.perf_counter() - t))
            clear(words=False)
            t = time.perf_counter()
            m.predict_proba(sents)
            warm.append(len(sents) / (time.perf_counter() - t))
            if m._dense is not None:
                t = time.perf_counter()
                m._dense.matrix(sents, m._dense_names)
                dense.append(len(sents) / (time.perf_counter() - t))
        size = sum(p.stat().st_size for p in Path(m.source).iterdir()) if Path(m.source).is_dir() else 0
        d = f"; dense features alone {statistics.median(dense):,.0f}/s" if dense else ""
        print(f"{m.name:<12} cold {statistics.median(cold):>7,.0f} sentences/s   warm {statistics.median(warm):>7,.0f}/s"
              f"{d}; files {size / 1e6:.2f} MB")
    if len(names) > 1:
        cold, warm = [], []
        for _ in range(args.repeats):
            ms = [classify.load_model(n) for n in names]
            classify.sentence_probabilities(sents[:5], ms)
            clear(words=True)
            for m in ms:
                if hasattr(m, "_char_cache"):
                    m._char_cache.clear()
            for shared in getattr(classify, "_SHARED_TERMS", {}).values():  # the models' shared look-up
                if shared.lookup is not None:
                    shared.lookup._char_cache.clear()
            t = time.perf_counter()
            classify.sentence_probabilities(sents, ms)
            cold.append(len(sents) / (time.perf_counter() - t))
            clear(words=False)
            t = time.perf_counter()
            classify.sentence_probabilities(sents, ms)
            warm.append(len(sents) / (time.perf_counter() - t))
        print(f"{'all ' + str(len(names)):<12} cold {statistics.median(cold):>7,.0f} sentences/s   "
              f"warm {statistics.median(warm):>7,.0f}/s (every model scoring each sentence, one batch)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
