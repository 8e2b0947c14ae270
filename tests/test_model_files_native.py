"""The model files' JSON read natively: the vocabularies straight from the bytes
(framing._core.split_model_json), the other members handed back as JSON, in file order."""
import json
import struct

import pytest
from hypothesis import given, settings, strategies as st

from framing import _core
from framing.scoring import model_files

KEYS = ["word_vocabulary", "char_vocabulary"]


def _read(raw: bytes) -> dict:
    rest, vocabularies = _core.split_model_json(raw, KEYS)
    out = json.loads(rest)
    out.update((k, v.tolist()) for k, v in vocabularies)
    return out


@pytest.mark.parametrize("doc", [
    {},
    {"word_vocabulary": []},
    {"a": 1, "word_vocabulary": ["x", "é\"q\\/\n\t\u0001", "", "😀 \u2028"], "char_vocabulary": [1],
     "z": {"q": [1, "}]"], "r": None}, "t": [0.44, -1e-3, True]},
    {"word_vocabulary": "not a list", "char_vocabulary": ["a", 2]},
])
@pytest.mark.parametrize("ascii_only", [True, False])
def test_members_come_back_in_order_with_escapes_decoded(doc, ascii_only):
    raw = json.dumps(doc, ensure_ascii=ascii_only, indent=1 if ascii_only else None).encode()
    got = _read(raw)
    assert got == doc and list(got) == list(doc)


def test_only_arrays_of_strings_become_vocabularies():
    rest, vocabularies = _core.split_model_json(b'{"word_vocabulary":["a","b"],"char_vocabulary":["a",2]}', KEYS)
    assert [(k, len(v), v[0], v[-1]) for k, v in vocabularies] == [("word_vocabulary", 2, "a", "b")]
    assert json.loads(rest) == {"word_vocabulary": None, "char_vocabulary": ["a", 2]}
    with pytest.raises(IndexError):
        vocabularies[0][1][2]


@pytest.mark.parametrize("bad", [b"", b"[1]", b'{"a":1', b'{"a":1} x', b'{"a" 1}', b"\xff", b'{"a":"\x01"}',
                                 b'{"word_vocabulary":["\\ud800"]}'])
def test_broken_json_is_a_value_error_or_left_to_the_parser(bad):
    try:
        rest, _ = _core.split_model_json(bad, KEYS)
    except ValueError:
        return
    with pytest.raises(ValueError):  # what the native reader let through, the caller's parser refuses
        import orjson
        orjson.loads(rest)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=30), st.booleans())
def test_any_vocabulary_round_trips(terms, ascii_only):
    doc = {"name": "m", "word_vocabulary": terms}
    try:
        raw = json.dumps(doc, ensure_ascii=ascii_only).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: not a valid model file
        return
    assert _read(raw) == doc


def test_shipped_models_read_as_the_json_says(tmp_path):
    for name in model_files.shipped_models():
        _, settings, _, _, source = model_files.read_model(name)
        ref = json.loads((model_files.MODELS_DIR / name / model_files.SETTINGS_FILE).read_text(encoding="utf-8"))
        assert list(settings) == list(ref)
        for k, v in settings.items():
            assert (v.tolist() if isinstance(v, _core.Vocabulary) else v) == ref[k], k
    # and a model read from its files writes them back the same
    from framing.scoring.classify import load_model
    m = load_model("biased")
    out = m.save(tmp_path / "copy")
    assert json.loads((out / "model.json").read_text(encoding="utf-8")) == \
        json.loads((model_files.MODELS_DIR / "biased" / "model.json").read_text(encoding="utf-8"))


def test_a_model_read_from_its_files_pickles_and_scores_the_same():
    import copy
    import pickle

    from framing.scoring.classify import load_model

    m = load_model("biased")
    back = pickle.loads(pickle.dumps(m))
    assert isinstance(back.settings["word_vocabulary"], _core.Vocabulary)
    assert back.settings["char_vocabulary"].tolist() == m.settings["char_vocabulary"].tolist()
    assert copy.deepcopy(m).settings["word_vocabulary"].tolist() == m.settings["word_vocabulary"].tolist()
    text = ["The reckless plan failed.", "Officials said it may rain."]
    assert list(back.predict_proba(text)) == list(m.predict_proba(text))
    assert list(_core.Vocabulary(["a", "", "é"])) == ["a", "", "é"]


def _npy(header: str, body: bytes) -> bytes:
    h = header.encode("latin-1")
    return b"\x93NUMPY\x01\x00" + len(h).to_bytes(2, "little") + h + body


@pytest.mark.parametrize("header, shape", [
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }   \n", (2,)),  # numpy's own: the plain path
    ("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }\n", (1, 2)),  # 2-D: the general path
    ("{'shape': (2,), 'descr': '<f8', 'fortran_order': False}\n", (2,)),  # reordered: the general path
])
def test_npy_headers_read_by_either_path_give_the_same_array(header, shape):
    body = b"".join(struct.pack("<d", v) for v in (1.5, -0.25))
    got_shape, values = model_files._npy_array(_npy(header, body), "k", "w")
    assert got_shape == shape and list(values) == [1.5, -0.25]


@pytest.mark.parametrize("header", [
    "{'descr': '<f8', 'fortran_order': False, 'shape': (02,), }\n",  # not a Python literal
    "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }\n",
])
def test_npy_headers_numpy_would_not_write_are_refused(header):
    with pytest.raises(model_files.ModelError):
        model_files._npy_array(_npy(header, b"\0" * 16), "k", "w")
