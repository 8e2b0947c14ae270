"""The native per-article call alone (`ArticleEngine.score`, the `rules` profile), this checkout
against others, side by side (issue 16).

    python benchmarks/engine_speed.py --data ../shared/data/polnear_dev.jsonl --runs 7 /tmp/before_tree

Each run is a fresh process per tree, alternating: the texts (boundary text, as Scorer passes it)
scored once untimed, then 5 timed passes; a run reports MB of text per CPU second (median of its
passes). Printed: per tree the median over runs and every run. Another tree is a directory holding
a `framing` package with its own built `_core` (e.g. `git archive OLD framing | tar -x -C DIR` and
that build's `framing/_core.abi3.so` copied into it).
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_RUN = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import framing
assert framing.__file__.startswith(sys.argv[1]), framing.__file__
from framing.engine.native import boundary_text
texts = []
with open(sys.argv[2], encoding="utf-8") as f:
    for line in f:
        t = json.loads(line).get("text")
        if isinstance(t, str) and t.strip():
            texts.append(boundary_text(t))
scorer = framing.Scorer(profile="rules")
scorer.score(texts[0])
engine = scorer.article_
for t in texts:
    engine.score(t, [])
nbytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
times = []
for _ in range(5):
    t0 = time.process_time()
    for t in texts:
        engine.score(t, [])
    times.append(time.process_time() - t0)
print(nbytes / statistics.median(times))
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="JSONL file whose 'text' fields are the texts")
    ap.add_argument("--runs", type=int, default=5, help="fresh processes per tree (default 5)")
    ap.add_argument("trees", nargs="*", help="other checkouts to compare with (this one is always run)")
    a = ap.parse_args(argv)
    trees = [str(ROOT)] + [str(Path(t).resolve()) for t in a.trees]
    got: dict[str, list[float]] = {t: [] for t in trees}
    for _ in range(a.runs):
        for t in trees:
            out = subprocess.run([sys.executable, "-c", _RUN, t, a.data], capture_output=True, text=True)
            if out.returncode:
                raise SystemExit(f"{t}: {out.stderr.strip().splitlines()[-1:]}")
            got[t].append(float(out.stdout))
    for t in trees:
        runs = ", ".join(f"{x:.2f}" for x in got[t])
        print(f"{t}: {statistics.median(got[t]):.2f} MB/s (median of {a.runs}; runs {runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
