"""Accuracy of the rule packs against the annotated development sets (issue 6).

    .venv/bin/python benchmarks/accuracy.py [--data ../shared/data] [--json] [--per-rule] [--only SET]

The same as `framing bench accuracy`; the measuring code lives in framing/learning/accuracy.py so the
installed CLI can import it. Reads the data by path and copies nothing.
"""
from framing.cli.bench import accuracy

if __name__ == "__main__":
    accuracy(prog_name="benchmarks/accuracy.py")
