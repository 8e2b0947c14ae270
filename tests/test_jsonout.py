"""framing.jsonout: the one JSON writer (orjson) writes what json.dumps writes, and never fails."""
import json

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import jsonout
from framing.scoring.scorer import Scorer


def test_score_json_is_byte_for_byte_the_standard_librarys():
    text = ("Officials said the \u201creckless\u201d plan may be revised, according to Mayor Ada Brandt. "
            "Critics say it is arguably a shameless giveaway. Caf\u00e9 owners \u2014 \u6771\u4eac too \u2014 agree.")
    d = Scorer(profile="full").score(text, source="t.txt").to_dict()
    assert jsonout.dumps(d, indent=True) == json.dumps(d, ensure_ascii=False, indent=2)
    assert json.loads(jsonout.dumps(d)) == json.loads(json.dumps(d))  # tuples read back as lists


@pytest.mark.parametrize("obj,expected", [
    ({"a": [1, 2.5, None, True], "b": "\u00e9"}, '{"a":[1,2.5,null,true],"b":"\u00e9"}'),
    ({1: "x"}, '{"1":"x"}'),                        # a non-string key, as json.dumps writes it
    ((1, 2), "[1,2]"),
    ({"f": float("nan")}, '{"f":null}'),           # valid JSON, where json.dumps writes NaN
])
def test_compact_by_hand(obj, expected):
    assert jsonout.dumps(obj) == expected


def test_what_orjson_cannot_write_falls_back_to_ascii_escapes():
    assert jsonout.dumps({"id": "\udc81"}) == '{"id":"\\udc81"}'
    assert jsonout.dumps_bytes([2**70]) == b"[1180591620717411303424]"
    assert jsonout.dumps({"k": "\udc81"}, indent=True) == '{\n  "k": "\\udc81"\n}'
    assert jsonout.dumps({"p": object()}, default=lambda o: "obj") == '{"p":"obj"}'


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2**63, 2**63 - 1) | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), _json_values, max_size=4), max_size=5), st.booleans())
def test_written_a_result_at_a_time_is_the_text_of_the_whole(results, lines):
    """score_chunks dumps each result alone (a batch is never held whole); joined, the chunks are
    what one dump of the list writes (any strings: a newline inside one is escaped, so
    re-indenting by lines cannot touch it)."""
    got = b"".join(jsonout.score_chunks(iter(results), lines=lines, as_list=True))
    if lines:
        assert got == b"".join(orjson.dumps(r, option=orjson.OPT_NON_STR_KEYS) + b"\n" for r in results)
    else:
        assert got == (orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n" if results else b"")
    if len(results) == 1:
        assert jsonout.scores(results, as_list=False) == orjson.dumps(results[0], option=orjson.OPT_INDENT_2) + b"\n"
    assert jsonout.scores(results, as_list=True) == orjson.dumps(results, option=orjson.OPT_INDENT_2) + b"\n"


def test_the_cli_writes_each_result_before_it_scores_the_next(tmp_path, monkeypatch):
    """`framing score --format json` on a batch: the first result is written before the second
    article is scored (memory stays flat over an archive), and the whole output is one list."""
    from click.testing import CliRunner

    from framing.cli.main import main

    paths = []
    for i in range(3):
        p = tmp_path / f"a{i}.txt"
        p.write_text(f"Critics say article {i} is a shameless giveaway, officials said.", encoding="utf-8")
        paths.append(str(p))
    out = tmp_path / "out.json"
    sizes = []
    real = Scorer.score_data

    def spy(self, text, source="<text>"):
        sizes.append(out.stat().st_size if out.exists() else 0)
        return real(self, text, source)

    monkeypatch.setattr(Scorer, "score_data", spy)
    res = CliRunner().invoke(main, ["--no-config", "score", "--profile", "rules", "--format", "json",
                                    "-o", str(out), *paths])
    assert res.exit_code == 0, res.output
    assert sizes[0] == 0 and 0 < sizes[1] < sizes[2]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [d["source"] for d in data] == paths
