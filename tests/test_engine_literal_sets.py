"""How the engine looks for its literals: it leaves out literal sets with a short literal
(Engine's literal_min_bytes), looks for each literal by its first bytes (literal_max_bytes), and
uses an NFA until it has scanned literal_dfa_bytes_per_state bytes of text per state of its literal
trie, then a DFA built once (None: never; Scorer.warm builds it at once, so that forked workers
inherit it). These only choose which windows are searched and how: matches never depend on them."""
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


def _same_matches(engines) -> None:
    """Every engine finds the same matches and candidates as the first, on written texts and 30
    PolNeAR articles."""
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


def test_matches_do_not_depend_on_literal_min_or_max_bytes(rule_args):
    rules, backtrack, lookaround, _, _, _ = rule_args
    engines = [_core.Engine(rules, backtrack, lookaround, n, 1000) for n in (0, 3, 8, 1000)]
    engines += [_core.Engine(rules, backtrack, lookaround, 3, n) for n in (0, 1, 2, 4, 8)]
    _same_matches(engines)


def test_literal_dfa_default_pickling_and_switch(rule_args):
    rules, backtrack, lookaround, min_bytes, max_bytes, per_state = rule_args
    assert per_state == 270
    engine = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, 1)
    assert (engine.literal_dfa_bytes_per_state, engine.literal_automaton) == (1, "nfa")
    again = pickle.loads(pickle.dumps(engine))
    assert (again.literal_dfa_bytes_per_state, again.literal_max_bytes) == (1, max_bytes)
    # 1 byte a state: the matcher's trie has thousands of states, so a short text stays with the
    # NFA; after a text of 200 kB the next scan builds the DFA
    engine.candidates("The minister said so in a statement on Monday.")
    assert engine.literal_automaton == "nfa"
    engine.candidates("Officials said. " * 12_500)
    assert engine.literal_automaton == "nfa"
    engine.candidates("Officials said.")
    assert engine.literal_automaton == "dfa"
    never = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, None)
    assert never.literal_dfa_bytes_per_state is None
    assert pickle.loads(pickle.dumps(never)).literal_dfa_bytes_per_state is None
    never.build_literal_dfa()
    never.candidates("Officials said. " * 12_500)
    assert never.literal_automaton == "nfa"
    asked = _core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes)
    asked.build_literal_dfa()
    assert asked.literal_automaton == "dfa"


def test_matches_do_not_depend_on_the_automaton(rule_args):
    rules, backtrack, lookaround, min_bytes, max_bytes, _ = rule_args
    engines = [_core.Engine(rules, backtrack, lookaround, min_bytes, max_bytes, n)
               for n in (None, 0, 1, 270)]
    _same_matches(engines)
    # every kind was used: never an NFA only, 0 a DFA from the start, 1 switched on the way
    assert [e.literal_automaton for e in engines] == ["nfa", "dfa", "dfa", "nfa"]


def test_warm_builds_the_dfa_of_every_engine():
    scorer = framing.Scorer(profile="rules")
    scorer.score("Warm.")
    engines = [scorer.matcher_.engine, scorer.furniture_.engine]
    assert [e.literal_automaton for e in engines] == ["nfa", "nfa"]
    text = "The minister said so. Officials said, according to a statement."
    before = scorer.score_data(text)
    assert scorer.warm(["Officials said."]) is scorer
    assert [e.literal_automaton for e in engines] == ["dfa", "dfa"]
    assert scorer.score_data(text) == before
