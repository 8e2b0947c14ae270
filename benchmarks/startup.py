"""Start-up of one article: what a user waits for when `framing score` scores one file.

Measured in fresh processes (medians of several), for the rules profile and the full (default)
profile:

* whole process: wall and CPU time of `framing score [--profile rules] ARTICLE`, and its peak RSS;
* inside one process: `import framing`, building the Scorer (packs loaded, the engine built,
  models loaded), the first score and a second one (the first pays for whatever is built lazily),
  and the engine build alone (`Matcher(packs)`); whether NumPy or scikit-learn got imported.

    .venv/bin/python benchmarks/startup.py                    # this checkout
    .venv/bin/python benchmarks/startup.py --against ../main  # ... and another, side by side

Each checkout runs with its own `.venv/bin/python` when it has one (else this interpreter with
the checkout first on sys.path), through the same launcher (`python -c 'framing.cli.main()'`),
runs interleaved so that a busy machine slows both alike. One untimed run first warms the file
cache and writes the bytecode cache, as a user's second run finds them. Timings drift on a
shared machine: compare the columns of one run, not runs of different days.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CLI = "import sys; sys.path.insert(0, sys.argv.pop(1)); from framing.cli import main; main()"

_INSIDE = r"""
import sys, time, json
sys.path.insert(0, sys.argv[1])
profile, article = sys.argv[2], sys.argv[3]
t0 = time.perf_counter()
import framing
t1 = time.perf_counter()
s = framing.Scorer(profile=profile)
t2 = time.perf_counter()
text = open(article, encoding="utf-8").read()
s.score(text, source=article)
t3 = time.perf_counter()
s.score(text, source=article)
t4 = time.perf_counter()
from framing.scoring.matching import Matcher
from framing.packs import default_pack_paths, load_packs
packs = load_packs(default_pack_paths())
t5 = time.perf_counter()
Matcher(packs)
t6 = time.perf_counter()
heavy = any(m.split(".")[0] in ("numpy", "sklearn", "scipy") for m in sys.modules)
print(json.dumps({"import_s": t1 - t0, "scorer_s": t2 - t1, "first_score_s": t3 - t2,
                  "second_score_s": t4 - t3, "packs_s": t5 - t4, "engine_build_s": t6 - t5,
                  "numpy_or_sklearn": heavy}))
"""


def python_of(tree: Path) -> str:
    venv = tree / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def _env() -> dict:
    # as a user runs it: bytecode cached (a shell's PYTHONDONTWRITEBYTECODE recompiles every module)
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}


def whole_process(tree: Path, profile: str, article: Path) -> dict:
    """One `framing score` run: wall, CPU (user + system) and peak RSS of that process alone."""
    extra = ["--profile", "rules"] if profile == "rules" else []
    cmd = [python_of(tree), "-c", _CLI, str(tree), "score", *extra, str(article)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode:
        raise SystemExit(f"{tree}: framing score failed ({proc.returncode}): {err.strip()}")
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_mb": usage.ru_maxrss / 1024}


def inside(tree: Path, profile: str, article: Path) -> dict:
    out = subprocess.run([python_of(tree), "-c", _INSIDE, str(tree), profile, str(article)],
                         capture_output=True, text=True, env=_env())
    if out.returncode:
        raise SystemExit(f"{tree}: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else 'failed'}")
    return json.loads(out.stdout)


def measure(trees: list[Path], article: Path, repeats: int) -> dict:
    """{tree: {profile: {measure: median}}}: runs interleaved tree by tree."""
    runs: dict = {str(t): {p: [] for p in ("rules", "full")} for t in trees}
    for t in trees:  # untimed: file cache and bytecode cache
        for p in ("rules", "full"):
            whole_process(t, p, article)
    for _ in range(repeats):
        for p in ("rules", "full"):
            for t in trees:
                runs[str(t)][p].append({**whole_process(t, p, article), **inside(t, p, article)})
    out: dict = {}
    for t, by_profile in runs.items():
        out[t] = {}
        for p, rows in by_profile.items():
            med = {k: round(statistics.median(r[k] for r in rows), 4) for k in rows[0] if k != "numpy_or_sklearn"}
            med["numpy_or_sklearn"] = any(r["numpy_or_sklearn"] for r in rows)
            out[t][p] = med
    return out


_ROWS = [("wall_s", "whole process, wall (s)"), ("cpu_s", "whole process, CPU (s)"),
         ("peak_rss_mb", "peak RSS (MB)"), ("import_s", "import framing (s)"),
         ("scorer_s", "Scorer(profile) (s)"), ("first_score_s", "first score (s)"),
         ("second_score_s", "second score (s)"), ("packs_s", "load packs (s)"),
         ("engine_build_s", "Matcher(packs), engine build (s)"), ("numpy_or_sklearn", "imports NumPy/scikit-learn")]


def table(result: dict, trees: list[Path]) -> str:
    names = [str(t) for t in trees]
    lines = [f"| measure | profile | {' | '.join(Path(n).name for n in names)} |",
             "|---|---|" + "---|" * len(names)]
    for p in ("rules", "full"):
        for key, label in _ROWS:
            cells = []
            for n in names:
                v = result[n][p][key]
                cells.append(("yes" if v else "no") if isinstance(v, bool) else
                             (f"{v:.0f}" if key == "peak_rss_mb" else f"{v:.3f}"))
            lines.append(f"| {label} | {p} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeats", type=int, default=5, help="fresh processes per measure (median; default 5)")
    ap.add_argument("--against", metavar="DIR", action="append", default=[],
                    help="another checkout to measure side by side (repeatable)")
    ap.add_argument("--article", type=Path, default=ROOT / "framing" / "examples" / "wire_a.txt")
    ap.add_argument("--json", action="store_true", help="print the medians as JSON instead of a table")
    a = ap.parse_args(argv)
    trees = [ROOT, *(Path(d).resolve() for d in a.against)]
    for t in trees:
        if not (t / "framing" / "__init__.py").exists():
            raise SystemExit(f"--against {t}: not a framing checkout")
    result = measure(trees, a.article.resolve(), max(a.repeats, 1))
    print(json.dumps(result, indent=1) if a.json else
          table(result, trees) + f"\n\nmedians of {a.repeats} fresh processes; article {a.article.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
