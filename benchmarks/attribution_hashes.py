"""The attribution finder on the development data: a sha256 of its output per data file (no text),
for the Python finder (the oracle) and the native one, and their speed (issue 16 item 2).

    python benchmarks/attribution_hashes.py --data ../shared/data                 # hashes of both
    python benchmarks/attribution_hashes.py --data ../shared/data --record        # store them
    python benchmarks/attribution_hashes.py --data ../shared/data --time          # seconds, medians

The texts are those of benchmarks/segment_hashes.py (every record's "text" in every *.jsonl file;
each BASIL article's text, title and sentences). Hashed per text: every attribution's source, cue,
content and name spans (start, end), type, name, role, sentence and pronoun flag.
benchmarks/attribution_hashes.json keeps the hashes of both finders; equal hashes per file are the
differential test's result on that file (tests/test_attribution_native.py checks every text).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
RECORD = Path(__file__).resolve().parent / "attribution_hashes.json"

from segment_hashes import dev_texts, median_seconds  # noqa: E402


def _span(s) -> list | None:
    return None if s is None else [s.start, s.end]


def canonical(attributions) -> list:
    """What is compared and hashed of one text's attributions (offsets and labels, no text)."""
    return [[_span(a.source), _span(a.cue), _span(a.content), a.type, a.name, a.role, a.sentence,
             _span(a.name_span), a.pronoun] for a in attributions]


def finders():
    from framing.scoring.attribution import AttributionFinder, NativeAttributionFinder

    return {"python": AttributionFinder(), "native": NativeAttributionFinder()}


def main(argv=None) -> int:
    from framing.scoring.scorer import load_abbreviations
    from framing.scoring.segment import segment

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the development data folder (../shared/data)")
    ap.add_argument("--record", action="store_true", help="store the hashes in attribution_hashes.json")
    ap.add_argument("--time", action="store_true", help="median seconds of each finder over the PolNeAR texts")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    by_file = dev_texts(Path(args.data))
    if not by_file:
        print(f"{args.data}: no JSONL files with texts", file=sys.stderr)
        return 2
    abbr = load_abbreviations()
    found = finders()
    if args.time:
        segs = [segment(t, abbr) for name, ts in by_file.items() if name.startswith("polnear") for t in ts]
        nbytes = sum(len(s.text.encode("utf-8")) for s in segs)
        for name, finder in found.items():
            finder.find(segs[0])  # (lexicons loaded outside the timing)
            med, times = median_seconds(lambda: [finder.find(s) for s in segs], args.repeats)
            print(f"{name}: {len(segs)} PolNeAR texts, {nbytes / 1e6:.2f} MB: median {med:.3f} s of {args.repeats} "
                  f"({nbytes / 1e6 / med:.1f} MB/s); runs {', '.join(f'{t:.3f}' for t in times)}")
        return 0
    result: dict[str, dict] = {name: {} for name in found}
    for file, texts in by_file.items():
        hs = {name: hashlib.sha256() for name in found}
        for text in texts:
            seg = segment(text, abbr)
            for name, finder in found.items():
                hs[name].update(json.dumps(canonical(finder.find(seg)), separators=(",", ":")).encode())
                hs[name].update(b"\n")
        for name in found:
            result[name][file] = {"texts": len(texts), "sha256": hs[name].hexdigest()}
    same = all(result["python"][f] == result["native"][f] for f in by_file)
    if args.record:
        RECORD.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(json.dumps(result, indent=1, sort_keys=True))
    print(f"{sum(len(t) for t in by_file.values())} texts in {len(by_file)} files: "
          f"{'identical' if same else 'DIFFERENT'} hashes", file=sys.stderr)
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
