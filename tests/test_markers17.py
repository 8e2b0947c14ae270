"""Inline markers, round 17 (USERS.md item 6): `<!-- framing off-next -->` for the next line only,
corpus rows that say a text carried markers, and no silenced match reaching the classifiers of a
scorer with other packs (whose hits come from a second pass)."""
import json

import pytest
from click.testing import CliRunner

import framing
from framing.cli.main import main
from framing.comparison.corpus import run_corpus, score_partition

NEXT = "<!-- framing off-next -->"
# three sentences on three lines, one 'reckless' (loaded_language) each
LINES = ["The reckless mayor spoke today.", "The reckless council met.", "The reckless board voted."]

USER_PACK = """[pack]
id = "userpack"
version = "0.0.1"
description = "A user's pack for the marker tests."
categories = ["user_words"]

[[rules]]
id = "zorb"
category = "user_words"
kind = "phrase"
phrases = ["zorblat"]
weight = 1.0
scope = "any"
message = "User word: '{match}'."
why = "A user's word."
examples.flag = ["The [zorblat] plan."]
examples.pass = ["The plan."]
"""


@pytest.fixture(scope="module")
def scorer():
    return framing.Scorer(profile="rules")


def _reckless(d: dict, text: str) -> list[int]:
    """The line (0-based) of each 'reckless' match."""
    return [text[:m["start"]].count("\n") for m in d["matches"] if m["text"] == "reckless"]


# ------------------------------------------------------------------------------- off-next


@pytest.mark.parametrize("text, kept", [
    (f"{LINES[0]}\n{NEXT}\n{LINES[1]}\n{LINES[2]}\n", [0, 3]),        # alone on its line: the line below
    (f"{LINES[0]} {NEXT}\n{LINES[1]}\n{LINES[2]}\n", [0, 2]),         # at a line's end: the next line
    (f"{LINES[0]} {NEXT}\r\n{LINES[1]}\r\n{LINES[2]}\r\n", [0, 2]),   # \r\n ends a line as \n does
])
def test_off_next_silences_the_next_line_only(scorer, text, kept):
    d = scorer.score_data(text)
    assert _reckless(d, text.replace("\r\n", "\n ")) == kept  # (one character for two: offsets kept)
    start = text.index(LINES[1])
    assert d["suppressed"]["regions"] == [{"start": start, "end": start + len(LINES[1]), "rules": None, "matches": 1}]
    assert d["suppressed"]["warnings"] == []
    # the marker is no word
    assert d["words"] == scorer.score_data("\n".join(LINES))["words"]


def test_off_next_names_and_what_it_leaves(scorer):
    text = (f"The reckless mayor may resign.\n<!-- framing off-next: loaded_language -->\n"
            f"The reckless council may fold.\nThe reckless board may vote.\n")
    d = scorer.score_data(text)
    by_line = [(text[:m["start"]].count("\n"), m["category"]) for m in d["matches"]]
    # line 2 keeps its hedge, loses its loaded word; lines 0 and 3 keep both
    assert {c for k, c in by_line if k == 2} == {"hedging"}
    assert {c for k, c in by_line if k == 3} == {"hedging", "loaded_language"}
    assert d["suppressed"]["regions"][0]["rules"] == ["loaded_language"]


def test_off_next_in_markdown_is_one_source_line_not_the_paragraph(scorer):
    # a Markdown paragraph wrapped over two lines: only its first line is silenced
    text = f"{NEXT}\nThe reckless mayor spoke\nand the reckless council met.\n"
    d = scorer.score_data(text)
    assert _reckless(d, text) == [2]


def test_an_on_marker_does_not_end_off_next(scorer):
    text = f"{LINES[0]} {NEXT}\n<!-- framing on --> {LINES[1]}\n{LINES[2]}\n"
    d = scorer.score_data(text)
    assert _reckless(d, text) == [0, 2]
    assert [w["message"] for w in d["suppressed"]["warnings"]] == ["no rule is off here"]


