"""Scorer.score_data, the one builder of the JSON contract's shape, and the result built from it.

score_data(text) is what score(text).to_dict() gives, key order included (the JSON bytes are the
same); score() is ArticleScore.from_dict of the same data; to_dict is results.plain, which must
convert as dataclasses.asdict does.
"""
import dataclasses
import json

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing import jsonout
from framing.cli.main import main
from framing.results import ArticleScore, Attribution, Span, plain

from conftest import shared_data
from test_properties import NEWS

RULES = framing.Scorer(profile="rules")
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(name: str, n: int | None = None) -> list[str]:
    with open(shared_data(name), encoding="utf-8") as f:
        texts = [t for t in (json.loads(line).get("text") for line in f) if isinstance(t, str) and t.strip()]
    return texts[:n]


def _same(scorer, text: str, source: str = "a.txt") -> None:
    data = scorer.score_data(text, source)
    result = scorer.score(text, source)
    assert data == result.to_dict()  # values and types (tuples where the dataclasses hold tuples)
    # the same JSON, byte for byte: keys in the dataclasses' field order, as asdict writes them
    assert jsonout.dumps_bytes(data) == jsonout.dumps_bytes(dataclasses.asdict(result))
    assert ArticleScore.from_dict(data) == result
    assert plain(result) == dataclasses.asdict(result)


def test_score_data_is_to_dict_on_the_development_data():
    for text in _texts("polnear_dev.jsonl") + _texts("checkthat2023_dev.jsonl"):
        _same(RULES, text)


def test_score_data_is_to_dict_in_the_full_profile():
    full = framing.Scorer()  # sentiment, readability and the shipped classifiers' probabilities
    for text in _texts("polnear_dev.jsonl", 6):
        _same(full, text)
        assert full.score_data(text)["sentences"][0]["classifiers"]  # the probabilities are there


def test_score_data_with_a_callers_overlap_policy_and_classifier_matcher():
    # --disable makes the models count the shipped packs' matches in a pass of their own
    scorer = framing.Scorer(disabled=["hedging"], overlap=lambda cands: cands)
    _same(scorer, "Critics say the reckless deal may perhaps be a disgrace, officials said. " * 3)


@SETTINGS
@given(st.one_of(st.text(), NEWS))
def test_score_data_is_to_dict_on_any_text(text):
    _same(RULES, text)


def test_plain_by_hand():
    a = Attribution(source=Span(start=0, end=3, text="Ann"), cue=Span(start=4, end=8, text="said"), content=None,
                    type="named", name="Ann", role="", sentence=2, name_span=Span(start=0, end=3, text="Ann"))
    assert plain(a) == {"source": {"start": 0, "end": 3, "text": "Ann"}, "cue": {"start": 4, "end": 8, "text": "said"},
                        "content": None, "type": "named", "name": "Ann", "role": "", "sentence": 2,
                        "name_span": {"start": 0, "end": 3, "text": "Ann"}, "pronoun": False}
    assert list(plain(a)) == [f.name for f in dataclasses.fields(Attribution)]
    assert Attribution.from_dict(plain(a)) == a
    nested = {"k": ({"x": [1, 2.5]},), "t": (a.cue, None)}
    copy = plain(nested)
    assert copy == {"k": ({"x": [1, 2.5]},), "t": ({"start": 4, "end": 8, "text": "said"}, None)}
    assert copy["k"][0] is not nested["k"][0] and copy["k"][0]["x"] is not nested["k"][0]["x"]  # copied


def test_attributions_are_plain_rows_by_hand():
    # score_data's attributions are the engine's dicts (plain(Attribution) of each, field
    # order included); score() holds the Attribution objects of the same dicts
    text = "Rep. Ann Price, a spokesman for the campaign, said the plan works. He said it would pass."
    data = RULES.score_data(text)
    price = {"start": 5, "end": 14, "text": "Ann Price"}
    role = "Rep., a spokesman for the campaign"
    assert data["attributions"] == (
        {"source": {"start": 0, "end": 14, "text": "Rep. Ann Price"}, "cue": {"start": 46, "end": 50, "text": "said"},
         "content": {"start": 51, "end": 65, "text": "the plan works"}, "type": "named", "name": "Ann Price",
         "role": role, "sentence": 0, "name_span": price, "pronoun": False},
        # the pronoun takes its antecedent's type and role, and has no name span of its own
        {"source": {"start": 67, "end": 69, "text": "He"}, "cue": {"start": 70, "end": 74, "text": "said"},
         "content": {"start": 75, "end": 88, "text": "it would pass"}, "type": "named", "name": "Ann Price",
         "role": role, "sentence": 1, "name_span": None, "pronoun": True})
    assert all(list(a) == [f.name for f in dataclasses.fields(Attribution)] for a in data["attributions"])
    assert data["attribution"]["named_spans"] == [{**price, "sentence": 0, "cue_start": 46, "cue_end": 50,
                                                   "name": "Ann Price", "role": role}]
    objects = RULES.score(text).attributions
    assert objects[0].name_span == Span(**price) and objects[1].pronoun and objects[1].name_span is None
    assert tuple(plain(a) for a in objects) == data["attributions"]


def test_json_of_one_and_of_several_results():
    a, b = RULES.score_data("Critics say it may rain.", "a"), RULES.score_data("It rained.", "b")
    one = jsonout.scores([a])
    assert one.endswith(b"}\n") and json.loads(one)["source"] == "a"
    assert [r["source"] for r in json.loads(jsonout.scores([a], as_list=True))] == ["a"]
    assert [r["source"] for r in json.loads(jsonout.scores([a, b]))] == ["a", "b"]
    # an ArticleScore writes the same bytes as its data
    assert jsonout.scores([RULES.score("It rained.", "b"), a]) == jsonout.scores([b, a])
    lines = jsonout.score_lines([a, b]).decode().splitlines()
    assert [json.loads(x)["source"] for x in lines] == ["a", "b"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_json_is_the_results_data(fmt, tmp_path):
    paths = []
    for i, text in enumerate(["Critics say the reckless deal may fail, officials said.", "It rained on Tuesday."]):
        p = tmp_path / f"a{i}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(str(p))
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", "--format", fmt, *paths])
    assert res.exit_code == 0, res.stderr
    results = [RULES.score(open(p, encoding="utf-8").read(), source=p) for p in paths]
    want = jsonout.scores(results) if fmt == "json" else jsonout.score_lines(results)
    assert res.stdout_bytes == want


def test_warm_scores_and_changes_nothing():
    # warm() (run before a corpus run forks its workers) scores texts and keeps no result:
    # what a scorer gives afterwards is what a fresh one gives
    text = "Critics say the reckless deal may fail, officials said."
    fresh = framing.Scorer(profile="rules").score_data(text)
    warmed = framing.Scorer(profile="rules")
    assert warmed.warm() is warmed and warmed.warm(["It may rain.", ""]) is warmed
    assert warmed.score_data(text) == fresh
