"""Scoring on the development data: a sha256 of `Scorer.score(text).to_dict()` per data file (no
text), for the `rules` and `full` profiles (issue 16: one native call per article replaces the
stage-by-stage path with identical results).

    python benchmarks/score_hashes.py --data ../shared/data                  # hashes now
    python benchmarks/score_hashes.py --data ../shared/data --record before  # store them under a key
    python benchmarks/score_hashes.py --data ../shared/data --check before   # exit 1 on a difference

The texts are those of benchmarks/segment_hashes.py (every record's "text" of every *.jsonl file,
and each BASIL article's text, title and sentences). Each result is written as compact JSON
(framing.jsonout) and hashed in order; benchmarks/score_hashes.json keeps the hashes, never text.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
RECORD = Path(__file__).resolve().parent / "score_hashes.json"
PROFILES = ("rules", "full")


def hashes(by_file: dict[str, list[str]], profiles=PROFILES) -> dict[str, dict]:
    """{profile: {file: {"texts": n, "sha256": hex}}} of each text's to_dict() as compact JSON."""
    import framing
    from framing import jsonout

    from segment_hashes import file_hashes

    out: dict[str, dict] = {}
    for profile in profiles:
        scorer = framing.Scorer(profile=profile)
        out[profile] = file_hashes(by_file, lambda text: jsonout.dumps_bytes(scorer.score(text, source="x").to_dict()))
    return out


def main(argv=None) -> int:
    from segment_hashes import dev_texts

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the development data folder (../shared/data)")
    ap.add_argument("--record", metavar="KEY", help="store the hashes under KEY in score_hashes.json")
    ap.add_argument("--check", metavar="KEY", help="compare with the hashes stored under KEY")
    ap.add_argument("--profile", choices=PROFILES, action="append", help="only this profile (repeatable)")
    args = ap.parse_args(argv)
    by_file = dev_texts(Path(args.data))
    if not by_file:
        print(f"{args.data}: no JSONL files with texts", file=sys.stderr)
        return 2
    result = hashes(by_file, tuple(args.profile or PROFILES))
    recorded = json.loads(RECORD.read_text()) if RECORD.exists() else {}
    if args.record:
        recorded[args.record] = {**recorded.get(args.record, {}), **result}
        RECORD.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(json.dumps(result, indent=1, sort_keys=True))
    if args.check:
        want = recorded.get(args.check)
        if want is None:
            print(f"no hashes recorded under {args.check!r}", file=sys.stderr)
            return 2
        bad = [f"{p}/{f}" for p, files in result.items() for f, v in files.items()
               if want.get(p, {}).get(f) != v]
        print(f"{len(bad)} of {sum(len(v) for v in result.values())} differ from {args.check!r}: "
              f"{', '.join(bad) or 'none'}")
        return 1 if bad else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