@pytest.mark.parametrize("text, line, column, message", [
    (f"{LINES[0]}\n{NEXT}\n\n{LINES[1]}\n", 2, 1, "the line after this off-next marker is blank"),
    (f"{LINES[0]} {NEXT}", 1, len(LINES[0]) + 2, "no line follows this off-next marker"),
    (f"<!-- framing off-next: nothing -->\n{LINES[0]}\n", 1, 1, "no rule or category named 'nothing'"),
    (f"<!-- framing off-nxt -->\n{LINES[0]}\n", 1, 1, "malformed marker"),
    (f"<!-- framing off -->\n<!-- framing off-next -->\n{LINES[0]}\n", 2, 1, "every rule is already off"),
])
def test_bad_off_next_is_one_warning_with_line_and_column(scorer, text, line, column, message):
    d = scorer.score_data(text)
    (w,) = d["suppressed"]["warnings"]
    assert (w["line"], w["column"]) == (line, column) and w["message"].startswith(message)
    if "blank" in message or "no line" in message:  # nothing silenced
        assert len(_reckless(d, text)) == text.count("reckless")


def test_off_next_warning_in_the_line_format_and_on_stderr(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(f"{LINES[0]}\n{NEXT}\n\n{LINES[1]}\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["score", "--profile", "rules", "--format", "line", str(path)])
    assert res.exit_code == 0, res.output
    assert f"{path}:2:1: warning framing.marker: the line after this off-next marker is blank" in res.stdout
    assert f"framing: warning: {path}:2:1: the line after this off-next marker is blank" in res.stderr
    assert "Traceback" not in res.output


# ------------------------------------------------------------------------------- corpus rows


def test_rows_count_markers_and_silenced_matches(scorer):
    marked = f"{LINES[0]}\n{NEXT}\n{LINES[1]}\n<!-- framing off: nothing -->\n{LINES[2]}\n"
    rows = list(score_partition([{"id": 1, "text": "\n".join(LINES)}, {"id": 2, "text": marked}], scorer=scorer))
    assert [(r["suppressed.markers"], r["suppressed.matches"]) for r in rows] == [(0, 0), (2, 1)]
    assert rows[1]["loaded_language.authorial.count"] == 2
    # the spans path gives the same columns
    spans = list(score_partition([{"id": 2, "text": marked}], scorer=scorer, spans=True))
    assert (spans[0]["suppressed.markers"], spans[0]["suppressed.matches"]) == (2, 1)
    assert {k: v for k, v in spans[0].items() if k != "matches"} == rows[1]
    # markers off: read as text, so none honoured and nothing silenced
    off = framing.Scorer(profile="rules", inline_markers=False)
    (row,) = score_partition([{"id": 2, "text": marked}], scorer=off)
    assert (row["suppressed.markers"], row["suppressed.matches"]) == (0, 0)


def test_row_of_a_scorer_through_score_has_the_columns(tmp_path):
    pack = tmp_path / "user.toml"
    pack.write_text(USER_PACK, encoding="utf-8")
    user = framing.Scorer(extra_packs=[str(pack)], sentiment=False, readability=False)
    assert user._prepare() is None and user._through_score()
    row = user.row(f"{NEXT}\n{LINES[1]}\n", markers=True)
    assert (row["suppressed.markers"], row["suppressed.matches"]) == (1, 1)
    assert "suppressed.markers" not in user.row(LINES[1])


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_framing_corpus_columns_and_summary_line(tmp_path, fmt):
    src = tmp_path / "in.jsonl"
    texts = ["\n".join(LINES), f"{NEXT}\n{LINES[1]}\n{NEXT}\n{LINES[2]}\n", f"{LINES[0]} <!-- framing off -->\n"]
    src.write_text("".join(json.dumps({"id": k, "text": t}) + "\n" for k, t in enumerate(texts)), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(out), "--profile", "rules", "--workers", "1"])
    assert res.exit_code == 0, res.output
    assert "; 2 texts carry inline markers (2 matches silenced; the suppressed.* columns" in res.stderr
    if fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r["suppressed.matches"] for r in rows] == [0, 2, 0]
        assert [r["suppressed.markers"] for r in rows] == [0, 2, 1]
    else:
        header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert "suppressed.markers" in header and "suppressed.matches" in header
    # without markers the summary line says nothing of them
    plain = tmp_path / "plain.jsonl"
    plain.write_text(json.dumps({"id": 1, "text": LINES[0]}) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["corpus", str(plain), "-o", str(tmp_path / "p.jsonl"), "--profile", "rules"])
    assert res.exit_code == 0 and "inline markers" not in res.stderr
    # --no-inline-markers: markers are text; no text carries any
    res = CliRunner().invoke(main, ["corpus", str(src), "-o", str(tmp_path / "n.jsonl"), "--profile", "rules",
                                    "--no-inline-markers"])
    assert res.exit_code == 0 and "inline markers" not in res.stderr


