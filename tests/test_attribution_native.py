"""The attribution finder (native, core/src/attribution/) on the development data against its
record (benchmarks/attribution_hashes.json: a change of output on any file fails here until the
record is rewritten deliberately), on generated text (exact offsets), pickled, and on bad input;
the engine's voice and category tallies by hand."""
import pickle
import sys

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import ROOT, SHARED_DATA, missing
from framing.scoring.attribution import TYPES, AttributionFinder, merge_names
from framing.engine.native import _core
from framing.scoring.scorer import load_abbreviations
from framing.scoring.segment import segment

sys.path.insert(0, str(ROOT / "benchmarks"))
import attribution_hashes  # noqa: E402
from segment_hashes import dev_texts  # noqa: E402  (the texts the hash benchmarks use)

ABBR = load_abbreviations()
FINDER = AttributionFinder()


def test_every_text_of_shared_data_gives_the_recorded_attributions():
    """Every record's text in every file, each BASIL article's text, title and sentences: 26,643
    texts, hashed per file, equal to benchmarks/attribution_hashes.json."""
    if not SHARED_DATA.is_dir():
        missing(f"development data {SHARED_DATA} not found (../shared/data beside the checkout)")
    import json

    record = json.loads(attribution_hashes.RECORD.read_text(encoding="utf-8"))
    got = attribution_hashes.hashes(dev_texts(SHARED_DATA))
    assert sum(v["texts"] for v in got.values()) == 26_643
    assert got == record


def test_what_is_hashed_by_hand():
    """The canonical form of 'Ann Price said the plan works.': source 0..9, cue 10..14, content
    15..29, named, no role, sentence 0, name span 0..9, no pronoun; a finder without "said" finds
    nothing there, so its hash would differ."""
    seg = segment("Ann Price said the plan works.", ABBR)
    assert attribution_hashes.canonical(FINDER.find(seg)) == [
        [[0, 9], [10, 14], [15, 29], "named", "Ann Price", "", 0, [0, 9], False]]
    assert AttributionFinder(speech=["told"]).find(seg) == []


def test_skipped_sentences_are_skipped():
    text = "Ann Price said the plan works. Officials said it fails. He said so."
    seg = segment(text, ABBR)
    assert [a.source.text for a in FINDER.find(seg)] == ["Ann Price", "Officials", "He"]
    assert [a.source.text for a in FINDER.find(seg, lambda i: i == 1)] == ["Ann Price", "He"]


def test_the_age_without_a_name_is_no_index_error():
    """', 21, a spokesman, said Bob' once made the Python finder index toks[-1] (an IndexError)."""
    seg = segment(", 21, a spokesman, said Bob", ABBR)
    assert [(a.source.text, a.type, a.content.text) for a in FINDER.find(seg)] == [("Bob", "named", "21, a spokesman")]


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


def exact(text: str) -> None:
    """Every span of every attribution is its text's slice, in the text, the content apart from the
    cue; types are known ones; a pronoun's antecedent came before it."""
    found = FINDER.find(segment(text, ABBR))
    for a in found:
        assert a.type in TYPES
        for sp in (a.source, a.cue, a.content, a.name_span):
            if sp is not None:
                assert 0 <= sp.start < sp.end <= len(text) and text[sp.start:sp.end] == sp.text
        if a.content is not None:
            assert not (a.content.start < a.cue.end and a.cue.start < a.content.end)
    assert [a.sentence for a in found] == sorted(a.sentence for a in found)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_unicode_gives_exact_spans(text):
    exact(text)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=3)), max_size=40),
       st.lists(st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", "", "\u00a0"]), min_size=1))
def test_news_shaped_text_gives_exact_spans(words, seps):
    exact("".join(w + seps[i % len(seps)] for i, w in enumerate(words)))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["John Smith", "Smith", "John", "Ann Smith", "Velden Cycles", "Velden", "Rep. Ann",
                                 "ann smith", "Ann"]) | st.text(max_size=12), max_size=8))
def test_merge_names_maps_each_name_to_itself_or_a_fuller_form(names):
    """(The Python merge_names was the oracle of the engine's until it became a call to it.) Each
    name maps to one of the names given: itself, or one that ends or starts with it as whole words."""
    merged = merge_names(names)
    assert set(merged) == set(names)
    for name, to in merged.items():
        low, full = name.lower(), to.lower()
        assert to in names and (to == name or full.endswith(" " + low) or full.startswith(low + " "))


def test_the_finder_pickles_and_works_after():
    FINDER._prepare()
    again = pickle.loads(pickle.dumps(FINDER.core_))
    seg = segment("Ann Price, a spokesman for Disney, said the deal was done.", ABBR)
    sentences = [(s.start, s.end, s.index) for s in seg.sentences]
    assert again.find(seg.text, sentences, seg.voice) == FINDER.core_.find(seg.text, sentences, seg.voice) != []
    assert pickle.loads(pickle.dumps(AttributionFinder())).find(seg) == FINDER.find(seg)
    custom = pickle.loads(pickle.dumps(AttributionFinder(speech=["remarked"])))
    assert custom.find(seg) == [] and "core_" not in pickle.loads(pickle.dumps(FINDER)).__dict__


def test_a_sentence_outside_the_text_is_one_clear_error():
    FINDER._prepare()
    seg = segment("Officials said so.", ABBR)
    with pytest.raises(ValueError, match=r"sentence span \(0, 99\) is not within the text of 18 characters"):
        FINDER.core_.find(seg.text, [(0, 99, 0)], seg.voice)


def test_the_wrong_number_of_lexicons_is_one_clear_error():
    with pytest.raises(ValueError, match=r"AttributionFinder needs 13 lexicons .*; got 1"):
        _core.AttributionFinder([["said"]], 3)


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
