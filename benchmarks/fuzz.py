"""Mutation fuzzer for framing's public entry points (issue 8).

Starts from the project's own example texts, an HTML page and a rule pack, mutates them at the
byte level (flips, special characters, repeated chunks, truncation, quote and markup storms) and
feeds them to decode -> html_to_text -> Scorer.score -> compare, and to the pack loader. Anything
other than the documented InputError / PackError is a finding. Runs for --seconds (or until
--max-inputs inputs, whichever comes first) and prints how many inputs were tried and what was found.

    .venv/bin/python benchmarks/fuzz.py --seconds 180 [--seed 1] [--max-inputs N] [--json]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path

import framing
from framing.comparison.corpus import INTERNAL_ERROR
from framing.inputs import InputError, decode, html_to_text
from framing.packs import PACKAGE_DIR, PackError, load_pack

SPECIALS = ["\u201c", "\u201d", '"', "'", "\u2019", "\u00ab", "\u00bb", "\n", "\r\n", "\u202e", "\u200b",
            "\u0301", "\U0001F600", "\ufeff", "\x00", "\ud800", "U.S.", "Dr.", "$1.5bn", "...", "\u2014",
            "<script>", "</p>", "&amp;", "&#0;", "insiders say", "people familiar with", "[", "(a+)+$"]


def mutate(rnd: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rnd.randint(1, 8)):
        op = rnd.randrange(6)
        pos = rnd.randrange(len(b) + 1)
        if op == 0 and b:
            b[min(pos, len(b) - 1)] ^= 1 << rnd.randrange(8)
        elif op == 1:
            b[pos:pos] = rnd.choice(SPECIALS).encode("utf-8", "surrogatepass")
        elif op == 2 and b:
            end = min(len(b), pos + rnd.randint(1, 200))
            b[pos:pos] = bytes(b[pos:end]) * rnd.randint(2, 50)
        elif op == 3:
            del b[pos:pos + rnd.randint(1, 100)]
        elif op == 4:
            b[pos:pos] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 16)))
        else:
            b[pos:pos] = rnd.choice(SPECIALS).encode("utf-8", "surrogatepass") * rnd.randint(10, 2000)
    return bytes(b[:2_000_000])


def _is_panic(exc: BaseException) -> bool:
    """A panic of the Rust engine: caught by its guard, or (a bug in the guard) escaped as pyo3's
    PanicException."""
    return INTERNAL_ERROR in str(exc) or type(exc).__name__ == "PanicException"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=120)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-inputs", type=int, default=None,
                    help="stop after this many inputs (texts and packs): the same inputs on any machine")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    rnd = random.Random(args.seed)
    examples = PACKAGE_DIR / "examples"
    seeds = [p.read_bytes() for p in sorted(examples.glob("*.txt"))]
    seeds.append(b"<!doctype html><html><head><style>x{}</style></head><body><p>" + seeds[0][:2000] + b"</p></body></html>")
    pack_seed = (Path(__file__).resolve().parent.parent / "tests" / "packs" / "good_minimal.toml").read_bytes()
    scorer = framing.Scorer(sentiment=True, readability=True)
    # panics: the engine's guard caught one (RuntimeError "... internal error (please report it)"),
    # or one escaped it (pyo3's PanicException, a BaseException); each is a finding too
    counts = {"texts": 0, "packs": 0, "input_errors": 0, "pack_errors": 0, "findings": 0, "panics": 0,
              "largest_bytes": 0}
    findings = []
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as tmp:
        pack_path = Path(tmp) / "fuzz.toml"
        i = 0
        while time.monotonic() < deadline and (args.max_inputs is None or i < args.max_inputs):
            i += 1
            if i % 5:  # four texts, then one pack
                data = mutate(rnd, rnd.choice(seeds))
                counts["texts"] += 1
                counts["largest_bytes"] = max(counts["largest_bytes"], len(data))
                try:
                    text = decode(data, "fuzz", "auto" if rnd.random() < 0.5 else None)
                    if rnd.random() < 0.3:
                        text = html_to_text(text)
                    r = scorer.score(text)
                    assert all(text[m.start:m.end] == m.text for m in r.matches), "offset mismatch"
                    if rnd.random() < 0.2:
                        framing.compare(("fuzz", text), [("a", seeds[1].decode()), ("b", seeds[2].decode())],
                                        scorer=scorer)
                except InputError:
                    counts["input_errors"] += 1
                except BaseException as exc:  # noqa: BLE001 - every other exception is a finding
                    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                        raise
                    counts["findings"] += 1
                    counts["panics"] += _is_panic(exc)
                    findings.append({"kind": "text", "input": data[:300].decode("utf-8", "replace"),
                                     "error": traceback.format_exc(limit=3)})
            else:
                pack_path.write_bytes(mutate(rnd, pack_seed))
                counts["packs"] += 1
                try:
                    load_pack(pack_path)
                except PackError:
                    counts["pack_errors"] += 1
                except BaseException as exc:  # noqa: BLE001
                    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                        raise
                    counts["findings"] += 1
                    counts["panics"] += _is_panic(exc)
                    findings.append({"kind": "pack", "input": pack_path.read_text("utf-8", "replace")[:300],
                                     "error": traceback.format_exc(limit=3)})
    report = {"seconds": args.seconds, "seed": args.seed, **counts, "findings_detail": findings[:20]}
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(" ".join(f"{k}={v}" for k, v in counts.items()))
        for f in findings[:20]:
            print("---", f["kind"], repr(f["input"][:120]))
            print(f["error"])
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
