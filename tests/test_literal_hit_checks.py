"""A literal hit marks a window for its pattern only where it may stand in a match (HitCheck in
core/src/matching.rs): not after an ASCII word character where every match holds the literal at a
word start ("us" in "because", "if" in "gift"), and not before one the pattern cannot go on with
("we" in "were"). Only the windows searched change: the matches must be those of the plain path,
where every window is searched."""
import json
import random

import pytest
from hypothesis import given, settings, strategies as st

import framing
from framing import _core
from conftest import shared_data
from prefilter_check import cut_windows, plain_rule, sentence_windows

# the shipped rules whose relaxed forms are analysed (short ones), and two that are not
RULES = ("opinion.first-person-plural", "hedging.conditional", "loaded_language.war-on",
         "speculation.anon-close-to", "hedging.modal-may", "hedging.modal-could", "opinion.directive",
         "hedging.investigation")


@pytest.fixture(scope="module")
def engines():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    rules, backtrack, lookaround, *rest = scorer.matcher_.engine.__getnewargs__()
    rules = [r for r in rules if r[0] in RULES]
    assert len(rules) == len(RULES) and all(r[5][5] for r in rules)  # every one has literal sets
    # the plain path: no relaxed form and no literals, so every window is searched
    plain = [plain_rule(r) for r in rules]
    return _core.Engine(rules, backtrack, lookaround, *rest), _core.Engine(plain, backtrack, lookaround, *rest)


PIECES = ["we", "We", "WE", "were", "us", "US", "because", "our", "ours", "four", "ourselves", "we're",
          "we’ve", "let's", "lets", "if", "If", "gift", "İf", "ıf", "unless", "as long as", "so long as",
          "along", "as  long\nas", "in case", "incase", "in the event of", "may", "May be", "dismay",
          "could", "could not", "war on", "swarm on", "war against the", "close to", "enclose to",
          "people close to", "aides", "should", "must act", "mustn't", "asked whether", "probe",
          "_", "1", "é", "ſ", "K", "\u0301", "²", " ", "  ", "\n", ". ", ", ", "’", "'", "\u00a0"]


def _rows(engine, text, windows):
    return engine.match_sentences(text, windows, [], [])[0]


def test_same_matches_as_every_window_searched(engines):
    fast, plain = engines
    rng = random.Random(16)
    with open(shared_data("polnear_dev.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    texts += ["".join(rng.choice(PIECES) for _ in range(rng.randrange(1, 40))) for _ in range(400)]
    total = 0
    for text in texts:
        for windows in (sentence_windows(text), cut_windows(text, rng)):
            rows = _rows(fast, text, windows)
            assert rows == _rows(plain, text, windows), text[:80]
            total += len(rows)
    # enough matches that a window marked wrongly would show
    assert total > 1500, total


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=30), st.randoms(use_true_random=False))
def test_generated_texts(engines, pieces, rng):
    fast, plain = engines
    text = "".join(pieces)
    for windows in (sentence_windows(text), cut_windows(text, rng)):
        assert _rows(fast, text, windows) == _rows(plain, text, windows)


def test_a_word_cut_by_the_window_end_is_searched(engines):
    # "we" ends a window while the text goes on with "re": the window's end is a boundary, so
    # the window's search finds "we" there although the whole text reads "were"
    fast, plain = engines
    text = "Then were gone. Because of us."
    windows = [(0, 7, 0, True), (7, 15, 1, True), (15, 30, 2, True)]
    rows = _rows(fast, text, windows)
    assert [(r[0], r[1]) for r in rows] == [(5, 7), (27, 29)]
    assert rows == _rows(plain, text, windows)
