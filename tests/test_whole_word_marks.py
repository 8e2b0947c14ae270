"""A regex rule of whole words without literal sets (`\\b(?:I|me|my|...)\\b`, the shape of
opinion.first-person-singular) has the windows it searches marked by its own form with ASCII
boundaries, searched once over the whole text, instead of its assertion-free relaxed form
(Pattern::mark_words). Only the windows searched change: the matches must be those of the plain
path, where every window is searched."""
import json
import random

import pytest

import framing
from framing import _core
from conftest import shared_data
from prefilter_check import cut_windows, plain_rule, sentence_windows

RULE = "opinion.first-person-singular"


@pytest.fixture(scope="module")
def engines():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    rules, backtrack, lookaround, *rest = scorer.matcher_.engine.__getnewargs__()
    ids = [r[0] for r in rules]
    assert RULE in ids
    # the rule's forms: (native, fancy, gate, exact, relaxed, literals)
    forms = rules[ids.index(RULE)][5]
    assert not forms[1] and forms[5] == () and forms[4] is not None
    assert forms[0].startswith("\\b") and forms[0].endswith("\\b")
    # the plain path: no relaxed form and no literals, so every window is searched
    plain = [plain_rule(r) if r[0] == RULE else r for r in rules]
    return (_core.Engine(rules, backtrack, lookaround, *rest),
            _core.Engine(plain, backtrack, lookaround, *rest), ids.index(RULE))


def _generated(rng: random.Random, n: int) -> list[str]:
    pieces = ["I", "I'm", "I’m", "I've", "I’d", "me", "Me", "my", "My", "mine", "myself", "Myself",
              "some", "time", "Im", "It", "In", "Imé", "éI", "émy", "me_", "_me", "1me", "Iſ", "K",
              "\u0301", "²", "İ", "ı", " ", "  ", ", ", ". ", "! ", "? ", "\n", "\t", "’", "'", "\u00a0"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 60))) for _ in range(n)]


def _found(engine, text, windows, rule):
    rows, limits = engine.match_sentences(text, windows, [], [])
    return rows, sum(1 for r in rows if r[2] == rule)


def test_same_matches_as_every_window_searched(engines):
    fast, plain, rule = engines
    rng = random.Random(15)
    with open(shared_data("polnear_dev.jsonl"), encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    texts += _generated(rng, 400)
    texts += ["I. Me? my! I’m here; I've been. It is mine, Myself", "Im Imé éI me_ _me 1me I\u0301 I²"]
    total = cut_total = 0
    for text in texts:
        for windows in (sentence_windows(text), cut_windows(text, rng)):
            rows, n = _found(fast, text, windows, rule)
            assert rows == _found(plain, text, windows, rule)[0], text[:80]
            total += n
        cut_total += n
    # enough matches of the rule, whole sentences and windows cut inside words, that a window
    # marked wrongly would show
    assert total > 1000 and cut_total > 300, (total, cut_total)


def test_a_window_cut_right_after_a_word_is_searched(engines):
    # a window ending inside "Imagine": the window's end is a boundary after its "I", the whole
    # text's is not, so no whole-text match marks it; it must still be searched
    fast, plain, rule = engines
    text = "Imagine that. I think so."
    windows = [(0, 1, 0, True), (1, 13, 1, True), (13, 25, 2, True)]
    rows, _ = fast.match_sentences(text, windows, [], [])
    assert [(r[0], r[1]) for r in rows if r[2] == rule] == [(0, 1), (14, 15)]
    assert rows == plain.match_sentences(text, windows, [], [])[0]
