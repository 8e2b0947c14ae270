"""Outlets across many stories (issue 18): validation on BASIL and the grouping-time benchmark.

    python benchmarks/outlets.py validate --data ../shared/data/basil_dev.jsonl
    python benchmarks/outlets.py grouping --sizes 1000 10000 100000 [--repeats 3]
    python benchmarks/outlets.py grouping --engine dask --sizes 10000 100000 [--dask-workers 2]

validate: BASIL's triplets (Fox, NYT, HuffPost on one event) as one corpus *without* their story
labels. Prints (Markdown) the adjusted Rand index of the automatic grouping against the true events,
then, with the true events as stories, each outlet's within-story differences from framing beside
the same within-story differences of the annotated lexical and informational bias (spans per 1,000
words; lexical outside quotes, as the author's own voice).

grouping: story-grouping time (TF-IDF, candidate neighbours, cosines, linking) against corpus size
on synthetic articles written by a generator below from invented words (no data text), 3 to 5
outlets per event, events spread over a year; the median of --repeats runs, each in a fresh process
(caches cold): CPU seconds of the process (wall time on a shared machine is noisy), with the
growth factor from one size to the next and the peak memory. With --engine dask the grouping is
DaskStoryGrouper's on a local cluster (its CPU seconds include the workers', its peak memory adds
theirs), and each run's labels are compared with StoryGrouper's on the same articles.
"""
from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEAD = ("loaded_language", "speculation", "hedging", "opinion", "named_per_1000_words", "unnamed_per_1000_words")


# ---------------------------------------------------------------------------------------------
# BASIL


def basil_records(path: str) -> tuple[list[dict], dict[str, str], dict[str, dict]]:
    """Flat article records (id, source, date, text: no story label), the true event of each id,
    and each article's annotated bias rates per 1,000 words."""
    records, truth, annotated = [], {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            trip = json.loads(line)
            for a in trip["articles"]:
                if not isinstance(a.get("text"), str) or not a["text"].strip():
                    continue
                records.append({"id": a["id"], "source": a["source"], "date": a.get("date"), "text": a["text"]})
                truth[a["id"]] = trip["triplet_uuid"]
                words = max(1, len(a["text"].split()))
                annotated[a["id"]] = {"lexical_bias": a.get("n_lex_noquote", 0) * 1000.0 / words,
                                      "informational_bias": a.get("n_inf", 0) * 1000.0 / words}
    return records, truth, annotated


def adjusted_rand(report, truth: dict[str, str]) -> tuple[float, int, int]:
    from sklearn.metrics import adjusted_rand_score

    label = {rid: st.story for st in report.stories for rid in st.articles}
    label.update({rid: f"single:{rid}" for rid in report.singletons})
    ids = [i for i in truth if i in label]
    ari = adjusted_rand_score([truth[i] for i in ids], [label[i] for i in ids])
    return ari, len(report.stories), len(report.singletons)


def _deviations(story_values: dict, measure: str) -> dict[tuple[str, str], float]:
    """{(story, outlet): the outlet's value minus the mean of the other outlets' on that story}."""
    out = {}
    for story, per in story_values.items():
        for src, vals in per.items():
            others = [v[measure] for o, v in per.items() if o != src]
            out[(story, src)] = vals[measure] - sum(others) / len(others)
    return out


def _within_story_correlation(values_a: dict, measure_a: str, values_b: dict, measure_b: str) -> float:
    from scipy.stats import spearmanr

    a, b = _deviations(values_a, measure_a), _deviations(values_b, measure_b)
    keys = sorted(set(a) & set(b))
    return float(spearmanr([a[k] for k in keys], [b[k] for k in keys]).statistic)


def validate(data: str, seed: int, workers: int) -> str:
    import framing
    from framing.comparison.outlets import within_story

    records, truth, annotated = basil_records(data)
    t0 = time.perf_counter()
    auto = framing.outlets(records, seed=seed, workers=workers)
    seconds = time.perf_counter() - t0
    ari, n_stories, n_single = adjusted_rand(auto, truth)
    given = framing.outlets([{**r, "story": truth[r["id"]]} for r in records], story_field="story", seed=seed,
                            workers=workers)
    ann = within_story([(r["id"], r["source"], truth[r["id"]], annotated[r["id"]]) for r in records],
                       ("lexical_bias", "informational_bias"), seed=seed)
    out = [f"Data: `{data}`, {len(records)} articles, {len(set(truth.values()))} true events, "
           f"{len({r['source'] for r in records})} outlets; seed {seed}.", "",
           "| grouping | stories found | singletons | adjusted Rand index | seconds (scoring + grouping) |",
           "|---|---|---|---|---|",
           f"| automatic (TF-IDF cosine >= {auto.grouping['threshold']}, dates within "
           f"{auto.grouping['window_days']} days) | {n_stories} | {n_single} | **{ari:.3f}** | {seconds:.1f} |", ""]
    fmt = lambda m: (f"{m['difference']:+.2f} [{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]"  # noqa: E731
                     if m["ci_low"] is not None else f"{m['difference']:+.2f} (no interval: 1 story)")
    out.append("Within-story difference from the other outlets (mean over the true events, 95% bootstrap "
               "interval), framing's measures (per 1,000 words in the author's own voice) beside the "
               "annotators' (spans per 1,000 words):")
    out.append("")
    head = ["outlet", "stories", *LEAD, "editorializing_index", "annotated lexical", "annotated informational"]
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + "---|" * len(head))
    for o in given.outlets:
        a = ann.outlet(o.source)
        out.append("| " + " | ".join([o.source, str(o.stories), *(fmt(o.measures[m]) for m in LEAD),
                                      fmt(o.measures["editorializing_index"]),
                                      fmt(a.measures["lexical_bias"]), fmt(a.measures["informational_bias"])]) + " |")
    out.append("")
    out.append("Rank agreement of each framing measure with the annotated lexical bias across outlets "
               "(differences, highest first):")
    out.append("")
    lex_order = [o.source for o in sorted(ann.outlets, key=lambda o: -o.measures["lexical_bias"]["difference"])]
    out.append(f"- annotated lexical bias: {' > '.join(lex_order)}")
    for m in ("loaded_language", "opinion", "editorializing_index"):
        order = [o.source for o in sorted(given.outlets, key=lambda o: -o.measures[m]["difference"])]
        out.append(f"- {m}: {' > '.join(order)}{' (same order)' if order == lex_order else ''}")
    out.append("")
    out.append("Article level: Spearman correlation, over every (story, outlet), of the outlet's difference from "
               "the other outlets on that story, framing's measure against the annotators':")
    out.append("")
    out.append("| framing measure | vs annotated lexical | vs annotated informational |")
    out.append("|---|---|---|")
    for m in (*LEAD, "editorializing_index"):
        rho = [_within_story_correlation(given.story_values, m, ann.story_values, a)
               for a in ("lexical_bias", "informational_bias")]
        out.append(f"| {m} | {rho[0]:+.3f} | {rho[1]:+.3f} |")
    out.append("")
    out.append("Summary written by `framing outlets --story-field` on the true events:")
    out.append("")
    out += [f"- {s}" for s in given.summary]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Synthetic corpus for the grouping benchmark: invented words, so no data text is involved


