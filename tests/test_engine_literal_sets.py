"""The engine's literal prefilter leaves out literal sets with a short literal (Engine's
literal_min_bytes) and looks for each literal by its first bytes (literal_max_bytes): that only
chooses which windows are searched, so matches never depend on either."""
import json
import pickle
import re

import pytest

import framing
from framing import _core
from conftest import shared_data


@pytest.fixture(scope="module")
def rule_args():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    return scorer.matcher_.engine.__getnewargs__()


def test_default_and_pickling(rule_args):
    rules, backtrack, lookaround, min_bytes, max_bytes, _ = rule_args
    assert (min_bytes, max_bytes) == (3, 8)
    engine = _core.Engine(rules, backtrack, lookaround, 1, 5)
    assert (engine.literal_min_bytes, engine.literal_max_bytes) == (1, 5)
    again = pickle.loads(pickle.dumps(engine))
    assert (again.literal_min_bytes, again.literal_max_bytes, again.lookaround_max_bytes) == (1, 5, lookaround)


def _windows(text: str) -> list[tuple[int, int, int, bool]]:
    # rough sentences: what matters is that they are disjoint and cover most of the text
    spans = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]*", text)]
    return [(s, e, k, True) for k, (s, e) in enumerate(spans)]


def test_matches_do_not_depend_on_literal_min_or_max_bytes(rule_args):
    rules, backtrack, lookaround, _, _, _ = rule_args
    engines = [_core.Engine(rules, backtrack, lookaround, n, 1000) for n in (0, 3, 8, 1000)]
    engines += [_core.Engine(rules, backtrack, lookaround, 3, n) for n in (0, 1, 2, 4, 8)]
    texts = ["We as a people would be glad, as you may be.", "Y y y. Is it on? As if!"]
    with open(shared_data("polnear_dev.jsonl"), encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f][:30]
    for text in texts:
        windows = _windows(text)
        want = engines[0].match_sentences(text, windows, [], [])
        assert want[0], text[:60]  # the rules find something in each text, so the check can fail
        assert all(e.match_sentences(text, windows, [], []) == want for e in engines[1:])
        whole = engines[0].candidates(text)
        assert all(e.candidates(text) == whole for e in engines[1:])
