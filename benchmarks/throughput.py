"""Throughput and memory of framing's corpus runs, side by side in one run (issue 7).

    python benchmarks/throughput.py                       # corpus built from framing/examples
    python benchmarks/throughput.py --data ../shared/data/polnear_dev.jsonl   # JSONL with "text"
    python benchmarks/throughput.py --quick               # a smaller, faster run

Prints, as a Markdown table (or --json), the median over --repeats runs of:
  * MB/s and articles/s on one core for the `rules` and `full` profiles, and for VADER alone on the
    same sentences (the reference: `full` should reach 1.0 x VADER alone, issue 17; issue 7 asked 0.7 x);
  * the speed-up of 2 workers over 1 (`framing corpus --workers`: threads; a process pool in older trees);
  * peak RSS of a whole corpus run (fresh process) at 1 x and 16 x the corpus;
  * wall time of `framing score` on one short article, whole process.
The corpus is varied (sentences shuffled, numbers changed) so no per-text cache flatters a figure.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from jsonl_texts import jsonl_texts  # noqa: E402  (benchmarks/, this script's folder)


def build_corpus(n_articles: int, seed: int = 7, texts: list[str] | None = None) -> list[str]:
    """Articles: `texts` (a JSONL file's "text" fields) cycled, with a varying suffix, or (None)
    composed of the paragraphs of the project's example story with numbers changed."""
    rng = random.Random(seed)
    if texts:
        return [texts[i % len(texts)] + (f"\n\nEdition {i}." if i >= len(texts) else "")
                for i in range(n_articles)]
    paras = example_paragraphs()
    out = []
    for i in range(n_articles):
        body = rng.sample(paras, k=min(len(paras), rng.randint(6, 10)))
        text = "\n\n".join(body)
        text = re.sub(r"\d+", lambda m: str(rng.randint(2, 9999)), text)
        out.append(f"Harbour report number {i}\n\n{text}")
    return out


def example_paragraphs() -> list[str]:
    """The paragraphs of the example story that the composed corpus samples."""
    paras = []
    for p in sorted((ROOT / "framing" / "examples").glob("*.txt")):
        paras += [x.strip() for x in p.read_text(encoding="utf-8").split("\n\n") if len(x.split()) > 8]
    return paras


def _median_rate(fn, nbytes: int, repeats: int) -> tuple[float, float]:
    """MB/s and seconds per run, medians over repeats. CPU time of this process, not wall time:
    on a shared machine other processes' load would otherwise land in the figure."""
    times = []
    for _ in range(repeats):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    med = statistics.median(times)
    return nbytes / 1e6 / med, med


def _interleaved(fns: dict, repeats: int) -> dict[str, list[float]]:
    """CPU seconds of this process for each of `fns` in each repeat, the fns taking turns within a
    repeat. These machines drift (up to 1.5 x within minutes): timed in blocks, one measure's
    repeats can all fall in a slow minute and the next's in a fast one (full / VADER read 0.72 x
    and 1.41 x on one tree within ten minutes); taking turns, a drift slows both sides of a ratio
    alike. A measure given as (setup, run) calls setup() untimed before each run and times
    run(setup's result): a fresh Scorer each repeat, so no repeat finds the corpus's words in its
    caches."""
    times: dict[str, list[float]] = {key: [] for key in fns}
    for _ in range(repeats):
        for key, fn in fns.items():
            setup, run = fn if isinstance(fn, tuple) else (lambda: None, lambda _: fn())
            arg = setup()
            t = time.process_time()
            run(arg)
            times[key].append(time.process_time() - t)
    return times


def paired_ratio(slow: list[float], fast: list[float]) -> float:
    """How many times faster `fast` ran than `slow`: the median over repeats of the ratio of their
    times within one repeat (each pair measured minutes apart at most)."""
    return statistics.median(s / f for s, f in zip(slow, fast))


def single_core(texts: list[str], repeats: int, warm_texts: list[str] | None = None) -> dict:
    import framing
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.comparison.corpus import score_partition

    nbytes = sum(len(t.encode("utf-8")) for t in texts)
    res = {"corpus_mb": round(nbytes / 1e6, 3), "articles": len(texts)}
    fns = {}
    # "full" is what `framing score` does by default: the shipped sentence classifiers included.
    # Each repeat a fresh Scorer, built and warmed outside the timing on `warm_texts` (texts of the
    # same data that are not in the corpus; None: the shipped example story): the pattern forms
    # news needs are compiled, as a long run compiles them once, and its word caches and lazy
    # DFAs meet the corpus's text for the first time in every repeat, as an archive's articles are.
    for key, kw in (("rules", {"profile": "rules"}), ("full", {"profile": "full"}),
                    ("full_no_classifiers", {"profile": "full", "classifiers": False})):
        fns[key] = (lambda kw=kw: framing.Scorer(**kw).warm(warm_texts),
                    lambda scorer: [scorer.score(t) for t in texts])
    # What `framing corpus` does per article: a flat row (the rules profile: from the engine's
    # tallies, no per-match objects), and the full profile plus the shipped sentence classifiers;
    # one Scorer per run, as framing corpus keeps it.
    records = [{"id": i, "text": t} for i, t in enumerate(texts)]
    for key, profile in (("rules_corpus_rows", "rules"), ("full_corpus_rows", "full")):
        fns[key] = (lambda profile=profile: framing.Scorer(profile=profile).warm(warm_texts),
                    lambda scorer: list(score_partition(records, scorer=scorer)))
    # VADER alone, on the very sentences the full profile gives it.
    sentences = [s.text for t in texts for s in framing.Scorer(profile="rules").score(t).sentences]
    vader = SentimentIntensityAnalyzer()  # VADER alone: vaderSentiment itself, not framing's engine
    vbytes = sum(len(s.encode("utf-8")) for s in sentences)
    fns["vader_alone"] = lambda: [vader.polarity_scores(s) for s in sentences]
    times = _interleaved(fns, repeats)
    for key, got in times.items():
        sec = statistics.median(got)
        if key == "vader_alone":
            # reported per byte of article text too, so it compares directly with the profiles
            res[key] = {"mb_per_s": round(vbytes / 1e6 / sec, 3), "article_mb_per_s": round(nbytes / 1e6 / sec, 3)}
        else:
            res[key] = {"mb_per_s": round(nbytes / 1e6 / sec, 3), "articles_per_s": round(len(texts) / sec, 1)}
    # the same article bytes on both sides: the ratio of rates is the ratio of times
    res["full_vs_vader"] = round(paired_ratio(times["vader_alone"], times["full"]), 3)
    res["full_no_classifiers_vs_vader"] = round(
        paired_ratio(times["vader_alone"], times["full_no_classifiers"]), 3)
    return res


def json_output(texts: list[str], repeats: int, other: str | None = None) -> dict:
    """`framing score --format json`, output included. In this process, side by side: the writer
    alone on the same score results (the standard library as before, json.dumps(ensure_ascii=False,
    indent=2), against framing.jsonout's orjson), MB/s of JSON per CPU second; and the path from
    article text to JSON bytes, MB/s of article text: through the result objects (Scorer.score,
    to_dict, jsonout) and as the command takes it (Scorer.score_data, jsonout.scores, no result
    objects). Then the whole command on the corpus as files (CPU seconds of the child and MB/s of
    article text, medians), and with `other` (a framing executable of another checkout, e.g.
    ../main/.venv/bin/framing) the same command there."""
    import resource

    import framing
    from framing import jsonout

    scorer = framing.Scorer(profile="rules")
    data = [scorer.score(t, source=f"a{i}.txt").to_dict() for i, t in enumerate(texts)]
    out_bytes = len(jsonout.dumps_bytes(data, indent=True))
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    assert jsonout.dumps(data, indent=True) == json.dumps(data, ensure_ascii=False, indent=2)
    std, _ = _median_rate(lambda: json.dumps(data, ensure_ascii=False, indent=2), out_bytes, repeats)
    fast, _ = _median_rate(lambda: jsonout.dumps(data, indent=True), out_bytes, repeats)
    res = {"json_mb": round(out_bytes / 1e6, 2), "text_mb": round(text_bytes / 1e6, 3),
           "stdlib_mb_per_s": round(std, 1), "jsonout_mb_per_s": round(fast, 1), "speedup": round(fast / std, 1)}
    if hasattr(scorer, "score_data"):
        objects, _ = _median_rate(lambda: jsonout.dumps_bytes([scorer.score(t, source=f"a{i}.txt").to_dict()
                                                               for i, t in enumerate(texts)], indent=True),
                                  text_bytes, repeats)
        plain, _ = _median_rate(lambda: jsonout.scores([scorer.score_data(t, source=f"a{i}.txt")
                                                        for i, t in enumerate(texts)]), text_bytes, repeats)
        res |= {"text_to_json_via_objects_mb_per_s": round(objects, 2),
                "text_to_json_score_data_mb_per_s": round(plain, 2)}
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, t in enumerate(texts):
            p = Path(d) / f"a{i}.txt"
            p.write_text(t, encoding="utf-8")
            paths.append(str(p))
        runs = {"score_json": str(Path(sys.executable).with_name("framing")), **({"other_score_json": other} if other else {})}
        times: dict[str, list[float]] = {key: [] for key in runs}
        for _ in range(repeats):  # alternating, so that a busy machine slows both alike
            for key, exe in runs.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                subprocess.run([exe, "score", "--format", "json", "--profile", "rules", *paths],
                               stdout=subprocess.DEVNULL, check=True)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[key].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        for key, got in times.items():
            res[f"{key}_cpu_s"] = round(statistics.median(got), 2)
            res[f"{key}_mb_per_s"] = round(text_bytes / 1e6 / statistics.median(got), 2)
    return res


def _write_jsonl(texts: list[str], path: Path, copies: int = 1) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for c in range(copies):
            for i, t in enumerate(texts):
                f.write(json.dumps({"id": f"{c}-{i}", "text": t}) + "\n")


_RUN = """
import concurrent.futures as cf, json, resource, sys, time
from framing.comparison.corpus import run_corpus
def cpu():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime
# the parent's CPU when its pool starts: what it did before (start-up, warming) no worker overlaps;
# and the pool's kind (a thread pool's workers count in this process's CPU, not its children's)
at_pool = []
def noting(kind, cls):
    init = cls.__init__
    def noted(self, *a, **k):
        at_pool.append((cpu(), kind))
        init(self, *a, **k)
    cls.__init__ = noted
noting("processes", cf.ProcessPoolExecutor)
noting("threads", cf.ThreadPoolExecutor)
t = time.perf_counter()
s = run_corpus(sys.argv[1], sys.argv[2], workers=int(sys.argv[3]), profile=sys.argv[4])
wall = time.perf_counter() - t
me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"seconds": wall, "mb_per_s": s.mb_per_s, "articles": s.articles, "failures": s.failures,
                  "peak_rss_mb": me.ru_maxrss / 1024, "peak_child_rss_mb": kids.ru_maxrss / 1024,
                  "cpu_self": me.ru_utime + me.ru_stime, "cpu_children": kids.ru_utime + kids.ru_stime,
                  "cpu_before_pool": at_pool[0][0] if at_pool else None,
                  "pool": at_pool[0][1] if at_pool else None}))
"""


def corpus_run(src: Path, workers: int, profile: str) -> dict:
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "out.jsonl"
        res = subprocess.run([sys.executable, "-c", _RUN, str(src), str(out), str(workers), profile],
                             capture_output=True, text=True, cwd=ROOT)
        if res.returncode != 0:
            raise SystemExit(f"corpus run failed: {res.stderr.strip().splitlines()[-1:]}")
        return json.loads(res.stdout)


def _workers(path: Path, repeats: int, profile: str, c0: float) -> tuple[dict, list]:
    """2 workers against 1 on one corpus file; c0: CPU seconds of a run's start-up."""
    w1 = [corpus_run(path, 1, profile) for _ in range(repeats)]
    w2 = [corpus_run(path, 2, profile) for _ in range(repeats)]
    r1 = statistics.median(r["mb_per_s"] for r in w1)
    r2 = statistics.median(r["mb_per_s"] for r in w2)
    # CPU accounting, immune to other load: the parent's share bounds what more workers can give.
    c1 = statistics.median(r["cpu_self"] for r in w1) - c0
    c2_parent = max(0.0, statistics.median(r["cpu_self"] for r in w2) - c0)
    c2_kids = statistics.median(r["cpu_children"] for r in w2)
    # The parent's CPU before its pool starts (beyond start-up: warming on the corpus's first
    # articles) runs alone; only the rest overlaps the workers.
    pre = [r["cpu_before_pool"] - c0 for r in w2 if r["cpu_before_pool"] is not None]
    c2_pre = max(0.0, statistics.median(pre)) if pre else 0.0
    if any(r.get("pool") == "threads" for r in w2):
        # Threads: the workers' CPU is this process's after its pool starts (the main thread's
        # reading and writing with it); at best it spreads over two cores. An upper bound: what
        # holds the GIL runs one thread at a time.
        c2_kids, c2_parent = max(0.0, c2_parent - c2_pre), c2_pre
    return {"profile": profile, "input_mb": round(path.stat().st_size / 1e6, 2), "one_mb_per_s": round(r1, 3),
            "two_mb_per_s": round(r2, 3), "speedup": round(r2 / r1, 3), "cpu_one": round(c1, 2),
            "cpu_two_parent": round(c2_parent, 2), "cpu_two_parent_before_pool": round(c2_pre, 2),
            "cpu_two_workers": round(c2_kids, 2), "cpu_start_up": round(c0, 2),
            "cpu_bound_speedup": round(c1 / (c2_pre + max(c2_parent - c2_pre, c2_kids / 2)), 3)}, w1


def workers_and_memory(texts: list[str], repeats: int, scale: int, profile: str,
                       long_texts: list[str] | None = None) -> dict:
    """long_texts: a longer corpus for a second workers figure. Each worker's one-time costs (its
    first look-ups, its own word caches) weigh on a corpus of a few CPU-seconds, not on an archive."""
    res = {}
    with tempfile.TemporaryDirectory() as d:
        one = Path(d) / "x1.jsonl"
        _write_jsonl(texts, one)
        # Start-up (imports, packs) is measured on a one-article corpus and left out of both sides.
        tiny = Path(d) / "tiny.jsonl"
        _write_jsonl(texts[:1], tiny)
        c0 = statistics.median(corpus_run(tiny, 1, profile)["cpu_self"] for _ in range(repeats))
        res["workers"], w1 = _workers(one, repeats, profile, c0)
        if long_texts:
            long = Path(d) / "long.jsonl"
            _write_jsonl(long_texts, long)
            res["workers_long"] = _workers(long, repeats, profile, c0)[0]
        big = Path(d) / f"x{scale}.jsonl"
        _write_jsonl(texts, big, copies=scale)
        m1 = statistics.median(r["peak_rss_mb"] for r in w1)
        mbig = corpus_run(big, 1, profile)
        res["memory"] = {"profile": profile, "scale": scale, "rss_1x_mb": round(m1, 1),
                         f"rss_{scale}x_mb": round(mbig["peak_rss_mb"], 1),
                         "ratio": round(mbig["peak_rss_mb"] / m1, 3),
                         "input_1x_mb": round(one.stat().st_size / 1e6, 2),
                         f"input_{scale}x_mb": round(big.stat().st_size / 1e6, 2)}
    return res


def startup(repeats: int) -> dict:
    """Wall and CPU time of `framing score` on one short article, whole process, by default and
    with --profile rules. As a user runs it: Python may cache compiled modules (a shell that sets
    PYTHONDONTWRITEBYTECODE recompiles framing's modules on every start, about 0.05 s), and one
    untimed run first writes that cache and warms the OS's file cache."""
    exe = Path(sys.executable).with_name("framing")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from framing.cli.main import main; main()"]
    article = ROOT / "framing" / "examples" / "wire_a.txt"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    import resource

    out = {}
    for key, extra in (("score_one_article", []), ("score_one_article_rules", ["--profile", "rules"])):
        times, cpus = [], []
        for i in range(max(repeats, 5) + 1):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t = time.perf_counter()
            subprocess.run(cmd + ["score", *extra, str(article)], capture_output=True, check=True, env=env)
            if i:
                times.append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        out[f"{key}_s"] = round(statistics.median(times), 3)
        out[f"{key}_cpu_s"] = round(statistics.median(cpus), 3)
    code = "import sys, framing; framing.Scorer(profile='rules').score('Officials said it may rain.');" \
           "print(int(any(m.split('.')[0] in ('sklearn', 'numpy', 'scipy') for m in sys.modules)))"
    heavy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    return {**out, "runs": len(times), "rules_profile_imports_sklearn_or_numpy": heavy == "1"}


_TREE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import framing
assert framing.__file__.startswith(sys.argv[1]), framing.__file__
texts = json.load(open(sys.argv[3]))
try:  # the profile where the tree has one; older trees: rules = no sentiment and no readability
    s = framing.Scorer(profile=sys.argv[2])
except TypeError:
    s = framing.Scorer(**{"rules": dict(sentiment=False, readability=False), "full": {}}[sys.argv[2]])
s.score(texts[0])
nbytes = sum(len(x.encode()) for x in texts) / 1e6
t = time.process_time()
for x in texts:
    s.score(x)
score = nbytes / (time.process_time() - t)
try:  # corpus rows, where the tree has score_partition
    from framing.comparison.corpus import score_partition
except ImportError:
    from framing.corpus import score_partition
records = [{"id": i, "text": x} for i, x in enumerate(texts)]
import inspect
# a second Scorer for the rows: the first has met every text of the corpus
try:
    s = framing.Scorer(profile=sys.argv[2])
except TypeError:
    s = framing.Scorer(**{"rules": dict(sentiment=False, readability=False), "full": {}}[sys.argv[2]])
s.score(texts[0])
# the Scorer built outside the timing: passed where score_partition takes one, else its cache's
kw = {"scorer": s} if "scorer" in inspect.signature(score_partition).parameters else {"profile": sys.argv[2]}
list(score_partition(records[:1], **kw))
t = time.process_time()
list(score_partition(records, **kw))
print(score, nbytes / (time.process_time() - t))
"""


def against_tree(texts: list[str], other: str, repeats: int) -> str:
    """One-core MB/s of another checkout (e.g. `git archive OLD framing | tar -x -C DIR`, with this
    checkout's rules/ and lexicons/ copied beside it) and of this one, alternating fresh processes:
    `Scorer.score` and corpus rows (score_partition), medians of `repeats` CPU-time runs."""
    with tempfile.TemporaryDirectory() as d:
        corpus = Path(d) / "texts.json"
        corpus.write_text(json.dumps(texts), encoding="utf-8")
        rows = ["| profile | measure | other tree | this tree | speed-up |", "|---|---|---|---|---|"]
        for profile in ("rules", "full"):
            got: dict[str, list[list[float]]] = {"other": [], "this": []}
            for _ in range(repeats):
                for name, tree in (("other", str(Path(other).resolve())), ("this", str(ROOT))):
                    res = subprocess.run([sys.executable, "-c", _TREE, tree, profile, str(corpus)],
                                         capture_output=True, text=True, cwd=d)
                    if res.returncode:
                        raise SystemExit(f"{tree}: {res.stderr.strip().splitlines()[-1:]}")
                    got[name].append([float(x) for x in res.stdout.split()])
            for k, what in enumerate(("`Scorer.score`", "corpus rows")):
                a = statistics.median(r[k] for r in got["other"])
                b = statistics.median(r[k] for r in got["this"])
                rows.append(f"| {profile} | {what} | {a:.2f} MB/s | {b:.2f} MB/s | {b / a:.2f} x |")
    return "\n".join(rows) + "\n"


def cycled_note(distinct: int | None, articles: int, composed: int | None = None) -> str:
    """A corpus that cycles a few texts (or is composed of a few paragraphs) keeps every cache warm
    after its first pass: say so, so that a figure is not read as an archive's."""
    if composed:
        return (f" (composed of the example story's {composed} paragraphs: word and automaton caches are "
                "warm after the first few articles; `--data` a JSONL file of distinct texts for an archive's figures)")
    if not distinct or distinct >= articles:
        return ""
    return f" ({distinct} distinct texts, cycled: word and automaton caches are warm after the first {distinct})"


def markdown(r: dict) -> str:
    s, w, m, st = r["single_core"], r["workers"], r["memory"], r["startup"]
    scale = m["scale"]
    rows = [
        ("`rules` profile, one core", f"{s['rules']['mb_per_s']:.2f} MB/s ({s['rules']['articles_per_s']:.0f} articles/s)", ">= 20 MB/s"),
        ("`framing corpus` rows, `rules` profile, one core", f"{s['rules_corpus_rows']['mb_per_s']:.2f} MB/s "
                                                            f"({s['rules_corpus_rows']['articles_per_s']:.0f} articles/s)", ">= 20 MB/s"),
        ("`full` profile (shipped classifiers included), one core",
         f"{s['full']['mb_per_s']:.2f} MB/s ({s['full']['articles_per_s']:.0f} articles/s)", ""),
        ("`full` profile, `--no-classifiers`, one core", f"{s['full_no_classifiers']['mb_per_s']:.2f} MB/s "
                                                         f"({s['full_no_classifiers']['articles_per_s']:.0f} articles/s)", ""),
        ("`framing corpus` rows, `full` + shipped classifiers", f"{s['full_corpus_rows']['mb_per_s']:.2f} MB/s "
                                                               f"({s['full_corpus_rows']['articles_per_s']:.0f} articles/s)", ""),
        ("VADER alone, same sentences", f"{s['vader_alone']['mb_per_s']:.2f} MB/s of sentences "
                                        f"({s['vader_alone']['article_mb_per_s']:.2f} MB/s of article text)", "reference"),
        ("`full` / VADER alone", f"{s['full_vs_vader']:.2f} x (`--no-classifiers`: "
                                 f"{s['full_no_classifiers_vs_vader']:.2f} x)", ">= 1.0 x"),
        (f"2 workers / 1 (`{w['profile']}`), wall time", f"{w['speedup']:.2f} x ({w['one_mb_per_s']:.2f} -> {w['two_mb_per_s']:.2f} MB/s)", ">= 1.8 x"),
        ("2 workers / 1, from CPU accounting", f"{w['cpu_bound_speedup']:.2f} x (CPU s beyond {w['cpu_start_up']:.2f} s start-up: "
                                               f"1 process {w['cpu_one']:.2f}; 2 workers {w['cpu_two_workers']:.2f} "
                                               f"+ parent {w['cpu_two_parent']:.2f}, of it "
                                               f"{w['cpu_two_parent_before_pool']:.2f} before the pool)",
         "what two idle cores would give"),
        *([(f"2 workers / 1, a corpus {r['workers_long']['input_mb']} MB long, wall time",
            f"{r['workers_long']['speedup']:.2f} x ({r['workers_long']['one_mb_per_s']:.2f} -> "
            f"{r['workers_long']['two_mb_per_s']:.2f} MB/s; by CPU {r['workers_long']['cpu_bound_speedup']:.2f} x)",
            ">= 1.8 x")] if "workers_long" in r else []),
        (f"peak RSS, {scale} x / 1 x corpus (`{m['profile']}`)",
         f"{m['ratio']:.3f} ({m['rss_1x_mb']:.0f} MB -> {m[f'rss_{scale}x_mb']:.0f} MB; input {m['input_1x_mb']} -> {m[f'input_{scale}x_mb']} MB)",
         "within 10%"),
        ("`framing score` one short article, whole process", f"{st['score_one_article_s']:.2f} s wall, "
         f"{st['score_one_article_cpu_s']:.2f} s CPU (medians of {st['runs']})", "<= 0.25 s"),
        ("`framing score --profile rules` one short article", f"{st['score_one_article_rules_s']:.2f} s wall, "
         f"{st['score_one_article_rules_cpu_s']:.2f} s CPU", "<= 0.15 s"),
        ("`rules` profile imports scikit-learn/NumPy", "yes" if st["rules_profile_imports_sklearn_or_numpy"] else "no", "no"),
    ]
    out = ["| measure | result | target |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    out.append("")
    cycled = cycled_note(r.get("distinct"), s["articles"], r.get("composed_of"))
    warmed = (f"{r['warm_texts']} other texts of the data" if r.get("warm_texts")
              else "the shipped example story")
    out.append(f"Corpus: {s['articles']} articles{cycled}, {s['corpus_mb']} MB of text; medians of {r['repeats']} runs, the one-core "
               f"measures taking turns within each run, each run with fresh scorers warmed on {warmed} (full / VADER: the median of each run's ratio); one-core rates are per CPU-second of the measuring process, the workers ratio is wall time; "
               f"load average {r['load'][0]:.1f} / {r['load'][1]:.1f} at start / end on {r['cpus']} cores.")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=None, help="JSONL file whose 'text' fields make the corpus "
                    "(default: articles composed from framing/examples)")
    ap.add_argument("--articles", type=int, default=400, help="articles in the 1 x corpus (default 400)")
    ap.add_argument("--repeats", type=int, default=3, help="runs per measure; medians are reported (default 3)")
    ap.add_argument("--scale", type=int, default=16, help="the large corpus is this many times the 1 x one")
    ap.add_argument("--workers-profile", choices=["rules", "full"], default="full",
                    help="profile for the workers and memory runs (default full)")
    ap.add_argument("--workers-scale", type=int, default=4,
                    help="workers are also measured on a corpus this many times longer (default 4; 0: not)")
    ap.add_argument("--quick", action="store_true", help="120 articles, 1 repeat, 4 x: a smoke run")
    ap.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    ap.add_argument("--json-output", action="store_true",
                    help="only measure the JSON output of `framing score --format json` (stdlib json against "
                         "framing.jsonout, side by side; then the whole command)")
    ap.add_argument("--other-framing", metavar="EXE", default=None,
                    help="with --json-output: also time this framing executable (another checkout's, before/after)")
    ap.add_argument("--against-tree", metavar="DIR", default=None,
                    help="only compare one-core speed with another checkout of framing in DIR (before/after)")
    a = ap.parse_args(argv)
    if a.quick:
        a.articles, a.repeats, a.scale, a.workers_scale = 120, 1, 4, 2
    source = jsonl_texts(a.data) if a.data else None
    texts = build_corpus(a.articles, texts=source)
    if a.json_output:
        print(json.dumps(json_output(texts, a.repeats, a.other_framing), indent=2))
        return 0
    if a.against_tree:
        print(against_tree(texts, a.against_tree, a.repeats), end="")
        return 0
    import os

    load0 = os.getloadavg()[0]
    # the scorers warm up on 40 texts of the data that the corpus does not hold, where it has them
    warm_texts = source[a.articles:a.articles + 40] if source and len(source) > a.articles else None
    result = {"repeats": a.repeats, "cpus": os.cpu_count(),
              "single_core": single_core(texts, a.repeats, warm_texts),
              "warm_texts": len(warm_texts) if warm_texts else 0,
              "distinct": min(a.articles, len(source)) if source else a.articles,
              "composed_of": None if source else len(example_paragraphs())}
    long_texts = build_corpus(a.articles * a.workers_scale, seed=8, texts=source) if a.workers_scale > 0 else None
    result.update(workers_and_memory(texts, a.repeats, a.scale, a.workers_profile, long_texts))
    result["startup"] = startup(a.repeats)
    result["load"] = (load0, os.getloadavg()[0])
    print(json.dumps(result, indent=2) if a.json else markdown(result), end="" if not a.json else "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
