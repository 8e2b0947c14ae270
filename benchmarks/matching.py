"""Rule matching, native Engine against the Python matcher it replaced (tests/oracle_matching.py).

    .venv/bin/python benchmarks/matching.py hashes [--write]   # sha256 of the matches a data file
    .venv/bin/python benchmarks/matching.py speed [--runs 5]    # matching alone on PolNeAR, medians

`hashes` prints, for every file of ../shared/data, the sha256 of its matches (start, end, rule,
category, voice, sentence of every match of every text, shipped packs) from both matchers, and
with --write stores them in benchmarks/match_hashes.json (hashes only, never text). `speed` times
Matcher.match alone (texts segmented beforehand) over the PolNeAR articles, both matchers side by
side in one run, each the median of --runs passes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the oracle lives beside the tests

from oracle_matching import Matcher as OracleMatcher  # noqa: E402

from framing.matching import Matcher  # noqa: E402
from framing.packs import load_packs  # noqa: E402
from framing.scoring import FURNITURE, load_abbreviations  # noqa: E402
from framing.segment import segment  # noqa: E402

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


def hashes(write: bool) -> None:
    abbr = load_abbreviations()
    native, oracle = matchers(Matcher), matchers(OracleMatcher)
    out = {}
    for path in sorted(DATA.glob("*.jsonl")):
        h = {"native": hashlib.sha256(), "oracle": hashlib.sha256()}
        n = 0
        for text in texts_of(path):
            seg = segment(text, abbr)
            for name, m in (("native", native), ("oracle", oracle)):
                for x in m.match(seg):
                    h[name].update(f"{x.start},{x.end},{x.rule},{x.category},{x.voice},{x.sentence};".encode())
                h[name].update(b"|")
            n += 1
        row = {k: v.hexdigest() for k, v in h.items()}
        row["texts"] = n
        out[path.name] = row
        print(f"{path.name:40s} {n:6d} texts  native {row['native'][:16]}  oracle {row['oracle'][:16]}  "
              f"{'same' if row['native'] == row['oracle'] else 'DIFFERENT'}")
    if write:
        HASHES.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def speed(runs: int) -> None:
    abbr = load_abbreviations()
    segs = [segment(t, abbr) for name in ("polnear_dev.jsonl", "polnear_train.jsonl") for t in texts_of(DATA / name)]
    mb = sum(len(s.text.encode("utf-8")) for s in segs) / 1e6
    for name, cls in (("oracle (Python)", OracleMatcher), ("native Engine", Matcher)):
        t = time.process_time()
        m = matchers(cls)
        build = time.process_time() - t
        times = []
        for _ in range(runs):
            t = time.process_time()
            for seg in segs:
                m.match(seg)
            times.append(time.process_time() - t)
        med = statistics.median(times)
        print(f"{name:16s} build {build:6.2f} s   match {med:7.2f} s  {mb / med:7.1f} MB/s  "
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
