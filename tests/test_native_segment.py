"""The native segmentation (core/src/segment.rs, quotes.rs): the same output as the Python
implementation it replaced on every development text (benchmarks/segment_hashes.json keeps the
hashes of both, equal), and its invariants on generated news-like and arbitrary Unicode text.

The Python implementation was the oracle of a differential test until both agreed on all 26,643
development texts and on 40,000 generated texts and 3,000 long ones (tests/oracle_segment.py, in
git history up to commit 660a6bb); then it went, as the standards ask."""
import json
import pickle

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import benchmark_script, shared_data
from framing.scoring import segment as native
from framing.results import AUTHORIAL, QUOTED, Quote
from framing.scoring.scorer import load_abbreviations

ABBR = load_abbreviations()
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

hashes = benchmark_script("segment_hashes")


# --- every development text

def test_same_output_as_recorded_on_every_development_text():
    """"before" is the Python implementation's record, which the engine matched on every file;
    "after" the engine's since it reads '' as a double quotation mark (2026-12-05: the files with
    such pairs differ, the others still equal the Python record; and since it reads an opening
    curly mark typed after the quoted words, before a space, as closing: BASIL has one; and since
    a straight closing mark after a curly opening one closes the quotation when no curly closing
    mark stands before the next curly opening one, 2026-12-06: BASIL dev and PolNeAR train)."""
    by_file = hashes.dev_texts(shared_data("polnear_dev.jsonl").parent)
    recorded = json.loads(hashes.RECORD.read_text())
    changed = {"basil_dev.jsonl", "polnear_dev.jsonl", "polnear_train.jsonl", "wiki_uncertainty_train.jsonl"}
    assert {f for f in recorded["after"] if recorded["before"][f] != recorded["after"][f]} == changed
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
def test_segmentation_invariants(text, limit):
    seg = native.segment(text, ABBR, limit)
    assert hashes.canonical(native.segment(text, ABBR, limit)) == hashes.canonical(seg)  # deterministic
    voice = seg.voice
    assert voice.spans() == [(q.start, q.end) for q in seg.quotes]
    assert native.find_quotes(text, native.paragraphs(text), limit) == list(seg.quotes)
    assert [q.words for q in seg.quotes] == [len(native.WORD_RE.findall(text, q.start, q.end)) for q in seg.quotes]
    assert len(seg.sentence_words) == len(seg.sentences)
    for s, (n, q) in zip(seg.sentences, seg.sentence_words):
        # words by voice as Scorer.score counted them: WORD_RE's words, quoted where they start
        starts = [m.start() for m in native.WORD_RE.finditer(text, s.start, s.end)]
        assert (n, q) == (len(starts), sum(voice.quoted_at(p) for p in starts))
        quoted_chars = sum(voice.quoted_at(p) for p in range(s.start, s.end))
        assert voice.quoted_chars(s.start, s.end) == quoted_chars
        assert s.voice == (QUOTED if quoted_chars * 2 > s.end - s.start else AUTHORIAL)


@SETTINGS
@given(NEWS, st.integers(-3, 70), st.one_of(st.none(), st.integers(-3, 70)))
def test_words_are_word_re_matches(text, start, end):
    # start and end out of range are clamped, as re's pos and endpos are
    assert native.words(text, start, end) == [m.span() for m in native.WORD_RE.finditer(
        text, max(start, 0), len(text) if end is None else max(end, 0))]


@SETTINGS
@given(NEWS, st.lists(st.tuples(st.integers(0, 80), st.integers(0, 80)), max_size=12))
def test_voice_queries_agree(text, spans):
    voice = native.segment(text, ABBR).voice
    for s, e in spans:
        assert voice.quoted_chars(s, e) == sum(voice.quoted_at(p) for p in range(s, e))
        middle = (s + e - 1) // 2 if e > s else s
        assert voice.of_span(s, e) == (QUOTED if voice.quoted_at(middle) else AUTHORIAL)


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
    with pytest.raises(ValueError, match=r"paragraph span \(0, 1\) starts before the previous one ends \(4\)"):
        native.find_quotes("text", [(2, 4), (0, 1)], 10)
    # a whole sentence as one paragraph, as classify.py asks
    assert native.find_quotes("“No,” he said", [(0, 13)], 600) == [Quote(start=0, end=5, text="“No,”", words=1)]
    assert native.segment("", ABBR).sentences == ()
    assert native.segment("text", ABBR, 10**30).sentences[0].text == "text"  # clamped, not an overflow
