"""The path of `framing score --format json` over many files: the chunked writer, the input sniffing
and the plain data, each as the command relies on it."""
import json

import orjson
import pytest
from click.testing import CliRunner

from framing import jsonout
from framing.cli.main import main
from framing.inputs import looks_like_html
from framing.scoring.scorer import Scorer


@pytest.mark.parametrize("text,expected", [
    ("<!DOCTYPE html><title>x</title>", True),
    ("  \n<HTML><body>x</body></HTML>", True),
    ("Officials said <p>so</p> on Tuesday.", True),
    ("Officials said <DIV>so</DIV>.", True),
    ("Officials said it was shameless.", False),         # no "<" at all
    ("Five < six, said the mayor.", False),               # a "<" that starts no tag
    ("<paragraph> is not a tag we look for", False),
    ("x" * 1000 + "<p>late</p>", False),                  # beyond the first 1,000 characters
])
def test_looks_like_html(text, expected):
    assert looks_like_html(text) is expected


def test_chunks_with_a_fallback_item_are_the_text_of_the_whole_list():
    """An item orjson cannot write (a lone surrogate) is dumped by the standard library as a list
    of one as well; its chunk still sits in the list at the right indentation."""
    results = [{"a": "\udc81", "n": [1, {"b": None}]}, {"b": 1}, {}]
    got = b"".join(jsonout.score_chunks(iter(results), as_list=True))
    assert got == json.dumps(results, ensure_ascii=True, indent=2).encode("ascii") + b"\n"


def test_chunks_of_real_results_are_one_dump_of_the_list():
    scorer = Scorer(profile="rules")
    texts = ["Officials said the \u201creckless\u201d plan may be revised, according to Mayor Ada Brandt.",
             "Critics say it is arguably a shameless giveaway. Caf\u00e9 owners \u2014 \u6771\u4eac \u2014 agree.",
             "It rained."]
    data = [scorer.score_data(t, source=f"a{i}.txt") for i, t in enumerate(texts)]
    got = b"".join(jsonout.score_chunks(iter(data), as_list=True))
    assert got == orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
    assert got.decode("utf-8") == json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_score_data_attributions_are_the_rows_in_a_tuple():
    """score_data's attributions: a tuple of the plain rows (no call per row), equal to the result
    objects' plain form; score()'s are Attribution objects."""
    scorer = Scorer(profile="rules")
    text = "\u201cWe will not back down,\u201d said Mayor Ada Brandt. A senior official, who asked not to be named, disagreed."
    data = scorer.score_data(text)
    obj = scorer.score(text)
    assert type(data["attributions"]) is tuple and data["attributions"]
    assert all(type(a) is dict for a in data["attributions"])
    assert data["attributions"] == obj.to_dict()["attributions"]
    assert all(type(a).__name__ == "Attribution" for a in obj.attributions)


def test_a_bad_file_among_many_is_one_line_and_the_rest_are_written(tmp_path):
    paths = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"Critics say article {i} is a shameless giveaway, officials said.", encoding="utf-8")
        paths.append(str(p))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9")
    page = tmp_path / "page.txt"
    page.write_text("<html><body><p>Officials said it was shameless.</p></body></html>", encoding="utf-8")
    res = CliRunner().invoke(main, ["score", "--format", "json", "--profile", "rules",
                                    paths[0], str(bad), paths[1], str(page), paths[2]])
    assert res.exit_code == 2
    errors = [line for line in res.stderr.splitlines() if line.startswith("framing: error:")]
    assert len(errors) == 1 and "bad.txt: not valid UTF-8" in errors[0]
    out = json.loads(res.stdout)
    assert [r["source"] for r in out] == [paths[0], paths[1], str(page), paths[2]]
    assert out[2]["words"] == 5  # the page went through html_to_text


@pytest.mark.parametrize("obj", [
    {"a": [{"b": {3: "x", "c": 1.5}}], "z": None},      # an int key deep inside: allowed on the retry
    {"k": {2: "\u00e9", True: [1]}},
    {1: "\udc81"},                                          # an int key and a lone surrogate: the fallback
])
def test_non_str_keys_are_written_as_the_standard_library_writes_them(obj):
    for indent in (False, True):
        want = json.dumps(obj, ensure_ascii=any("\udc81" in str(v) for v in obj.values()),
                          indent=2 if indent else None, separators=None if indent else (",", ":"))
        assert jsonout.dumps(obj, indent=indent) == want


def test_str_keys_are_dumped_without_the_non_str_keys_option(monkeypatch):
    """Score results have str keys only: one orjson call without OPT_NON_STR_KEYS (a third slower)."""
    calls = []
    real = orjson.dumps

    def spy(obj, default=None, option=0):
        calls.append(option)
        return real(obj, default=default, option=option)

    monkeypatch.setattr(jsonout.orjson, "dumps", spy)
    assert jsonout.dumps_bytes({"a": {"b": [1, 2]}}, indent=True) == b'{\n  "a": {\n    "b": [\n      1,\n      2\n    ]\n  }\n}'
    assert len(calls) == 1 and not calls[0] & orjson.OPT_NON_STR_KEYS
    calls.clear()
    assert jsonout.dumps_bytes({1: 2}) == b'{"1":2}'
    assert len(calls) == 2 and calls[1] & orjson.OPT_NON_STR_KEYS
