"""Drivers for instruction counts of one scorer's passes (run under valgrind --tool=callgrind).

    steady PROFILE N S   score PolNeAR dev's first N texts 1 + S times with one warm Scorer:
                         (run with S = 3) - (run with S = 1), halved, is one steady pass
    distinct M [once]    full profile: warm on 40 PolNeAR train texts, then score M further,
                         distinct texts ("cold"), then the same M again ("warm") unless `once`:
                         what an archive of unseen articles costs against a cycled corpus

    env -u PYTHONDONTWRITEBYTECODE valgrind --tool=callgrind --callgrind-out-file=s1.out \\
        .venv/bin/python benchmarks/passes.py steady rules 40 1

Run once without valgrind first (so .pyc files are written), from the repository root with
../shared/data present. Rust's hash maps are seeded at random: counts vary by ~0.1% a run.
"""
import sys
from pathlib import Path

from jsonl_texts import jsonl_texts  # benchmarks/, this script's folder

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def texts(name: str, n: int) -> list[dict]:
    return [{"id": i, "text": t} for i, t in enumerate(jsonl_texts(DATA / name, n))] if n else []


def main(argv: list[str]) -> int:
    import framing
    from framing.comparison.corpus import score_partition

    if len(argv) >= 3 and argv[0] == "steady":
        profile, n, s = argv[1], int(argv[2]), int(argv[3]) if len(argv) > 3 else 1
        records = texts("polnear_dev.jsonl", n)
        scorer = framing.Scorer(profile=profile).warm()
        for _ in range(1 + s):
            list(score_partition(records, scorer=scorer))
        return 0
    if len(argv) >= 2 and argv[0] == "distinct":
        m = int(argv[1])
        records = texts("polnear_train.jsonl", 40 + m)
        scorer = framing.Scorer(profile="full").warm()
        list(score_partition(records[:40], scorer=scorer))
        list(score_partition(records[40:], scorer=scorer))
        if argv[2:] != ["once"]:
            list(score_partition(records[40:], scorer=scorer))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
