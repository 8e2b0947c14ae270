"""The native attribution finder (core/src/attribution.rs) against the Python AttributionFinder, its
oracle: identical attributions on every text of ../shared/data and on generated text, the same
tokens, the same merged names; picklable; bad input gets one clear error."""
import pickle
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, SHARED_DATA, missing
from framing.scoring.attribution import AttributionFinder, NativeAttributionFinder, _tokens, merge_names
from framing.engine.native import _core
from framing.scoring.scorer import load_abbreviations
from framing.scoring.segment import segment

sys.path.insert(0, str(ROOT / "benchmarks"))
from segment_hashes import dev_texts  # noqa: E402  (the texts the hash benchmarks use)

ABBR = load_abbreviations()
PY = AttributionFinder()
RS = NativeAttributionFinder()


def same(text: str, skip=lambda i: False) -> None:
    seg = segment(text, ABBR)
    assert RS.find(seg, skip) == PY.find(seg, skip), text


def test_every_text_of_shared_data_gives_the_same_attributions():
    """Every record's text in every file, each BASIL article's text, title and sentences: 26,643
    texts (the differential test of issue 16 item 6)."""
    if not SHARED_DATA.is_dir():
        missing(f"development data {SHARED_DATA} not found (../shared/data beside the checkout)")
    by_file = dev_texts(SHARED_DATA)
    n = differ = 0
    first = None
    for name, texts in by_file.items():
        for text in texts:
            seg = segment(text, ABBR)
            n += 1
            if RS.find(seg) != PY.find(seg):
                differ += 1
                first = first or (name, text[:200])
    assert (n, differ, first) == (26_643, 0, None)


def test_skipped_sentences_are_skipped_by_both():
    text = "Ann Price said the plan works. Officials said it fails. He said so."
    same(text, lambda i: i == 1)


def test_the_age_without_a_name_is_no_index_error():
    """', 21, a spokesman, said Bob' made the Python finder index toks[-1] (an IndexError)."""
    seg = segment(", 21, a spokesman, said Bob", ABBR)
    found = PY.find(seg)
    assert found == RS.find(seg)
    assert [(a.source.text, a.type, a.content.text) for a in found] == [("Bob", "named", "21, a spokesman")]


WORDS = ("said", "says", "told", "according", "to", "believes", "it", "is", "was", "believed", "reported",
         "officials", "a", "the", "spokesman", "for", "Disney", "Ann", "Price", "Rep.", "Sen.", "John", "Smith",
         "he", "she", "they", "critics", "argue", "people", "familiar", "with", "matter", "that", "and", "but",
         ",", ".", '"', "“", "”", "'", "’s", ":", "—", "(", ")", "R-NY", "21", "who", "of", "State", "Department",
         "data", "compiled", "by", "Rhodium", "pointed", "out", "saying", "would", "like", "Mr.", "on", "Monday",
         "in", "a", "statement", "analysts", "expect", "Japan", "pledged", "report", "shows", "Obama", "Says",
         "some", "Democrats", "fear", "campaign", "Clinton's", "aide", "two", "percent", "47", "WASHINGTON",
         "asked", "as", "noted", "%", "nine", "10", "two-thirds", "half", "about", "R-Ky.", "pollster", "Continued",
         "released", "poll", "Gallup", "shows", "last", "week", "March", "officials", "Justice", "with", "telling",
         "while", "Times", "Today", "USA", "worries", "have", "firm", "at", "Acme", "Partners", "Going", "Viral")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_gives_the_same_attributions(text):
    same(text)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=40),
       st.lists(st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "", "\u00a0"]), min_size=1))
def test_news_shaped_text_gives_the_same_attributions(words, seps):
    same("".join(w + seps[i % len(seps)] for i, w in enumerate(words)))


@settings(max_examples=300, deadline=None)
@given(st.text(), st.data())
def test_the_same_tokens(text, data):
    RS._prepare()
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    want = [tuple(t) for t in _tokens(text, start, end, RS.abbreviations_)]
    assert RS.core_.tokens(text, start, end) == want


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["John Smith", "Smith", "John", "Ann Smith", "Velden Cycles", "Velden", "Rep. Ann",
                                 "ann smith", "Ann"]) | st.text(max_size=12), max_size=8))
def test_merge_names_as_python(names):
    assert dict(_core.merge_names(names)) == merge_names(names)


def test_the_finder_pickles_and_works_after():
    RS._prepare()
    again = pickle.loads(pickle.dumps(RS.core_))
    seg = segment("Ann Price, a spokesman for Disney, said the deal was done.", ABBR)
    sentences = [(s.start, s.end, s.index) for s in seg.sentences]
    assert again.find(seg.text, sentences, seg.voice) == RS.core_.find(seg.text, sentences, seg.voice) != []
    assert pickle.loads(pickle.dumps(NativeAttributionFinder())).find(seg) == RS.find(seg)


def test_a_sentence_outside_the_text_is_one_clear_error():
    RS._prepare()
    seg = segment("Officials said so.", ABBR)
    with pytest.raises(ValueError, match=r"sentence span \(0, 99\) is not within the text of 18 characters"):
        RS.core_.find(seg.text, [(0, 99, 0)], seg.voice)


def test_voice_tallies_by_hand():
    """'Ann said the plan works. "It is fine," Bo said.': the first sentence's content 'the plan
    works' (9..23) is reported: 3 of its 5 words, so the sentence is reported; the second has 5
    words, 3 of them quoted (a quoted sentence, as segmentation says: it keeps its voice); offset 9
    is reported, 0 is not, 26 (inside the quotation) is not. Authorial words: 2 + 2."""
    text = 'Ann said the plan works. "It is fine," Bo said.'
    seg = segment(text, ABBR)
    assert [(s.start, s.end) for s in seg.sentences] == [(0, 24), (25, 47)]
    kept = [(s.start, s.end, s.voice == "quoted") for s in seg.sentences]
    words = [seg.sentence_words[s.index] for s in seg.sentences]
    assert words == [(5, 0), (5, 3)] and [s.voice for s in seg.sentences] == ["authorial", "quoted"]
    total, auth, rep, voices, at = _core.voice_tallies(text, [(9, 23)], seg.voice, kept, words, [0, 9, 26])
    assert (total, auth, rep, voices, at) == (10, 2 + 2, 3, ["reported", "quoted"], [False, True, False])


def test_category_tallies_by_hand():
    """Two categories; matches (category, voice, sentence, weight). Category 0: two authorial
    matches in sentence 0 (weights 1.0 + 0.5; one sentence hit), one quoted in sentence 1 (a
    quoted sentence: hit); category 1: one reported match in sentence 0, an authorial sentence, so
    no reported sentence is hit."""
    out = _core.category_tallies(2, [(0, 0, 0, 1.0), (0, 0, 0, 0.5), (0, 1, 1, 2.0), (1, 2, 0, 0.4)],
                                 [0, 1])
    assert out == [(2, 1.5, 1), (1, 2.0, 1), (0, 0.0, 0), (0, 0.0, 0), (0, 0.0, 0), (1, 0.4, 0)]


def test_tallies_reject_bad_input_in_one_line():
    seg = segment("Officials said so.", ABBR)
    with pytest.raises(ValueError, match=r"sentence span \(0, 99\) is not within the text of 18 characters"):
        _core.voice_tallies(seg.text, [], seg.voice, [(0, 99, False)], [(3, 0)], [])
    with pytest.raises(ValueError, match=r"match \(category 3, voice 0\) outside 2 categories"):
        _core.category_tallies(2, [(3, 0, 0, 1.0)], [0])
