"""Rule matching: hashes of the native Engine's matches on the development data, and its speed.

    .venv/bin/python benchmarks/matching.py hashes [--write]   # sha256 of the matches a data file
    .venv/bin/python benchmarks/matching.py speed [--runs 5]    # matching alone on PolNeAR, medians

`hashes` prints, for every file of ../shared/data, the sha256 of its matches (start, end, rule,
category, voice, sentence of every match of every text, shipped packs) beside the recorded one,
and with --write stores them in benchmarks/match_hashes.json (hashes only, never text).
tests/test_match_hashes.py fails when the engine's output on the dev data differs from the
record: a change to the packs or the engine that changes matches rewrites it deliberately.

History of the record: equal to the Python matcher's (the oracle, since deleted) at commit
2746129. Rewritten at 2026-12-05 after checking that the current engine with the packs and
lexicons of 2746129 reproduces every recorded hash: the differences came from the rule and
lexicon changes merged since (hedging, speculation, lexicons), none from the engine.

`speed` times Matcher.match alone (texts segmented beforehand) over the PolNeAR articles, the
median of --runs passes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

from framing.scoring.matching import Matcher
from framing.packs import load_packs
from framing.scoring.scorer import FURNITURE, load_abbreviations
from framing.scoring.segment import segment

ROOT = Path(__file__).resolve().parent.parent

DATA = ROOT.parent / "shared" / "data"
HASHES = Path(__file__).with_name("match_hashes.json")


def texts_of(path: Path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if isinstance(rec.get("text"), str):
                yield rec["text"]
            for art in rec.get("articles") or ():
                if isinstance(art, dict) and isinstance(art.get("text"), str):
                    yield art["text"]


def matchers(cls):
    packs = load_packs()
    return cls(packs, only=lambda r: r.category != FURNITURE)


def file_hash(path: Path, matcher, abbr) -> tuple[str, int]:
    """sha256 of the matches of every text of a data file (start, end, rule, category, voice,
    sentence), and the number of texts."""
    h = hashlib.sha256()
    n = 0
    for text in texts_of(path):
        for x in matcher.match(segment(text, abbr)):
            h.update(f"{x.start},{x.end},{x.rule},{x.category},{x.voice},{x.sentence};".encode())
        h.update(b"|")
        n += 1
    return h.hexdigest(), n


def hashes(write: bool) -> None:
    abbr = load_abbreviations()
    native = matchers(Matcher)
    recorded = json.loads(HASHES.read_text(encoding="utf-8")) if HASHES.exists() else {}
    out = {}
    for path in sorted(DATA.glob("*.jsonl")):
        digest, n = file_hash(path, native, abbr)
        out[path.name] = {"native": digest, "texts": n}
        old = recorded.get(path.name, {}).get("native", "")
        print(f"{path.name:40s} {n:6d} texts  now {digest[:16]}  recorded {old[:16] or '-':16s}  "
              f"{'same' if digest == old else 'DIFFERENT'}")
    if write:
        HASHES.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def speed(runs: int) -> None:
    abbr = load_abbreviations()
    segs = [segment(t, abbr) for name in ("polnear_dev.jsonl", "polnear_train.jsonl") for t in texts_of(DATA / name)]
    mb = sum(len(s.text.encode("utf-8")) for s in segs) / 1e6
    t = time.process_time()
    m = matchers(Matcher)
    build = time.process_time() - t
    times = []
    for _ in range(runs):
        t = time.process_time()
        for seg in segs:
            m.match(seg)
        times.append(time.process_time() - t)
    med = statistics.median(times)
    print(f"native Engine  build {build:6.2f} s   match {med:7.2f} s  {mb / med:7.1f} MB/s  "
          f"(median of {runs}, {len(segs)} articles, {mb:.1f} MB)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["hashes", "speed"])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    if not DATA.is_dir():
        sys.exit(f"benchmarks/matching.py: {DATA} not found (../shared/data beside the checkout)")
    hashes(args.write) if args.what == "hashes" else speed(args.runs)


if __name__ == "__main__":
    main()
