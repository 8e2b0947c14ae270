"""framing.jsonout: the one JSON writer (orjson) writes what json.dumps writes, and never fails."""
import json

import pytest

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
