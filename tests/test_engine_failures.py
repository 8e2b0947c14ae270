"""A panic inside the native engine never reaches the user as a crash (issue 16 item 7).

The engine's one guard (core/src/guard.rs, tested in Rust with a real panic) turns a panic into
RuntimeError "framing._core.CALL: internal error (please report it): WHY". Here a test double of the
native segmentation raises exactly that for one text, and each command must cope: `score` and
`compare` print one line naming the file and exit 2 (the other files are still scored); `corpus`
and `outlets` write an error row, go on, and exit 2 at the end.
"""
import json

import pytest
from click.testing import CliRunner

import framing.scoring
from framing.cli import main

from test_outlets import event_records

INTERNAL = "framing._core.segment: internal error (please report it): index out of bounds"
POISON = "zebra-crossing"  # the double fails on any text holding this word


@pytest.fixture
def failing_engine(monkeypatch):
    real = framing.scoring.segment

    def segment(text, *args, **kwargs):
        if POISON in text:
            raise RuntimeError(INTERNAL)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(framing.scoring, "segment", segment)


GOOD = ("The council approved the harbour plan on Tuesday, officials said. Critics say the deal could mark "
        "a turning point, and the price may rise.\n")
BAD = "The council closed the " + POISON + " on Main Street on Monday.\n"


def run(*args):
    return CliRunner().invoke(main, ["--no-config", *args])


def one_error_line(stderr: str, name: str) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("framing: error:")]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "panicked" not in stderr
    assert name in lines[0] and INTERNAL in lines[0]
    return lines[0]


def test_score_reports_one_line_naming_the_file_and_goes_on(failing_engine, tmp_path):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_text(BAD, encoding="utf-8")
    good.write_text(GOOD, encoding="utf-8")
    res = run("score", "--format", "jsonl", str(bad), str(good))
    assert res.exit_code == 2
    one_error_line(res.stderr, "bad.txt")
    rows = [json.loads(ln) for ln in res.stdout.splitlines()]
    assert [r["source"] for r in rows] == [str(good)]  # the batch went on


def test_compare_reports_one_line_naming_the_file(failing_engine, tmp_path):
    paths = []
    for name, text in (("a.txt", GOOD), ("b.txt", GOOD.replace("Tuesday", "Friday")), ("bad.txt", BAD)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        paths.append(str(tmp_path / name))
    res = run("compare", "--format", "json", *paths)
    assert res.exit_code == 2
    one_error_line(res.stderr, "bad.txt")
    assert res.stdout.strip()  # the two readable articles are still compared


def test_corpus_writes_an_error_row_goes_on_and_exits_2(failing_engine, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": GOOD}, {"id": "b", "text": BAD, "title": "kept"}, {"id": "c", "text": GOOD}]),
        encoding="utf-8")
    out = tmp_path / "rows.jsonl"
    res = run("corpus", str(src), "-o", str(out), "--workers", "1")
    assert res.exit_code == 2
    rows = [json.loads(ln) for ln in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert "error" not in rows[0] and "error" not in rows[2]
    assert INTERNAL in rows[1]["error"] and rows[1]["title"] == "kept"
    assert "3 articles, 1 failed" in res.stderr
    last = res.stderr.strip().splitlines()[-1]
    assert last.startswith("framing: error: 1 record met an internal error") and "Traceback" not in res.stderr


def test_outlets_lists_the_error_row_and_exits_2(failing_engine, tmp_path):
    recs = event_records()
    recs[0] = {**recs[0], "text": recs[0]["text"] + " " + POISON}
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    res = run("outlets", str(src), "--story-field", "story", "--format", "json", "--bootstrap", "50",
              "--workers", "1")
    assert res.exit_code == 2
    report = json.loads(res.stdout)  # the report is still written
    assert any(INTERNAL in e["error"] for e in report["errors"])
    assert res.stderr.strip().splitlines()[-1].startswith("framing: error: 1 record met an internal error")
    assert "Traceback" not in res.stderr