def _word(rng: random.Random, syllables: int) -> str:
    onset = "b c d f g h j k l m n p r s t v w z br cr dr fl gr pl pr st tr".split()
    vowel = "a e i o u ai ea ou io".split()
    coda = ["", "", "n", "r", "s", "l", "t", "nd", "rk"]
    return "".join(rng.choice(onset) + rng.choice(vowel) + rng.choice(coda) for _ in range(syllables))


def synthetic_articles(n: int, seed: int = 1) -> tuple[list[str], list[str], list[str], list[int]]:
    """(texts, dates, sources, true event) for n articles: events of 3 to 5 outlets' reports, each
    report ~250 words: a quarter from the event's own names and terms, the rest from a common
    Zipf-like vocabulary of invented words."""
    import datetime as dt

    rng = random.Random(seed)
    common = sorted({_word(rng, rng.randint(1, 3)) for _ in range(6000)})
    weights = [1.0 / (i + 1) for i in range(len(common))]
    cum = list(__import__("itertools").accumulate(weights))
    outlets = [f"Outlet{k}" for k in range(12)]
    texts, dates, sources, truth = [], [], [], []
    start = dt.date(2023, 1, 1).toordinal()
    event = 0
    while len(texts) < n:
        names = [f"{_word(rng, 2).title()} {_word(rng, 2).title()}" for _ in range(4)]
        terms = [_word(rng, rng.randint(2, 3)) for _ in range(14)]
        day = start + rng.randrange(365)
        for src in rng.sample(outlets, rng.randint(3, 5)):
            if len(texts) >= n:
                break
            words = rng.choices(common, cum_weights=cum, k=190)
            words += rng.choices(terms, k=45) + [rng.choice(names) for _ in range(15)]
            rng.shuffle(words)
            sents = [" ".join(words[i:i + 14]).capitalize() + "." for i in range(0, len(words), 14)]
            texts.append(" ".join(sents))
            dates.append(dt.date.fromordinal(day + rng.randint(0, 1)).isoformat())
            sources.append(src)
            truth.append(event)
        event += 1
    return texts, dates, sources, truth


