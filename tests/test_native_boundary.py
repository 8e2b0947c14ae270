"""The engine's view of characters equals CPython's, and text of any kind crosses the boundary
with its offsets intact."""
import sys
import unicodedata

from hypothesis import given, settings, strategies as st

from framing.engine import native
from framing.engine.native import _core, boundary_text

PREDICATES = {"alpha": str.isalpha, "decimal": str.isdecimal, "digit": str.isdigit, "numeric": str.isnumeric,
              "alnum": str.isalnum, "space": str.isspace, "upper": str.isupper, "lower": str.islower}


def _ranges(pred):
    out, start = [], None
    for cp in range(sys.maxunicode + 1):
        ok = not 0xD800 <= cp <= 0xDFFF and pred(chr(cp))
        if ok and start is None:
            start = cp
        elif not ok and start is not None:
            out.append((start, cp - 1))
            start = None
    if start is not None:
        out.append((start, sys.maxunicode))
    return out


def test_tables_are_this_pythons():
    # Regenerate with core/tools/gen_pychar.py when this fails after a Python upgrade.
    assert _core.UNICODE_VERSION == unicodedata.unidata_version
    for name, pred in PREDICATES.items():
        assert _core._pychar_table(name) == _ranges(pred), name


def test_unknown_table_is_a_clear_error():
    import pytest

    with pytest.raises(ValueError, match='no character table named "nope"'):
        _core._pychar_table("nope")


@given(st.text())
@settings(max_examples=300)
def test_lower_equals_str_lower(text):
    assert _core._lower(text) == text.lower()


def test_lower_full_mapping_by_hand():
    assert _core._lower("İ É") == "i\u0307 é"  # one character lower-cases to two
    assert _core._lower("ΣΑΣ aΣ's Σ") == "σας aσ's σ"  # a capital sigma ending a word: final sigma


@given(st.lists(st.sampled_from(["Σ", "a", "Α", " ", "'", "\u0301", ".", "σ", "1"]), max_size=12).map("".join))
def test_lower_final_sigma_property(text):
    assert _core._lower(text) == text.lower()


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=50))
def test_boundary_text_keeps_length_and_crosses(text):
    out = boundary_text(text)
    assert len(out) == len(text)
    assert _core._lower(out) == out.lower()
    assert all(a == b or (0xD800 <= ord(a) <= 0xDFFF and b == "\ufffd") for a, b in zip(text, out))


def test_boundary_text_by_hand():
    assert boundary_text("a\ud800b") == "a\ufffdb"
    assert boundary_text("plain") == "plain"
    assert native.boundary_text("") == ""
