"""Speed of sentiment and readability, the way scoring calls them, against vaderSentiment itself.

    python benchmarks/sentiment_speed.py --data ../shared/data/polnear_dev.jsonl
    python benchmarks/sentiment_speed.py --data ... --json        # machine-readable

Sentences are those the `rules` profile segments from the articles (what VADER is given when
scoring). Prints the median CPU time over --repeats runs (this process's CPU time, so other
processes' load stays out) of:
  * vaderSentiment's own SentimentIntensityAnalyzer, sentence by sentence (the reference);
  * framing's analyser (`framing.scoring.scorer._vader()`), sentence by sentence (as the scorer called it
    until 2026-12-04), and, where it has one, in one batch call (as `Scorer._compounds` calls it,
    once per article);
  * readability of each article (a `framing.engine.readability.Readability` held across articles, as the
    scorer holds one; `readability()` where the checkout has no such class), syllable caches
    emptied first;
  * the `full` profile without the sentence classifiers (sentiment and readability included), MB/s.
It runs on whichever framing is importable, so the same script measures before (an older checkout's
environment) and after.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from jsonl_texts import jsonl_texts  # benchmarks/, this script's folder

ROOT = Path(__file__).resolve().parent.parent


def median_cpu(fn, repeats: int, before=None) -> float:
    times = []
    for _ in range(repeats):
        if before:
            before()
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def _empty_syllable_caches() -> None:
    # Older framing kept per-word syllable caches: empty them so every run starts cold.
    import framing.engine.readability as r

    for name in ("_syllables_pyphen", "_syllables_cmudict"):
        fn = getattr(r, name, None)
        if fn is not None and hasattr(fn, "cache_clear"):
            fn.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="JSONL with a 'text' field per article")
    ap.add_argument("--articles", type=int, default=300)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    import framing
    from framing.engine.readability import readability
    from framing.scoring.scorer import _vader
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    articles = jsonl_texts(args.data, args.articles)
    rules = framing.Scorer(profile="rules")
    sentences = [s.text for t in articles for s in rules.score(t).sentences]
    n = len(sentences)
    stock = SentimentIntensityAnalyzer()
    ours = _vader()
    res = {"framing": str(Path(framing.__file__).parent), "articles": len(articles), "sentences": n,
           "article_mb": round(sum(len(t.encode("utf-8")) for t in articles) / 1e6, 3), "repeats": args.repeats}

    sec = median_cpu(lambda: [stock.polarity_scores(s) for s in sentences], args.repeats)
    res["vaderSentiment"] = {"seconds": round(sec, 4), "sentences_per_s": round(n / sec)}
    sec = median_cpu(lambda: [ours.polarity_scores(s)["compound"] for s in sentences], args.repeats)
    res["framing_per_sentence"] = {"seconds": round(sec, 4), "sentences_per_s": round(n / sec)}
    if hasattr(ours, "compounds"):
        sec = median_cpu(lambda: ours.compounds(sentences), args.repeats)
        res["framing_batch"] = {"seconds": round(sec, 4), "sentences_per_s": round(n / sec)}
    try:
        from framing.engine.readability import Readability

        read = Readability().scores  # built once, as the scorer does
    except ImportError:
        read = readability
    read(articles[0])  # load the dictionary outside the timing
    sec = median_cpu(lambda: [read(t) for t in articles], args.repeats, before=_empty_syllable_caches)
    res["readability"] = {"seconds": round(sec, 4), "ms_per_article": round(sec * 1000 / len(articles), 3)}
    full = framing.Scorer(profile="full", classifiers=False)
    full.score(articles[0])
    sec = median_cpu(lambda: [full.score(t) for t in articles], args.repeats, before=_empty_syllable_caches)
    res["full_no_classifiers"] = {"seconds": round(sec, 4), "mb_per_s": round(res["article_mb"] / sec, 3)}
    t = time.perf_counter()
    _vader()
    res["sentiment_build_ms"] = round((time.perf_counter() - t) * 1000, 1)

    if args.json:
        print(json.dumps(res, indent=2))
        return
    print(f"framing at {res['framing']}: {res['articles']} articles ({res['article_mb']} MB), "
          f"{n} sentences, median CPU time of {args.repeats} runs")
    print("| measure | seconds | rate |\n|---|---|---|")
    for key in ("vaderSentiment", "framing_per_sentence", "framing_batch"):
        if key in res:
            print(f"| {key} | {res[key]['seconds']} | {res[key]['sentences_per_s']:,} sentences/s |")
    print(f"| readability, every article | {res['readability']['seconds']} | "
          f"{res['readability']['ms_per_article']} ms/article |")
    print(f"| `full` profile without classifiers | {res['full_no_classifiers']['seconds']} | "
          f"{res['full_no_classifiers']['mb_per_s']} MB/s |")
    print(f"| building the sentiment analyser | {res['sentiment_build_ms'] / 1000} | |")


if __name__ == "__main__":
    sys.exit(main())