def _time_one(n: int, seed: int, engine: str = "local", dask_workers: int = 2) -> dict:
    """In this process: build the corpus, then time the grouping alone. engine "dask": on a local
    cluster of dask_workers processes (DaskStoryGrouper, started before the clock); CPU seconds are
    this process's plus the workers', and the labels are checked against StoryGrouper's."""
    import resource

    from sklearn.metrics import adjusted_rand_score

    from framing.comparison.outlets import StoryGrouper

    texts, dates, _, truth = synthetic_articles(n, seed)
    client = cluster = None
    grouper = StoryGrouper()
    if engine == "dask":
        from distributed import Client, LocalCluster

        from framing.comparison.dask import LOCAL_CLUSTER, DaskStoryGrouper

        cluster = LocalCluster(n_workers=dask_workers, threads_per_worker=1, processes=True, **LOCAL_CLUSTER)
        client = Client(cluster)
        grouper = DaskStoryGrouper(scheduler=client)
        workers_cpu = sum(client.run(time.process_time).values())
    t0, c0 = time.perf_counter(), time.process_time()
    labels = grouper.fit_predict(texts, dates)
    seconds, wall = time.process_time() - c0, time.perf_counter() - t0
    out = {"n": n, "seconds": seconds, "wall": wall, "ari": adjusted_rand_score(truth, labels),
           "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
           "mb_text": sum(len(t) for t in texts) / 1e6}
    if client is not None:
        out["seconds"] += sum(client.run(time.process_time).values()) - workers_cpu
        out["peak_mb"] += sum(client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024).values())
        out["partitions"] = -(-n // grouper.partition_size)
        client.close()
        cluster.close()
        out["same_as_local"] = bool((StoryGrouper().fit_predict(texts, dates) == labels).all())
    return out


def grouping(sizes: list[int], repeats: int, seed: int, engine: str = "local", dask_workers: int = 2) -> str:
    rows = []
    for n in sizes:
        runs = []
        for r in range(repeats):
            cmd = [sys.executable, __file__, "_one", str(n), "--seed", str(seed + r), "--engine", engine,
                   "--dask-workers", str(dask_workers)]
            res = subprocess.run(cmd, capture_output=True, text=True, check=True)
            runs.append(json.loads(res.stdout))
        rows.append({"n": n, "seconds": statistics.median(x["seconds"] for x in runs),
                     "runs": [round(x["seconds"], 2) for x in runs],
                     "wall": statistics.median(x["wall"] for x in runs),
                     "ari": statistics.median(x["ari"] for x in runs),
                     "peak_mb": max(x["peak_mb"] for x in runs), "mb_text": runs[0]["mb_text"],
                     "same": all(x.get("same_as_local", True) for x in runs), "partitions": runs[0].get("partitions")})
    dask = engine == "dask"
    out = ["| articles | text MB | grouping CPU seconds (median) | runs | wall seconds (median, shared machine) "
           "| growth vs previous size | CPU seconds per 1k articles | ARI vs generated events | peak RSS MB |"
           + (" partitions | labels as StoryGrouper's |" if dask else ""),
           "|---|---|---|---|---|---|---|---|---|" + ("---|---|" if dask else "")]
    prev = None
    for row in rows:
        growth = "" if prev is None else \
            f"x{row['seconds'] / prev['seconds']:.1f} for x{row['n'] / prev['n']:.0f} articles"
        out.append(f"| {row['n']:,} | {row['mb_text']:.1f} | {row['seconds']:.2f} | {row['runs']} | "
                   f"{row['wall']:.2f} | {growth} | "
                   f"{row['seconds'] / row['n'] * 1000:.3f} | {row['ari']:.3f} | {row['peak_mb']:.0f} |"
                   + (f" {row['partitions']} | {'yes' if row['same'] else 'NO'} |" if dask else ""))
        prev = row
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("validate")
    v.add_argument("--data", default=str(ROOT.parent / "shared" / "data" / "basil_dev.jsonl"))
    v.add_argument("--seed", type=int, default=0)
    v.add_argument("--workers", type=int, default=1)
    g = sub.add_parser("grouping")
    g.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    g.add_argument("--repeats", type=int, default=3)
    g.add_argument("--seed", type=int, default=1)
    one = sub.add_parser("_one")
    one.add_argument("n", type=int)
    one.add_argument("--seed", type=int, default=1)
    for p in (g, one):
        p.add_argument("--engine", choices=["local", "dask"], default="local",
                       help="dask: DaskStoryGrouper on a local cluster of --dask-workers processes")
        p.add_argument("--dask-workers", type=int, default=2)
    args = ap.parse_args()
    if args.cmd == "validate":
        if not Path(args.data).is_file():
            raise SystemExit(f"{args.data}: no such file (BASIL's JSONL, see ../shared/data/README.md)")
        print(validate(args.data, args.seed, args.workers))
    elif args.cmd == "grouping":
        print(grouping(args.sizes, args.repeats, args.seed, args.engine, args.dask_workers))
    else:
        print(json.dumps(_time_one(args.n, args.seed, args.engine, args.dask_workers)))


if __name__ == "__main__":
    main()