def test_summary_line_counts(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 1, "text": f"{NEXT}\n{LINES[1]}"}) + "\n", encoding="utf-8")
    s = run_corpus(str(src), str(tmp_path / "o.jsonl"), profile="rules", workers=1)
    assert (s.marked, s.silenced) == (1, 1)
    assert "1 text carries inline markers (1 match silenced;" in s.line()


# ------------------------------------------------------------------------------- the classifiers


@pytest.fixture(scope="module")
def user_pack(tmp_path_factory):
    path = tmp_path_factory.mktemp("pack") / "user.toml"
    path.write_text(USER_PACK, encoding="utf-8")
    return str(path)


CLASSIFIED = [
    "The mayor spoke today about the budget.\n<!-- framing off -->\n"
    "The reckless, disgraceful council met in a shameful zorblat session.\n<!-- framing on -->\n"
    "The board voted.\n",
    f"The mayor spoke today about the budget.\n{NEXT}\n"
    "The reckless, disgraceful council met in a shameful zorblat session.\nThe board voted.\n",
    "The mayor spoke today about the budget.\n<!-- framing off-next: loaded_language -->\n"
    "The reckless, disgraceful council met in a shameful session.\nThe board voted.\n",
]


@pytest.mark.parametrize("text", CLASSIFIED)
def test_a_user_packs_classifiers_see_no_silenced_match(user_pack, text):
    """A scorer with a user pack counts the shipped packs' hits for its classifiers in a second
    pass; the user's rule shares no category with them, so that pass's hits are the shipped
    scorer's own pass's, markers included: the probabilities must be equal."""
    shipped = framing.Scorer(sentiment=False, readability=False)
    user = framing.Scorer(extra_packs=[user_pack], sentiment=False, readability=False)
    a, b = shipped.score_data(text), user.score_data(text)
    assert user.classifier_matcher_ is not None and shipped.classifier_matcher_ is None
    assert b["suppressed"]["regions"][0]["matches"] >= 3
    assert [s["classifiers"] for s in b["sentences"]] == [s["classifiers"] for s in a["sentences"]]
    assert b["classifiers"] == a["classifiers"]
    # and the markers did change them: the same text with its markers read as text differs there
    loud = framing.Scorer(extra_packs=[user_pack], sentiment=False, readability=False, inline_markers=False)
    assert loud.score_data(text)["sentences"][1]["classifiers"] != b["sentences"][1]["classifiers"]


def test_classifier_hits_silenced_without_a_user_pack_too(user_pack):
    # a marker naming a rule only the user's pack has silences none of the shipped hits
    text = ("The mayor spoke.\n<!-- framing off-next: zorb -->\n"
            "The reckless, disgraceful council met in a shameful zorblat session.\n")
    shipped = framing.Scorer(sentiment=False, readability=False).score_data(text.replace(": zorb", ": nothing"))
    user = framing.Scorer(extra_packs=[user_pack], sentiment=False, readability=False).score_data(text)
    assert user["suppressed"]["regions"][0]["matches"] == 1  # the zorblat match only
    assert [s["classifiers"] for s in user["sentences"]] == [s["classifiers"] for s in shipped["sentences"]]


def test_extras_of_checks_its_starts(user_pack):
    user = framing.Scorer(extra_packs=[user_pack], sentiment=False, readability=False)
    text = CLASSIFIED[1]
    res, _ = user._native(text)
    with pytest.raises(ValueError, match="2 hits but 1 starts"):
        user.full_.extras_of(res, text, [(2, 0, 0), (2, 1, 0)], [], False, [0])
    assert user.full_.unmarked(res, text) == text.replace(NEXT, " " * len(NEXT))
    plain, _ = user._native("No marker here.")
    assert user.full_.unmarked(plain, "No marker here.") is None
