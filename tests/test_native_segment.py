"""The native segmentation (core/src/segment.rs, quotes.rs) against the Python implementation it
replaced (tests/oracle_segment.py): identical paragraphs, sentences, quotations, voice and words by
voice on every development text and on generated news-like and arbitrary Unicode text."""
import importlib.util
import json
import pickle
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import oracle_segment as oracle
from conftest import shared_data
from framing import segment as native
from framing.results import AUTHORIAL, QUOTED, Quote
from framing.scoring import load_abbreviations

ABBR = load_abbreviations()
ORACLE_ABBR = oracle.Abbreviations(ABBR.never, ABBR.ambiguous, ABBR.starters)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_spec = importlib.util.spec_from_file_location(
    "segment_hashes", Path(__file__).resolve().parent.parent / "benchmarks" / "segment_hashes.py")
hashes = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hashes)


def both(text, limit=600):
    """(native, oracle) segmentation of text, as compared and hashed."""
    return (hashes.canonical(native.segment(text, ABBR, limit)),
            hashes.canonical(oracle.segment_counted(text, ORACLE_ABBR, limit)))


# --- every development text

def test_identical_on_every_development_text():
    by_file = hashes.dev_texts(shared_data("polnear_dev.jsonl").parent)
    recorded = json.loads(hashes.RECORD.read_text())
    assert recorded["before"] == recorded["after"]  # the engine changed nothing on the dev data
    for name, texts in by_file.items():
        for i, text in enumerate(texts):
            got, want = both(text)
            assert got == want, f"{name} text {i}: native and Python segmentation differ"
    # the same hashes as recorded (which stay when the oracle goes)
    assert hashes.hashes(by_file, hashes.native_segmenter()) == recorded["after"]


# --- generated text

_abbr = sorted(ABBR.never | ABBR.ambiguous)
TOKENS = [
    "The", "he", "But", "said", "asked", "told", "wrote", "Smith", "Jane", "Q.", "J.", "R.", "B.",
    "Mr.", "U.S.", "U.K.", "No.", "no.", "nos.", "Inc.", "St.", "1.", "(2)", "12)", "3.2", "100",
    "example.com", "don't", "Xi’s", "workers’", "students'", "’90s", "'em", "'tis", "'Tis", "'n'",
    "'tiſ", "'İt", "É", "ß", "ı", "İ", "Ǆ", "٣", "²", "½", "_x", "a-b", "rock’n’roll", "word",
    "“Why?”", "“Stop.”", "\ufffd", "\ud800",
]
MARKS = ["“", "”", '"', "‘", "’", "'", "«", "»", "„", ".", "!", "?", "…", "...", ",", ";", ":",
         "(", ")", "[", "]", "-", " ", " ", "  ", "\n", "\n\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c",
         "\x85", "\u2028", "\u2029", "\t", "\u00a0"]
PIECES = st.one_of(
    st.sampled_from(TOKENS), st.sampled_from(TOKENS).map(lambda w: w + " "),
    st.sampled_from(_abbr).map(lambda a: a.capitalize() + ". "),
    st.sampled_from(sorted(ABBR.starters)).map(lambda w: w.capitalize() + " "),
    st.sampled_from(MARKS), st.sampled_from(MARKS), st.text(max_size=3),
)
NEWS = st.lists(PIECES, max_size=60).map("".join)
TEXTS = st.one_of(NEWS, st.text(), st.lists(st.one_of(NEWS, st.text(max_size=20)), max_size=4).map("".join))
LIMITS = st.sampled_from([600, 0, 3, 20, 80])


@SETTINGS
@given(TEXTS, LIMITS)
def test_identical_on_generated_text(text, limit):
    got, want = both(text, limit)
    assert got == want


@SETTINGS
@given(NEWS, st.integers(-3, 70), st.one_of(st.none(), st.integers(-3, 70)))
def test_words_and_paragraphs_identical(text, start, end):
    # start and end out of range are clamped, as re's pos and endpos are
    assert native.words(text, start, end) == oracle.words(text, start, end)
    assert native.paragraphs(text) == oracle.paragraphs(text)


@SETTINGS
@given(NEWS, LIMITS)
def test_find_quotes_on_one_paragraph_identical(text, limit):
    # as classify.py calls it: a whole sentence as one paragraph
    if text:
        assert native.find_quotes(text, [(0, len(text))], limit) == oracle.find_quotes(text, [(0, len(text))], limit)


@SETTINGS
@given(NEWS, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=12))
def test_voice_queries_identical(text, spans):
    quotes = native.segment(text, ABBR).quotes
    mine, theirs = native.Voice(quotes), oracle.Voice(list(quotes))
    for s, e in spans:
        assert mine.quoted_at(s) == theirs.quoted_at(s)
        assert mine.of_span(s, e) == theirs.of_span(s, e)
        assert mine.quoted_chars(s, e) == theirs.quoted_chars(s, e)


# --- the Python face

def test_voice_answers_with_the_result_labels():
    text = "He said “we will win the vote” today."
    seg = native.segment(text, ABBR)
    assert seg.voice.of_span(9, 11) == QUOTED
    assert seg.voice.of_span(0, 2) == AUTHORIAL
    # built from Quote objects (classify.py) or (start, end) pairs alike
    q = Quote(start=8, end=30, text=text[8:30], words=5)
    assert native.Voice([q]).spans() == native.Voice([(8, 30)]).spans() == seg.voice.spans() == [(8, 30)]


def test_words_by_voice_hand_counted():
    # "He said" 2 authorial, 5 quoted, "today" 1: 8 words, 5 quoted; then 3 authorial
    seg = native.segment("He said “we will win the vote” today. Then Mr. Smith left.", ABBR)
    assert seg.sentence_words == ((8, 5), (4, 0))
    assert [s.voice for s in seg.sentences] == [QUOTED, AUTHORIAL]  # 22 of 37 characters quoted


def test_abbreviations_pickle_and_compare_by_their_lists():
    again = pickle.loads(pickle.dumps(ABBR))
    assert again == ABBR and hash(again) == hash(ABBR)
    text = "Mr. Smith met Dr. Jones in the U.S. on Monday. He left."
    assert hashes.canonical(native.segment(text, again)) == hashes.canonical(native.segment(text, ABBR))
    assert [s.text for s in native.segment(text, again).sentences] == [text[:46], "He left."]


def test_lone_surrogates_keep_offsets():
    text = "“Fine\ud800,” he said. Then \udcff left."
    seg = native.segment(text, ABBR)
    assert [s.text for s in seg.sentences] == ["“Fine\ud800,” he said.", "Then \udcff left."]
    assert seg.quotes[0].text == "“Fine\ud800,”"


def test_bad_arguments_are_one_clear_error():
    with pytest.raises(ValueError, match="max_unclosed_chars must be 0 or more; got -1"):
        native.segment("text", ABBR, -1)
    with pytest.raises(ValueError, match=r"paragraph span \(2, 9\) is not within the text of 4 characters"):
        native.find_quotes("text", [(2, 9)], 10)
    assert native.segment("", ABBR).sentences == ()
    assert native.segment("text", ABBR, 10**30).sentences[0].text == "text"  # clamped, not an overflow
