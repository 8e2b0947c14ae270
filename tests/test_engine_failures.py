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

import framing.scoring.scorer
from framing.cli.main import main

from test_outlets import event_records

INTERNAL = "framing._core.segment: internal error (please report it): index out of bounds"
POISON = "zebra-crossing"  # the double fails on any text holding this word


@pytest.fixture
def failing_engine(monkeypatch):
    # Scorer._native is the article's one engine call (score and summary both make it)
    real = framing.scoring.scorer.Scorer._native

    def native(self, text, *args, **kwargs):
        if POISON in text:
            raise RuntimeError(INTERNAL)
        return real(self, text, *args, **kwargs)

    monkeypatch.setattr(framing.scoring.scorer.Scorer, "_native", native)


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


# ---------------------------------------------------------------------------------------------
# Limits: a rule whose search a limit stopped is reported per rule, never silently.

SLOW_PACK = """[pack]
id = "slow"
version = "1"
description = "d"
categories = ["spin"]
[[rules]]
id = "ahead"
category = "spin"
kind = "regex"
pattern = '\\bplan(?=\\s+passed)'
message = "m"
why = "w"
examples.flag = ["The [plan] passed."]
examples.pass = ["The plan failed."]
"""
SHORT = "The plan passed on Tuesday.\n"  # 28 characters; "plan" at 4
# one sentence of 23,437 bytes: over the 20,000 a look-around rule searches
LONG = "The plan passed, " + "and the council met again " * 900 + "so the plan passed.\n"


@pytest.fixture
def slow_pack(tmp_path):
    path = tmp_path / "slow.toml"
    path.write_text(SLOW_PACK, encoding="utf-8")
    return path


def test_a_sentence_too_long_for_a_look_around_rule_is_reported(slow_pack):
    from framing import Scorer

    assert len(LONG.encode()) == 23_437
    r = Scorer(profile="rules", extra_packs=[str(slow_pack)]).score(SHORT + LONG + SHORT)
    assert r.limits == {"slow.ahead": "too_long"}
    # the two short sentences are searched (28 + 23,437 + 4 = 23,469); the long one is not
    assert [m.start for m in r.matches if m.rule == "slow.ahead"] == [4, 23_469]
    d = r.to_dict()
    assert d["schema_version"] == 3 and d["limits"] == {"slow.ahead": "too_long"}
    assert Scorer(profile="rules", extra_packs=[str(slow_pack)]).score(SHORT * 3).limits == {}


def test_score_warns_once_per_file_and_rule_and_csv_has_the_column(slow_pack, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(SHORT + LONG + LONG, encoding="utf-8")  # two long sentences: still one warning
    b.write_text(LONG, encoding="utf-8")
    res = run("score", "--profile", "rules", "--pack", str(slow_pack), "--format", "csv", str(a), str(b))
    assert res.exit_code == 0, res.stderr
    warnings = [ln for ln in res.stderr.splitlines() if "slow.ahead" in ln]
    assert len(warnings) == 2 and "a.txt" in warnings[0] and "b.txt" in warnings[1]
    assert all(w.startswith("framing: warning: ") and "too long" in w for w in warnings)
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["limits"] for r in rows] == ["slow.ahead:too_long", "slow.ahead:too_long"]


def test_corpus_has_a_limits_column_and_warns_once_per_rule(slow_pack, tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in [
        {"id": "a", "text": LONG}, {"id": "b", "text": SHORT * 8}, {"id": "c", "text": SHORT + LONG}]),
        encoding="utf-8")
    out = tmp_path / "rows.csv"
    res = run("corpus", str(src), "-o", str(out), "--workers", "1", "--profile", "rules", "--pack", str(slow_pack))
    assert res.exit_code == 0, res.stderr
    import csv

    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["limits"] for r in rows] == ["slow.ahead:too_long", "", "slow.ahead:too_long"]
    warnings = [ln for ln in res.stderr.splitlines() if "slow.ahead" in ln]
    assert len(warnings) == 1 and "(2 articles; see the limits column)" in warnings[0]


def test_furniture_is_found_in_a_long_real_article():
    """A look-around furniture rule (syndication-and-meta) searches a text over 20,000 bytes line
    by line: it once never ran on such texts."""
    from conftest import shared_data
    from framing import Scorer

    path = shared_data("ptc_train.jsonl")
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    article = max(texts, key=lambda t: len(t.encode()))
    assert len(article.encode()) > 40_000
    text = article.rstrip() + "\n\nTags: trade, tariffs, harbours\n"  # a line this test writes
    r = Scorer(profile="rules").score(text)
    tags = [x for x in r.excluded if x.text == "Tags: trade, tariffs, harbours"]
    assert [x.rule for x in tags] == ["furniture.syndication-and-meta"]
    assert r.limits == {}
