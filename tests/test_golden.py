"""Golden files: the reports for the shipped example story, byte for byte.

A deliberate change to a report (or to the packs) is accepted by regenerating them explicitly:

    FRAMING_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and reviewing the diff. Classifiers are off here so that retraining a model does not churn the
report goldens; tests/test_cli.py covers the classifier columns.
"""
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.cli.main import main

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLES = Path(__file__).resolve().parent.parent / "framing" / "examples"
UPDATE = os.environ.get("FRAMING_UPDATE_GOLDEN") == "1"

CASES = {
    "score_wire_a.txt": ["score", "--show-matches", "wire_a.txt"],
    "score_editorial.json": ["score", "--format", "json", "editorial.txt"],
    "score_all.csv": ["score", "--format", "csv", "editorial.txt", "wire_a.txt", "wire_b.txt"],
    "compare.txt": ["compare", "editorial.txt", "--ref", "wire_a.txt", "--ref", "wire_b.txt"],
    "compare.md": ["compare", "editorial.txt", "--ref", "wire_a.txt", "--ref", "wire_b.txt", "--format", "markdown"],
    "compare.json": ["compare", "editorial.txt", "--ref", "wire_a.txt", "--ref", "wire_b.txt", "--format", "json"],
    "compare.html": ["compare", "editorial.txt", "--ref", "wire_a.txt", "--ref", "wire_b.txt", "--format", "html"],
    "compare_all.txt": ["compare", "wire_a.txt", "wire_b.txt", "editorial.txt"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_report_matches_golden(name, monkeypatch):
    monkeypatch.chdir(EXAMPLES)  # sources are named as given: relative names keep goldens portable
    args = CASES[name]
    res = CliRunner().invoke(main, ["--no-config", args[0], "--no-classifiers", *args[1:]])
    assert res.exit_code == 0, res.stderr
    path = GOLDEN / name
    if UPDATE:
        path.write_text(res.stdout, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run FRAMING_UPDATE_GOLDEN=1 pytest tests/test_golden.py"
    expected = path.read_text(encoding="utf-8")
    assert res.stdout == expected, (f"{name} differs from its golden file; if the change is intended, "
                                    "regenerate with FRAMING_UPDATE_GOLDEN=1 and review the diff")
