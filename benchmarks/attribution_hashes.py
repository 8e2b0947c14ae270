"""The attribution finder on the development data: a sha256 of its output per data file (no text),
and its speed.

    python benchmarks/attribution_hashes.py --data ../shared/data            # hashes, against the record
    python benchmarks/attribution_hashes.py --data ../shared/data --write    # rewrite the record
    python benchmarks/attribution_hashes.py --data ../shared/data --time     # seconds, medians

The texts are those of benchmarks/segment_hashes.py (every record's "text" in every *.jsonl file;
each BASIL article's text, title and sentences). Hashed per text: every attribution's source, cue,
content and name spans (start, end), type, name, role, sentence and pronoun flag.
benchmarks/attribution_hashes.json is the record: tests/test_attribution_native.py fails when the
finder's output changes on any file, until the record is rewritten deliberately (--write, with the
reason in the commit). The record was first the hashes of the Python finder, which the native one
matched on every text before the Python finder was deleted (issue 16 item 6).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
RECORD = Path(__file__).resolve().parent / "attribution_hashes.json"

from segment_hashes import dev_texts, file_hashes, median_seconds  # noqa: E402


def _span(s) -> list | None:
    return None if s is None else [s.start, s.end]


def canonical(attributions) -> list:
    """What is hashed of one text's attributions (offsets and labels, no text)."""
    return [[_span(a.source), _span(a.cue), _span(a.content), a.type, a.name, a.role, a.sentence,
             _span(a.name_span), a.pronoun] for a in attributions]


def hashes(by_file: dict[str, list[str]]) -> dict[str, dict]:
    """{file: {"texts": n, "sha256": hex}} of the finder's canonical output over each file's texts."""
    from framing.scoring.attribution import AttributionFinder
    from framing.scoring.scorer import load_abbreviations
    from framing.scoring.segment import segment

    abbr = load_abbreviations()
    finder = AttributionFinder()
    return file_hashes(by_file, lambda text: json.dumps(canonical(finder.find(segment(text, abbr))),
                                                        separators=(",", ":")).encode())


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the development data folder (../shared/data)")
    ap.add_argument("--write", action="store_true", help="rewrite the record attribution_hashes.json")
    ap.add_argument("--time", action="store_true", help="median seconds of the finder over the PolNeAR texts")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    by_file = dev_texts(Path(args.data))
    if not by_file:
        print(f"{args.data}: no JSONL files with texts", file=sys.stderr)
        return 2
    if args.time:
        from framing.scoring.attribution import AttributionFinder
        from framing.scoring.scorer import load_abbreviations
        from framing.scoring.segment import segment

        abbr = load_abbreviations()
        finder = AttributionFinder()
        segs = [segment(t, abbr) for name, ts in by_file.items() if name.startswith("polnear") for t in ts]
        nbytes = sum(len(s.text.encode("utf-8")) for s in segs)
        finder.find(segs[0])  # (lexicons loaded outside the timing)
        med, times = median_seconds(lambda: [finder.find(s) for s in segs], args.repeats)
        print(f"finder: {len(segs)} PolNeAR texts, {nbytes / 1e6:.2f} MB: median {med:.3f} s of {args.repeats} "
              f"({nbytes / 1e6 / med:.1f} MB/s); runs {', '.join(f'{t:.3f}' for t in times)}")
        return 0
    result = hashes(by_file)
    if args.write:
        RECORD.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
    print(json.dumps(result, indent=1, sort_keys=True))
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    changed = sorted(f for f in result if record.get(f) != result[f])
    print(f"{sum(len(t) for t in by_file.values())} texts in {len(by_file)} files: "
          f"{'changed: ' + ', '.join(changed) if changed else 'equal to the record'}", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
