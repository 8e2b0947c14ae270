"""benchmarks/source_tagger.py: the learned source tagger's estimate (issue 15 item 5), on text we wrote."""
import pytest

from conftest import benchmark_script
from framing.scoring.attribution import AttributionFinder


@pytest.fixture(scope="module")
def st():
    return benchmark_script("source_tagger")


def _at(text, word, nth=0):
    s = -1
    for _ in range(nth + 1):
        s = text.index(word, s + 1)
    return s, s + len(word)


def test_inflections_reach_the_forms_of_a_verb_given_in_one(st):
    assert {"note", "notes", "noted", "noting"} <= st.inflections("noted")
    assert {"worry", "worries", "worried", "worrying"} <= st.inflections("worried")
    assert "say" in st.inflections("says") and "saying" in st.inflections("says")


def test_cue_head_skips_auxiliaries_and_adverbs(st):
    assert st.cue_head("has also said") == "said"
    assert st.cue_head("would also have told") == "told"
    assert st.cue_head("has been") is None


def test_candidates_are_capitalised_runs_without_function_words_or_the_rules_spans(st):
    feats = st.Features(frozenset({"told", "knows"}))
    text = "The Senate aide Ann Lee told Bob Ray."
    toks = AttributionFinder().tokens(text, 0, len(text))
    # "The Senate" loses its sentence-initial "The"; "Ann Lee" and "Bob Ray" are runs of their own
    spans = [(toks[i][0], toks[j - 1][1]) for i, j in feats.chunks(toks, [])]
    assert spans == [_at(text, "Senate"), _at(text, "Ann Lee"), _at(text, "Bob Ray")]
    # a run touching a span the rules report is no candidate
    spans = [(toks[i][0], toks[j - 1][1]) for i, j in feats.chunks(toks, [_at(text, "Lee")])]
    assert spans == [_at(text, "Senate"), _at(text, "Bob Ray")]


def test_pair_features_give_direction_distance_rank_and_the_words_beside(st):
    feats = st.Features(frozenset({"told"}))
    text = "Mary Jones later told Bob Smith."
    toks = AttributionFinder().tokens(text, 0, len(text))
    chunks = feats.chunks(toks, [])
    assert chunks == [(0, 2), (4, 6)]
    left = feats.pair(toks, 3, chunks[0], chunks, 4 / 6)
    assert {"bias", "dir=L", "Ldist=1", "Lrank=1", "cue=told", "Lcue=told", "pcue=later", "ncue=bob",
            "pch=<s>", "nch=later", "chlen=2", "chstart", "Lcommas=0", "titlecase"} <= set(left)
    assert "Lverb" not in left and "Lquote" not in left
    right = feats.pair(toks, 3, chunks[1], chunks, 0.5)
    assert {"dir=R", "Rdist=0", "Rrank=1", "pch=told", "nch=."} <= set(right)
    assert "titlecase" not in right and "chstart" not in right


def test_measure_adds_the_tagger_spans_to_the_rules_named_spans(st):
    text = "Ann Lee said it. Bob Ray knows it. Critics argue it."
    rel = [(_at(text, "Ann Lee"), _at(text, "said"), None), (_at(text, "Bob Ray"), _at(text, "knows"), None),
           (_at(text, "Critics"), _at(text, "argue"), None)]  # "Critics" opening a sentence is not a name
    art = {"text": text, "rel": rel, "named": [_at(text, "Ann Lee")]}
    assert st.measure([art], [[]]) == {"recall": 0.5, "n": 2, "hits": 1, "precision": 1.0, "spans": 1}
    m = st.measure([art], [[_at(text, "Bob"), _at(text, "it", 1)]])
    assert (m["recall"], m["hits"], m["spans"]) == (1.0, 2, 3) and m["precision"] == pytest.approx(2 / 3)


def test_pair_labels_speech_only_keeps_relations_with_a_speech_or_thought_cue(st):
    text = "Bob Ray voted no. Ann Lee said so."
    rel = [(_at(text, "Bob Ray"), _at(text, "voted"), None), (_at(text, "Ann Lee"), _at(text, "said"), None)]
    assert st.pair_label(_at(text, "voted"), _at(text, "Bob"), rel) == 1
    assert st.pair_label(_at(text, "voted"), _at(text, "Bob"), rel, text) == 0
    assert st.pair_label(_at(text, "said"), _at(text, "Lee"), rel, text) == 1
    assert st.pair_label(_at(text, "said"), _at(text, "Bob"), rel, text) == 0


def test_decode_takes_each_cue_best_candidate_at_the_threshold_once(st):
    a, b, c = (0, 3), (10, 13), (20, 23)
    art = {"pairs": [((5, 8), [(a, []), (b, [])]), ((15, 18), [(b, []), (c, [])]), ((25, 28), [(c, [])])]}
    probs = [0.2, 0.7, 0.9, 0.1, 0.4]
    assert st.decode([art], probs, 0.5) == [[b]]  # the second cue's best is b again: once
    assert st.decode([art], probs, 0.3) == [[b, c]]
    assert st.decode([art], probs, 0.95) == [[]]
