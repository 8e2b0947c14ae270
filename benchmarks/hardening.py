"""Hostile inputs through the real command line (issue 8): one row per kind of bad input.

Each case is written to a temporary directory and scored by `framing score` in a fresh process;
the table shows the exit code, whether stderr was one line per bad file with no traceback, the
wall time and the peak memory (RSS of the child). Large cases are built by us, not downloaded.

    .venv/bin/python benchmarks/hardening.py [--big-mb 100] [--only NAME] [--kills 3]

With --kills N (default 3) it also builds a JSONL corpus with some broken records, runs
`framing corpus` on it, SIGKILLs the run (and its workers) N times part-way, resumes it with
--resume each time, and counts every input id in the final output: none lost, none twice.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROSE = (ROOT / "framing" / "examples" / "wire_b.txt").read_text(encoding="utf-8")


def cases(big_mb: float):
    rnd = random.Random(1)
    words = PROSE.split()
    flat = " ".join(PROSE.split())
    yield "empty file", b"", {}
    yield "whitespace only", b"  \n\t \r\n", {}
    yield "binary (NUL bytes)", bytes(range(256)) * 4, {}
    yield "invalid UTF-8", PROSE.encode("utf-8")[:500] + b"\xff\xfe\xc3(" + PROSE.encode("utf-8")[500:], {}
    yield "invalid UTF-8, --encoding auto", PROSE.encode("utf-8")[:500] + b"\xff\xfe\xc3(", {"args": ["--encoding", "auto"]}
    yield "Windows-1252, --encoding auto", PROSE.replace("\u2014", "-").encode("cp1252", "replace"), {"args": ["--encoding", "auto"]}
    yield "UTF-16 with BOM", PROSE.encode("utf-16"), {}
    yield "Windows line endings", PROSE.replace("\n", "\r\n").encode(), {}
    yield "HTML page", ("<!doctype html><html><head><script>var a='<p>';</script></head><body><p>"
                        + PROSE.replace("\n\n", "</p><p>") + "</p></body></html>").encode(), {"suffix": ".html"}
    yield "unbalanced and nested quotes", ('He said "she said \u201cno \u2018never" and then' * 3000).encode(), {}
    yield "straight quotes opening inside straight quotes", ('He said "no and then "yes ' * 10000).encode(), {}
    yield "straight quotes nested ever deeper", ('"w ' * 40000 + 'x" ' * 40000).encode(), {}
    yield "many double then many single quotations", ('"a" ' * 20000 + "'b' " * 20000).encode(), {}
    yield "right-to-left, combining, emoji", ("\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 e\u0301 \U0001F600 \u202e"
                                             " insiders say. " * 5000).encode(), {}
    yield "sentence of 100,000 words, no punctuation", " ".join(rnd.choice(words).strip(".,\u201c\u201d")
                                                               for _ in range(100_000)).encode(), {}
    # Hostile packs (issue 16): no pack can make matching slower than linear. A nested repeat is
    # refused at load; a look-ahead that rescans the sentence from every position is quadratic in
    # the sentence, so the engine runs look-around patterns only on sentences up to
    # Matcher(lookaround_max_bytes=20,000) long, and each search under a backtrack limit.
    yield "pack: nested repeat (ReDoS shape)", PROSE.encode(), {"pack": _pack(r"(\w+\s?)*$")}
    long_word = ("a" * 19_000 + " 1. ") * 40
    yield "pack: quadratic look-ahead, 19 KB sentences", long_word.encode(), {
        "pack": _pack(r"(?:[a-z](?=[a-z]*\s)){1,50}\s\d")}
    yield "pack: quadratic look-ahead, 100,000-word sentence", " ".join(
        rnd.choice(words).strip(".,\u201c\u201d") for _ in range(100_000)).encode(), {
        "pack": _pack(r"(?:[a-z](?=[a-z]*\s)){1,50}\s\d")}
    yield "pack: exponential look-around under the backtrack limit", ("a" * 5000 + "c. ").encode() * 20, {
        "pack": _pack(r"(?:a(?=a)|a)*(?=b)c")}
    reps = max(1, int(big_mb * 1_000_000 / (len(flat) + 1)))
    yield f"{big_mb:g} MB with no newline", ((flat + " ") * reps).encode(), {}
    # Every furniture line against every paragraph, and every sentence against every excluded
    # line, were quadratic (a 50 MB file of stories with "Also Read" lines never finished).
    story = (ROOT / "framing" / "examples" / "wire_a.txt").read_text(encoding="utf-8") + "\nAlso Read: more\n\n"
    yield f"{big_mb:g} MB of stories with furniture lines", (story * max(1, int(big_mb * 1_000_000 / len(story)))).encode(), {}


def _pack(pattern: str) -> str:
    return ('[pack]\nid = "hostile"\nversion = "1"\ndescription = "a hostile pack"\n\n[[rules]]\nid = "r"\n'
            f'category = "hedging"\nkind = "regex"\npattern = \'\'\'{pattern}\'\'\'\nmessage = "m"\nwhy = "w"\n'
            'examples = { flag = ["[x]"], pass = ["y"] }\n')


# A small parent per case, so each case's peak RSS is its own (RUSAGE_CHILDREN only ever grows).
_MEASURE = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)")


def run(path: Path, args: list[str]) -> tuple[int, str, float, float]:
    t = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "framing", "score",
                           "--format", "jsonl", *args, str(path)], capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    err, _, peak_kb = proc.stderr.rstrip("\n").rpartition("\n")
    return proc.returncode, err, wall, int(peak_kb) / 1024


def corpus_records(n: int) -> list[bytes]:
    """n JSONL lines of our own prose; every 50th record is broken in one of four ways."""
    paras = [p for p in PROSE.split("\n\n") if p.strip()]
    lines = []
    for i in range(n):
        text = "\n\n".join(paras[(i + k) % len(paras)] for k in range(4)) + f" Item {i}."
        rec = {"id": f"a{i}", "text": text, "source": "hardening"}
        kind = i % 200
        if kind == 50:
            lines.append(b'{"id": "a%d", "text": "unterminated' % i)  # not JSON
        elif kind == 100:
            lines.append(json.dumps({"id": f"a{i}"}).encode())  # no text
        elif kind == 150:
            lines.append(json.dumps({"id": f"a{i}", "text": ""}).encode())  # empty text
        else:
            lines.append(json.dumps(rec, ensure_ascii=False).encode())
    return lines


def kill_and_resume(tmp: Path, n: int, kills: int) -> dict:
    """Run `framing corpus`, SIGKILL it `kills` times at growing points, resume to the end, and count."""
    src, out = tmp / "corpus.jsonl", tmp / "out.jsonl"
    lines = corpus_records(n)
    src.write_bytes(b"\n".join(lines) + b"\n")
    args = [sys.executable, "-m", "framing", "corpus", str(src), "-o", str(out), "--workers", "2", "--quiet",
            "--profile", "rules"]
    at_kill, t0 = [], time.perf_counter()
    for k in range(kills):
        target = n * (k + 1) // (kills + 1)
        proc = subprocess.Popen(args + (["--resume"] if k else []), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True, cwd=ROOT)
        deadline = time.time() + 600
        while time.time() < deadline and proc.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= target:
                break
            time.sleep(0.05)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # it finished first: that cycle killed nothing
            pass
        proc.wait()
        at_kill.append(out.read_bytes().count(b"\n"))
    final = subprocess.run(args + ["--resume"], capture_output=True, text=True, cwd=ROOT)
    ids, errors, torn = [], 0, 0
    for line in out.read_bytes().split(b"\n"):
        if not line:
            continue
        try:
            row = json.loads(line)
        except ValueError:
            torn += 1
            continue
        ids.append(row.get("id"))
        errors += bool(row.get("error"))
    # A line that is not JSON has no readable id: its error row is named by its line number.
    want = [f"line:{i + 1}" if i % 200 == 50 else f"a{i}" for i in range(n)]
    return {"records": n, "kills": kills, "rows_at_each_kill": at_kill, "exit": final.returncode,
            "rows": len(ids), "lost": len(set(want) - set(ids)), "duplicated": len(ids) - len(set(ids)),
            "torn_lines": torn, "error_rows": errors, "in_input_order": ids == want,
            "seconds": round(time.perf_counter() - t0, 1)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--big-mb", type=float, default=100, help="Size of the no-newline case in MB.")
    ap.add_argument("--only", default=None, help="Run only cases whose name contains this text.")
    ap.add_argument("--kills", type=int, default=3, help="SIGKILL/resume cycles of the corpus run (0: skip).")
    ap.add_argument("--corpus-records", type=int, default=4000, help="Records in the kill/resume corpus.")
    args = ap.parse_args(argv)
    rows, bad = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, data, opts in cases(args.big_mb):
            if args.only and args.only not in name:
                continue
            path = Path(tmp) / ("case" + opts.get("suffix", ".txt"))
            path.write_bytes(data)
            extra = list(opts.get("args", []))
            if "pack" in opts:
                pack = Path(tmp) / "hostile.toml"
                pack.write_text(opts["pack"], encoding="utf-8")
                extra += ["--pack", str(pack)]
            code, err, wall, peak = run(path, extra)
            lines = [l for l in err.splitlines() if l.strip()]
            calm = "Traceback" not in err and len(lines) <= 1 and code in (0, 2)
            bad += not calm
            rows.append((name, f"{len(data) / 1e6:.2f}", code, "yes" if calm else "NO", f"{wall:.1f}",
                         f"{peak:.0f}", (lines[0][:90] if lines else "")))
            print(" | ".join(map(str, rows[-1])), file=sys.stderr, flush=True)
            os.unlink(path)
        kr = kill_and_resume(Path(tmp), args.corpus_records, args.kills) if args.kills > 0 else None
    print("| input | MB | exit | calm | seconds | peak RSS MB | message |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(str(x).replace("|", "\\|") for x in r) + " |")
    if kr:
        print(f"\nCorpus run killed with SIGKILL {kr['kills']} times (rows written at each kill: "
              f"{', '.join(map(str, kr['rows_at_each_kill']))}) and resumed: {kr['records']} input records, "
              f"{kr['rows']} output rows ({kr['error_rows']} error rows for the broken records), "
              f"{kr['lost']} lost, {kr['duplicated']} duplicated, {kr['torn_lines']} torn lines, "
              f"input order kept: {'yes' if kr['in_input_order'] else 'NO'}; final exit {kr['exit']}, "
              f"{kr['seconds']} s in all.")
        bad += bool(kr["lost"] or kr["duplicated"] or kr["torn_lines"] or not kr["in_input_order"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
