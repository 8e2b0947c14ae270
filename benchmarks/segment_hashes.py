"""Segmentation on the development data: a sha256 of its output per data file (no text), and its
speed (issue 16: the native engine replaces the Python segmentation with identical output).

    python benchmarks/segment_hashes.py --data ../shared/data                 # hashes, native
    python benchmarks/segment_hashes.py --data ../shared/data --record after  # store them
    python benchmarks/segment_hashes.py --data ../shared/data --time          # seconds, medians

The output hashed, per text: paragraphs; sentences (start, end, paragraph, voice); quotations
(start, end, words); each sentence's (words, quoted words). The texts: every record's "text" in
every *.jsonl file, and each BASIL article's text, title and sentences. benchmarks/
segment_hashes.json keeps the hashes of the Python implementation ("before") and of the engine
("after"); tests/test_native_segment.py checks the engine still gives the recorded ones.
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
sys.path.insert(0, str(ROOT))
RECORD = Path(__file__).resolve().parent / "segment_hashes.json"


def dev_texts(data: Path) -> dict[str, list[str]]:
    """{file name: its texts}, for every JSONL file of the development data."""
    out = {}
    for path in sorted(Path(data).glob("*.jsonl")):
        texts = []
        with open(path, encoding="utf-8") as f:
            for line in f:
                rec = json.loads(line)
                if isinstance(rec.get("text"), str):
                    texts.append(rec["text"])
                for art in rec.get("articles", ()):  # BASIL
                    texts += [art["text"], art["title"], *art["sentences"]]
        if texts:
            out[path.name] = texts
    return out


def canonical(seg) -> list:
    """What is compared and hashed of one text's segmentation."""
    return [[list(p) for p in seg.paragraphs],
            [[s.start, s.end, s.paragraph, s.voice] for s in seg.sentences],
            [[q.start, q.end, q.words] for q in seg.quotes],
            [list(w) for w in seg.sentence_words]]


def file_hashes(by_file: dict[str, list[str]], to_bytes) -> dict[str, dict]:
    """{file: {"texts": n, "sha256": hex}}: each file's texts as to_bytes(text), hashed in order
    (a newline after each). The record shape every *_hashes.py benchmark keeps."""
    out = {}
    for name, texts in by_file.items():
        h = hashlib.sha256()
        for text in texts:
            h.update(to_bytes(text))
            h.update(b"\n")
        out[name] = {"texts": len(texts), "sha256": h.hexdigest()}
    return out


def hashes(by_file: dict[str, list[str]], segment_text) -> dict[str, dict]:
    """{file: {"texts": n, "sha256": hex}} of canonical(segment_text(text)) over each file's texts."""
    return file_hashes(by_file, lambda text: json.dumps(canonical(segment_text(text)), separators=(",", ":")).encode())


def native_segmenter():
    from framing.scoring.scorer import load_abbreviations
    from framing.scoring.segment import segment

    abbr = load_abbreviations()
    return lambda text: segment(text, abbr)


def median_seconds(run, repeats: int) -> tuple[float, list[float]]:
    """Process seconds of `run()` over `repeats` runs: their median and every run."""
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        run()
        times.append(time.process_time() - t0)
    return statistics.median(times), times


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", required=True, help="the development data folder (../shared/data)")
    ap.add_argument("--record", metavar="KEY", help="store the hashes under KEY in segment_hashes.json")
    ap.add_argument("--time", action="store_true", help="median seconds of segmenting the PolNeAR texts")
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args(argv)
    by_file = dev_texts(Path(args.data))
    if not by_file:
        print(f"{args.data}: no JSONL files with texts", file=sys.stderr)
        return 2
    seg = native_segmenter()
    if args.time:
        texts = [t for name, ts in by_file.items() if name.startswith("polnear") for t in ts]
        nbytes = sum(len(t.encode("utf-8")) for t in texts)
        med, times = median_seconds(lambda: [seg(t) for t in texts], args.repeats)
        print(f"segment(): {len(texts)} PolNeAR texts, {nbytes / 1e6:.2f} MB: median {med:.3f} s of "
              f"{args.repeats} ({nbytes / 1e6 / med:.1f} MB/s); runs {', '.join(f'{t:.3f}' for t in times)}")
        return 0
    result = hashes(by_file, seg)
    if args.record:
        recorded = json.loads(RECORD.read_text()) if RECORD.exists() else {}
        recorded[args.record] = result
        RECORD.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n")
    print(json.dumps(result, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
